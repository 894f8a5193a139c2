/*
 * Unit tests for tools/xenstored's core: tree operations, Xen's permission
 * model (a domain cannot read or write another's nodes, owners, default
 * access, special paths), transactions (isolation, commit, EAGAIN on a
 * conflicting change, abort), watches (initial event, relative paths,
 * removal, permission filtering, special watches), quotas, and the domain
 * requests, domain deaths and shutdowns (xs_domain_check).  Requests go through the real framing and dispatcher
 * (xs_harness.h); dom0 is a socket-like privileged connection, domains 1
 * to 3 are introduced through XS_INTRODUCE.
 */
#include "check.h"
#include "xs_harness.h"

static struct xs_store st;
static struct xs_conn *dom0, *dom1, *dom2, *dom3;

static struct xs_conn *introduce(uint16_t domid)
{
	char buf[64];
	int n = snprintf(buf, sizeof(buf), "%u%c%u%c%u", domid, 0, 1000 + domid,
			 0, 10 + domid);
	struct xs_domain *d;
	char home[40];

	CHECK_EQ(call(dom0, XS_INTRODUCE, 0, buf, (size_t)n + 1, NULL), 0);
	d = xs_domain_find(&st, domid);
	CHECK(d && d->mfn == 1000u + domid && d->port == 10u + domid);
	/* a home owned by dom0, readable by the domain, as libxl does */
	snprintf(home, sizeof(home), "/local/domain/%u", domid);
	CHECK_EQ(xs_write_str(dom0, 0, home, ""), 0);
	n = snprintf(buf, sizeof(buf), "n0%cr%u", 0, domid);
	CHECK_EQ(xs_set_perms_str(dom0, home, buf, (size_t)n + 1), 0);
	strcat(home, "/data");
	CHECK_EQ(xs_write_str(dom0, 0, home, ""), 0);
	n = snprintf(buf, sizeof(buf), "n%u", domid);
	CHECK_EQ(xs_set_perms_str(dom0, home, buf, (size_t)n + 1), 0);
	return d ? d->conn : NULL;
}

static void setup(void)
{
	CHECK_EQ(xs_store_init(&st), 0);
	dom0 = xs_conn_new(&st, 0);
	dom1 = introduce(1);
	dom2 = introduce(2);
	dom3 = introduce(3);
	nevents = 0;
}

static void test_errors_table(void)
{
	CHECK_EQ(XSD_ERROR_COUNT, 16);
	CHECK(strcmp(xsd_errors[0].errstring, "EINVAL") == 0);
	CHECK(strcmp(xsd_errors[15].errstring, "EPERM") == 0);
	CHECK(strcmp(xs_errname(EAGAIN), "EAGAIN") == 0);
	CHECK(strcmp(xs_errname(E2BIG), "E2BIG") == 0);
	CHECK(strcmp(xs_errname(EDOM), "EINVAL") == 0); /* no name */
	CHECK_EQ(errnum("EISCONN"), EISCONN);
}

static void test_tree_ops(void)
{
	struct msg r;

	CHECK_EQ(xs_write_str(dom0, 0, "/t/a/b", "v1"), 0);
	CHECK(strcmp(xs_read_str(dom0, 0, "/t/a/b"), "v1") == 0);
	CHECK_EQ(call(dom0, XS_READ, 0, S("/t/a"), &r), 0);
	CHECK_EQ(r.h.len, 0); /* created parent: empty value */
	CHECK_EQ(r.h.type, XS_READ);
	CHECK_EQ(r.h.req_id, 77);
	CHECK_EQ(xs_write_str(dom0, 0, "/t/a/c", ""), 0);
	CHECK_EQ(call(dom0, XS_DIRECTORY, 0, S("/t/a"), &r), 0);
	CHECK_EQ(r.h.len, 4);
	CHECK(memcmp(r.d, "b\0c\0", 4) == 0);
	/* MKDIR keeps an existing value, creates a missing node */
	CHECK_EQ(call(dom0, XS_MKDIR, 0, S("/t/a/b"), &r), 0);
	CHECK(memcmp(r.d, "OK", 3) == 0 && r.h.len == 3);
	CHECK(strcmp(xs_read_str(dom0, 0, "/t/a/b"), "v1") == 0);
	CHECK_EQ(call(dom0, XS_MKDIR, 0, S("/t/m/n"), NULL), 0);
	CHECK_EQ(call(dom0, XS_READ, 0, S("/t/m/n"), &r), 0);
	/* binary value with NULs */
	CHECK_EQ(call(dom0, XS_WRITE, 0, B("/t/bin\0x\0y"), NULL), 0);
	CHECK_EQ(call(dom0, XS_READ, 0, S("/t/bin"), &r), 0);
	CHECK(r.h.len == 3 && memcmp(r.d, "x\0y", 3) == 0);
	/* RM: subtree, missing node with parent, missing parent, root */
	CHECK_EQ(call(dom0, XS_RM, 0, S("/t/a"), NULL), 0);
	CHECK_EQ(call(dom0, XS_READ, 0, S("/t/a/b"), NULL), ENOENT);
	CHECK_EQ(call(dom0, XS_READ, 0, S("/t/a"), NULL), ENOENT);
	CHECK_EQ(call(dom0, XS_RM, 0, S("/t/a"), NULL), 0);
	CHECK_EQ(call(dom0, XS_RM, 0, S("/t/a/b"), NULL), ENOENT);
	CHECK_EQ(call(dom0, XS_RM, 0, S("/"), NULL), EINVAL);
	/* relative paths of dom0 are below /local/domain/0 */
	CHECK_EQ(xs_write_str(dom0, 0, "rel", "r"), 0);
	CHECK(strcmp(xs_read_str(dom0, 0, "/local/domain/0/rel"), "r") == 0);
}

