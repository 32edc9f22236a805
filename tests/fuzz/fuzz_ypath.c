/* libFuzzer target: YAML paths over any text (JSON or YAML), and the
 * path parser itself on the first line of the input. */
#include <stdlib.h>
#include <string.h>

#include "eval/ypath.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char *const texts[] = {".a.b", "[:].x", "[1]", "[:]"};
	sf_ypath *paths[5];
	sf_yvalues vals[5];
	const char *nl = memchr(data, '\n', size);
	size_t n = 0, i, first = nl ? (size_t)(nl - (const char *)data) : size;
	char *line = malloc(first + 1);

	memcpy(line, data, first);
	line[first] = '\0';
	for (i = 0; i < 4; i++)
		if (sf_ypath_parse(&paths[n], texts[i]) == 0)
			n++;
	if (sf_ypath_parse(&paths[n], line) == 0)
		n++;
	memset(vals, 0, sizeof(vals));
	sf_ypath_eval_string((const char *)data, size, paths, n, vals);
	for (i = 0; i < n; i++) {
		sf_yvalues_release(&vals[i]);
		sf_ypath_free(paths[i]);
	}
	free(line);
	return 0;
}
