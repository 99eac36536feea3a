/* SPDX-License-Identifier: MIT */
/*
 * The line protocol of tsob-x86 and tsob-x86-litmus, version 1: what the
 * programs print on stdout and what emurun.c parses, strictly. One line per
 * event, words separated by one blank, every word after the tag NAME=VALUE
 * (except the words of mark lines), fields always in the order below, numbers
 * in decimal, checksums as 0x and 16 hex digits. Nothing else goes to stdout;
 * diagnostics go to stderr.
 *
 * tsob-x86 KERNEL SIZE THREADS WARMUP REPEAT [sync]:
 *	tsob-x86 v1 start t_ns=T kernel=K unit=U size=S threads=N warmup=W repeat=R ops=O sync=0|1
 *	tsob-x86 v1 mark begin warmup=I		(sync only; each mark waits for one
 *	tsob-x86 v1 mark end warmup=I		 byte on stdin before going on)
 *	tsob-x86 v1 warmup=I wall_ns=N ops=O checksum=0x.. expected=0x.. violations=V ok=0|1
 *	tsob-x86 v1 mark begin calib=0		(sync only, after the warm-up runs)
 *	tsob-x86 v1 mark end calib=0
 *	... then marks and a result line for each rep=I, as for warmup=I ...
 *	tsob-x86 v1 end reps=R ok=0|1
 * t_ns is CLOCK_MONOTONIC_RAW when main() was entered: the driver's clock read
 * before exec gives the emulator's start-up. wall_ns covers the measured region
 * only (all threads' run(), from the first start to the last end). The calib
 * marks enclose the region without the kernel (its clock reads only): what
 * reading a counter at the marks adds to each repetition. ok=0 ends the runs:
 * the end line follows at once.
 *
 * tsob-x86-litmus TESTS ITERATIONS [SEED [LIMIT_MS]]:
 *	tsob-x86-litmus v1 start t_ns=T tests=N iterations=I seed=S
 *	tsob-x86-litmus v1 outcome test=NAME key=K <var>=<v> ... class=sc|relaxed|forbidden count=C
 *	tsob-x86-litmus v1 test=NAME iterations=I forbidden=F relaxed=X time_shared=0|1 ok=0|1
 *	tsob-x86-litmus v1 end tests=N forbidden=F ok=0|1
 * Outcome lines come first for a test, one per outcome of its table and one per
 * outcome seen that is not in it; K is tsob_litmus_key() of the outcome and the
 * vars are tsob_litmus_outcome_name(K), so a parser can check one by the other.
 */
#ifndef TSOB_X86LINE_H
#define TSOB_X86LINE_H

#define TSOB_X86_TAG "tsob-x86 v1"
#define TSOB_X86_LITMUS_TAG "tsob-x86-litmus v1"
/* Longest line either program prints, with room to spare. */
#define TSOB_X86_LINE_MAX 512

/* Exit statuses of both programs. */
#define TSOB_X86_EXIT_OK 0
#define TSOB_X86_EXIT_FAILED 1 /* wrong checksum, forbidden outcome, or the run could not go on */
#define TSOB_X86_EXIT_USAGE 2

#endif
