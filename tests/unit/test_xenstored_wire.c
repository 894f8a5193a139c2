/*
 * Unit tests for tools/xenstored's message handling: framing (requests in
 * one-byte pieces, back to back), oversized headers (the connection is
 * marked broken and never read again, others go on), unknown types,
 * payloads with missing or extra NULs, the largest payload, back pressure
 * on a client that does not read, and a bounded fuzz run of random
 * messages and random byte streams, after which the database must still
 * be consistent (per-domain node counts match a walk of the tree).
 */
#include "check.h"
#include "xs_harness.h"

static struct xs_store st;
static struct xs_conn *dom0, *dom1, *dom2;

static void setup(void)
{
	CHECK_EQ(xs_store_init(&st), 0);
	dom0 = xs_conn_new(&st, 0);
	dom1 = xs_conn_new(&st, 1);
	dom2 = xs_conn_new(&st, 2);
	CHECK_EQ(xs_write_str(dom0, 0, "/local/domain/1", ""), 0);
	CHECK_EQ(xs_set_perms_str(dom0, "/local/domain/1", B("n1\0")), 0);
	CHECK_EQ(xs_write_str(dom0, 0, "/local/domain/2", ""), 0);
	CHECK_EQ(xs_set_perms_str(dom0, "/local/domain/2", B("n2\0r1\0")), 0);
}

static void drain(void)
{
	nevents = 0;
	collect_events(&st);
	nevents = 0;
}

static void test_framing(void)
{
	static char buf[4 * (sizeof(struct xsd_sockmsg) + 16)];
	struct xsd_sockmsg h = {XS_READ, 0, 0, 0};
	size_t len = 0, i;
	struct msg m;
	uint32_t id;

	CHECK_EQ(xs_write_str(dom1, 0, "k", "v"), 0);
	for (id = 1; id <= 4; id++) {
		h.req_id = id;
		h.len = 2;
		memcpy(buf + len, &h, sizeof(h));
		memcpy(buf + len + sizeof(h), "k", 2);
		len += sizeof(h) + 2;
	}
	for (i = 0; i < len; i++)
		xs_conn_in_put(dom1, buf + i, 1);
	for (id = 1; id <= 4; id++) {
		CHECK(pop(dom1, &m));
		CHECK_EQ(m.h.req_id, id);
		CHECK_EQ(m.h.type, XS_READ);
		CHECK(m.h.len == 1 && m.d[0] == 'v');
	}
	CHECK(!pop(dom1, &m));
	/* a zero-length payload is a complete message at once */
	h.type = XS_RESET_WATCHES;
	h.len = 0;
	xs_conn_in_put(dom1, &h, sizeof(h));
	CHECK(pop(dom1, &m) && m.h.type == XS_RESET_WATCHES);
}

static void test_oversized(void)
{
	struct xsd_sockmsg h = {XS_WRITE, 5, 0, XENSTORE_PAYLOAD_MAX + 1};
	struct xs_conn *bad = xs_conn_new(&st, 2);
	static char big[XENSTORE_PAYLOAD_MAX];
	struct msg m;

	xs_conn_in_put(bad, &h, sizeof(h));
	CHECK(bad->broken);
	CHECK_EQ(xs_conn_in_want(bad), 0);
	CHECK(!pop(bad, &m));
	xs_conn_in_put(bad, "x", 1); /* ignored */
	CHECK(!pop(bad, &m));
	xs_conn_free(bad);
	/* the others go on; the largest payload is fine */
	memcpy(big, "/max", 5);
	memset(big + 5, 'm', sizeof(big) - 5);
	CHECK_EQ(call(dom0, XS_WRITE, 0, big, sizeof(big), NULL), 0);
	CHECK_EQ(call(dom0, XS_READ, 0, S("/max"), &m), 0);
	CHECK_EQ(m.h.len, XENSTORE_PAYLOAD_MAX - 5);
	/* a domain's value that large is over its node-size quota */
	memcpy(big, "k\0", 2);
	CHECK_EQ(call(dom1, XS_WRITE, 0, big, sizeof(big), NULL), ENOSPC);
}

