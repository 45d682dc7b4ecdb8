/*
 * import-fuzzer.c - libFuzzer harness for the batch importer: any bytes
 * are a batch file given to agt_import_memory() in a dry run on a scratch
 * register that already holds categories, a supplier, an agency with a
 * real Ed25519 key and a sales point, so references and signatures are
 * checked too.  A dry run keeps nothing, so every input sees the same
 * register.  The importer must never crash, leak, or accept a file and
 * then fail to commit it.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agtrace.h"
#include "../tools/rmtree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static const char base[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<batch xmlns=\"urn:agtrace:batch:1\">\n"
    "<category code=\"V05\" group=\"fruit-vegetable\" name=\"Choy sum\"/>\n"
    "<category code=\"V06\" group=\"fruit-vegetable\" name=\"Pak choi\"/>\n"
    "<category code=\"L01\" group=\"livestock\" name=\"Pork\"/>\n"
    "<category code=\"F09\" group=\"fish-bee\" name=\"Honey\"/>\n"
    "<agency id=\"A01\" name=\"Pearl River Food Testing Centre\" "
    "accreditation=\"CNAS L2817\"><public-key alg=\"ed25519\">"
    "cg2PLaw1caisfNAbZfYrcJxnWM6WMBPf0Rd9C63GoUk=</public-key></agency>\n"
    "<supplier id=\"S0001\" name=\"Taishan Agricultural Co., Ltd.\"/>\n"
    "<sales-point id=\"P0001\" name=\"Zengcheng Fresh Market No. 1\"/>\n"
    "<lot gtin=\"06901234567892\" lot=\"L20261120A\" supplier=\"S0001\" "
    "category=\"V05\" product=\"Choy sum\" origin-country=\"156\"/>\n"
    "</batch>\n";

static agt_db *db;
static char dir[64];

static void
cleanup(void)
{
	agt_db_close(db);
	rm_tree(dir);
}

static int
import(const void *xml, size_t len, unsigned flags)
{
	agt_import_options opts = AGT_IMPORT_OPTIONS_INIT;
	agt_import *imp;
	int rc;

	opts.flags = flags;
	opts.max_errors = 20;
	if (agt_import_new(&imp, db, &opts) != AGT_OK)
		abort();
	rc = agt_import_memory(imp, "fuzz.xml", xml, len);
	if (agt_import_commit(imp) == AGT_OK && rc != AGT_OK)
		abort(); /* a file with an error must not commit */
	agt_import_free(imp);
	return rc;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[96];

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof dir, "%s", "/tmp/agtrace-import-fuzz-XXXXXX");
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof path, "%s/reg", dir);
	if (agt_db_create(&db, path) != AGT_OK ||
	    import(base, sizeof base - 1, 0) != AGT_OK) {
		fprintf(stderr, "import-fuzzer: base: %s\n", agt_errmsg(db));
		abort();
	}
	atexit(cleanup);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	import(data, size, AGT_IMPORT_DRY_RUN);
	return 0;
}
