/* SPDX-License-Identifier: MIT */
/*
 * The evidence section of the kernel series' cover letter, generated from
 * results files (kernel-patch/cover-letter/EVIDENCE.md says what it holds):
 * plain ASCII of at most 75 columns, every figure with its uncertainty and
 * the file it came from, nothing missing shown as zero, and nothing from an
 * emulated file that reads as a cost.
 */
#ifndef TSOB_COVER_H
#define TSOB_COVER_H

#include <stddef.h>
#include <stdio.h>

#include "tsob/err.h"

/* The kernel a results file was measured on; a file cannot tell them apart. */
enum tsob_cover_label {
	TSOB_COVER_UNPATCHED,
	TSOB_COVER_KEY_OFF,
	TSOB_COVER_SERIES,
	TSOB_COVER_ALWAYS_WRITE,
	TSOB_COVER_NLABELS,
};

extern const char *const tsob_cover_label_names[TSOB_COVER_NLABELS];

struct tsob_cover_input {
	enum tsob_cover_label label;
	const char *path;
};

/*
 * "[LABEL=]FILE" into @in (label "series" when none is given). 0, or -EINVAL
 * with a line in @e naming the labels there are.
 */
int tsob_cover_parse_input(const char *arg, struct tsob_cover_input *in, struct tsob_err *e);

/*
 * Read the cover letter @patch, replace what lies between its evidence
 * markers by the evidence from @in[0..n), and write it to @out by the output
 * rule (@out may be @patch). 0, or a negative errno with @e; nothing is
 * written then.
 */
int tsob_cover_write(const char *patch, const char *out, const struct tsob_cover_input *in,
		     size_t n, struct tsob_err *e);

#endif
