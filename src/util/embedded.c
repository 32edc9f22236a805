#include <string.h>

#include "util/embedded.h"

const sf_embedded *sf_embedded_find(const char *name)
{
	const sf_embedded *e;

	for (e = sf_embedded_files; e->name; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}
