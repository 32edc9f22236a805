/* libFuzzer target: docker inspect evidence, as scan reads it (the
 * filter with DISA's exclusion and the YAML paths of the OVAL objects). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "collect/evidence.h"
#include "eval/ypath.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char *const texts[] = {"[:].Id", "[:].HostConfig.PidMode",
	                                    "[:].HostConfig.IpcMode", "[0]"};
	char in[] = "/tmp/sf-fuzz-evidence.XXXXXX";
	char out[64];
	sf_ypath *paths[4];
	sf_yvalues vals[4] = {{0}};
	sf_ypath_walker *w;
	sf_evidence ev = {0};
	int fd = mkstemp(in);
	size_t i;

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	snprintf(out, sizeof(out), "%s.out", in);
	for (i = 0; i < 4; i++)
		if (sf_ypath_parse(&paths[i], texts[i]) < 0)
			abort();
	w = sf_ypath_walker_new(paths, 4, vals);
	sf_evidence_filter_walk(in, "ucp|kube|dtr", 0, out, NULL, w, &ev);
	sf_evidence_release(&ev);
	sf_ypath_walker_free(w);
	for (i = 0; i < 4; i++) {
		sf_yvalues_release(&vals[i]);
		sf_ypath_free(paths[i]);
	}
	unlink(in);
	unlink(out);
	return 0;
}
