// SPDX-License-Identifier: MIT
/* LAVA job definitions for tsobench: a template's placeholders filled from a parameter set. */
#include "job.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

enum kind {
	K_TEXT,	   /* free text: YAML-escaped */
	K_URL,	   /* a URL LAVA downloads */
	K_TPARAM,  /* a test parameter: LAVA writes NAME='value' into a shell script */
	K_SECONDS, /* a timeout */
};

typedef int (*check_fn)(const char *v, char *why, size_t len);

struct param {
	const char *name;
	enum kind kind;
	size_t off;
	bool may_be_empty; /* "" is a value (the test definition's default) */
	check_fn check;
	const char *help;
};

static void say(char *why, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
}

static int check_subcommands(const char *v, char *why, size_t len)
{
	static const char *const subs[] = {"run", "ctxsw", "litmus"};

	for (const char *p = v; *p;) {
		size_t n = strcspn(p, ", "), i;

		for (i = 0; i < ARRAY_SIZE(subs); i++)
			if (n == strlen(subs[i]) && !strncmp(p, subs[i], n))
				break;
		if (n && i == ARRAY_SIZE(subs)) {
			say(why, len, "subcommands: '%.*s' is not run, ctxsw or litmus", (int)n, p);
			return -EINVAL;
		}
		p += n + (p[n] != '\0');
	}
	return 0;
}

static int check_precision(const char *v, char *why, size_t len)
{
	double d;

	if (!strcmp(v, "quick") || !strcmp(v, "full") || !tsob_parse_double(v, 1e-9, 1e9, &d))
		return 0;
	say(why, len, "precision '%s': quick, full, or a positive number", v);
	return -EINVAL;
}

static int check_count(const char *v, char *why, size_t len)
{
	uint64_t n;

	if (!*v || !tsob_parse_u64(v, 1, 1000000, &n))
		return 0;
	say(why, len, "repetitions '%s': a number from 1 to 1000000", v);
	return -EINVAL;
}

/*
 * The kernel command line goes inside double quotes on QEMU's command line,
 * and LAVA waits for the kernel's "Linux version" banner (a notice, level 5).
 */
static int check_cmdline(const char *v, char *why, size_t len)
{
	if (strpbrk(v, "\"\\$`'")) {
		say(why, len, "kernel_args: no quotes, backslashes, '$' or '`'");
		return -EINVAL;
	}
	for (const char *p = v; *p; p += strspn(p, " ")) {
		size_t n = strcspn(p, " ");

		if ((n == 5 && !strncmp(p, "quiet", 5)) ||
		    (n == 10 && !strncmp(p, "loglevel=", 9) && p[9] >= '0' && p[9] <= '4')) {
			say(why, len,
			    "kernel_args: '%.*s' hides the 'Linux version' line LAVA waits for",
			    (int)n, p);
			return -EINVAL;
		}
		p += n;
	}
	return 0;
}

#define P(n, k, e, c, h)                                                                           \
	{                                                                                          \
#n, k, offsetof(struct tsob_lava_job, n), e, c, h                                  \
	}
