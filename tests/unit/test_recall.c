/* test_recall.c - recalls and holds: record rules, scopes, releases, and a
 * hold seen by a reader in another process. */
#include "config.h"

#include "coretest.h"

#include <sys/wait.h>

static agt_db *
open_sample(char **path)
{
	agt_db *db;

	*path = scratch_path();
	assert_int_equal(sample_create(*path, 0), AGT_OK);
	assert_int_equal(agt_db_open(&db, *path, 0), AGT_OK);
	return db;
}

/* Put a recall or release in its own transaction; the put's status. */
static int
put_hold(agt_db *db, int type, const char *scope, const char *target,
    const char *time, int *outcome)
{
	agt_record *r = NULL;
	agt_txn *t;
	int rc;

	assert_int_equal(agt_recall_new(&r, type, scope, target, "test",
	    "QA", time, NULL), AGT_OK);
	assert_int_equal(agt_txn_begin(&t, db, 0), AGT_OK);
	if ((rc = agt_put(t, r, outcome)) == AGT_OK)
		assert_int_equal(agt_txn_commit(t), AGT_OK);
	else
		agt_txn_abort(t);
	agt_record_free(r);
	return rc;
}

static int
held(agt_db *db, const char *lot, char *reason_out)
{
	agt_record *h = NULL;
	agt_txn *t;
	int rc;

	assert_int_equal(agt_txn_begin(&t, db, AGT_TXN_RDONLY), AGT_OK);
	rc = agt_hold_get(&h, t, lot);
	if (rc == AGT_OK && reason_out)
		strcpy(reason_out, agt_record_key(h));
	agt_record_free(h);
	agt_txn_abort(t);
	return rc;
}

static void
test_record_rules(void **state)
{
	agt_record *r = NULL;
	const char *why = NULL;

	(void)state;
	assert_int_equal(agt_recall_new(&r, AGT_T_LOT, "lot", "x", "r", NULL,
	    NULL, &why), AGT_EINVAL);
	assert_int_equal(agt_recall_new(&r, AGT_T_RECALL, "farm", "x", "r",
	    NULL, NULL, &why), AGT_EINVAL);
	assert_non_null(strstr(why, "scope"));
	assert_int_equal(agt_recall_new(&r, AGT_T_RECALL, "lot", "123/L1", "r",
	    NULL, NULL, &why), AGT_EINVAL);
	assert_int_equal(agt_recall_new(&r, AGT_T_RECALL, "lot",
	    "06901234567892", "r", NULL, NULL, &why), AGT_EINVAL);
	assert_int_equal(agt_recall_new(&r, AGT_T_RECALL, "gtin", "6901234567892",
	    "r", NULL, "2024-13-01T00:00:00Z", &why), AGT_EINVAL);
	assert_non_null(strstr(why, "time"));
	assert_int_equal(agt_recall_new(&r, AGT_T_RECALL, "gtin", "6901234567892",
	    NULL, NULL, NULL, &why), AGT_EINVAL);
	/* A GTIN-13 is normalised; the key is SCOPE:TARGET. */
	assert_int_equal(agt_recall_new(&r, AGT_T_RECALL, "lot",
	    "6901234567892/L1", "r", NULL, "2024-10-01T08:00:00Z", &why), AGT_OK);
	assert_string_equal(agt_record_key(r), "lot:06901234567892/L1");
	assert_string_equal(agt_record_get(r, AGT_F_TARGET), "06901234567892/L1");
	assert_int_equal(agt_record_validate(r, &why), AGT_OK);
	/* An ID that does not match scope and target is refused. */
	assert_int_equal(agt_record_set(r, AGT_F_ID, "lot:other"), AGT_OK);
	assert_int_equal(agt_record_validate(r, &why), AGT_EINVAL);
	agt_record_free(r);
}

static void
test_scopes(void **state)
{
	char *path, key[256];
	agt_db *db = open_sample(&path);
	int out = 0;

	(void)state;
	assert_int_equal(held(db, SAMPLE_LOT1, NULL), AGT_ENOTFOUND);
	/* One lot. */
	assert_int_equal(put_hold(db, AGT_T_RECALL, "lot", SAMPLE_LOT1, NULL,
	    &out), AGT_OK);
	assert_int_equal(out, AGT_PUT_NEW);
	assert_int_equal(held(db, SAMPLE_LOT1, key), AGT_OK);
	assert_string_equal(key, "lot:" SAMPLE_LOT1);
	assert_int_equal(held(db, SAMPLE_LOT2, NULL), AGT_ENOTFOUND);
	assert_int_equal(put_hold(db, AGT_T_RELEASE, "lot", SAMPLE_LOT1, NULL,
	    &out), AGT_OK);
	assert_int_equal(held(db, SAMPLE_LOT1, NULL), AGT_ENOTFOUND);
	/* Every lot of a GTIN, of a supplier, of a report. */
	assert_int_equal(put_hold(db, AGT_T_RECALL, "gtin", SAMPLE_GTIN1, NULL,
	    NULL), AGT_OK);
	assert_int_equal(held(db, SAMPLE_LOT2, key), AGT_OK);
	assert_string_equal(key, "gtin:" SAMPLE_GTIN1);
	assert_int_equal(held(db, SAMPLE_LOT3, NULL), AGT_ENOTFOUND);
	assert_int_equal(put_hold(db, AGT_T_RECALL, "supplier", "S002", NULL,
	    NULL), AGT_OK);
	assert_int_equal(held(db, SAMPLE_LOT3, key), AGT_OK);
	assert_string_equal(key, "supplier:S002");
	assert_int_equal(put_hold(db, AGT_T_RELEASE, "gtin", SAMPLE_GTIN1, NULL,
	    NULL), AGT_OK);
	assert_int_equal(put_hold(db, AGT_T_RECALL, "report", "R-2024-0001",
	    NULL, NULL), AGT_OK);
	assert_int_equal(held(db, SAMPLE_LOT1, key), AGT_OK);
	assert_string_equal(key, "report:R-2024-0001");
	assert_int_equal(held(db, SAMPLE_LOT2, NULL), AGT_ENOTFOUND);
	/* Unknown targets; a release of what was never recalled. */
	assert_int_equal(put_hold(db, AGT_T_RECALL, "lot", SAMPLE_GTIN1 "/NOPE",
	    NULL, NULL), AGT_ENOTFOUND);
	assert_int_equal(put_hold(db, AGT_T_RECALL, "supplier", "S999", NULL,
	    NULL), AGT_ENOTFOUND);
	assert_int_equal(put_hold(db, AGT_T_RELEASE, "supplier", "S001", NULL,
	    NULL), AGT_ENOTFOUND);
	assert_non_null(strstr(agt_errmsg(db), "no recall"));
	agt_db_close(db);
	scratch_free(path);
}

