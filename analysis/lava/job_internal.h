/* SPDX-License-Identifier: MIT */
/* Shared by job.c (the values) and template.c (the templates they fill), and only there. */
#ifndef TSOB_LAVA_JOB_INTERNAL_H
#define TSOB_LAVA_JOB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tsob/err.h"

struct filled; /* a job with its defaults and derived values (job.c) */
struct param;  /* one placeholder: its value, its option, its checks (job.c) */

/* The built-in templates, from lava/templates/, indexed by enum tsob_lava_device. */
extern const char *const lava_templates[];

/* The placeholder called @name (@n bytes), or NULL. */
const struct param *lava_param_find(const char *name, size_t n);
/* Its row in the table: a bit of the @used mask (fewer than 64 rows). */
size_t lava_param_index(const struct param *p);
const char *lava_param_name(const struct param *p);
bool lava_param_set(const struct filled *f, const struct param *p);
bool lava_param_may_be_empty(const struct param *p);
/* The option that sets it, or NULL for a derived value. */
const char *lava_param_opt(const struct param *p);
/* Its value at the end of a line, as YAML, and the newline. */
int lava_param_emit(FILE *out, const struct filled *f, const struct param *p, struct tsob_err *e);

/*
 * Fill the template @tmpl from @f into *@out (malloc'd). A placeholder is a
 * whole YAML value, "key: {{name}}" or "- {{name}}", one a line; a line
 * "{{#name}}" ... "{{/name}}" keeps what is between only when name is set,
 * "{{^name}}" only when it is not. Bit i of *@used is set for each
 * placeholder row i the template referred to. 0, or -EINVAL with the
 * template line in @e.
 */
int lava_template_fill(const char *tmpl, const struct filled *f, char **out, uint64_t *used,
		       struct tsob_err *e);

#endif
