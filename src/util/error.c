#include <stdarg.h>
#include <stdio.h>

#include "util/error.h"

/* The program is single-threaded; one slot is enough. */
static char last[1024];

int sf_error_set(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last, sizeof(last), fmt, ap);
	va_end(ap);
	return -1;
}

const char *sf_error_last(void)
{
	return last[0] ? last : "unknown error";
}

void sf_error_clear(void)
{
	last[0] = '\0';
}
