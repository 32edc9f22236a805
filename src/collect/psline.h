/*
 * What `docker ps --all` prints of a container, for DISA's exclusion
 * (`docker ps --all | grep -iv "ucp\|kube\|dtr"`): its COMMAND column.
 * The engine lists a container's command as its Path followed by each
 * argument, an argument that holds a space in single quotes; docker ps
 * cuts that to 20 display columns (East Asian wide and fullwidth
 * characters take two) ending in "…", and prints it quoted as Go's
 * strconv.Quote does. Text past the cut is not on the line, so DISA's
 * grep never sees it.
 */
#ifndef SF_COLLECT_PSLINE_H
#define SF_COLLECT_PSLINE_H

#include "util/buf.h"

/* Appends one argument to a command in the engine's list form. */
void sf_ps_command_add(sf_buf *command, const char *arg);
/* The COMMAND column for a command in the engine's list form; the
 * caller frees. */
char *sf_ps_command_column(const char *command);

#endif