static const struct param params[] = {
    P(job_name, K_TEXT, false, NULL, "the job's name in the lab"),
    P(device_type, K_TEXT, false, NULL, "LAVA device type (qemu, bcm2711-rpi-4-b, ssh...)"),
    P(device, K_TPARAM, true, NULL, "a label for the machine, carried into the results"),
    P(kernel_url, K_URL, false, NULL, "the patched kernel Image"),
    P(ramdisk_url, K_URL, false, NULL, "the busybox ramdisk (lava/mkramdisk.sh), .cpio.gz"),
    P(dtb_url, K_URL, false, NULL, "the board's device tree (boards)"),
    P(tsobench_url, K_URL, false, NULL, "a .tar laid over the ramdisk at /, with usr/bin/tsobench"),
    P(os, K_TEXT, false, NULL, "the device's OS for LAVA: oe (busybox), debian, fedora..."),
    P(cpu, K_TEXT, false, NULL, "QEMU -cpu (neoverse-n1, a64fx, max...)"),
    P(machine, K_TEXT, false, NULL, "QEMU -machine (virt; virt,gic-version=3 for a64fx)"),
    P(prompt, K_TEXT, false, NULL, "the device's shell prompt, as LAVA waits for it"),
    P(kernel_args, K_TEXT, true, check_cmdline, "extra kernel command-line arguments"),
    P(testdef_repo, K_TEXT, false, NULL, "git repository holding lava/tsobench-test.yaml"),
    P(testdef_revision, K_TEXT, false, NULL, "its commit or branch"),
    P(testdef_path, K_TEXT, false, NULL, "the test definition's path in it"),
    P(subcommands, K_TPARAM, false, check_subcommands, "run,ctxsw,litmus"),
    P(kernels, K_TPARAM, true, NULL, "kernels for run -w (empty: all)"),
    P(strategies, K_TPARAM, true, NULL, "strategies for run/litmus -m (empty: all)"),
    P(litmus_tests, K_TPARAM, true, NULL, "litmus tests for litmus -t (empty: all)"),
    P(events, K_TPARAM, true, NULL, "events for run/ctxsw -e (empty: default)"),
    P(repetitions, K_TPARAM, true, check_count, "repetitions for run/ctxsw -r"),
    P(precision, K_TPARAM, false, check_precision, "quick, full, or a number (--precision)"),
    P(tsobench, K_TPARAM, false, NULL, "the tsobench binary on the device"),
    P(results_dir, K_TPARAM, false, NULL, "where the device writes results files"),
    P(job_timeout, K_SECONDS, false, NULL, "seconds for the whole job"),
    P(boot_timeout, K_SECONDS, false, NULL, "seconds for the boot"),
    P(test_timeout, K_SECONDS, false, NULL, "seconds for the test run"),
    P(qemu_kernel_arg, K_TEXT, false, NULL, NULL), /* derived, not settable */
};
#undef P

static const struct param *find(const char *name, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(params); i++)
		if (strlen(params[i].name) == n && !strncmp(params[i].name, name, n))
			return &params[i];
	return NULL;
}

static const char *sval(const struct tsob_lava_job *job, const struct param *p)
{
	if (p->kind == K_SECONDS)
		return NULL;
	if (!strcmp(p->name, "qemu_kernel_arg"))
		return job->qemu_kernel_arg;
	return *(const char *const *)((const char *)job + p->off);
}

static unsigned *uval(struct tsob_lava_job *job, const struct param *p)
{
	return (unsigned *)((char *)job + p->off);
}

static bool is_set(struct tsob_lava_job *job, const struct param *p)
{
	const char *s;

	if (p->kind == K_SECONDS)
		return *uval(job, p) > 0;
	s = sval(job, p);
	return s && *s;
}

/* Valid UTF-8 with no control characters but tab: what any value may hold. */
static bool clean_text(const unsigned char *s)
{
	while (*s) {
		int n = *s < 0x80	      ? 0
			: (*s & 0xe0) == 0xc0 ? 1
			: (*s & 0xf0) == 0xe0 ? 2
			: (*s & 0xf8) == 0xf0 ? 3
					      : -1;
		if (n < 0 || (n == 0 && ((*s < 0x20 && *s != '\t') || *s == 0x7f)))
			return false;
		for (s++; n > 0; n--, s++)
			if ((*s & 0xc0) != 0x80)
				return false;
	}
	return true;
}

static int check_value(const struct param *p, const char *v, char *why, size_t len)
{
	if (!clean_text((const unsigned char *)v)) {
		say(why, len, "%s: not UTF-8 text on one line", p->name);
		return -EINVAL;
	}
	if (p->kind == K_URL && *v && !strstr(v, "://")) {
		say(why, len, "%s '%s': not a URL (http://, https://, file://...)", p->name, v);
		return -EINVAL;
	}
	if (p->kind == K_TPARAM && strchr(v, '\'')) {
		say(why, len, "%s: no single quotes (LAVA writes %s='value' into a shell script)",
		    p->name, p->name);
		return -EINVAL;
	}
	return p->check && *v ? p->check(v, why, len) : 0;
}

