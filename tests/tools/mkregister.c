/*
 * mkregister - create a small sample register through the public API
 * (tests/tools/sample.c says what it holds), for CLI tests and for trying
 * commands before a batch import exists.
 *
 *	mkregister DIR [EXTRA_LOTS]
 */
#include <stdio.h>
#include <stdlib.h>

#include "sample.h"

int
main(int argc, char **argv)
{
	unsigned long extra = 0;
	int rc;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: mkregister DIR [EXTRA_LOTS]\n");
		return 64;
	}
	if (argc == 3)
		extra = strtoul(argv[2], NULL, 10);
	if ((rc = sample_create(argv[1], extra)) != AGT_OK) {
		fprintf(stderr, "mkregister: %s: %s\n", argv[1], agt_strerror(rc));
		return 1;
	}
	return 0;
}