static void test_bad_paths(void)
{
	static const char *bad[] = {"",	       "/t//x", "/t/x/",   "/t/a b",
				    "/t/\x01", "//",	"/t/x\xff"};
	char big[XENSTORE_ABS_PATH_MAX + 8];
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ(xs_write_str(dom0, 0, bad[i], "x"), EINVAL);
		CHECK_EQ(call(dom0, XS_READ, 0, bad[i], strlen(bad[i]) + 1,
			      NULL),
			 EINVAL);
	}
	memset(big, 'a', sizeof(big));
	big[0] = '/';
	big[XENSTORE_ABS_PATH_MAX + 1] = '\0';
	CHECK_EQ(xs_write_str(dom0, 0, big, "x"), EINVAL);
	big[XENSTORE_ABS_PATH_MAX] = '\0';
	CHECK_EQ(xs_write_str(dom0, 0, big, "x"), 0);
	CHECK_EQ(call(dom0, XS_RM, 0, big, strlen(big) + 1, NULL), 0);
	/* a domain's relative path may be 2048 bytes below its home */
	for (i = 0; i < XENSTORE_REL_PATH_MAX + 8; i++)
		big[i] = i % 10 == 4 ? '/' : 'b';
	memcpy(big, "data/", 5);
	big[XENSTORE_REL_PATH_MAX + 1] = '\0';
	CHECK_EQ(xs_write_str(dom1, 0, big, "x"), EINVAL);
	big[XENSTORE_REL_PATH_MAX] = '\0';
	CHECK_EQ(xs_write_str(dom1, 0, big, "x"), 0);
	CHECK_EQ(call(dom1, XS_RM, 0, S("data/bbbbb"), NULL), 0);
}

/* DIRECTORY_PART pieces reassemble to the full list; DIRECTORY: E2BIG. */
static void test_directory_part(void)
{
	static char all[16384], got[16384];
	size_t alen = 0, glen = 0, off, n;
	char path[64], req[80], gen[32] = "";
	unsigned int i, parts = 0;
	struct msg r;

	for (i = 0; i < 300; i++) {
		snprintf(path, sizeof(path), "/big/child-with-long-name-%04u",
			 i);
		CHECK_EQ(xs_write_str(dom0, 0, path, ""), 0);
		alen += (size_t)sprintf(all + alen, "%s", path + 5) + 1;
	}
	CHECK_EQ(call(dom0, XS_DIRECTORY, 0, S("/big"), NULL), E2BIG);
	for (off = 0;; parts++) {
		n = (size_t)snprintf(req, sizeof(req), "/big%c%zu", 0, glen);
		CHECK_EQ(call(dom0, XS_DIRECTORY_PART, 0, req, n + 1, &r), 0);
		if (parts == 0)
			strcpy(gen, r.d);
		CHECK(strcmp(gen, r.d) == 0);
		off = strlen(r.d) + 1;
		if (r.h.len - off == 1 && r.d[off] == '\0')
			break; /* nothing more */
		n = r.h.len - off;
		if (r.d[r.h.len - 1] == '\0' && r.d[r.h.len - 2] == '\0') {
			memcpy(got + glen, r.d + off, n - 1);
			glen += n - 1;
			break; /* last piece */
		}
		memcpy(got + glen, r.d + off, n);
		glen += n;
		if (parts > 10)
			break;
	}
	CHECK(parts >= 1); /* at least two pieces */
	CHECK_EQ(glen, alen);
	CHECK(memcmp(all, got, alen) == 0);
	CHECK_EQ(call(dom0, XS_DIRECTORY_PART, 0, B("/big\0x\0"), NULL),
		 EINVAL);
	CHECK_EQ(call(dom0, XS_RM, 0, S("/big"), NULL), 0);
}

