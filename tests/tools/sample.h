/*
 * sample.h - a small register filled through the public API, for tests
 * and for tests/tools/mkregister.  See sample.c for what it holds.
 */
#ifndef AGT_SAMPLE_H
#define AGT_SAMPLE_H

#include "agtrace.h"

/* GTINs and lots of the sample (valid check digits). */
#define SAMPLE_GTIN1 "06901234567892"
#define SAMPLE_GTIN2 "06901234567908"
#define SAMPLE_LOT1 SAMPLE_GTIN1 "/L2024-001"
#define SAMPLE_LOT2 SAMPLE_GTIN1 "/L2024-002"
#define SAMPLE_LOT3 SAMPLE_GTIN2 "/H-7"

/* A record of TYPE with fields given as (field, value) pairs, 0-ended. */
agt_record *sample_record(int type, ...);

/*
 * Put the sample into T: 3 categories, 2 suppliers, 1 agency, 2 sales
 * points, 3 lots (lot 1 revised once), 2 reports, 2 shipments; then
 * EXTRA more lots of supplier S002 under GTIN 00950110153007 (bulk tests).
 * Returns AGT_OK or the first failure.
 */
int sample_fill(agt_txn *t, unsigned long extra);

/* Create a register at PATH and fill it with sample_fill(). */
int sample_create(const char *path, unsigned long extra);

#endif
