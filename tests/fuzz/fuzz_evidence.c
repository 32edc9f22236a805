/* libFuzzer target: docker inspect evidence, as scan reads it (the
 * filter with DISA's exclusion and the YAML paths of the OVAL objects).
 * Beyond crashes it checks the filter's invariants (evcheck.h): evidence
 * it accepts is written back as strict JSON with every container's
 * resolved modes and nothing Go would read otherwise; evidence it
 * refuses leaves no file. Use it with evidence.dict. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "collect/evidence.h"
#include "eval/ypath.h"
#include "evcheck.h"
#include "util/buf.h"
#include "util/error.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char *const texts[] = {"[:].Id", "[:].HostConfig.PidMode",
	                                    "[:].HostConfig.IpcMode", "[0]"};
	static const char *const names[] = {"in.json", "out.json"};
	const char *dir = sf_fuzz_dir();
	sf_buf in = SF_BUF_INIT, out = SF_BUF_INIT;
	sf_ypath *paths[4];
	sf_yvalues vals[4] = {{0}};
	sf_ypath_walker *w;
	sf_evidence ev = {0};
	sf_evidence_opts eo;
	FILE *f;
	size_t i;
	int rc;

	sf_buf_printf(&in, "%s/in.json", dir);
	sf_buf_printf(&out, "%s/out.json", dir);
	f = fopen(in.ptr, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	for (i = 0; i < 4; i++)
		if (sf_ypath_parse(&paths[i], texts[i]) < 0)
			abort();
	w = sf_ypath_walker_new(paths, 4, vals);
	memset(&eo, 0, sizeof(eo));
	eo.exclude = "ucp|kube|dtr";
	eo.walker = w;
	rc = sf_evidence_read(in.ptr, out.ptr, &eo, &ev);
	/* a refusal leaves nothing behind, not even a temporary file */
	sf_fuzz_check_listing(dir, names, rc == 0 ? 2 : 1);
	if (rc == 0)
		sf_fuzz_check_written(out.ptr, "ucp|kube|dtr", 0, &ev);
	else
		SF_FUZZ_CHECK(ev.nassessed == 0 && ev.assessed == NULL);
	sf_evidence_release(&ev);
	sf_ypath_walker_free(w);
	for (i = 0; i < 4; i++) {
		sf_yvalues_release(&vals[i]);
		sf_ypath_free(paths[i]);
	}
	unlink(in.ptr);
	unlink(out.ptr);
	sf_fuzz_check_listing(dir, names, 0);
	sf_buf_release(&in);
	sf_buf_release(&out);
	return 0;
}