static void test_permissions(void)
{
	char perms[64];
	struct msg r;

	/* a domain writes below its writable home part, relative */
	CHECK_EQ(xs_write_str(dom1, 0, "data/x", "one"), 0);
	CHECK(strcmp(xs_read_str(dom1, 0, "/local/domain/1/data/x"), "one") ==
	      0);
	CHECK_EQ(call(dom1, XS_GET_PERMS, 0, S("data/x"), &r), 0);
	CHECK(r.h.len == 3 && memcmp(r.d, "n1", 3) == 0);
	CHECK_EQ(xs_write_str(dom2, 0, "data/secret", "s"), 0);
	/* another domain: no read, no write, no listing; missing nodes too */
	CHECK_EQ(call(dom1, XS_READ, 0, S("/local/domain/2/data/secret"), NULL),
		 EACCES);
	CHECK_EQ(call(dom1, XS_READ, 0, S("/local/domain/2/data/none"), NULL),
		 EACCES);
	CHECK_EQ(call(dom1, XS_DIRECTORY, 0, S("/local/domain/2/data"), NULL),
		 EACCES);
	CHECK_EQ(xs_write_str(dom1, 0, "/local/domain/2/data/secret", "x"),
		 EACCES);
	CHECK_EQ(xs_write_str(dom1, 0, "/local/domain/2/data/new", "x"),
		 EACCES);
	CHECK_EQ(call(dom1, XS_RM, 0, S("/local/domain/2/data/secret"), NULL),
		 EACCES);
	CHECK(strcmp(xs_read_str(dom0, 0, "/local/domain/2/data/secret"),
		     "s") == 0);
	/* own home: readable, not writable (owned by dom0, "r1") */
	CHECK_EQ(call(dom1, XS_DIRECTORY, 0, S("/local/domain/1"), NULL), 0);
	CHECK_EQ(xs_write_str(dom1, 0, "newtop", "x"), EACCES);
	CHECK_EQ(call(dom1, XS_READ, 0, S("newtop"), NULL), ENOENT);
	CHECK_EQ(call(dom1, XS_READ, 0, S("/"), NULL), EACCES);
	/* owner grants read to dom3 only */
	CHECK_EQ(xs_set_perms_str(dom2, "data/secret", B("n2\0r3\0")), 0);
	CHECK(strcmp(xs_read_str(dom3, 0, "/local/domain/2/data/secret"),
		     "s") == 0);
	CHECK_EQ(xs_write_str(dom3, 0, "/local/domain/2/data/secret", "x"),
		 EACCES);
	CHECK_EQ(call(dom1, XS_READ, 0, S("/local/domain/2/data/secret"), NULL),
		 EACCES);
	/* default access "b": everyone else may write, not change perms */
	CHECK_EQ(xs_set_perms_str(dom2, "data/secret", B("b2\0n3\0")), 0);
	CHECK_EQ(xs_write_str(dom1, 0, "/local/domain/2/data/secret", "y"), 0);
	CHECK_EQ(call(dom3, XS_READ, 0, S("/local/domain/2/data/secret"), NULL),
		 EACCES);
	CHECK_EQ(xs_set_perms_str(dom1, "/local/domain/2/data/secret",
				  B("b1\0")),
		 EACCES);
	/* a domain cannot give its node away; dom0 can */
	CHECK_EQ(xs_set_perms_str(dom2, "data/secret", B("n1\0")), EPERM);
	CHECK_EQ(xs_set_perms_str(dom0, "/local/domain/2/data/secret",
				  B("n1\0")),
		 0);
	CHECK_EQ(call(dom1, XS_READ, 0, S("/local/domain/2/data/secret"), NULL),
		 0);
	/* bad permission strings, too many entries, missing node */
	CHECK_EQ(xs_set_perms_str(dom1, "data/x", B("x1\0")), EINVAL);
	CHECK_EQ(xs_set_perms_str(dom1, "data/x", B("r\0")), EINVAL);
	CHECK_EQ(xs_set_perms_str(dom1, "data/x", B("r70000\0")), EINVAL);
	CHECK_EQ(xs_set_perms_str(dom1, "data/x", B("n1\0r2")), EINVAL);
	CHECK_EQ(
		xs_set_perms_str(dom1, "data/x", B("n1\0r2\0r3\0r4\0r5\0r6\0")),
		ENOSPC);
	CHECK_EQ(xs_set_perms_str(dom1, "data/x", B("n1\0r2\0r3\0r4\0r5\0")),
		 0);
	CHECK_EQ(xs_set_perms_str(dom1, "data/none", B("n1\0")), ENOENT);
	CHECK_EQ(call(dom1, XS_SET_PERMS, 0, S("data/x"), NULL), EINVAL);
	/* special paths: only dom0 sets them */
	CHECK_EQ(xs_set_perms_str(dom1, "@releaseDomain", B("n1\0")), EACCES);
	snprintf(perms, sizeof(perms), "n0%cr1", 0);
	CHECK_EQ(xs_set_perms_str(dom0, "@releaseDomain", perms, 6), 0);
	CHECK_EQ(call(dom1, XS_GET_PERMS, 0, S("@releaseDomain"), &r), 0);
	CHECK(r.h.len == 6 && memcmp(r.d, "n0\0r1\0", 6) == 0);
	CHECK_EQ(xs_set_perms_str(dom0, "@nonsense", B("n0\0")), ENOENT);
	/* domain requests reserved to dom0 */
	CHECK_EQ(call(dom1, XS_INTRODUCE, 0,
		      B("5\0"
			"1\0"
			"2\0"),
		      NULL),
		 EACCES);
	CHECK_EQ(call(dom1, XS_RELEASE, 0, S("2"), NULL), EACCES);
	CHECK_EQ(call(dom1, XS_CONTROL, 0, S("check"), NULL), EACCES);
	CHECK_EQ(call(dom1, XS_RESUME, 0, S("2"), NULL), EACCES);
	CHECK_EQ(call(dom1, XS_SET_TARGET, 0,
		      B("2\0"
			"3\0"),
		      NULL),
		 EACCES);
}

