#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "collect/psline.h"

#define COMMAND_WIDTH 20

void sf_ps_command_add(sf_buf *command, const char *arg)
{
	if (command->len)
		sf_buf_putc(command, ' ');
	if (strchr(arg, ' ')) {
		sf_buf_putc(command, '\'');
		sf_buf_puts(command, arg);
		sf_buf_putc(command, '\'');
	} else {
		sf_buf_puts(command, arg);
	}
}

/* One UTF-8 character at s (valid: the evidence reader checked it). */
static size_t decode(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0) {
		*cp = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
		return 2;
	}
	if ((s[0] & 0xF0) == 0xE0) {
		*cp = (uint32_t)(s[0] & 0x0F) << 12 |
		      (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
		return 3;
	}
	*cp = (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
	      (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
	return 4;
}

/* Unicode's East Asian Wide and Fullwidth blocks. */
static int width(uint32_t cp)
{
	static const uint32_t wide[][2] = {
	    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},
	    {0x23E9, 0x23EC},   {0x23F0, 0x23F0},   {0x23F3, 0x23F3},
	    {0x25FD, 0x25FE},   {0x2614, 0x2615},   {0x2648, 0x2653},
	    {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
	    {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},
	    {0x26CE, 0x26CE},   {0x26D4, 0x26D4},   {0x26EA, 0x26EA},
	    {0x26F2, 0x26F3},   {0x26F5, 0x26F5},   {0x26FA, 0x26FA},
	    {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
	    {0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},
	    {0x2753, 0x2755},   {0x2757, 0x2757},   {0x2795, 0x2797},
	    {0x27B0, 0x27B0},   {0x27BF, 0x27BF},   {0x2B1B, 0x2B1C},
	    {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
	    {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},
	    {0xA000, 0xA4CF},   {0xA960, 0xA97F},   {0xAC00, 0xD7A3},
	    {0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},
	    {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4},
	    {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004},
	    {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A},
	    {0x1F200, 0x1F251}, {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF},
	    {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF}, {0x1FA70, 0x1FAFF},
	    {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD}};
	size_t i;

	if (cp < wide[0][0])
		return 1;
	for (i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
		if (cp >= wide[i][0] && cp <= wide[i][1])
			return 2;
	return 1;
}

/* Go's strconv.Quote: printable characters as they are, the rest
 * escaped. */
static void quote(sf_buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;

	sf_buf_putc(b, '"');
	while (i < len) {
		n = decode(p + i, &cp);
		if (cp == '"' || cp == '\\')
			sf_buf_printf(b, "\\%c", (char)cp);
		else if (cp == '\n')
			sf_buf_puts(b, "\\n");
		else if (cp == '\t')
			sf_buf_puts(b, "\\t");
		else if (cp == '\r')
			sf_buf_puts(b, "\\r");
		else if (cp < 0x20 || cp == 0x7F)
			sf_buf_printf(b, "\\x%02x", (unsigned)cp);
		else if (cp >= 0x80 && cp < 0xA0)
			sf_buf_printf(b, "\\u%04x", (unsigned)cp);
		else
			sf_buf_put(b, s + i, n);
		i += n;
	}
	sf_buf_putc(b, '"');
}

char *sf_ps_command_column(const char *command)
{
	const unsigned char *p = (const unsigned char *)command;
	size_t len = strlen(command), i = 0, cut = len, n;
	int total = 0;
	uint32_t cp;
	sf_buf b = SF_BUF_INIT;

	/* the last character that ends within 19 columns is kept */
	while (i < len && total <= COMMAND_WIDTH) {
		n = decode(p + i, &cp);
		total += width(cp);
		if (total > COMMAND_WIDTH - 1 && cut == len)
			cut = i;
		i += n;
	}
	if (total <= COMMAND_WIDTH) {
		quote(&b, command, len);
	} else {
		sf_buf b2 = SF_BUF_INIT;

		sf_buf_put(&b2, command, cut);
		sf_buf_puts(&b2, "\xE2\x80\xA6");
		quote(&b, b2.ptr, b2.len);
		sf_buf_release(&b2);
	}
	return sf_buf_detach(&b);
}
