/* SPDX-License-Identifier: MIT */
/* One results file carried in a LAVA log as a checksummed base64 block (log.c's helper). */
#ifndef TSOB_LAVA_BLOCK_H
#define TSOB_LAVA_BLOCK_H

#include "log.h"

struct tsob_lava_block;

/*
 * Start a block from the arguments of its BEGIN line,
 * "name=FILE size=BYTES sha256=HEX encoding=base64|gzip+base64".
 * 0, or -EBADMSG with @e for arguments that do not describe a file.
 */
int tsob_lava_block_begin(struct tsob_lava_block **b, const char *args, struct tsob_err *e);
const char *tsob_lava_block_name(const struct tsob_lava_block *b);
/* Add one line of base64: 0, or -EBADMSG once the data is not base64 or too long. */
int tsob_lava_block_add(struct tsob_lava_block *b, const char *data);
/*
 * End the block: decode and check size and sha256 into @file (its data
 * malloc'd). 0, or -EBADMSG (corrupt) or -ENOMEM with @e.
 */
int tsob_lava_block_finish(struct tsob_lava_block *b, struct tsob_lava_file *file,
			   struct tsob_err *e);
void tsob_lava_block_free(struct tsob_lava_block *b);

#endif
