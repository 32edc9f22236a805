/* libFuzzer target: an ARF as scapforge report and scapforge checklist
 * read it (seed corpus: ARFs written by scapforge scan). */
#include <stdlib.h>
#include <unistd.h>

#include "report/checklist.h"
#include "report/html.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char in[] = "/tmp/sf-fuzz-arf.XXXXXX";
	int fd = mkstemp(in);

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	sf_checklist_write(in, "/tmp/sf-fuzz-arf.ckl", "/tmp/sf-fuzz-arf.cklb");
	sf_html_write(in, "/tmp/sf-fuzz-arf.html");
	unlink(in);
	return 0;
}
