/* cmd_keys.c - agtrace keygen and agtrace sign (agency Ed25519 keys). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char keygen_usage[] =
    "usage: agtrace keygen -o KEYFILE\n"
    "       agtrace keygen --public KEYFILE\n"
    "Make an Ed25519 key pair for an inspection agency: the private key goes\n"
    "to a new file KEYFILE (PEM PKCS #8, mode 0600) and the public key, in\n"
    "base64 for the agency's <public-key>, to standard output.  --public\n"
    "prints the public key of an existing private key file.\n";

static int
print_public(const unsigned char pub[AGT_PUBKEY_LEN])
{
	char *b64;

	if (agt_base64_encode(&b64, pub, AGT_PUBKEY_LEN) != AGT_OK) {
		cli_warnx(NULL, "out of memory");
		return EXIT_SOFTWARE;
	}
	printf("%s\n", b64);
	agt_free(b64);
	return EXIT_OK;
}

static int
keygen_new(const char *path)
{
	unsigned char pub[AGT_PUBKEY_LEN], sec[AGT_SECKEY_LEN];
	int rc;

	if ((rc = agt_key_generate(pub, sec)) == AGT_OK)
		rc = agt_key_save(path, sec);
	memset(sec, 0, sizeof sec);
	if (rc == AGT_EEXISTS) {
		cli_warnx(path, "exists: not overwriting a key");
		return EXIT_CANTCREAT;
	}
	if (rc != AGT_OK)
		return cli_fail(NULL, path, rc) == EXIT_IOERR ? EXIT_CANTCREAT :
		    EXIT_SOFTWARE;
	return print_public(pub);
}

static int
keygen_public(const char *path)
{
	unsigned char pub[AGT_PUBKEY_LEN], sec[AGT_SECKEY_LEN];
	int rc = agt_key_load(sec, pub, path);

	memset(sec, 0, sizeof sec);
	if (rc != AGT_OK) {
		cli_fail(NULL, path, rc);
		return cli_input_exit(rc);
	}
	return print_public(pub);
}

int
cmd_keygen(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "public", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *out = NULL, *pub = NULL;
	int ch;

	(void)cli;
	while ((ch = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'o': out = optarg; break;
		case 'p': pub = optarg; break;
		case 'h':
			fputs(keygen_usage, stdout);
			return EXIT_OK;
		default:
			return cli_usage(keygen_usage);
		}
	}
	if (optind != argc || (out == NULL) == (pub == NULL))
		return cli_usage(keygen_usage);
	return out != NULL ? keygen_new(out) : keygen_public(pub);
}

/* ---- sign ---- */

static const char sign_usage[] =
    "usage: agtrace sign -k KEYFILE [-a AGENCY] BATCH | -\n"
    "Sign every inspection report of one agency in a batch and write the\n"
    "batch to standard output.  The agency is AGENCY, else the agency of\n"
    "the batch whose <public-key> is KEYFILE's public key.  A signature\n"
    "covers the report's record, not its XML layout.\n";

static int
sign_file(const char *keyfile, const char *agency, const char *path)
{
	unsigned char sec[AGT_SECKEY_LEN];
	char *xml, *out;
	size_t len, outlen, n = 0;
	int rc;

	if ((rc = agt_key_load(sec, NULL, keyfile)) != AGT_OK) {
		cli_fail(NULL, keyfile, rc);
		return cli_input_exit(rc);
	}
	if ((rc = cli_read_input(path, CLI_MAX_BATCH, "a batch to sign", &xml,
	    &len)) != EXIT_OK) {
		memset(sec, 0, sizeof sec);
		return rc;
	}
	rc = agt_batch_sign(&out, &outlen, xml, len, agency, sec, &n);
	memset(sec, 0, sizeof sec);
	free(xml);
	if (rc != AGT_OK)
		return cli_fail(NULL, path, rc) == EXIT_NOTFOUND ? EXIT_DATAERR :
		    cli_exit_code(rc);
	rc = fwrite(out, 1, outlen, stdout) == outlen && fflush(stdout) == 0;
	agt_free(out);
	if (!rc) {
		cli_warnx("sign", "cannot write the output");
		return EXIT_IOERR;
	}
	fprintf(stderr, "agtrace: sign: %zu report%s signed\n", n,
	    n == 1 ? "" : "s");
	return EXIT_OK;
}

int
cmd_sign(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "agency", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *key = NULL, *agency = NULL;
	int ch;

	(void)cli;
	while ((ch = getopt_long(argc, argv, "k:a:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'k': key = optarg; break;
		case 'a': agency = optarg; break;
		case 'h':
			fputs(sign_usage, stdout);
			return EXIT_OK;
		default:
			return cli_usage(sign_usage);
		}
	}
	if (key == NULL || optind + 1 != argc)
		return cli_usage(sign_usage);
	return sign_file(key, agency, argv[optind]);
}
