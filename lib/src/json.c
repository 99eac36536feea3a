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

int tsob_json_write(FILE *f, json_object *doc)
{
	const char *s = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
								   JSON_C_TO_STRING_NOSLASHESCAPE);

	if (!s)
		return -ENOMEM;
	if (fputs(s, f) < 0 || fputc('\n', f) < 0)
		return errno ? -errno : -EIO;
	return 0;
}