static void test_transactions(void)
{
	char id[16], id2[16];
	uint32_t tx, tx2;
	struct msg r;
	int i;

	CHECK_EQ(xs_write_str(dom1, 0, "data/tx", "old"), 0);
	CHECK_EQ(call(dom1, XS_TRANSACTION_START, 0, S(""), &r), 0);
	tx = (uint32_t)strtoul(r.d, NULL, 10);
	CHECK(tx != 0);
	CHECK_EQ(xs_write_str(dom1, tx, "data/tx", "new"), 0);
	CHECK_EQ(xs_write_str(dom1, tx, "data/tx2/deep", "d"), 0);
	CHECK(strcmp(xs_read_str(dom1, tx, "data/tx"), "new") == 0);
	CHECK(strcmp(xs_read_str(dom1, 0, "data/tx"), "old") == 0);
	CHECK_EQ(call(dom1, XS_READ, 0, S("data/tx2/deep"), NULL), ENOENT);
	/* nested start, bad end argument, unknown id */
	CHECK_EQ(call(dom1, XS_TRANSACTION_START, tx, S(""), NULL), EBUSY);
	CHECK_EQ(call(dom1, XS_TRANSACTION_END, tx, S("X"), NULL), EINVAL);
	CHECK_EQ(call(dom1, XS_READ, tx + 100, S("data/tx"), NULL), ENOENT);
	CHECK_EQ(call(dom1, XS_TRANSACTION_END, 0, S("T"), NULL), ENOENT);
	CHECK_EQ(call(dom2, XS_READ, tx, S("data"), NULL), ENOENT);
	CHECK_EQ(call(dom1, XS_TRANSACTION_END, tx, S("T"), NULL), 0);
	CHECK(strcmp(xs_read_str(dom1, 0, "data/tx"), "new") == 0);
	CHECK(strcmp(xs_read_str(dom1, 0, "data/tx2/deep"), "d") == 0);
	CHECK_EQ(call(dom1, XS_READ, tx, S("data/tx"), NULL), ENOENT);

	/* a change outside between start and commit: EAGAIN, no effect */
	call(dom1, XS_TRANSACTION_START, 0, S(""), &r);
	tx = (uint32_t)strtoul(r.d, NULL, 10);
	CHECK_EQ(xs_write_str(dom1, tx, "data/tx", "lost"), 0);
	CHECK_EQ(xs_write_str(dom2, 0, "data/other", "z"), 0);
	CHECK_EQ(call(dom1, XS_TRANSACTION_END, tx, S("T"), NULL), EAGAIN);
	CHECK(strcmp(xs_read_str(dom1, 0, "data/tx"), "new") == 0);
	/* two transactions: the first commit wins */
	call(dom1, XS_TRANSACTION_START, 0, S(""), &r);
	tx = (uint32_t)strtoul(r.d, NULL, 10);
	call(dom2, XS_TRANSACTION_START, 0, S(""), &r);
	tx2 = (uint32_t)strtoul(r.d, NULL, 10);
	CHECK_EQ(xs_write_str(dom2, tx2, "data/t2", "2"), 0);
	CHECK_EQ(xs_write_str(dom1, tx, "data/t1", "1"), 0);
	CHECK_EQ(call(dom2, XS_TRANSACTION_END, tx2, S("T"), NULL), 0);
	CHECK_EQ(call(dom1, XS_TRANSACTION_END, tx, S("T"), NULL), EAGAIN);
	CHECK_EQ(call(dom1, XS_READ, 0, S("data/t1"), NULL), ENOENT);
	CHECK(strcmp(xs_read_str(dom2, 0, "data/t2"), "2") == 0);
	/* abort */
	call(dom1, XS_TRANSACTION_START, 0, S(""), &r);
	tx = (uint32_t)strtoul(r.d, NULL, 10);
	CHECK_EQ(xs_write_str(dom1, tx, "data/ab", "1"), 0);
	CHECK_EQ(call(dom1, XS_TRANSACTION_END, tx, S("F"), NULL), 0);
	CHECK_EQ(call(dom1, XS_READ, 0, S("data/ab"), NULL), ENOENT);
	/* at most 10 open per domain; dom0 has no limit */
	for (i = 0; i < XS_QUOTA_TRANSACTIONS; i++)
		CHECK_EQ(call(dom3, XS_TRANSACTION_START, 0, S(""), &r), 0);
	CHECK_EQ(call(dom3, XS_TRANSACTION_START, 0, S(""), NULL), ENOSPC);
	memcpy(id, r.d, sizeof(id) - 1);
	id[sizeof(id) - 1] = 0;
	CHECK_EQ(call(dom3, XS_TRANSACTION_END, (uint32_t)atoi(id), S("F"),
		      NULL),
		 0);
	CHECK_EQ(call(dom3, XS_TRANSACTION_START, 0, S(""), &r), 0);
	memcpy(id2, r.d, sizeof(id2) - 1);
	id2[sizeof(id2) - 1] = 0;
	CHECK(strcmp(id, id2) != 0); /* not reused while others are open */
	CHECK_EQ(call(dom3, XS_RESET_WATCHES, 0, S(""), NULL), 0);
	CHECK_EQ(dom3->ntxs, 0);
	for (i = 0; i < XS_QUOTA_TRANSACTIONS + 2; i++)
		CHECK_EQ(call(dom0, XS_TRANSACTION_START, 0, S(""), &r), 0);
	xs_tx_clear(dom0);
}

