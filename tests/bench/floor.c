/*
 * The parse floors the benchmark compares scapforge with: how fast a
 * program that only pulls events from libyaml, or tokens from
 * scapforge's JSON reader, gets through an evidence file, doing nothing
 * with them.
 *
 *   bench_floor yaml|json FILE
 */
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "util/error.h"
#include "util/jsonread.h"

static int yaml_floor(FILE *in)
{
	yaml_parser_t p;
	yaml_event_t ev;
	unsigned long n = 0;
	int done = 0;

	if (!yaml_parser_initialize(&p))
		return 1;
	yaml_parser_set_input_file(&p, in);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			fprintf(stderr, "bench_floor: %s\n",
			        p.problem ? p.problem : "parse error");
			yaml_parser_delete(&p);
			return 1;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		n++;
	}
	yaml_parser_delete(&p);
	printf("%lu events\n", n);
	return 0;
}

static int json_floor(FILE *in, const char *name)
{
	sf_jsonread r;
	sf_jtok t;
	unsigned long n = 0;
	int rc = 0;

	sf_jsonread_init(&r, in, name);
	for (;;) {
		if (sf_jsonread_next(&r, &t) < 0) {
			fprintf(stderr, "bench_floor: %s\n", sf_error_last());
			rc = 1;
			break;
		}
		if (t.kind == SF_JTOK_END)
			break;
		n++;
	}
	sf_jsonread_release(&r);
	if (!rc)
		printf("%lu tokens\n", n);
	return rc;
}

int main(int argc, char **argv)
{
	FILE *in;
	int rc;

	if (argc != 3 || (strcmp(argv[1], "yaml") && strcmp(argv[1], "json"))) {
		fputs("usage: bench_floor yaml|json FILE\n", stderr);
		return 2;
	}
	in = fopen(argv[2], "rb");
	if (!in) {
		perror(argv[2]);
		return 1;
	}
	rc = !strcmp(argv[1], "yaml") ? yaml_floor(in) : json_floor(in, argv[2]);
	fclose(in);
	return rc;
}
