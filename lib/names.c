/* names.c - names and kinds of record types and fields. */
#include "record_private.h"

#include <string.h>

static const char *const type_names[] = {
	[AGT_T_CATEGORY] = "category",
	[AGT_T_SUPPLIER] = "supplier",
	[AGT_T_AGENCY] = "agency",
	[AGT_T_SALESPOINT] = "sales-point",
	[AGT_T_LOT] = "lot",
	[AGT_T_REPORT] = "report",
	[AGT_T_SHIPMENT] = "shipment",
	[AGT_T_RECALL] = "recall",
	[AGT_T_RELEASE] = "release",
	[AGT_T_ITEM] = "item",
	[AGT_T_LOTREF] = "lotref",
};

#define T AGTI_K_TEXT
#define B AGTI_K_BYTES
#define N AGTI_K_NESTED

/* One row per field tag: its name (JSON key, XML element) and its kind. */
const struct agti_field_def agti_fields[AGT_F_LIMIT] = {
	[AGT_F_ID] = { "id", T },
	[AGT_F_NAME] = { "name", T },
	[AGT_F_NAME_ZH] = { "name_zh", T },
	[AGT_F_GROUP] = { "group", T },
	[AGT_F_REGION] = { "region", T },
	[AGT_F_LICENCE] = { "licence", T },
	[AGT_F_CONTACT] = { "contact", T },
	[AGT_F_CERTIFICATION] = { "certification", T },
	[AGT_F_ACCREDITATION] = { "accreditation", T },
	[AGT_F_PUBKEY] = { "pubkey", B },
	[AGT_F_ADDRESS] = { "address", T },
	[AGT_F_GTIN] = { "gtin", T },
	[AGT_F_LOT] = { "lot", T },
	[AGT_F_SUPPLIER] = { "supplier", T },
	[AGT_F_CATEGORY] = { "category", T },
	[AGT_F_PRODUCT] = { "product", T },
	[AGT_F_ORIGIN_COUNTRY] = { "origin_country", T },
	[AGT_F_ORIGIN_PLACE] = { "origin_place", T },
	[AGT_F_HARVESTED] = { "harvested", T },
	[AGT_F_PRODUCED] = { "produced", T },
	[AGT_F_PACKED] = { "packed", T },
	[AGT_F_EXPIRES] = { "expires", T },
	[AGT_F_QUANTITY] = { "quantity", T },
	[AGT_F_UNIT] = { "unit", T },
	[AGT_F_ALIAS] = { "alias", T },
	[AGT_F_AGENCY] = { "agency", T },
	[AGT_F_SAMPLED] = { "sampled", T },
	[AGT_F_ISSUED] = { "issued", T },
	[AGT_F_VERDICT] = { "verdict", T },
	[AGT_F_SUPERSEDES] = { "supersedes", T },
	[AGT_F_LOTREF] = { "lotref", N },
	[AGT_F_ITEM] = { "item", N },
	[AGT_F_ANALYTE] = { "analyte", T },
	[AGT_F_METHOD] = { "method", T },
	[AGT_F_VALUE] = { "value", T },
	[AGT_F_ITEM_LIMIT] = { "limit", T },
	[AGT_F_SIGNATURE] = { "signature", B },
	[AGT_F_SALESPOINT] = { "sales_point", T },
	[AGT_F_SHIPPED] = { "shipped", T },
	[AGT_F_REASON] = { "reason", T },
	[AGT_F_ISSUER] = { "issuer", T },
	[AGT_F_TIME] = { "time", T },
	[AGT_F_SCOPE] = { "scope", T },
	[AGT_F_TARGET] = { "target", T },
};

const char *
agt_type_name(int type)
{
	if (type <= 0 || (size_t)type >= sizeof type_names / sizeof type_names[0])
		return NULL;
	return type_names[type];
}

int
agt_type_from_name(const char *name)
{
	size_t i;

	if (name == NULL)
		return 0;
	if (strcmp(name, "salespoint") == 0 || strcmp(name, "sales_point") == 0)
		return AGT_T_SALESPOINT;
	for (i = 1; i < sizeof type_names / sizeof type_names[0]; i++)
		if (type_names[i] != NULL && strcmp(type_names[i], name) == 0)
			return (int)i;
	return 0;
}

const char *
agt_field_name(int field)
{
	if (field <= 0 || field >= AGT_F_LIMIT)
		return NULL;
	return agti_fields[field].name;
}

int
agt_field_from_name(const char *name)
{
	int f;

	if (name == NULL)
		return 0;
	for (f = 1; f < AGT_F_LIMIT; f++)
		if (agti_fields[f].name != NULL && strcmp(agti_fields[f].name, name) == 0)
			return f;
	return 0;
}

int
agt_field_is_binary(int field)
{
	return agti_field_kind(field) == AGTI_K_BYTES;
}
