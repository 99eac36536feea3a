/* SPDX-License-Identifier: MIT */
/*
 * JSON conventions of every tsobench file (json-c): one NaN rule (a number
 * that does not exist is null, never 0 or NaN), and typed lookups that never
 * trust the document's types.
 */
#ifndef TSOB_JSON_H
#define TSOB_JSON_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>

/* A finite double, or null: JSON has no NaN, and 0 would be a false measurement. */
json_object *tsob_json_num(double v);
/* A string, or null for NULL. */
json_object *tsob_json_str(const char *s);

/* The member @key of object @o, or NULL (absent, null, or @o not an object). */
json_object *tsob_json_get(json_object *o, const char *key);
/* Its string, or NULL when absent or not a string. */
const char *tsob_json_get_str(json_object *o, const char *key);
/* Its number, or NaN when absent, null or not a number. */
double tsob_json_get_num(json_object *o, const char *key);
/* Its boolean, or @dflt when absent or not a boolean. */
bool tsob_json_get_bool(json_object *o, const char *key, bool dflt);
/* Whether @v is a JSON number (integer or not). */
bool tsob_json_is_num(json_object *v);

/* Write @doc to @f, pretty-printed, with a final newline: 0 or a negative errno. */
int tsob_json_write(FILE *f, json_object *doc);

#endif
