// SPDX-License-Identifier: MIT
/*
 * LAVA job definitions for tsobench: a template's placeholders filled from a
 * job's values. The templates are YAML with {{name}} placeholders, each a
 * whole value, written here with YAML escapes: a few lines of substitution
 * rather than a template engine, since Debian packages none for C and a
 * value must never be able to change the YAML around it.
 */
#include "lava.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "job_internal.h"
#include "tsob/output.h"

const char *const tsob_lava_devices[] = {"qemu", "uboot", "ssh", NULL};

/* A job with what the device kind implies filled in, and what is derived from it. */
struct filled {
	struct tsob_lava_job j;
	const char *machine, *kernel_arg; /* QEMU's -machine, and its -kernel/-append */
	char kernel_arg_buf[512], name_buf[96];
};

enum kind {
	K_TEXT,	   /* free text */
	K_URL,	   /* a URL LAVA downloads */
	K_TPARAM,  /* a test parameter: LAVA writes NAME='value' into a shell script */
	K_COUNT,   /* a test parameter that is a number; 0 is tsobench's default ("") */
	K_SECONDS, /* a timeout */
};

struct param {
	const char *name; /* the placeholder */
	const char *opt;  /* the option that sets it, for messages; NULL: derived */
	enum kind kind;
	size_t off;
	bool may_be_empty; /* unset is a value (the test definition's default) */
	int (*check)(const char *v, const char *opt, struct tsob_err *e);
	const char *from; /* a derived value: the placeholder it is made from */
};

static int check_subcommands(const char *v, const char *opt, struct tsob_err *e)
{
	static const char *const subs[] = {"run", "ctxsw", "litmus"};

	for (const char *p = v; *p;) {
		size_t n = strcspn(p, ","), i;

		for (i = 0; i < ARRAY_SIZE(subs); i++)
			if (n == strlen(subs[i]) && !strncmp(p, subs[i], n))
				break;
		if (i == ARRAY_SIZE(subs))
			return tsob_err_set(e, -EINVAL,
					    "%s '%.*s': the device runs run, ctxsw "
					    "or litmus (comma-separated)",
					    opt, (int)n, p);
		p += n + (p[n] == ',');
	}
	return 0;
}

static int check_precision(const char *v, const char *opt, struct tsob_err *e)
{
	if (!strcmp(v, "quick") || !strcmp(v, "full"))
		return 0;
	return tsob_err_set(e, -EINVAL, "%s '%s': quick or full", opt, v);
}

/*
 * The kernel command line goes inside double quotes on QEMU's command line,
 * and LAVA waits for the kernel's "Linux version" banner (a notice, level 5).
 */
static int check_cmdline(const char *v, const char *opt, struct tsob_err *e)
{
	if (strpbrk(v, "\"\\$`'"))
		return tsob_err_set(e, -EINVAL, "%s: no quotes, backslashes, '$' or '`'", opt);
	for (const char *p = v; *p; p += strspn(p, " ")) {
		size_t n = strcspn(p, " ");

		if ((n == 5 && !strncmp(p, "quiet", 5)) ||
		    (n == 10 && !strncmp(p, "loglevel=", 9) && p[9] >= '0' && p[9] <= '4'))
			return tsob_err_set(
			    e, -EINVAL, "%s: '%.*s' hides the 'Linux version' line LAVA waits for",
			    opt, (int)n, p);
		p += n;
	}
	return 0;
}

/* A row: placeholder, option, kind, where the value lives; then what else applies. */
#define P(n, o, k, f, ...)                                                                         \
	{                                                                                          \
		.name = n, .opt = o, .kind = k, .off = offsetof(struct filled, f), __VA_ARGS__     \
	}
static const struct param params[] = {
    P("job_name", "--job-name", K_TEXT, j.job_name),
    P("device_type", "--device-type", K_TEXT, j.device_type),
    P("device_name", "--device-name", K_TPARAM, j.device_name),
    P("kernel_url", "--kernel", K_URL, j.kernel_url),
    P("ramdisk_url", "--ramdisk", K_URL, j.ramdisk_url),
    P("dtb_url", "--dtb", K_URL, j.dtb_url),
    P("overlay_url", "--overlay", K_URL, j.overlay_url),
    P("os", "--os", K_TEXT, j.os),
    P("cpu", "--cpu", K_TEXT, j.cpu),
    P("prompt", "--prompt", K_TEXT, j.prompt),
    P("kernel_args", "--kernel-args", K_TEXT, j.kernel_args, .may_be_empty = true,
      .check = check_cmdline),
    P("testdef_repo", "--testdef-repo", K_TEXT, j.testdef_repo),
    P("testdef_revision", "--testdef-revision", K_TEXT, j.testdef_revision),
    P("testdef_path", "--testdef-path", K_TEXT, j.testdef_path),
    P("subcommands", "--subcommands", K_TPARAM, j.subcommands, .check = check_subcommands),
    P("kernels", "--workload", K_TPARAM, j.kernels, .may_be_empty = true),
    P("strategies", "--mode", K_TPARAM, j.strategies, .may_be_empty = true),
    P("litmus_tests", "--tests", K_TPARAM, j.litmus_tests, .may_be_empty = true),
    P("events", "--events", K_TPARAM, j.events, .may_be_empty = true),
    P("repetitions", "--repeat", K_COUNT, j.repetitions, .may_be_empty = true),
    P("precision", "--precision", K_TPARAM, j.precision, .check = check_precision),
    P("tsobench", "--tsobench", K_TPARAM, j.tsobench),
    P("results_dir", "--results-dir", K_TPARAM, j.results_dir),
    P("job_timeout", "--timeout", K_SECONDS, j.job_timeout),
    P("boot_timeout", "--boot-timeout", K_SECONDS, j.boot_timeout),
    P("test_timeout", "--test-timeout", K_SECONDS, j.test_timeout),
    P("machine", NULL, K_TEXT, machine, .from = "cpu"),
    P("qemu_kernel_arg", NULL, K_TEXT, kernel_arg, .from = "kernel_args"),
};
#undef P