static void test_bad_types_and_nuls(void)
{
	static const uint32_t types[] = {20,	     XS_TYPE_COUNT,  99,
					 XS_INVALID, XS_WATCH_EVENT, XS_ERROR,
					 0x80000000u};
	unsigned int i;
	struct msg m;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		CHECK_EQ(call(dom1, types[i], 0, S("k"), &m), ENOSYS);
		CHECK_EQ(m.h.type, XS_ERROR);
		CHECK_EQ(m.h.req_id, 77);
	}
	CHECK_EQ(call(dom1, XS_READ, 0, B("k"), NULL), EINVAL);
	CHECK_EQ(call(dom1, XS_READ, 0, "", 0, NULL), EINVAL);
	CHECK_EQ(call(dom1, XS_READ, 0, B("k\0k\0"), NULL), EINVAL);
	CHECK_EQ(call(dom1, XS_READ, 0, B("k\0junk"), NULL), EINVAL);
	CHECK_EQ(call(dom1, XS_WRITE, 0, B("k"), NULL), EINVAL);
	CHECK_EQ(call(dom1, XS_MKDIR, 0, B("k"), NULL), EINVAL);
	CHECK_EQ(call(dom1, XS_RM, 0, B("k\0\0"), NULL), EINVAL);
	CHECK_EQ(call(dom1, XS_DIRECTORY, 0, B("k\0x"), NULL), EINVAL);
	CHECK_EQ(call(dom1, XS_GET_PERMS, 0, B("k"), NULL), EINVAL);
	CHECK_EQ(call(dom1, XS_WATCH, 0, B("k\0tok"), NULL), EINVAL);
	CHECK_EQ(call(dom1, XS_WATCH, 0,
		      B("k\0tok\0"
			"1\0"),
		      NULL),
		 EINVAL);
	CHECK_EQ(call(dom1, XS_UNWATCH, 0, B("k"), NULL), EINVAL);
	CHECK_EQ(call(dom1, XS_SET_PERMS, 0, B("k\0n1"), NULL), EINVAL);
	CHECK_EQ(call(dom1, XS_TRANSACTION_END, 0, B("T"), NULL), ENOENT);
	CHECK_EQ(call(dom0, XS_INTRODUCE, 0,
		      B("5\0"
			"1\0"
			"2"),
		      NULL),
		 EINVAL);
	CHECK_EQ(call(dom0, XS_RELEASE, 0, B("5"), NULL), EINVAL);
	CHECK_EQ(call(dom0, XS_CONTROL, 0, B("check"), NULL), EINVAL);
	CHECK_EQ(call(dom1, XS_GET_DOMAIN_PATH, 0, "", 0, NULL), EINVAL);
	/* a NUL inside a path ends it: "k\0x" is two strings */
	CHECK_EQ(call(dom1, XS_WATCH, 0, B("\0tok\0"), NULL), EINVAL);
	CHECK_EQ(call(dom1, XS_WATCH, 0, B("@\0tok\0"), NULL), 0);
	drain();
}

/* A client that never reads: bounded output, later requests wait. */
static void test_back_pressure(void)
{
	char big[2048], buf[2100];
	size_t queued, len;
	unsigned int i;
	struct msg m;

	CHECK_EQ(xs_write_str(dom0, 0, "/bp", ""), 0);
	CHECK_EQ(xs_set_perms_str(dom0, "/bp", B("n0\0r1\0")), 0);
	CHECK_EQ(call(dom1, XS_WATCH, 0, B("/bp\0slow\0"), NULL), 0);
	memcpy(big, "/bp/", 4);
	memset(big + 4, 'x', sizeof(big) - 5);
	big[sizeof(big) - 1] = '\0';
	len = build(buf, big, "v", 1); /* events of 2 KiB each */
	for (i = 0; i < 400; i++) {
		send_msg(dom0, XS_WRITE, 0, buf, len);
		CHECK(pop(dom0, &m) && m.h.type == XS_WRITE);
	}
	queued = dom1->out_len - dom1->out_head;
	CHECK(queued > 0);
	CHECK(queued <= XS_OUT_MAX + XENSTORE_PAYLOAD_MAX);
	CHECK(dom1->dropped > 0 || queued < XS_OUT_MAX);
	CHECK_EQ(xs_conn_in_want(dom1), 0); /* not read until drained */
	drain();
	CHECK(xs_conn_in_want(dom1) > 0);
	CHECK_EQ(call(dom1, XS_UNWATCH, 0, B("/bp\0slow\0"), NULL), 0);
	CHECK_EQ(call(dom0, XS_RM, 0, S("/bp"), NULL), 0);
}