static void test_watches(void)
{
	char buf[128];
	size_t n;
	int i;

	nevents = 0;
	CHECK_EQ(call(dom1, XS_WATCH, 0, B("data\0tokA\0"), NULL), 0);
	CHECK_EQ(count_events(dom1, "data", "tokA"), 1); /* initial */
	CHECK_EQ(call(dom1, XS_WATCH, 0, B("data\0tokA\0"), NULL), EEXIST);
	CHECK_EQ(call(dom0, XS_WATCH, 0, B("/local/domain/1\0t0\0"), NULL), 0);
	CHECK_EQ(count_events(dom0, "/local/domain/1", "t0"), 1);
	CHECK_EQ(call(dom2, XS_WATCH, 0, B("/local/domain/1/data\0t2\0"), NULL),
		 0);
	nevents = 0;
	CHECK_EQ(xs_write_str(dom1, 0, "data/w/x", "1"), 0);
	CHECK_EQ(count_events(dom1, "data/w/x", "tokA"), 1); /* relative */
	CHECK_EQ(count_events(dom0, "/local/domain/1/data/w/x", "t0"), 1);
	CHECK_EQ(count_events(dom2, "/local/domain/1/data/w/x", "t2"), 0);
	/* removing a parent fires watches below it with their own path */
	CHECK_EQ(call(dom1, XS_WATCH, 0, B("data/w/x/y\0deep\0"), NULL), 0);
	nevents = 0;
	CHECK_EQ(call(dom1, XS_RM, 0, S("data/w"), NULL), 0);
	CHECK_EQ(count_events(dom1, "data/w", "tokA"), 1);
	CHECK_EQ(count_events(dom1, "data/w/x/y", "deep"), 1);
	CHECK_EQ(count_events(dom0, "/local/domain/1/data/w", "t0"), 1);
	/* unwatch */
	CHECK_EQ(call(dom1, XS_UNWATCH, 0, B("data\0tokA\0"), NULL), 0);
	CHECK_EQ(call(dom1, XS_UNWATCH, 0, B("data\0tokA\0"), NULL), ENOENT);
	CHECK_EQ(call(dom1, XS_UNWATCH, 0, S("data"), NULL), EINVAL);
	nevents = 0;
	CHECK_EQ(xs_write_str(dom1, 0, "data/w", "2"), 0);
	CHECK_EQ(count_events(dom1, "data/w", "tokA"), 0);
	/* transaction changes fire at commit only */
	CHECK_EQ(call(dom1, XS_WATCH, 0, B("data\0tokB\0"), NULL), 0);
	call(dom1, XS_TRANSACTION_START, 0, S(""), &(struct msg){0});
	nevents = 0;
	n = (size_t)snprintf(buf, sizeof(buf), "%u", dom1->txs->id);
	CHECK_EQ(xs_write_str(dom1, dom1->txs->id, "data/intx", "1"), 0);
	CHECK_EQ(count_events(dom1, "data/intx", "tokB"), 0);
	CHECK_EQ(call(dom1, XS_TRANSACTION_END, (uint32_t)atoi(buf), S("T"),
		      NULL),
		 0);
	CHECK_EQ(count_events(dom1, "data/intx", "tokB"), 1);
	(void)n;
	/* quota: 128 watches per domain */
	for (i = 0; i < XS_QUOTA_WATCHES + 1; i++) {
		n = (size_t)snprintf(buf, sizeof(buf), "data%cq%d", 0, i);
		CHECK_EQ(call(dom3, XS_WATCH, 0, buf, n + 1, NULL),
			 i < XS_QUOTA_WATCHES ? 0 : E2BIG);
	}
	CHECK_EQ(call(dom3, XS_RESET_WATCHES, 0, S(""), NULL), 0);
	CHECK_EQ(dom3->nwatches, 0);
	CHECK_EQ(call(dom3, XS_WATCH, 0, B("data\0again\0"), NULL), 0);
}

