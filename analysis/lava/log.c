// SPDX-License-Identifier: MIT
/*
 * A finished LAVA job's log: its job and test results, and the tsobench
 * results files it carries (see log.h). Records are YAML (LAVA writes each
 * as a one-line flow mapping, with tags such as `! "1.5"` on numbers), read
 * with libyaml rather than by hand.
 */
#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "block.h"

#define MARK "@@TSOB-LAVA-"

struct ctx {
	struct tsob_lava_log *res;
	struct tsob_lava_block *block; /* the block being read, if any */
	struct tsob_err first;	       /* the first problem met while reading */
	size_t capcases, capfiles;
	size_t lava_records; /* records with a LAVA level: is this a LAVA log at all? */
};

static void fail(struct ctx *c, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail(struct ctx *c, int err, const char *fmt, ...)
{
	va_list ap;

	if (c->first.code)
		return;
	c->first.code = err;
	va_start(ap, fmt);
	vsnprintf(c->first.msg, sizeof(c->first.msg), fmt, ap);
	va_end(ap);
}

/* A problem a helper described in its own struct tsob_err. */
static void fail_with(struct ctx *c, const struct tsob_err *e)
{
	fail(c, e->code, "%s", e->msg);
}

static yaml_node_t *map_get(yaml_document_t *d, yaml_node_t *m, const char *key)
{
	if (!m || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = yaml_document_get_node(d, p->key);

		if (k && k->type == YAML_SCALAR_NODE && !strcmp((char *)k->data.scalar.value, key))
			return yaml_document_get_node(d, p->value);
	}
	return NULL;
}

static const char *scalar(yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static const char *field(yaml_document_t *d, yaml_node_t *m, const char *key)
{
	return scalar(map_get(d, m, key));
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* "@@TSOB-LAVA-META job=ID device=LABEL host=H arch=A tsobench=V" */
static void meta(struct ctx *c, const char *args)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
	    {"job", offsetof(struct tsob_lava_log, job_id)},
	    {"device", offsetof(struct tsob_lava_log, device)},
	    {"host", offsetof(struct tsob_lava_log, host)},
	    {"arch", offsetof(struct tsob_lava_log, arch)},
	    {"tsobench", offsetof(struct tsob_lava_log, tsobench)},
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char **dst = (char **)((char *)c->res + keys[i].off);
		size_t klen = strlen(keys[i].key);

		for (const char *p = args; (p = strstr(p, keys[i].key)); p += klen) {
			size_t n;

			if ((p != args && p[-1] != ' ') || p[klen] != '=')
				continue;
			n = strcspn(p + klen + 1, " \t\r");
			if (!*dst && n && !(n == 4 && !strncmp(p + klen + 1, "none", 4)))
				*dst = strndup(p + klen + 1, n);
			break;
		}
	}
}

static void begin(struct ctx *c, const char *args)
{
	struct tsob_err e = {0};

	if (c->block) {
		fail(c, -EPIPE, "%s: results block not ended (log truncated?)",
		     tsob_lava_block_name(c->block));
		tsob_lava_block_free(c->block);
		c->block = NULL;
	}
	if (tsob_lava_block_begin(&c->block, args, &e))
		fail_with(c, &e);
}

static void data(struct ctx *c, const char *args)
{
	if (!c->block) {
		fail(c, -EBADMSG, "base64 data outside a results block (a BEGIN line lost?)");
		return;
	}
	if (tsob_lava_block_add(c->block, args))
		fail(c, -EBADMSG, "%s: results block corrupt (not base64, or too long)",
		     tsob_lava_block_name(c->block));
}

static void end(struct ctx *c, const char *args)
{
	struct tsob_lava_log *res = c->res;
	struct tsob_err e = {0};

	if (!c->block || strncmp(args, "name=", 5) ||
	    strcmp(args + 5, tsob_lava_block_name(c->block))) {
		fail(c, -EBADMSG, "results block end '%s' without its beginning", args);
		return;
	}
	if (res->nfiles == c->capfiles) {
		size_t cap = c->capfiles ? 2 * c->capfiles : 8;
		struct tsob_lava_file *nf = realloc(res->files, cap * sizeof(*nf));

		if (!nf) {
			fail(c, -ENOMEM, "out of memory");
			return;
		}
		res->files = nf;
		c->capfiles = cap;
	}
	if (tsob_lava_block_finish(c->block, &res->files[res->nfiles], &e))
		fail_with(c, &e);
	else
		res->nfiles++;
	tsob_lava_block_free(c->block);
	c->block = NULL;
}

static void done(struct ctx *c, const char *args)
{
	char *endp;

	if (strncmp(args, "files=", 6))
		return;
	c->res->files_announced = strtol(args + 6, &endp, 10);
}

/* A line of the device's console: only the collector's markers matter. */
static void target(struct ctx *c, const char *msg)
{
	static const struct {
		const char *word;
		void (*fn)(struct ctx *c, const char *args);
	} marks[] = {
	    {"META ", meta}, {"BEGIN ", begin}, {"B64 ", data}, {"END ", end}, {"DONE ", done},
	};
	const char *p = strstr(msg, MARK);
	char *line;

	if (!p)
		return;
	p += strlen(MARK);
	line = strdup(p);
	if (!line) {
		fail(c, -ENOMEM, "out of memory");
		return;
	}
	line[strcspn(line, "\r\n")] = '\0';
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (!strncmp(line, marks[i].word, strlen(marks[i].word)))
			marks[i].fn(c, line + strlen(marks[i].word));
	free(line);
}

static void add_case(struct ctx *c, yaml_document_t *d, yaml_node_t *m)
{
	struct tsob_lava_log *res = c->res;
	const char *result = field(d, m, "result"), *meas = field(d, m, "measurement");
	struct tsob_lava_logcase *tc;
	char *endp;

	if (res->ncases == c->capcases) {
		size_t cap = c->capcases ? 2 * c->capcases : 64;
		struct tsob_lava_logcase *nc = realloc(res->cases, cap * sizeof(*nc));

		if (!nc) {
			fail(c, -ENOMEM, "out of memory");
			return;
		}
		res->cases = nc;
		c->capcases = cap;
	}
	tc = &res->cases[res->ncases++];
	memset(tc, 0, sizeof(*tc));
	tc->name = dup_or_null(field(d, m, "case"));
	tc->result = dup_or_null(result ? result : "unknown");
	tc->units = dup_or_null(field(d, m, "units"));
	if (meas) {
		tc->value = strtod(meas, &endp);
		tc->has_value = endp != meas && !*endp;
	}
	if (!tc->name || !tc->result) {
		fail(c, -ENOMEM, "out of memory");
		return;
	}
	if (result && !strcmp(result, "pass"))
		res->npass++;
	else if (result && !strcmp(result, "skip"))
		res->nskip++;
	else
		res->nfail++;
}

static void results(struct ctx *c, yaml_document_t *d, yaml_node_t *m)
{
	const char *def = field(d, m, "definition"), *name = field(d, m, "case");

	if (!def || !name)
		return;
	if (strcmp(def, "lava")) {
		add_case(c, d, m);
		return;
	}
	if (!strcmp(name, "job") && !c->res->job_result) {
		const char *type = field(d, m, "error_type"), *msg = field(d, m, "error_msg");

		c->res->job_result = dup_or_null(field(d, m, "result"));
		if (msg) {
			char buf[256];

			snprintf(buf, sizeof(buf), "%s%s%s", type ? type : "",
				 type ? " error: " : "", msg);
			c->res->job_error = strdup(buf);
		}
	}
}

/* One record of the log; a failed parse is -EBADMSG. */
static int record(struct ctx *c, const char *line, size_t len)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root;
	int ok;

	if (!yaml_parser_initialize(&parser))
		return -ENOMEM;
	yaml_parser_set_input_string(&parser, (const unsigned char *)line, len);
	ok = yaml_parser_load(&parser, &doc);
	yaml_parser_delete(&parser);
	if (!ok)
		return -EBADMSG;
	root = yaml_document_get_root_node(&doc);
	/* A server's job output is a YAML list: "- {...}" a line. */
	if (root && root->type == YAML_SEQUENCE_NODE &&
	    root->data.sequence.items.top > root->data.sequence.items.start)
		root = yaml_document_get_node(&doc, *root->data.sequence.items.start);
	if (root && root->type == YAML_MAPPING_NODE) {
		yaml_node_t *lvl = map_get(&doc, root, "lvl"), *msg = map_get(&doc, root, "msg");

		c->lava_records += scalar(lvl) != NULL;
		/* "feedback": console output LAVA read while finishing the job. */
		if (scalar(lvl) &&
		    (!strcmp(scalar(lvl), "target") || !strcmp(scalar(lvl), "feedback")) &&
		    scalar(msg))
			target(c, scalar(msg));
		else if (scalar(lvl) && !strcmp(scalar(lvl), "results") && msg &&
			 msg->type == YAML_MAPPING_NODE)
			results(c, &doc, msg);
	}
	yaml_document_delete(&doc);
	return 0;
}

