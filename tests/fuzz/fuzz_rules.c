/* libFuzzer target: a rule file as the loader reads it, beside the test
 * fixture's benchmark.yml (the seed corpus: tests/data/rules). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load/rules.h"
#include "util/buf.h"
#include "util/fsio.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static char dir[] = "/tmp/sf-fuzz-rules.XXXXXX";
	static int ready;
	sf_benchmark *b = NULL;
	sf_diags d;
	sf_buf text = SF_BUF_INIT;
	char *rule;
	FILE *f;

	if (!ready) {
		char *bench;

		if (!mkdtemp(dir) ||
		    sf_file_read(SF_SOURCE_DIR
		                 "/tests/data/rules/benchmark.yml",
		                 &text) < 0)
			abort();
		bench = sf_path_join(dir, "benchmark.yml");
		f = fopen(bench, "w");
		fwrite(text.ptr, 1, text.len, f);
		fclose(f);
		free(bench);
		sf_buf_release(&text);
		ready = 1;
	}
	rule = sf_path_join(dir, "DKER-EE-001240.yml");
	f = fopen(rule, "w");
	fwrite(data, 1, size, f);
	fclose(f);
	sf_diags_init(&d);
	if (sf_rules_load(&b, dir, &d) == 0)
		sf_benchmark_free(b);
	sf_diags_format(&d, 1, &text);
	sf_buf_release(&text);
	sf_diags_release(&d);
	free(rule);
	return 0;
}
