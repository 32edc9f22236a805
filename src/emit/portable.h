/*
 * How the portable definitions read Docker's container files, shared
 * with the reader that must see them as the definitions do
 * (collect/dataroot): the regular expressions over one-line JSON that
 * find a member's value (see oval_portable.c), and the values read.
 */
#ifndef SF_EMIT_PORTABLE_H
#define SF_EMIT_PORTABLE_H

#include <stddef.h>

#include "util/buf.h"

/* A container's folder name: its ID. */
#define SF_PORTABLE_ID_RE "[0-9a-f]{64}"

/* What follows a key: its value, the first group capturing what the
 * definitions read. */
#define SF_PORTABLE_NAME_VALUE "\"/?([^\"]*)\""  /* the leading '/' off */
#define SF_PORTABLE_STRING_VALUE "\"([^\"]*)\""  /* image, a mode */
#define SF_PORTABLE_JOINER_VALUE "\"container:([^\"]*)\""
/* The command as Docker stores it: Path's text, then Args as JSON. */
#define SF_PORTABLE_COMMAND_VALUE                                              \
	"\"((?:[^\"\\\\]|\\\\.)*\",\"Args\":\\[(?:[^\\]\"]|\"(?:[^\"\\\\]|\\\\.)*\")*\\])"

/* Appends to b the pattern of value_re as the value of keys[n - 1], a
 * member of the object that is keys[n - 2]'s value, ..., in the
 * top-level object of a one-line JSON file: never a key of the same name
 * inside some other value. */
void sf_portable_member_pattern(sf_buf *b, const char *const *keys, size_t n,
                                const char *value_re);

#endif
