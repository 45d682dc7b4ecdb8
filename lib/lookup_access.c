/* lookup_access.c - what a POS program reads from a provenance. */
#include "lookup_private.h"

const agt_gs1 *
agt_provenance_code(const agt_provenance *p)
{
	return p->code;
}

const agt_record *
agt_provenance_lot(const agt_provenance *p)
{
	return p->lot;
}

const agt_record *
agt_provenance_supplier(const agt_provenance *p)
{
	return p->supplier;
}

const agt_record *
agt_provenance_category(const agt_provenance *p)
{
	return p->category;
}

size_t
agt_provenance_report_count(const agt_provenance *p)
{
	return p->nrep;
}

const agt_record *
agt_provenance_report(const agt_provenance *p, size_t i)
{
	return i < p->nrep ? p->rep[i].report : NULL;
}

const agt_record *
agt_provenance_agency(const agt_provenance *p, size_t i)
{
	return i < p->nrep ? p->rep[i].agency : NULL;
}

int
agt_provenance_report_current(const agt_provenance *p, size_t i)
{
	return i < p->nrep ? p->rep[i].current : 0;
}

int
agt_provenance_signature(const agt_provenance *p, size_t i)
{
	return i < p->nrep ? p->rep[i].sig : AGT_SIG_NONE;
}

size_t
agt_provenance_lot_count(const agt_provenance *p)
{
	return p->nlots;
}

const char *
agt_provenance_lot_key(const agt_provenance *p, size_t i)
{
	return i < p->nlots ? p->lots[i] : NULL;
}

const char *
agt_provenance_detail(const agt_provenance *p, unsigned warning)
{
	size_t i;

	for (i = 0; i < AGTI_NWARN; i++)
		if (warning == 1u << i)
			return (p->warnings & warning) ? p->detail[i] : NULL;
	return NULL;
}
