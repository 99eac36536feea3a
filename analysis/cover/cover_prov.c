// SPDX-License-Identifier: MIT
/* Section 1: where every figure comes from, once per machine and kernel. */
#include <string.h>

#include "cover_internal.h"
#include "tsob/json.h"

#define FIELD 15 /* the column where a field's value starts */

static json_object *ctx(const struct cover_file *f)
{
	return tsob_json_get(f->v.doc, "context");
}

static void field(FILE *o, const char *name, const char *value)
{
	char head[32];

	snprintf(head, sizeof(head), "    %s:", name);
	if (!*value) {
		fprintf(o, "%s\n", head);
		return;
	}
	fprintf(o, "%-*s", FIELD, head);
	cover_wrap_at(o, FIELD, FIELD, value);
}

static void cores(FILE *o, const struct cover_file *f)
{
	json_object *arr = tsob_json_get(ctx(f), "cores");
	char line[1024] = "";
	size_t used = 0, n = arr && json_object_is_type(arr, json_type_array)
				 ? json_object_array_length(arr)
				 : 0;

	for (size_t i = 0; i < n && used < sizeof(line); i++) {
		json_object *k = json_object_array_get_idx(arr, i);

		used +=
		    (size_t)snprintf(line + used, sizeof(line) - used, "%s%s %s x%d", i ? "; " : "",
				     tsob_json_get_str(k, "midr"), tsob_json_get_str(k, "name"),
				     (int)tsob_json_get_num(k, "cpus"));
	}
	if (n)
		field(o, "cores", line);
	else if (f->v.midr)
		field(o, "cores", "MIDR_EL1 of CPU 0 only (the file lists no other)");
}

/* What the configuration says of the series' option: 1 set, 0 not set, -1 absent. */
static int tso_apple(json_object *lines)
{
	for (size_t i = 0; i < json_object_array_length(lines); i++) {
		const char *l = json_object_get_string(json_object_array_get_idx(lines, i));

		if (!strcmp(l, "CONFIG_ARM64_TSO_APPLE=y"))
			return 1;
		if (!strcmp(l, "# CONFIG_ARM64_TSO_APPLE is not set"))
			return 0;
	}
	return -1;
}

static void config(FILE *o, const struct cover_file *f)
{
	json_object *kc = tsob_json_get(ctx(f), "kernel_config"), *lines;
	static const int want[TSOB_COVER_NLABELS] = {-1, 0, 1, 1};
	char text[4096] = "";
	size_t used = 0;
	int tso;

	lines = tsob_json_get(kc, "lines");
	if (!kc || !lines || !json_object_is_type(lines, json_type_array)) {
		field(o, "config",
		      kc ? tsob_json_get_str(kc, "reason")
			 : "not recorded (this file predates kernel_config)");
		return;
	}
	for (size_t i = 0; i < json_object_array_length(lines) && used < sizeof(text); i++) {
		const char *l = json_object_get_string(json_object_array_get_idx(lines, i));

		if (l[0] != '#')
			used += (size_t)snprintf(text + used, sizeof(text) - used, "%s ", l);
	}
	tso = tso_apple(lines);
	snprintf(text + used, sizeof(text) - used, "%s(from %s)",
		 tso == 0 ? "CONFIG_ARM64_TSO_APPLE is not set " : "",
		 tsob_json_get_str(kc, "source"));
	field(o, "config", text);
	if (tso != want[f->label])
		cover_wrapf(o, 4, 6,
			    "WARNING: labelled %s, but its configuration %s "
			    "CONFIG_ARM64_TSO_APPLE",
			    tsob_cover_label_names[f->label],
			    tso == 1   ? "sets"
			    : tso == 0 ? "does not set"
				       : "has no");
}

