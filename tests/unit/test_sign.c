/*
 * test_sign.c - Ed25519 keys and report signatures: RFC 8032 test vector,
 * key files (0600, never overwritten, read back), report signatures that
 * cover the record and not its field order, and fail on any change; the
 * exact PEM that OpenSSL writes; base64 that refuses what is not canonical.
 */
#include "private.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

static void
unhex(unsigned char *out, const char *hex)
{
	while (hex[0] && hex[1]) {
		sscanf(hex, "%2hhx", out++);
		hex += 2;
	}
}

/* RFC 8032, section 7.1, TEST 2 (one-byte message 0x72). */
static void
test_rfc8032_vector(void **state)
{
	unsigned char sec[32], pub[32], want_pub[32], sig[64], want_sig[64];
	const unsigned char msg[1] = { 0x72 };

	(void)state;
	unhex(sec, "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
	unhex(want_pub, "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
	unhex(want_sig, "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
	    "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
	assert_int_equal(agt_key_public(pub, sec), AGT_OK);
	assert_memory_equal(pub, want_pub, 32);
	assert_int_equal(agt_signature_create(sig, msg, 1, sec), AGT_OK);
	assert_memory_equal(sig, want_sig, 64);
	assert_int_equal(agt_signature_verify(sig, msg, 1, pub), AGT_OK);
	sig[10] ^= 1;
	assert_int_equal(agt_signature_verify(sig, msg, 1, pub), AGT_ESIGNATURE);
}

static void
test_key_files(void **state)
{
	unsigned char sec[32], pub[32], sec2[32], pub2[32];
	char dir[] = "/tmp/agt-sign-XXXXXX", path[64];
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/a.key", dir);
	assert_int_equal(agt_key_generate(pub, sec), AGT_OK);
	assert_int_equal(agt_key_save(path, sec), AGT_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(agt_key_save(path, sec), AGT_EEXISTS);
	assert_int_equal(agt_key_load(sec2, pub2, path), AGT_OK);
	assert_memory_equal(sec, sec2, 32);
	assert_memory_equal(pub, pub2, 32);
	unlink(path);
	assert_int_equal(agt_key_load(sec2, NULL, path), AGT_ENOTFOUND);
	rmdir(dir);
}

static void
write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static char *
read_text(const char *path)
{
	static char buf[1024];
	FILE *fp = fopen(path, "r");
	size_t n;

	assert_non_null(fp);
	n = fread(buf, 1, sizeof buf - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/*
 * RFC 8032 TEST 2's key as `openssl pkey` writes it (PKCS #8) and as
 * `openssl pkey -pubout` writes its public key (SubjectPublicKeyInfo).
 */
static const char pem_private[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIEzNCJso/5banbbDRuwRTg9bijGfNaumJNqM9u1PuKb7\n"
    "-----END PRIVATE KEY-----\n";
static const char pem_public[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEAPUAXw+hDiVqStwqnTRt+vJyYLM8uxJaMwM1V8Sr0Zgw=\n"
    "-----END PUBLIC KEY-----\n";

static void
test_key_pem(void **state)
{
	unsigned char sec[32], pub[32], want_pub[32], got[32];
	char dir[] = "/tmp/agt-pem-XXXXXX", path[64];
	static const char *bad[] = {
		/* X25519's OID 1.3.101.110 */
		"-----BEGIN PRIVATE KEY-----\n"
		"MC4CAQAwBQYDK2VuBCIEIEzNCJso/5banbbDRuwRTg9bijGfNaumJNqM9u1PuKb7\n"
		"-----END PRIVATE KEY-----\n",
		/* a label that is not PKCS #8 */
		"-----BEGIN RSA PRIVATE KEY-----\n"
		"MC4CAQAwBQYDK2VwBCIEIEzNCJso/5banbbDRuwRTg9bijGfNaumJNqM9u1PuKb7\n"
		"-----END RSA PRIVATE KEY-----\n",
		/* no end line */
		"-----BEGIN PRIVATE KEY-----\n"
		"MC4CAQAwBQYDK2VwBCIEIEzNCJso/5banbbDRuwRTg9bijGfNaumJNqM9u1PuKb7\n",
		/* one byte short */
		"-----BEGIN PRIVATE KEY-----\n"
		"MC0CAQAwBQYDK2VwBCEEIEzNCJso/5banbbDRuwRTg9bijGfNaumJNqM9u1PuKY=\n"
		"-----END PRIVATE KEY-----\n",
	};
	size_t i;

	(void)state;
	unhex(sec, "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
	unhex(want_pub, "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/a.key", dir);
	assert_int_equal(agt_key_save(path, sec), AGT_OK);
	assert_string_equal(read_text(path), pem_private);
	assert_int_equal(agt_key_load(got, pub, path), AGT_OK);
	assert_memory_equal(got, sec, 32);
	assert_memory_equal(pub, want_pub, 32);
	/* a private key file gives the public key too */
	assert_int_equal(agt_replica_key_load(got, path, 0), AGT_OK);
	assert_memory_equal(got, want_pub, 32);
	unlink(path);

	snprintf(path, sizeof path, "%s/a.pub", dir);
	write_text(path, pem_public);
	assert_int_equal(agt_replica_key_load(got, path, 0), AGT_OK);
	assert_memory_equal(got, want_pub, 32);
	assert_int_equal(agt_replica_key_load(got, path, 1), AGT_EFORMAT);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		write_text(path, bad[i]);
		assert_int_equal(agt_key_load(got, NULL, path), AGT_EFORMAT);
	}
	unlink(path);
	rmdir(dir);
}

static void
test_base64(void **state)
{
	static const struct {
		const char *text;
		const char *want; /* NULL: AGT_EFORMAT */
	} cases[] = {
		{ "", "" }, { "Zg==", "f" }, { "Zm8=", "fo" }, { "Zm9v", "foo" },
		{ " Zm9v\nYmFy\t", "foobar" }, { "Zm9v\vYm\rE=\n", "fooba" },
		{ "Zm9vYg", NULL }, { "Zg=", NULL }, { "Zm9vYmFy=", NULL },
		{ "Zg==Zg==", NULL }, { "====", NULL }, { "A===", NULL },
		{ "A=AA", NULL }, { "AB==", NULL }, { "Zm9-", NULL },
		{ "!!!!", NULL }, { "Zm9vYmFy----", NULL },
		/* bytes over 0x7f, which libsodium 1.0.18 takes for letters */
		{ "Zm9\x96", NULL }, { "Zm9\xff", NULL }, { "\x80m9v", NULL },
		{ "Zm\xc3\xa9", NULL },
	};
	static const char *plain[] = { "", "f", "fo", "foo", "foob", "fooba",
		"foobar" };
	static const char *b64[] = { "", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==",
		"Zm9vYmE=", "Zm9vYmFy" };
	unsigned char *bin;
	size_t i, len;
	char *s;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = agt_base64_decode(&bin, &len, cases[i].text);

		if (cases[i].want == NULL) {
			assert_int_equal(rc, AGT_EFORMAT);
			assert_null(bin);
			continue;
		}
		assert_int_equal(rc, AGT_OK);
		assert_int_equal(len, strlen(cases[i].want));
		assert_memory_equal(bin, cases[i].want, len);
		agt_free(bin);
	}
	/* RFC 4648, section 10 */
	for (i = 0; i < sizeof plain / sizeof plain[0]; i++) {
		assert_int_equal(agt_base64_encode(&s, plain[i], strlen(plain[i])),
		    AGT_OK);
		assert_string_equal(s, b64[i]);
		agt_free(s);
	}
}

static agt_record *
report(int items_first)
{
	agt_record *r, *ref, *item;

	assert_int_equal(agt_record_new(&r, AGT_T_REPORT), AGT_OK);
	assert_int_equal(agt_record_new(&ref, AGT_T_LOTREF), AGT_OK);
	assert_int_equal(agt_record_new(&item, AGT_T_ITEM), AGT_OK);
	assert_int_equal(agt_record_set(ref, AGT_F_GTIN, "06901234567892"), AGT_OK);
	assert_int_equal(agt_record_set(ref, AGT_F_LOT, "L1"), AGT_OK);
	assert_int_equal(agt_record_set(item, AGT_F_ANALYTE, "lead (Pb)"), AGT_OK);
	assert_int_equal(agt_record_set(item, AGT_F_VALUE, "0.04"), AGT_OK);
	if (items_first)
		assert_int_equal(agt_record_add_child(r, AGT_F_ITEM, item), AGT_OK);
	assert_int_equal(agt_record_set(r, AGT_F_ID, "R1"), AGT_OK);
	assert_int_equal(agt_record_set(r, AGT_F_AGENCY, "A01"), AGT_OK);
	assert_int_equal(agt_record_add_child(r, AGT_F_LOTREF, ref), AGT_OK);
	if (!items_first)
		assert_int_equal(agt_record_add_child(r, AGT_F_ITEM, item), AGT_OK);
	assert_int_equal(agt_record_set(r, AGT_F_VERDICT, "pass"), AGT_OK);
	agt_record_free(ref);
	agt_record_free(item);
	return r;
}

static void
test_report_signatures(void **state)
{
	unsigned char sec[32], pub[32], other[32], osec[32];
	agt_record *a = report(0), *b = report(1), *lot;
	const char *sig;
	size_t len;

	(void)state;
	assert_int_equal(agt_key_generate(pub, sec), AGT_OK);
	assert_int_equal(agt_key_generate(other, osec), AGT_OK);
	assert_int_equal(agt_report_verify(a, pub), AGT_ESIGNATURE); /* unsigned */
	assert_int_equal(agt_report_sign(a, sec), AGT_OK);
	assert_int_equal(agt_report_verify(a, pub), AGT_OK);
	assert_int_equal(agt_report_verify(a, other), AGT_ESIGNATURE);
	/* The same fields set in another order: the same signature. */
	sig = agt_record_get_nth(a, AGT_F_SIGNATURE, 0, &len);
	assert_int_equal(len, AGT_SIG_LEN);
	assert_int_equal(agt_record_set_bytes(b, AGT_F_SIGNATURE, sig, len), AGT_OK);
	assert_int_equal(agt_report_verify(b, pub), AGT_OK);
	/* Any change breaks it. */
	assert_int_equal(agt_record_set(b, AGT_F_VERDICT, "fail"), AGT_OK);
	assert_int_equal(agt_report_verify(b, pub), AGT_ESIGNATURE);
	assert_int_equal(agt_record_new(&lot, AGT_T_LOT), AGT_OK);
	assert_int_equal(agt_report_sign(lot, sec), AGT_EINVAL);
	agt_record_free(lot);
	agt_record_free(a);
	agt_record_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc8032_vector),
		cmocka_unit_test(test_key_files),
		cmocka_unit_test(test_key_pem),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_report_signatures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
