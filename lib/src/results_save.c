// SPDX-License-Identifier: MIT
/* Writing a results document, as JSON or CSV, by the one output rule. */
#include <errno.h>
#include <string.h>

#include "results_internal.h"
#include "tsob/json.h"
#include "tsob/output.h"

static int write_json(FILE *f, void *doc)
{
	return tsob_json_write(f, doc);
}

static int write_csv(FILE *f, void *doc)
{
	struct tsob_view v;
	struct tsob_err e = { 0 };
	int r;

	/* The CSV is a view of the document: build it once, through the same checks. */
	if (tsob_view_from_json(json_object_get(doc), NULL, &v, &e))
		return e.code;
	r = tsob_view_write_csv(f, &v);
	tsob_view_free(&v);
	return r;
}

int tsob_results_save(const char *path, json_object *doc, enum tsob_format fmt,
		      struct tsob_err *e)
{
	const char *what = "";
	int r = tsob_output_write(path, fmt == TSOB_FORMAT_CSV ? write_csv : write_json, doc, &what);

	if (r)
		return tsob_err_set(e, r, "cannot write %s: %s (%s); any earlier file there is unchanged",
				    path, what, strerror(-r));
	return 0;
}