int tsob_lava_job_set(struct tsob_lava_job *job, const char *name, const char *value, char *why,
		      size_t len)
{
	const struct param *p = find(name, strlen(name));
	uint64_t n;
	int err;

	if (!p || !p->help) {
		say(why, len, "unknown job parameter '%s'", name);
		return -ENOENT;
	}
	if (p->kind == K_SECONDS) {
		if (tsob_parse_u64(value, 1, 604800, &n)) {
			say(why, len, "%s '%s': seconds from 1 to 604800 (a week)", name, value);
			return -EINVAL;
		}
		*uval(job, p) = (unsigned)n;
		return 0;
	}
	err = check_value(p, value, why, len);
	if (!err)
		*(const char **)((char *)job + p->off) = value;
	return err;
}

void tsob_lava_job_help(FILE *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(params); i++)
		if (params[i].help)
			fprintf(out, "  %-17s %s\n", params[i].name, params[i].help);
}

void tsob_lava_job_defaults(struct tsob_lava_job *job, const char *tmpl)
{
	bool ssh = tmpl && !strcmp(tmpl, "ssh");

	memset(job, 0, sizeof(*job));
	job->job_name = "tsobench";
	job->device_type = tmpl && !strcmp(tmpl, "qemu") ? "qemu" : ssh ? "ssh" : NULL;
	job->device = "";
	job->os = ssh ? "debian" : "oe";
	job->cpu = "neoverse-n1";
	/* The shell prompt of lava/mkramdisk.sh's ramdisk; an SSH host's is its own. */
	job->prompt = ssh ? NULL : "tsob-lava:/# ";
	job->kernel_args = "";
	job->testdef_path = "lava/tsobench-test.yaml";
	job->subcommands = "run";
	job->kernels = job->strategies = job->litmus_tests = job->events = job->repetitions = "";
	job->precision = "quick";
	job->tsobench = "tsobench";
	job->results_dir = "/tmp/tsobench-lava";
	job->job_timeout = 3600;
	job->boot_timeout = 300;
	job->test_timeout = 3000;
}

/* Values derived from others just before rendering. */
static void derive(struct tsob_lava_job *job)
{
	if (!job->machine || !*job->machine)
		/* QEMU's A64FX model dies early without a GICv3. */
		job->machine =
		    job->cpu && !strcmp(job->cpu, "a64fx") ? "virt,gic-version=3" : "virt";
	snprintf(job->qemu_kernel_arg, sizeof(job->qemu_kernel_arg),
		 "-kernel {kernel} -append \"console=ttyAMA0,115200 rdinit=/init%s%s\"",
		 job->kernel_args && *job->kernel_args ? " " : "",
		 job->kernel_args ? job->kernel_args : "");
}

