// SPDX-License-Identifier: MIT
/* JSON conventions: the NaN rule and typed lookups. */
#include "tsob/json.h"

#include <errno.h>
#include <math.h>

json_object *tsob_json_num(double v)
{
	return isfinite(v) ? json_object_new_double(v) : NULL;
}

json_object *tsob_json_str(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

json_object *tsob_json_get(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (!o || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

const char *tsob_json_get_str(json_object *o, const char *key)
{
	json_object *v = tsob_json_get(o, key);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

bool tsob_json_is_num(json_object *v)
{
	return v &&
	       (json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int));
}

double tsob_json_get_num(json_object *o, const char *key)
{
	json_object *v = tsob_json_get(o, key);

	return tsob_json_is_num(v) ? json_object_get_double(v) : NAN;
}

bool tsob_json_get_bool(json_object *o, const char *key, bool dflt)
{
	json_object *v = tsob_json_get(o, key);

	return v && json_object_is_type(v, json_type_boolean) ? json_object_get_boolean(v) : dflt;
}

static bool is_container(json_object *o)
{
	return json_object_is_type(o, json_type_object) || json_object_is_type(o, json_type_array);
}

static int put_scalar(FILE *f, json_object *o)
{
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
							      JSON_C_TO_STRING_NOSLASHESCAPE);

	return s ? fputs(s, f) : EOF;
}

/*
 * Pretty-printed as json-c does (two spaces a level), except that an array of
 * numbers or strings stays on one line: a file of several runs holds tens of
 * thousands of samples, one a line they made it four times larger.
 */
static int put(FILE *f, json_object *o, int depth)
{
	bool flat = json_object_is_type(o, json_type_array);
	size_t n;
	int i = 0;

	if (!is_container(o))
		return put_scalar(f, o);
	if (json_object_is_type(o, json_type_array)) {
		n = json_object_array_length(o);
		for (size_t k = 0; k < n && flat; k++)
			flat = !is_container(json_object_array_get_idx(o, k));
		fputc('[', f);
		for (size_t k = 0; k < n; k++) {
			if (flat)
				fputs(k ? ", " : "", f);
			else
				fprintf(f, "%s\n%*s", k ? "," : "", 2 * (depth + 1), "");
			put(f, json_object_array_get_idx(o, k), depth + 1);
		}
		if (n && !flat)
			fprintf(f, "\n%*s", 2 * depth, "");
		return fputc(']', f);
	}
	fputc('{', f);
	json_object_object_foreach(o, key, val)
	{
		json_object *k = json_object_new_string(key);

		fprintf(f, "%s\n%*s", i++ ? "," : "", 2 * (depth + 1), "");
		put_scalar(f, k);
		json_object_put(k);
		fputs(": ", f);
		put(f, val, depth + 1);
	}
	if (i)
		fprintf(f, "\n%*s", 2 * depth, "");
	return fputc('}', f);
}

int tsob_json_write(FILE *f, json_object *doc)
{
	put(f, doc, 0);
	if (fputc('\n', f) < 0 || ferror(f))
		return errno ? -errno : -EIO;
	return 0;
}