static void variant(FILE *o, const struct cover *c, const struct cover_file *f)
{
	char text[256];

	switch (f->label) {
	case TSOB_COVER_UNPATCHED:
		snprintf(text, sizeof(text),
			 "unpatched: the same tree and config without "
			 "the series");
		break;
	case TSOB_COVER_KEY_OFF:
		snprintf(text, sizeof(text),
			 "key-off: the series %s with "
			 "CONFIG_ARM64_TSO_APPLE=n",
			 c->series);
		break;
	case TSOB_COVER_SERIES:
		snprintf(text, sizeof(text), "series: the series %s, CONFIG_ARM64_TSO_APPLE=y",
			 c->series);
		break;
	default:
		snprintf(text, sizeof(text),
			 "always-write: the series %s plus "
			 "kernel-patch/bench/ (ACTLR_EL1 written on every "
			 "switch)",
			 c->series);
	}
	field(o, "variant", text);
}

static void file_entry(FILE *o, const struct cover_file *f)
{
	char text[4096];

	snprintf(text, sizeof(text), "%s: sha256 %s, %s, %s", f->path, f->sha12, f->v.command,
		 f->v.complete ? "complete" : "INCOMPLETE");
	cover_wrap(o, 6, 8, text);
	if (!f->v.complete && f->v.incomplete_reason)
		cover_wrapf(o, 8, 8, "incomplete: %s", f->v.incomplete_reason);
	cover_wrapf(o, 8, 8, "%s: %s", f->v.date ? f->v.date : "no date",
		    f->v.command_line && *f->v.command_line ? f->v.command_line
							    : "(no command line)");
}

static void block(FILE *o, const struct cover *c, size_t m, enum tsob_cover_label l)
{
	const struct cover_file *first = NULL;
	const char *machine;
	char text[1024];

	for (size_t i = 0; i < c->nf; i++)
		if ((size_t)c->f[i].machine == m && c->f[i].label == l && !first)
			first = &c->f[i];
	if (!first)
		return;
	snprintf(text, sizeof(text), "[%c/%s] ", c->m[m].tag, tsob_cover_label_names[l]);
	fputs(text, o);
	cover_wrap_at(o, (int)strlen(text), 4, first->v.cpu_model);
	machine = tsob_json_get_str(ctx(first), "machine");
	snprintf(text, sizeof(text), "%s; %d CPUs online%s%s", first->v.host, first->v.ncpus,
		 machine ? "; " : "", machine ? machine : "");
	if (c->m[m].cpu >= 0)
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
			 "; measured pinned to CPU %d", c->m[m].cpu);
	field(o, "host", text);
	cores(o, first);
	snprintf(text, sizeof(text), "%s %s", first->v.kernel,
		 tsob_json_get_str(ctx(first), "kernel_version")
		     ? tsob_json_get_str(ctx(first), "kernel_version")
		     : "");
	field(o, "kernel", text);
	variant(o, c, first);
	config(o, first);
	snprintf(text, sizeof(text), "%s%s%s", first->v.execution,
		 first->v.execution_detail ? ": " : "",
		 first->v.execution_detail ? first->v.execution_detail : "");
	field(o, "execution", text);
	snprintf(text, sizeof(text), "%s, commit %s; %s %s",
		 first->v.tsobench_version ? first->v.tsobench_version : "?",
		 first->v.git_commit ? first->v.git_commit : "?",
		 tsob_json_get_str(ctx(first), "compiler"),
		 tsob_json_get_str(ctx(first), "cflags"));
	field(o, "tsobench", text);
	field(o, "files", "");
	for (size_t i = 0; i < c->nf; i++)
		if ((size_t)c->f[i].machine == m && c->f[i].label == l) {
			file_entry(o, &c->f[i]);
			if (strcmp(c->f[i].v.kernel, first->v.kernel))
				cover_wrapf(o, 8, 8, "WARNING: kernel %s, not %s", c->f[i].v.kernel,
					    first->v.kernel);
		}
	fputc('\n', o);
}

void cover_provenance(FILE *o, const struct cover *c)
{
	cover_heading(o, "1. Provenance");
	for (size_t m = 0; m < c->nm; m++)
		for (int l = 0; l < TSOB_COVER_NLABELS; l++)
			block(o, c, m, (enum tsob_cover_label)l);
}