const struct param *lava_param_find(const char *name, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(params); i++)
		if (strlen(params[i].name) == n && !strncmp(params[i].name, name, n))
			return &params[i];
	return NULL;
}

size_t lava_param_index(const struct param *p)
{
	return (size_t)(p - params);
}

static const char *sval(const struct filled *f, const struct param *p)
{
	return *(const char *const *)((const char *)f + p->off);
}

static unsigned uval(const struct filled *f, const struct param *p)
{
	return *(const unsigned *)((const char *)f + p->off);
}

bool lava_param_set(const struct filled *f, const struct param *p)
{
	const char *s;

	if (p->kind == K_COUNT || p->kind == K_SECONDS)
		return uval(f, p) > 0;
	s = sval(f, p);
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

static int check_value(const struct param *p, const char *v, struct tsob_err *e)
{
	const char *opt = p->opt ? p->opt : p->name;

	if (!clean_text((const unsigned char *)v))
		return tsob_err_set(e, -EINVAL, "%s: not UTF-8 text on one line", opt);
	if (p->kind == K_URL && !strstr(v, "://"))
		return tsob_err_set(e, -EINVAL,
				    "%s '%s': not a URL (http://, https://, file://...)", opt, v);
	if (p->kind == K_TPARAM && strchr(v, '\''))
		return tsob_err_set(e, -EINVAL,
				    "%s: no single quotes (LAVA writes each test parameter as "
				    "NAME='value' into a shell script)",
				    opt);
	return p->check ? p->check(v, opt, e) : 0;
}

/* Write @p's value at the end of a template line: a YAML double-quoted string, or a number. */
int lava_param_emit(FILE *out, const struct filled *f, const struct param *p, struct tsob_err *e)
{
	const char *s;
	char num[24];
	int r;

	if (p->kind == K_SECONDS)
		return fprintf(out, "%u\n", uval(f, p)) < 0 ? -EIO : 0;
	if (p->kind == K_COUNT) {
		num[0] = '\0'; /* 0: unset, the test definition's default */
		if (uval(f, p))
			snprintf(num, sizeof(num), "%u", uval(f, p));
		s = num;
	} else {
		s = sval(f, p) ? sval(f, p) : "";
		if ((r = check_value(p, s, e)))
			return r;
	}
	fputc('"', out);
	for (; *s; s++)
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else
			fputc(*s, out);
	return fputs("\"\n", out) < 0 ? -EIO : 0;
}

const char *lava_param_name(const struct param *p)
{
	return p->name;
}

const char *lava_param_opt(const struct param *p)
{
	return p->opt;
}

bool lava_param_may_be_empty(const struct param *p)
{
	return p->may_be_empty;
}

/* The given values, checked before any template is read. */
static int check_given(const struct filled *f, struct tsob_err *e)
{
	for (size_t i = 0; i < ARRAY_SIZE(params); i++) {
		const struct param *p = &params[i];
		int r;

		if (!p->opt || p->kind == K_COUNT || p->kind == K_SECONDS || !sval(f, p))
			continue;
		if ((r = check_value(p, sval(f, p), e)))
			return r;
	}
	return 0;
}

/* What the device kind implies where nothing was given, and what is derived. */
static void fill(struct filled *f, const struct tsob_lava_job *job, enum tsob_lava_device dev)
{
	struct tsob_lava_job *j = &f->j;
	bool ssh = dev == TSOB_LAVA_SSH;

#define DEFAULT(field, value)                                                                      \
	do {                                                                                       \
		if (!j->field)                                                                     \
			j->field = (value);                                                        \
	} while (0)
	memset(f, 0, sizeof(*f));
	*j = *job;
	DEFAULT(job_name, "tsobench");
	DEFAULT(device_type, dev == TSOB_LAVA_QEMU ? "qemu" : ssh ? "ssh" : NULL);
	DEFAULT(os, ssh ? "debian" : "oe");
	DEFAULT(cpu, "neoverse-n1");
	/* lava/mkramdisk.sh's shell prompt; an SSH host's is its own. */
	DEFAULT(prompt, ssh ? NULL : "tsob-lava:/# ");
	DEFAULT(testdef_path, "lava/tsobench-test.yaml");
	DEFAULT(subcommands, "run");
	DEFAULT(precision, "quick");
	DEFAULT(tsobench, "tsobench");
	DEFAULT(results_dir, "/tmp/tsobench-lava");
#undef DEFAULT
	j->job_timeout = j->job_timeout ? j->job_timeout : 3600;
	j->boot_timeout = j->boot_timeout ? j->boot_timeout : 300;
	j->test_timeout = j->test_timeout ? j->test_timeout : 3000;
	if (!j->device_name) {
		/* The name the results get in history when the lab gives none. */
		if (dev == TSOB_LAVA_QEMU)
			snprintf(f->name_buf, sizeof(f->name_buf), "qemu-%.80s", j->cpu);
		else
			snprintf(f->name_buf, sizeof(f->name_buf), "%.90s",
				 j->device_type ? j->device_type : "");
		j->device_name = f->name_buf;
	}
	/*
	 * QEMU's A64FX model needs a GICv3, and is entered at EL2 as firmware
	 * enters real hardware: the series trusts an always-TSO MIDR only there.
	 */
	f->machine = !strcmp(j->cpu, "a64fx") ? "virt,gic-version=3,virtualization=on" : "virt";
	snprintf(f->kernel_arg_buf, sizeof(f->kernel_arg_buf),
		 "-kernel {kernel} -append \"console=ttyAMA0,115200 rdinit=/init%s%s\"",
		 j->kernel_args ? " " : "", j->kernel_args ? j->kernel_args : "");
	f->kernel_arg = f->kernel_arg_buf;
}

/* A value given that the template has no place for: say so rather than drop it. */
static int check_used(const struct tsob_lava_job *job, const char *what, const uint64_t used,
		      struct tsob_err *e)
{
	struct filled given = {.j = *job};

	for (size_t i = 0; i < ARRAY_SIZE(params); i++) {
		const struct param *p = &params[i];
		bool by_derived = false;

		for (size_t k = 0; k < ARRAY_SIZE(params); k++)
			by_derived |=
			    params[k].from && !strcmp(params[k].from, p->name) && (used >> k & 1);
		if (p->opt && lava_param_set(&given, p) && !(used >> i & 1) && !by_derived)
			return tsob_err_set(e, -EINVAL, "%s: %s has no place for it", p->opt, what);
	}
	return 0;
}

/* @file: the template's file, named in messages about it; NULL for a built-in one. */
static int render(const char *tmpl, const char *file, enum tsob_lava_device dev,
		  const struct tsob_lava_job *job, char **out, struct tsob_err *e)
{
	struct filled *f = calloc(1, sizeof(*f));
	uint64_t used = 0;
	char what[64];
	int r;

	*out = NULL;
	if (!f)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	if (file)
		snprintf(what, sizeof(what), "the template");
	else
		snprintf(what, sizeof(what), "the %s template", tsob_lava_devices[dev]);
	fill(f, job, dev);
	if ((r = check_given(f, e))) {
		free(f);
		return r;
	}
	r = lava_template_fill(tmpl, f, out, &used, e);
	if (!r && (r = check_used(job, what, used, e))) {
		free(*out);
		*out = NULL;
	}
	if (r && file)
		tsob_err_prefix(e, "%s", file);
	free(f);
	return r;
}

int tsob_lava_job_render(const char *tmpl, enum tsob_lava_device dev,
			 const struct tsob_lava_job *job, char **out, struct tsob_err *e)
{
	return render(tmpl, NULL, dev, job, out, e);
}

/* A template of the lab's own: a small text file. */
static int read_template(const char *path, char **text, struct tsob_err *e)
{
	FILE *fp = fopen(path, "r");
	size_t len = 0;
	ssize_t n;

	*text = NULL;
	if (!fp)
		return tsob_err_set(e, -errno, "--template %s: %s", path, strerror(errno));
	n = getdelim(text, &len, '\0', fp);
	fclose(fp);
	if (n < 0 || (size_t)n != strlen(*text)) {
		free(*text);
		*text = NULL;
		return tsob_err_set(e, -EINVAL, "--template %s: empty, unreadable or not text",
				    path);
	}
	return 0;
}

static int write_text(FILE *fp, void *arg)
{
	return fputs(arg, fp) < 0 ? -EIO : 0;
}

int tsob_lava_job_write(const char *path, enum tsob_lava_device dev, const char *template_file,
			const struct tsob_lava_job *job, struct tsob_err *e)
{
	const char *tmpl = lava_templates[dev], *what = "";
	char *own = NULL, *text;
	int r;

	if (template_file && (r = read_template(template_file, &own, e)))
		return r;
	r = render(own ? own : tmpl, template_file, dev, job, &text, e);
	free(own);
	if (r)
		return r;
	r = tsob_output_write(path, write_text, text, &what);
	free(text);
	return r ? tsob_err_set(e, r, "cannot write the job to %s: %s (%s)", path, what,
				strerror(-r))
		 : 0;
}