static void test_special_watches(void)
{
	nevents = 0;
	CHECK_EQ(call(dom0, XS_WATCH, 0, B("@introduceDomain\0in\0"), NULL), 0);
	CHECK_EQ(call(dom0, XS_WATCH, 0, B("@releaseDomain\0rel\0"), NULL), 0);
	CHECK_EQ(call(dom1, XS_WATCH, 0, B("@releaseDomain\0rel1\0"), NULL), 0);
	CHECK_EQ(call(dom2, XS_WATCH, 0, B("@releaseDomain\0rel2\0"), NULL), 0);
	CHECK_EQ(count_events(dom1, "@releaseDomain", "rel1"), 1); /* initial */
	nevents = 0;
	introduce(4);
	CHECK_EQ(count_events(dom0, "@introduceDomain", "in"), 1);
	CHECK_EQ(xs_write_str(dom0, 0, "/local/domain/4/data/owned/x", "1"), 0);
	CHECK_EQ(
		xs_set_perms_str(dom0, "/local/domain/4/data/owned", B("n4\0")),
		0);
	CHECK_EQ(call(dom0, XS_IS_DOMAIN_INTRODUCED, 0, S("4"), NULL), 0);
	CHECK_EQ(call(dom0, XS_RELEASE, 0, S("4"), NULL), 0);
	CHECK_EQ(count_events(dom0, "@releaseDomain", "rel"), 1);
	CHECK_EQ(count_events(dom1, "@releaseDomain", "rel1"), 1); /* "r1" */
	CHECK_EQ(count_events(dom2, "@releaseDomain", "rel2"), 0);
	/* its nodes went with it; dom0's home node stays */
	CHECK_EQ(call(dom0, XS_READ, 0, S("/local/domain/4/data/owned"), NULL),
		 ENOENT);
	CHECK_EQ(call(dom0, XS_READ, 0, S("/local/domain/4"), NULL), 0);
	CHECK_EQ(call(dom0, XS_RELEASE, 0, S("4"), NULL), ENOENT);
}

static void test_domain_requests(void)
{
	struct msg r;

	CHECK_EQ(call(dom1, XS_GET_DOMAIN_PATH, 0, S("7"), &r), 0);
	CHECK(strcmp(r.d, "/local/domain/7") == 0 && r.h.len == 16);
	CHECK_EQ(call(dom1, XS_GET_DOMAIN_PATH, 0, S("x7"), NULL), EINVAL);
	CHECK_EQ(call(dom1, XS_GET_DOMAIN_PATH, 0, S("70000"), NULL), EINVAL);
	/* dom0 only in Xen 4.17 (XS_FLAG_PRIV), as INTRODUCE and RELEASE */
	CHECK_EQ(call(dom1, XS_IS_DOMAIN_INTRODUCED, 0, S("2"), &r), EACCES);
	CHECK_EQ(call(dom0, XS_IS_DOMAIN_INTRODUCED, 0, S("2"), &r), 0);
	CHECK(strcmp(r.d, "T") == 0);
	CHECK_EQ(call(dom0, XS_IS_DOMAIN_INTRODUCED, 0, S("9"), &r), 0);
	CHECK(strcmp(r.d, "F") == 0);
	/* the header's transaction is looked up for these too */
	CHECK_EQ(call(dom1, XS_GET_DOMAIN_PATH, 77, S("7"), NULL), ENOENT);
	CHECK_EQ(call(dom0, XS_INTRODUCE, 0,
		      B("0\0"
			"1\0"
			"2\0"),
		      NULL),
		 EINVAL);
	CHECK_EQ(call(dom0, XS_INTRODUCE, 0,
		      B("9\0"
			"x\0"
			"2\0"),
		      NULL),
		 EINVAL);
	CHECK_EQ(call(dom0, XS_INTRODUCE, 0,
		      B("9\0"
			"1\0"),
		      NULL),
		 EINVAL);
	CHECK_EQ(call(dom0, XS_INTRODUCE, 0,
		      B("2\0"
			"1002\0"
			"12\0"),
		      NULL),
		 0); /* again: unchanged */
	CHECK_EQ(call(dom0, XS_RESUME, 0, S("2"), NULL), 0);
	CHECK_EQ(call(dom0, XS_RESUME, 0, S("9"), NULL), ENOENT);
	CHECK_EQ(call(dom0, XS_SET_TARGET, 0,
		      B("2\0"
			"3\0"),
		      NULL),
		 ENOSYS);
	CHECK_EQ(call(dom0, XS_CONTROL, 0, S("check"), &r), 0);
	CHECK(strcmp(r.d, "OK") == 0);
	CHECK_EQ(call(dom0, XS_CONTROL, 0, S("quota"), &r), 0);
	CHECK(strstr(r.d, "nodes 1000") != NULL);
	CHECK_EQ(call(dom0, XS_CONTROL, 0, S("bogus"), NULL), EINVAL);
}

