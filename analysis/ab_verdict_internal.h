/* SPDX-License-Identifier: MIT */
/*
 * The rows of an A/B verdict, for the analysis that reads them (the verdict
 * itself, the calibration). Apart from ab_verdict.h because verdict.h's enum
 * tsob_verdict shares its tag with the kernels' struct tsob_verdict, which a
 * command that also measures sees.
 */
#ifndef TSOB_AB_VERDICT_INTERNAL_H
#define TSOB_AB_VERDICT_INTERNAL_H

#include "ab_verdict.h"
#include "tsob/paired.h"
#include "verdict.h"

enum tsob_ab_kind {
	TSOB_AB_COMPARED,
	TSOB_AB_FAILED,	     /* failed on the NEW side: fails the gate */
	TSOB_AB_BASE_FAILED, /* failed on the BASE side only */
	TSOB_AB_ONE_SIDE,    /* measured on one side only */
	TSOB_AB_NO_METRIC,
};

struct tsob_ab_row {
	const struct tsob_view_cell *base, *new_;
	enum tsob_ab_kind kind;
	size_t rounds;			 /* rounds with both sides */
	double base_median, new_median;	 /* medians of the per-round medians */
	struct tsob_paired p;		 /* est: NEW / BASE */
	enum tsob_verdict verdict;
	bool too_few;			 /* so few rounds that no p can reach alpha */
	double injected_share;		 /* NEW's extra work, measured share (calibration); NaN */
};

struct tsob_ab {
	const struct tsob_view *v;
	struct tsob_ab_opts o;
	struct tsob_ab_row *rows;
	size_t nrows;
	size_t regressions, improvements, failed;
};

#endif
