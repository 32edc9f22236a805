#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit/emit.h"
#include "util/buf.h"
#include "util/error.h"

char *sf_xccdf_id(const sf_benchmark *b, const char *type, const char *name)
{
	sf_buf id = SF_BUF_INIT;

	sf_buf_printf(&id, "xccdf_%s_%s_%s", b->namespace, type, name);
	return sf_buf_detach(&id);
}

char *sf_oval_id(const sf_benchmark *b, const char *type, unsigned long n)
{
	sf_buf id = SF_BUF_INIT;

	sf_buf_printf(&id, "oval:%s:%s:%lu", b->oval_namespace, type, n);
	return sf_buf_detach(&id);
}

/* Days from 1970-01-01 to a civil date (proleptic Gregorian). */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

int sf_emit_timestamp(const sf_benchmark *b, const char *source_date_epoch,
                      long long *out)
{
	char *end;
	int y, m, d;

	if (source_date_epoch && *source_date_epoch) {
		long long t = strtoll(source_date_epoch, &end, 10);

		if (*end || t < 0 || t > 253402300799LL)
			return sf_error_set(
			    "SOURCE_DATE_EPOCH must be a number of seconds since 1970, not '%s'",
			    source_date_epoch);
		*out = t;
		return 0;
	}
	if (sscanf(b->date, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 ||
	    m > 12 || d < 1 || d > 31)
		return sf_error_set("benchmark date '%s' is not a valid date",
		                    b->date);
	*out = days_from_civil(y, (unsigned)m, (unsigned)d) * 86400;
	return 0;
}
