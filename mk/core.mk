# Register core: records, ledger, storage, verify (issue 2).
lib_libagtrace_internal_la_SOURCES += lib/agtrace.h lib/private.h \
	lib/version.c lib/status.c lib/error.c lib/base64.c \
	lib/record_private.h lib/db_private.h lib/store_private.h \
	lib/record.c lib/names.c lib/key.c lib/gtin.c lib/validate.c \
	lib/encode.c lib/decode.c lib/db.c lib/txn.c lib/ledger.c \
	lib/secondary.c lib/store.c lib/list.c lib/verify.c lib/verify_sig.c
cli_agtrace_SOURCES += cli/cmd_db.c cli/cmd_show.c

TESTS += tests/cli/header.sh tests/cli/symbols.sh
dist_man_MANS += man/agtrace.1 man/libagtrace.3
EXTRA_DIST += tests/cli/header.sh tests/cli/symbols.sh

if HAVE_MANDOC
TESTS += tests/cli/manlint.sh
endif
EXTRA_DIST += tests/cli/manlint.sh

if HAVE_CMOCKA
endif
