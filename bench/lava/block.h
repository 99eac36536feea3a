/* SPDX-License-Identifier: MIT */
/* One results file carried in a LAVA log as a checksummed base64 block (collect.c's helper). */
#ifndef TSOB_LAVA_BLOCK_H
#define TSOB_LAVA_BLOCK_H

#include <stddef.h>

#include "collect.h"

struct tsob_lava_block;

/*
 * Start a block from the arguments of its BEGIN line,
 * "name=FILE size=BYTES sha256=HEX encoding=base64|gzip+base64".
 * 0 or -EBADMSG (with @why) for arguments that do not describe a file.
 */
int tsob_lava_block_begin(struct tsob_lava_block **b, const char *args, char *why, size_t len);
const char *tsob_lava_block_name(const struct tsob_lava_block *b);
/* Add one line of base64; 0, or -EBADMSG once the data cannot be base64 or is too long. */
int tsob_lava_block_add(struct tsob_lava_block *b, const char *data);
/*
 * End the block: decode, check size and sha256, write OUTDIR/name (atomically,
 * never over an existing file) and describe it in @file. 0 or a negative
 * errno with @why: -EBADMSG corrupt, -EEXIST, or the write's own error.
 */
int tsob_lava_block_finish(struct tsob_lava_block *b, const char *outdir,
			   struct tsob_lava_file *file, char *why, size_t len);
void tsob_lava_block_free(struct tsob_lava_block *b);

#endif
