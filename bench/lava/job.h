/* SPDX-License-Identifier: MIT */
/* LAVA job definitions for tsobench: a template's placeholders filled from a parameter set. */
#ifndef TSOB_LAVA_JOB_H
#define TSOB_LAVA_JOB_H

#include <stddef.h>
#include <stdio.h>

/*
 * Everything a job template may ask for. Names match the templates'
 * placeholders ({{kernel_url}}) and tsob_lava_job_set()'s names. Strings are
 * the caller's (not copied); NULL or "" means unset.
 */
struct tsob_lava_job {
	const char *job_name, *device_type, *device;
	const char *kernel_url, *ramdisk_url, *dtb_url, *tsobench_url;
	const char *os, *cpu, *machine, *prompt, *kernel_args;
	const char *testdef_repo, *testdef_revision, *testdef_path;
	/* the test definition's parameters (lava/tsobench-test.yaml) */
	const char *subcommands, *kernels, *strategies, *litmus_tests, *events, *repetitions;
	const char *precision;
	const char *tsobench, *results_dir;
	unsigned job_timeout, boot_timeout, test_timeout; /* seconds */
	char qemu_kernel_arg[512]; /* derived: QEMU's -kernel/-append image_arg */
};

/* The templates built in from lava/templates/ ("qemu", "uboot", "ssh"); a NULL name ends them. */
struct tsob_lava_template_text {
	const char *name, *text;
};
extern const struct tsob_lava_template_text tsob_lava_templates[];
/* A built-in template's text by name, or NULL. */
const char *tsob_lava_template(const char *name);

/* Defaults for a template (device type, os, prompt, timeouts...); NULL: common ones only. */
void tsob_lava_job_defaults(struct tsob_lava_job *job, const char *template_name);

/*
 * Set one parameter by name, checking its value. 0, -ENOENT for an unknown
 * name, -EINVAL for a bad value; @why says which and why, in one line.
 */
int tsob_lava_job_set(struct tsob_lava_job *job, const char *name, const char *value, char *why,
		      size_t whylen);

/* The parameters, one line each with what it is for. */
void tsob_lava_job_help(FILE *out);

/*
 * Fill @tmpl from @job into *@out (malloc'ed, NUL-terminated). A placeholder
 * is a whole YAML value: "key: {{name}}" or "- {{name}}", one a line; strings
 * are written double-quoted with YAML escapes, timeouts as numbers. A line
 * "{{#name}}" ... "{{/name}}" keeps what is between only when name is set,
 * "{{^name}}" only when it is not. 0, or -EINVAL with @why naming the template
 * line: an unknown or misplaced placeholder, an unbalanced block, a value that
 * is missing or not allowed there.
 */
int tsob_lava_job_render(const char *tmpl, struct tsob_lava_job *job, char **out, char *why,
			 size_t whylen);

/*
 * Render and write to @path atomically ("-": stdout). A failure leaves any
 * earlier file at @path as it was. 0 or a negative errno with @why.
 */
int tsob_lava_job_write(const char *path, const char *tmpl, struct tsob_lava_job *job, char *why,
			size_t whylen);

#endif