/* ---- fuzzing ---- */

static void walk(const struct xs_node *n, unsigned int *counts)
{
	unsigned int i;

	CHECK(n->refs >= 1 && n->nperms >= 1);
	counts[n->perms[0].id]++;
	for (i = 0; i < n->nkids; i++)
		walk(n->kids[i], counts);
}

static void check_consistent(const struct xs_tree *t)
{
	static unsigned int counts[65536];
	unsigned int i, bad = 0;

	memset(counts, 0, sizeof(counts));
	walk(t->root, counts);
	for (i = 0; i < t->nacct; i++)
		if (counts[t->acct[i].domid] != t->acct[i].nodes)
			bad++;
	CHECK_EQ(bad, 0);
}

static const char *const words[] = {"/",
				    "/local/domain/1",
				    "/local/domain/2",
				    "a",
				    "a/b",
				    "/x",
				    "/x/y",
				    "@releaseDomain",
				    "@introduceDomain",
				    "n1",
				    "b2",
				    "r0",
				    "T",
				    "F",
				    "",
				    "1",
				    "0",
				    "99999",
				    "//",
				    "a/"};

/* A payload of random words and bytes, NULs in random places. */
static size_t random_payload(char *buf)
{
	size_t len = 0, k;
	unsigned int parts = rnd() % 5, i;
	const char *w;

	for (i = 0; i < parts; i++) {
		if (rnd() % 4 == 0) {
			k = rnd() % 24;
			while (k-- && len < 1000)
				buf[len++] = (char)rnd();
		} else {
			w = words[rnd() % (sizeof(words) / sizeof(words[0]))];
			k = strlen(w);
			memcpy(buf + len, w, k);
			len += k;
		}
		if (rnd() % 8)
			buf[len++] = '\0';
	}
	return len;
}

static void fuzz_messages(unsigned int iterations)
{
	struct xs_conn *conns[3] = {dom0, dom1, dom2}, *c;
	static char buf[2048];
	uint32_t type, tx;
	unsigned int i;
	size_t len;

	for (i = 0; i < iterations; i++) {
		c = conns[rnd() % 3];
		type = rnd() % (XS_TYPE_COUNT + 3);
		if (c == dom0 && (type == XS_RELEASE || type == XS_INTRODUCE))
			continue;
		tx = rnd() % 4 == 0 ? rnd() % 4 : 0;
		len = random_payload(buf);
		send_msg(c, type, tx, buf, len);
		CHECK(!c->broken);
		drain();
	}
	check_consistent(&st.tree);
	CHECK(st.tree.root && st.tree.root->nperms == 1);
}

/* Raw random byte streams, headers included. */
static void fuzz_streams(unsigned int iterations)
{
	static char buf[256];
	struct xs_conn *c;
	unsigned int i, j, k;
	size_t want, n;

	for (i = 0; i < iterations; i++) {
		c = xs_conn_new(&st, (uint16_t)(1 + rnd() % 2));
		for (j = 0; j < 64; j++) {
			n = 1 + rnd() % sizeof(buf);
			for (k = 0; k < n; k++)
				buf[k] = (char)(rnd() % 3 ? rnd() % 32 : rnd());
			want = xs_conn_in_want(c);
			if (!want)
				break;
			xs_conn_in_put(c, buf, n < want ? n : want);
			drain();
		}
		xs_conn_free(c);
	}
	check_consistent(&st.tree);
}

int main(void)
{
	setup();
	test_framing();
	test_oversized();
	test_bad_types_and_nuls();
	test_back_pressure();
	fuzz_messages(30000);
	fuzz_streams(2000);
	CHECK_EQ(call(dom0, XS_CONTROL, 0, S("check"), NULL), 0);
	xs_store_fini(&st);
	return unit_finish("xenstored_wire");
}