static int read_log(struct ctx *c, const char *log, struct tsob_err *e)
{
	FILE *f = fopen(log, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int err;

	if (!f)
		return tsob_err_set(e, -errno, "%s: %s", log, strerror(errno));
	while ((n = getline(&line, &cap, f)) > 0) {
		bool complete = line[n - 1] == '\n';

		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!n || line[0] == '#')
			continue;
		c->res->records++;
		if ((err = record(c, line, (size_t)n)) == -EBADMSG)
			fail(c, complete ? -EBADMSG : -EPIPE,
			     complete ? "line %zu is not a LAVA log record"
				      : "the log ends inside a record (line %zu)",
			     c->res->records);
		else if (err)
			fail(c, err, "out of memory");
	}
	err = ferror(f) ? -EIO : 0;
	free(line);
	fclose(f);
	return err ? tsob_err_set(e, err, "%s: read error", log) : 0;
}

/* What the whole log says, once read: the job first, then the blocks. */
static int verdict(struct ctx *c, struct tsob_err *e)
{
	struct tsob_lava_log *res = c->res;

	if (!c->lava_records)
		return tsob_err_set(e, -EBADMSG,
				    "not a LAVA job log (want lava-run's standard "
				    "error, or a server's job output)");
	if (!res->job_result) {
		if (c->first.code == -EPIPE) /* it says where the log ends */
			return tsob_err_set(e, c->first.code, "%s", c->first.msg);
		if (c->block)
			return tsob_err_set(e, -EPIPE,
					    "%s: results block not ended (log truncated?)",
					    tsob_lava_block_name(c->block));
		return tsob_err_set(e, -EPIPE,
				    "the log ends before the job did (no final job "
				    "record): truncated?");
	}
	if (strcmp(res->job_result, "pass"))
		return tsob_err_set(
		    e,
		    res->job_error && strstr(res->job_error, "timed out") ? -ETIMEDOUT : -ECANCELED,
		    "LAVA failed the job: %s", res->job_error ? res->job_error : "no reason given");
	if (c->block)
		return tsob_err_set(e, -EPIPE, "%s: results block not ended (log truncated?)",
				    tsob_lava_block_name(c->block));
	if (c->first.code)
		return tsob_err_set(e, c->first.code, "%s", c->first.msg);
	if (res->files_announced < 0)
		return tsob_err_set(e, res->nfiles ? -EPIPE : -ENODATA,
				    "the test script did not finish (no " MARK "DONE line)%s",
				    res->nfiles ? "" : ": no results in the log");
	if ((long)res->nfiles != res->files_announced)
		return tsob_err_set(e, -EBADMSG,
				    "the device sent %ld results files, %zu came back "
				    "intact",
				    res->files_announced, res->nfiles);
	if (!res->nfiles)
		return tsob_err_set(e, -ENODATA,
				    "the job passed but its log holds no results file");
	return 0;
}

int tsob_lava_log_read(const char *path, struct tsob_lava_log *log, struct tsob_err *e)
{
	struct ctx c = {.res = log};
	int err;

	memset(log, 0, sizeof(*log));
	log->files_announced = -1;
	err = read_log(&c, path, e);
	if (!err)
		err = verdict(&c, e);
	tsob_lava_block_free(c.block);
	return err;
}

void tsob_lava_log_free(struct tsob_lava_log *log)
{
	for (size_t i = 0; i < log->ncases; i++) {
		free(log->cases[i].name);
		free(log->cases[i].result);
		free(log->cases[i].units);
	}
	for (size_t i = 0; i < log->nfiles; i++)
		free(log->files[i].data);
	free(log->cases);
	free(log->files);
	free(log->job_id);
	free(log->device);
	free(log->host);
	free(log->arch);
	free(log->tsobench);
	free(log->job_result);
	free(log->job_error);
	memset(log, 0, sizeof(*log));
}
