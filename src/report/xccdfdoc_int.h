/*
 * Internal to report/: how the reader of xccdfdoc.c keeps the elements
 * of one per container as rows (xccdfrows.c).
 */
#ifndef SF_REPORT_XCCDFDOC_INT_H
#define SF_REPORT_XCCDFDOC_INT_H

#include "report/xccdfdoc.h"

/* The element (uri, prefix, name) is one of those kept as rows. */
int sf_xrows_kept(const char *uri, const char *name);
/* Starts a row of that element under parent, in the list of its name
 * there (made, with its placeholder, for the first one); returns the
 * list's index. */
size_t sf_xrows_start(sf_xccdfdoc *d, xmlNodePtr parent, const char *uri,
                      const char *prefix, const char *name);
/* An attribute of the row being read (value: len bytes). */
void sf_xrows_add_attr(sf_xccdfdoc *d, size_t list, const char *name,
                       const char *value, size_t len);
/* Its text, once it has ended. */
void sf_xrows_set_text(sf_xccdfdoc *d, size_t list, const char *text,
                       size_t len);
/* Once read: each placeholder says how many rows it stands for, and the
 * parents are let go. */
void sf_xrows_seal(sf_xccdfdoc *d);

#endif
