// SPDX-License-Identifier: MIT
/* The error convention: negative errno plus one line, printed in one place. */
#include "tsob/err.h"

#include <stdarg.h>
#include <string.h>

static void one_line(char *s)
{
	for (; *s; s++)
		if (*s == '\n' || *s == '\r')
			*s = ' ';
}

int tsob_err_set(struct tsob_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	one_line(e->msg);
	return code;
}

int tsob_err_prefix(struct tsob_err *e, const char *fmt, ...)
{
	char line[sizeof(e->msg) * 2];
	size_t n;
	va_list ap;

	va_start(ap, fmt);
	n = (size_t)vsnprintf(line, sizeof(line) / 2, fmt, ap);
	va_end(ap);
	if (n >= sizeof(line) / 2)
		n = sizeof(line) / 2 - 1;
	snprintf(line + n, sizeof(line) - n, ": %s", e->msg);
	memcpy(e->msg, line, sizeof(e->msg) - 1);
	e->msg[sizeof(e->msg) - 1] = '\0';
	one_line(e->msg);
	return e->code;
}

int tsob_err_report(const char *cmd, const struct tsob_err *e)
{
	fprintf(stderr, "tsobench: %s%s%s\n", cmd ? cmd : "", cmd ? ": " : "",
		e && e->msg[0] ? e->msg : "failed");
	return TSOB_EXIT_USAGE;
}

void tsob_warn(const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	one_line(line);
	fprintf(stderr, "tsobench: %s\n", line);
}