/* A YAML double-quoted scalar. */
static void yaml_quote(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			fprintf(out, "\\x%02x", (unsigned char)*s);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

#define MAX_DEPTH 8

struct render {
	struct tsob_lava_job *job;
	FILE *out;
	char *why;
	size_t len;
	unsigned line;
	const struct param *stack[MAX_DEPTH];
	bool active[MAX_DEPTH + 1];
	int depth;
};

static int bad(struct render *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(struct render *r, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	say(r->why, r->len, "template line %u: %s", r->line, msg);
	return -EINVAL;
}

/* "{{#name}}", "{{^name}}" or "{{/name}}" alone on a line. */
static int section(struct render *r, const char *t, size_t n)
{
	const struct param *p = find(t + 3, n - 5);

	if (!p)
		return bad(r, "unknown placeholder '%.*s'", (int)n, t);
	if (t[2] == '/') {
		if (!r->depth || r->stack[r->depth - 1] != p)
			return bad(r, "'%.*s' closes no open block", (int)n, t);
		r->depth--;
		return 0;
	}
	if (r->depth == MAX_DEPTH)
		return bad(r, "blocks nested too deep at '%.*s'", (int)n, t);
	r->stack[r->depth] = p;
	r->active[r->depth + 1] = r->active[r->depth] && (t[2] == '#') == is_set(r->job, p);
	r->depth++;
	return 0;
}

/* A line with at most one placeholder, which must be a whole YAML value. */
static int fill(struct render *r, const char *l)
{
	const char *open = strstr(l, "{{"), *close, *v;
	const struct param *p;
	int err;

	if (!open) {
		fprintf(r->out, "%s\n", l);
		return 0;
	}
	close = strstr(open, "}}");
	if (!close)
		return bad(r, "'%.*s' is not closed", (int)strlen(open), open);
	if (strstr(close, "{{"))
		return bad(r, "one placeholder a line");
	if (open - l < 2 || (strncmp(open - 2, ": ", 2) && strncmp(open - 2, "- ", 2)) ||
	    close[2 + strspn(close + 2, " ")])
		return bad(r, "'%.*s' must be a whole value ('key: {{x}}' or '- {{x}}')",
			   (int)(close + 2 - open), open);
	p = find(open + 2, (size_t)(close - open - 2));
	if (!p)
		return bad(r, "unknown placeholder '%.*s'", (int)(close + 2 - open), open);
	if (!is_set(r->job, p) && !p->may_be_empty)
		return bad(r, "'%.*s' needs a value", (int)(close + 2 - open), open);
	fprintf(r->out, "%.*s", (int)(open - l), l);
	if (p->kind == K_SECONDS) {
		fprintf(r->out, "%u\n", *uval(r->job, p));
		return 0;
	}
	v = sval(r->job, p) ? sval(r->job, p) : "";
	err = check_value(p, v, r->why, r->len);
	if (err)
		return err;
	yaml_quote(r->out, v);
	fputc('\n', r->out);
	return 0;
}

static int render_line(struct render *r, char *l)
{
	size_t n = strlen(l);
	const char *t = l + strspn(l, " ");

	while (n && (l[n - 1] == ' ' || l[n - 1] == '\r'))
		l[--n] = '\0';
	n = strlen(t);
	if (t[0] == '#') /* a YAML comment: kept as it is */
		return r->active[r->depth] && fprintf(r->out, "%s\n", l) < 0 ? -EIO : 0;
	if (n > 5 && t[0] == '{' && t[1] == '{' && strchr("#^/", t[2]) &&
	    !strcmp(t + n - 2, "}}") && !strstr(t + 2, "{{"))
		return section(r, t, n);
	return r->active[r->depth] ? fill(r, l) : 0;
}

int tsob_lava_job_render(const char *tmpl, struct tsob_lava_job *job, char **out, char *why,
			 size_t len)
{
	struct render r = {.job = job, .why = why, .len = len, .active = {true}};
	size_t size = 0;
	int err = 0;

	*out = NULL;
	derive(job);
	r.out = open_memstream(out, &size);
	if (!r.out)
		return -ENOMEM;
	for (const char *p = tmpl; *p && !err;) {
		size_t n = strcspn(p, "\n");
		char *l = strndup(p, n);

		r.line++;
		err = l ? render_line(&r, l) : -ENOMEM;
		free(l);
		p += n + (p[n] == '\n');
	}
	if (!err && r.depth) {
		say(why, len, "template: block '{{#%s}}' is not closed",
		    r.stack[r.depth - 1]->name);
		err = -EINVAL;
	}
	if (fclose(r.out) && !err)
		err = -ENOMEM;
	if (err) {
		free(*out);
		*out = NULL;
	}
	return err;
}

static int write_text(FILE *f, void *arg)
{
	return fputs(arg, f) < 0 ? -EIO : 0;
}

int tsob_lava_job_write(const char *path, const char *tmpl, struct tsob_lava_job *job, char *why,
			size_t len)
{
	const char *what = "";
	char *text;
	int err = tsob_lava_job_render(tmpl, job, &text, why, len);

	if (err)
		return err;
	if (!strcmp(path, "-")) {
		err = fputs(text, stdout) < 0 || fflush(stdout) ? -EIO : 0;
		if (err)
			say(why, len, "cannot write the job to stdout");
	} else {
		err = tsob_atomic_write(path, write_text, text, &what);
		if (err)
			say(why, len, "%s: %s: %s", path, what, strerror(-err));
	}
	free(text);
	return err;
}

const char *tsob_lava_template(const char *name)
{
	for (size_t i = 0; tsob_lava_templates[i].name; i++)
		if (!strcmp(tsob_lava_templates[i].name, name))
			return tsob_lava_templates[i].text;
	return NULL;
}
