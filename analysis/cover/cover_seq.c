// SPDX-License-Identifier: MIT
/* Section 5: what single instruction sequences cost, from `tsobench seq`. */
#include "cover_internal.h"

void cover_seq(FILE *o, const struct cover *c)
{
	size_t shown = 0;

	cover_heading(o, "5. Instruction sequences");
	for (size_t m = 0; m < c->nm; m++)
		if (!c->m[m].emulated && cover_machine_has(c, m, "seq"))
			shown++;
	if (!shown)
		cover_wrap(o, 0, 0,
			   "Instruction sequences: not measured (no `tsobench seq` "
			   "file from a native machine).");
}
