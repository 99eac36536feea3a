/* SPDX-License-Identifier: MIT */
/*
 * A directory of outputs (a report) is built in a temporary directory beside
 * its final place and published whole by a rename, so a failed report never
 * leaves half a directory, and a previous report stays intact until the new
 * one is complete.
 */
#ifndef TSOB_OUTDIR_H
#define TSOB_OUTDIR_H

#include <stddef.h>

/*
 * Check that @final can receive a report (absent, empty, or an earlier report
 * holding @marker) and create the temporary directory in @tmp.
 * 0, or -1 with a one-line reason in @why.
 */
int tsob_outdir_begin(const char *final, const char *marker, char *tmp, size_t len, char *why,
		      size_t wlen);

/* Move @tmp into place as @final (replacing an earlier report). 0 or -1 + @why. */
int tsob_outdir_commit(const char *final, const char *tmp, char *why, size_t wlen);

/* Remove @tmp and the files in it. */
void tsob_outdir_discard(const char *tmp);

#endif