static void test_quotas(void)
{
	char path[64], big[XS_QUOTA_NODE_SIZE + 1];
	unsigned int owned = xs_tree_owned(&st.tree, 3), i;
	int rc = 0;

	/* node size: record of a 2048-byte value is too big */
	memset(big, 'v', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK_EQ(xs_write_str(dom3, 0, "data/big", big), ENOSPC);
	big[1900] = '\0';
	CHECK_EQ(xs_write_str(dom3, 0, "data/big", big), 0);
	big[1900] = 'v';
	CHECK_EQ(xs_write_str(dom3, 0, "data/big", big), ENOSPC);
	CHECK_EQ(xs_write_str(dom0, 0, "/local/domain/3/data/big", big), 0);
	/* entries: 1000 nodes owned by a domain */
	for (i = 0; i < 10; i++) {
		snprintf(path, sizeof(path), "data/g%u", i);
		CHECK_EQ(call(dom3, XS_MKDIR, 0, path, strlen(path) + 1, NULL),
			 0);
	}
	owned = xs_tree_owned(&st.tree, 3);
	for (i = owned; i < XS_QUOTA_ENTRIES && !rc; i++) {
		snprintf(path, sizeof(path), "data/g%u/n%u", i / 100, i);
		rc = xs_write_str(dom3, 0, path, "");
	}
	CHECK_EQ(rc, 0);
	CHECK_EQ(xs_tree_owned(&st.tree, 3), XS_QUOTA_ENTRIES);
	CHECK_EQ(xs_write_str(dom3, 0, "data/one-more", ""), ENOSPC);
	CHECK_EQ(call(dom3, XS_MKDIR, 0, S("data/one-more"), NULL), ENOSPC);
	CHECK_EQ(xs_write_str(dom3, 0, "data/g1/n150", "overwrite ok"), 0);
	CHECK_EQ(call(dom3, XS_RM, 0, S("data/g1/n150"), NULL), 0);
	CHECK_EQ(xs_write_str(dom3, 0, "data/one-more", ""), 0);
	/* dom0 is not limited, also when creating in the domain's area */
	CHECK_EQ(xs_write_str(dom0, 0, "/local/domain/3/data/by0", ""), 0);
	CHECK_EQ(call(dom0, XS_RM, 0, S("/local/domain/3/data"), NULL), 0);
	CHECK_EQ(xs_tree_owned(&st.tree, 3), 0);
}

/* Removal and permission changes inside a transaction; its view. */
static void test_transaction_changes(void)
{
	char buf[64];
	uint32_t tx;
	struct msg r;
	size_t n;

	CHECK_EQ(xs_write_str(dom1, 0, "data/txw/a", "1"), 0);
	CHECK_EQ(call(dom1, XS_WATCH, 0, B("data/txw\0tw\0"), NULL), 0);
	CHECK_EQ(call(dom2, XS_WATCH, 0, B("/local/domain/1/data/txw\0w2\0"),
		      NULL),
		 0);
	call(dom1, XS_TRANSACTION_START, 0, S(""), &r);
	tx = (uint32_t)strtoul(r.d, NULL, 10);
	nevents = 0;
	CHECK_EQ(call(dom1, XS_RM, tx, S("data/txw/a"), NULL), 0);
	n = (size_t)snprintf(buf, sizeof(buf), "data/txw%cn1%cr2", 0, 0);
	CHECK_EQ(call(dom1, XS_SET_PERMS, tx, buf, n + 1, NULL), 0);
	CHECK_EQ(call(dom1, XS_DIRECTORY, tx, S("data/txw"), &r), 0);
	CHECK_EQ(r.h.len, 0);
	CHECK_EQ(call(dom1, XS_DIRECTORY_PART, tx, B("data/txw\0" "0\0"), &r),
		 0);
	CHECK(r.d[strlen(r.d) + 1] == '\0');
	CHECK(strcmp(xs_read_str(dom1, 0, "data/txw/a"), "1") == 0);
	CHECK_EQ(call(dom1, XS_GET_PERMS, 0, S("data/txw"), &r), 0);
	CHECK(r.h.len == 3 && strcmp(r.d, "n1") == 0);
	CHECK_EQ(count_events(dom1, "data/txw/a", "tw"), 0);
	CHECK_EQ(call(dom1, XS_TRANSACTION_END, tx, S("T"), NULL), 0);
	CHECK_EQ(call(dom1, XS_READ, 0, S("data/txw/a"), NULL), ENOENT);
	CHECK_EQ(call(dom1, XS_GET_PERMS, 0, S("data/txw"), &r), 0);
	CHECK(r.h.len == 6 && memcmp(r.d, "n1\0r2\0", 6) == 0);
	CHECK_EQ(count_events(dom1, "data/txw/a", "tw"), 1);
	CHECK_EQ(count_events(dom1, "data/txw", "tw"), 1);
	/* dom2 may read data/txw now, but not the removed node (n1) */
	CHECK_EQ(count_events(dom2, "/local/domain/1/data/txw", "w2"), 1);
	CHECK_EQ(count_events(dom2, "/local/domain/1/data/txw/a", "w2"), 0);
	CHECK_EQ(call(dom2, XS_READ, 0, S("/local/domain/1/data/txw"), NULL),
		 0);
	CHECK_EQ(call(dom1, XS_RESET_WATCHES, 0, S(""), NULL), 0);
	CHECK_EQ(call(dom2, XS_RESET_WATCHES, 0, S(""), NULL), 0);
}

/* The hypervisor as xs_domain_check() sees it, per domid. */
static uint32_t fake_flags[8];
static int fake_rc[8];

static int fake_info(uint16_t domid, uint32_t *flags)
{
	if (domid >= 8)
		return -ESRCH;
	*flags = fake_flags[domid];
	return fake_rc[domid];
}

/* dom0's events so far (a request collects them). */
static int releases(void)
{
	CHECK_EQ(call(dom0, XS_READ, 0, S("/local"), NULL), 0);
	return count_events(dom0, "@releaseDomain", "exc");
}

static void test_domain_exceptions(void)
{
	introduce(5);
	introduce(6);
	introduce(7);
	CHECK_EQ(xs_write_str(dom0, 0, "/local/domain/6/data/own/x", "1"), 0);
	CHECK_EQ(xs_set_perms_str(dom0, "/local/domain/6/data/own", B("n6\0")),
		 0);
	CHECK_EQ(call(dom0, XS_WATCH, 0, B("@releaseDomain\0exc\0"), NULL), 0);
	nevents = 0;
	xs_domain_check(&st, fake_info); /* all running: nothing */
	CHECK_EQ(releases(), 0);
	fake_flags[5] = XEN_DOMINF_shutdown | (2u << XEN_DOMINF_shutdownshift);
	xs_domain_check(&st, fake_info); /* shut down: fired, still there */
	CHECK_EQ(releases(), 1);
	CHECK(xs_domain_find(&st, 5) != NULL);
	nevents = 0;
	xs_domain_check(&st, fake_info); /* once per shutdown */
	CHECK_EQ(releases(), 0);
	fake_flags[6] = XEN_DOMINF_dying | XEN_DOMINF_shutdown;
	fake_rc[7] = -ESRCH;
	fake_rc[1] = -EPERM; /* cannot tell: left alone */
	xs_domain_check(&st, fake_info);
	CHECK_EQ(releases(), 1); /* one event for both */
	CHECK(xs_domain_find(&st, 6) == NULL && xs_domain_find(&st, 7) == NULL);
	CHECK(xs_domain_find(&st, 1) != NULL && xs_domain_find(&st, 5) != NULL);
	CHECK_EQ(call(dom0, XS_READ, 0, S("/local/domain/6/data/own"), NULL),
		 ENOENT);
	fake_rc[5] = -ESRCH; /* destroyed after its shutdown */
	nevents = 0;
	xs_domain_check(&st, fake_info);
	CHECK_EQ(releases(), 1);
	CHECK(xs_domain_find(&st, 5) == NULL);
	CHECK_EQ(call(dom0, XS_UNWATCH, 0, B("@releaseDomain\0exc\0"), NULL),
		 0);
}

int main(void)
{
	setup();
	test_errors_table();
	test_tree_ops();
	test_bad_paths();
	test_directory_part();
	test_permissions();
	test_transactions();
	test_transaction_changes();
	test_watches();
	test_special_watches();
	test_domain_requests();
	test_quotas();
	test_domain_exceptions();
	xs_store_fini(&st);
	return unit_finish("xenstored");
}