static void
test_rerecall_and_idempotence(void **state)
{
	char *path;
	agt_db *db = open_sample(&path);
	int out = 0;

	(void)state;
	assert_int_equal(put_hold(db, AGT_T_RECALL, "lot", SAMPLE_LOT2,
	    "2024-10-01T08:00:00Z", &out), AGT_OK);
	assert_int_equal(put_hold(db, AGT_T_RECALL, "lot", SAMPLE_LOT2,
	    "2024-10-01T08:00:00Z", &out), AGT_OK);
	assert_int_equal(out, AGT_PUT_UNCHANGED);
	assert_int_equal(put_hold(db, AGT_T_RELEASE, "lot", SAMPLE_LOT2,
	    "2024-10-02T08:00:00Z", &out), AGT_OK);
	assert_int_equal(put_hold(db, AGT_T_RELEASE, "lot", SAMPLE_LOT2,
	    "2024-10-02T08:00:00Z", &out), AGT_OK);
	assert_int_equal(out, AGT_PUT_UNCHANGED);
	assert_int_equal(held(db, SAMPLE_LOT2, NULL), AGT_ENOTFOUND);
	/* Recalled again after the release: held again. */
	assert_int_equal(put_hold(db, AGT_T_RECALL, "lot", SAMPLE_LOT2,
	    "2024-10-03T08:00:00Z", &out), AGT_OK);
	assert_int_equal(out, AGT_PUT_REVISED);
	assert_int_equal(held(db, SAMPLE_LOT2, NULL), AGT_OK);
	assert_int_equal(agt_verify(db, 0, NULL, NULL, NULL), AGT_OK);
	agt_db_close(db);
	scratch_free(path);
}

/* The POS decision for lot 1, as a point of sale gets it. */
static char
pos_status(agt_db *db)
{
	static const char code[] = "(01)06901234567892(10)L2024-001";
	agt_provenance *p;
	int st;

	if (agt_lookup(&p, db, code, strlen(code), NULL) != AGT_OK)
		return 'x';
	st = agt_provenance_status(p);
	agt_provenance_free(p);
	return st == AGT_POS_DO_NOT_SELL ? 'd' : st == AGT_POS_WARN ? 'w' : 's';
}

/* The child: a long-lived point of sale that looks lot 1 up when told. */
static int
reader(const char *path, int cmd, int ans)
{
	agt_db *db;
	char c;

	if (agt_db_open(&db, path, AGT_OPEN_RDONLY) != AGT_OK)
		return 10;
	c = pos_status(db);
	if (write(ans, &c, 1) != 1)
		return 11;
	while (read(cmd, &c, 1) == 1) {
		c = pos_status(db);
		if (write(ans, &c, 1) != 1)
			return 12;
	}
	agt_db_close(db);
	return 0;
}

static char
ask(int cmd, int ans)
{
	char c = '?';

	assert_int_equal(write(cmd, "?", 1), 1);
	assert_int_equal(read(ans, &c, 1), 1);
	return c;
}

static void
test_hold_seen_by_other_process(void **state)
{
	char *path = scratch_path(), c;
	int to_child[2], from_child[2], st;
	agt_db *db;
	pid_t pid;

	(void)state;
	assert_int_equal(sample_create(path, 0), AGT_OK);
	assert_int_equal(pipe(to_child), 0);
	assert_int_equal(pipe(from_child), 0);
	if ((pid = fork()) == 0) { /* the parent removes the scratch dir */
		close(to_child[1]);
		close(from_child[0]);
		st = reader(path, to_child[0], from_child[1]);
		free(path);
		_exit(st);
	}
	close(to_child[0]);
	close(from_child[1]);
	assert_int_equal(read(from_child[0], &c, 1), 1);
	assert_int_equal(c, 's');
	assert_int_equal(agt_db_open(&db, path, 0), AGT_OK);
	assert_int_equal(put_hold(db, AGT_T_RECALL, "lot", SAMPLE_LOT1, NULL,
	    NULL), AGT_OK);
	assert_int_equal(ask(to_child[1], from_child[0]), 'd');
	assert_int_equal(put_hold(db, AGT_T_RELEASE, "lot", SAMPLE_LOT1, NULL,
	    NULL), AGT_OK);
	assert_int_equal(ask(to_child[1], from_child[0]), 's');
	close(to_child[1]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	close(from_child[0]);
	agt_db_close(db);
	scratch_free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_rules),
		cmocka_unit_test(test_scopes),
		cmocka_unit_test(test_rerecall_and_idempotence),
		cmocka_unit_test(test_hold_seen_by_other_process),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
