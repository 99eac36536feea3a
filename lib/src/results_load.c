// SPDX-License-Identifier: MIT
/* Reading a results file: the bytes, then JSON, with a reason for each way it can fail. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "results_internal.h"

/* Whole results files are small (megabytes); a limit keeps a wrong path from eating memory. */
#define MAX_FILE (256L << 20)

static int slurp(const char *path, char **out, long *size, struct tsob_err *e)
{
	FILE *f = fopen(path, "re");
	struct stat st;
	char *buf;

	if (!f)
		return tsob_err_set(e, -errno, "cannot read %s: %s", path, strerror(errno));
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		fclose(f);
		return tsob_err_set(e, -EINVAL, "cannot read %s: not a regular file", path);
	}
	if (st.st_size == 0 || st.st_size > MAX_FILE) {
		fclose(f);
		return tsob_err_set(e, -EINVAL, st.st_size ? "%s is too large for a results file"
							    : "%s is empty",
				    path);
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf || fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		free(buf);
		fclose(f);
		return tsob_err_set(e, -EIO, "cannot read %s", path);
	}
	fclose(f);
	buf[st.st_size] = '\0';
	*out = buf;
	*size = (long)st.st_size;
	return 0;
}

int tsob_results_parse_mem(const char *buf, size_t size, const char *name, json_object **doc,
			   struct tsob_err *e)
{
	struct json_tokener *tok = json_tokener_new();
	enum json_tokener_error jerr;

	*doc = NULL;
	if (!tok)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	if (size > MAX_FILE) {
		tsob_err_set(e, -EINVAL, "%s is too large for a results file", name);
		goto fail;
	}
	*doc = json_tokener_parse_ex(tok, buf, (int)size);
	jerr = json_tokener_get_error(tok);
	if (!*doc || jerr != json_tokener_success) {
		tsob_err_set(e, -EINVAL, "%s is not valid JSON%s: %s", name,
			     jerr == json_tokener_continue ? " (truncated)" : "",
			     jerr == json_tokener_continue ? "unexpected end of file"
							   : json_tokener_error_desc(jerr));
		goto fail;
	}
	for (size_t i = json_tokener_get_parse_end(tok); i < size; i++)
		if (!strchr(" \n\t\r", buf[i])) {
			tsob_err_set(e, -EINVAL, "%s has data after the JSON document", name);
			goto fail;
		}
	json_tokener_free(tok);
	return 0;
fail:
	json_object_put(*doc);
	*doc = NULL;
	json_tokener_free(tok);
	return e->code;
}

int tsob_results_read_file(const char *path, char **bytes, size_t *len, json_object **doc,
			   struct tsob_err *e)
{
	char *buf = NULL;
	long size = 0;
	int r;

	*doc = NULL;
	*bytes = NULL;
	if ((r = slurp(path, &buf, &size, e)))
		return r;
	if ((r = tsob_results_parse_mem(buf, (size_t)size, path, doc, e))) {
		free(buf);
		return r;
	}
	*bytes = buf;
	*len = (size_t)size;
	return 0;
}

int tsob_results_parse_file(const char *path, json_object **doc, struct tsob_err *e)
{
	char *buf;
	size_t len;
	int r = tsob_results_read_file(path, &buf, &len, doc, e);

	free(buf);
	return r;
}
