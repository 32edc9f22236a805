#include <regex.h>
#include <string.h>

#include "util/buf.h"
#include "util/text.h"

int sf_text_matches(const char *pattern, const char *s)
{
	regex_t re;
	int ok;

	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
		return 0;
	ok = regexec(&re, s, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

char *sf_text_trimmed(const char *s)
{
	size_t n = strlen(s);

	while (n && strchr(" \t\r\n", s[n - 1]))
		n--;
	return sf_xstrndup(s, n);
}
