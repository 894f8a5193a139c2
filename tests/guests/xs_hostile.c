/*
 * xs_hostile: a domU, started from dom0 by xm, that attacks xenstored on
 * its own xenstore ring and checks every answer against Xen 4.17's
 * xenstored: garbage headers and payloads (ENOSYS, EACCES, EINVAL,
 * ENOENT), random well-framed messages, the largest legal message, the
 * quotas flooded (nodes ENOSPC, node size ENOSPC, permissions ENOSPC,
 * watches E2BIG, transactions ENOSPC), a pipelined flood, a reader that
 * stops reading (xenstored stops reading too, and loses nothing), a
 * notification storm -- after each, a normal request still works.  Last
 * comes one fatal step, chosen by "fatal=" on the command line: a header
 * with len > XENSTORE_PAYLOAD_MAX (error word XENSTORE_ERROR_PROTO), a
 * req_prod jump (XENSTORE_ERROR_RINGIDX) or an rsp_cons jump (RINGIDX):
 * Xen 4.17 then ignores the ring for good (it has no reconnection), so
 * the test checks the error word and that nothing is answered any more.
 *
 * Booted as dom0 (tests/qemu/test_guests.py boots every guest so) it
 * has no xenstore ring and passes at once.
 *
 * Command line: "xsh=full" runs every step, else only the basics and the
 * fatal one; "storm=N" notifications (default 20000); "fatal=len|reqidx|
 * rspidx|none".  Output goes to the PV console (dom0 reads the log):
 * "XSH <step>: ok ..." per step, then the GUEST-RESULT line.
 */
#include "pv.h"

const char test_name[] = "xs_hostile";

static struct xsc_msg m;
static char home[32];  /* /local/domain/<domid> */
static unsigned domid; /* read from our "domid" node */

#define QUOTA_NODES	   1000
#define QUOTA_WATCHES	   128
#define QUOTA_TRANSACTIONS 10
#define QUOTA_NODE_SIZE	   2048
#define QUOTA_PERMS	   5
#define REC_HDR		   24 /* Xen's node record header */
#define REC_PERM	   8  /* ... and one permission in it */

static void expect_err(const char *what, const char *got, const char *want)
{
	if (want == NULL)
		check(got == NULL, "%s: error %s, expected success", what, got);
	else
		check(got != NULL && strcmp(got, want) == 0,
		      "%s: %s, expected %s", what, got ? got : "success", want);
}

static void step_ok(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void step_ok(const char *name, const char *fmt, ...)
{
	char buf[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf("XSH %s: ok %s\n", name, buf);
}

/* A normal request works: data/alive is written and read back. */
static void still_works(const char *after)
{
	static unsigned n;
	char v[24];

	snprintf(v, sizeof(v), "alive-%u", ++n);
	expect_err(after, xsc_write(0, "data/alive", v, &m), NULL);
	expect_err(after, xsc_call2(XS_READ, 0, "data/alive", NULL, &m), NULL);
	check(strcmp(m.body, v) == 0, "%s: read back '%s', wrote '%s'", after,
	      m.body, v);
}

static unsigned long parse_uint(const char *s)
{
	unsigned long v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned long)(*s++ - '0');
	return v;
}

/* ---- basics ---- */

static void basics(void)
{
	expect_err("read domid", xsc_call2(XS_READ, 0, "domid", NULL, &m),
		   NULL);
	domid = (unsigned)parse_uint(m.body);
	check(domid > 0, "our domid node reads '%s'", m.body);
	snprintf(home, sizeof(home), "/local/domain/%u", domid);
	expect_err("get_domain_path",
		   xsc_call2(XS_GET_DOMAIN_PATH, 0, m.body, NULL, &m), NULL);
	check(strcmp(m.body, home) == 0, "domain path '%s'", m.body);
	still_works("basics");
	step_ok("basics", "domid %u", domid);
}

/* ---- garbage ---- */

static void garbage_types(void)
{
	static const uint32_t bad[] = {XS_TYPE_COUNT, 20,	 XS_WATCH_EVENT,
				       XS_ERROR,      99,	 0xffff,
				       0x7fffffff,    0xdeadbeef};
	static const uint32_t priv[] = {XS_CONTROL, XS_INTRODUCE,
					XS_RELEASE, XS_IS_DOMAIN_INTRODUCED,
					XS_RESUME,  XS_SET_TARGET};
	static const char args[] = "1\0"
				   "2\0"
				   "3\0";
	char what[48];
	unsigned i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(what, sizeof(what), "type %u", bad[i]);
		expect_err(what, xsc_call(bad[i], 0, "x", 2, &m), "ENOSYS");
	}
	for (i = 0; i < ARRAY_SIZE(priv); i++) {
		snprintf(what, sizeof(what), "privileged type %u", priv[i]);
		expect_err(what, xsc_call(priv[i], 0, args, sizeof(args), &m),
			   "EACCES");
	}
	step_ok("types", "%zu unknown ENOSYS, %zu privileged EACCES",
		ARRAY_SIZE(bad), ARRAY_SIZE(priv));
}

static void garbage_payloads(void)
{
	static char path[XENSTORE_ABS_PATH_MAX + 64];
	size_t i;

	expect_err("read, no NUL", xsc_call(XS_READ, 0, "data", 4, &m),
		   "EINVAL");
	expect_err("read, empty", xsc_call(XS_READ, 0, "", 0, &m), "EINVAL");
	expect_err("read, two strings",
		   xsc_call(XS_READ, 0, "data\0data", 10, &m), "EINVAL");
	expect_err("write, empty", xsc_call(XS_WRITE, 0, "", 0, &m), "EINVAL");
	expect_err("bad chars", xsc_write(0, "data/a b", "v", &m), "EINVAL");
	expect_err("double slash", xsc_write(0, "data//a", "v", &m), "EINVAL");
	expect_err("trailing slash", xsc_write(0, "data/a/", "v", &m),
		   "EINVAL");
	expect_err("watch, one string", xsc_call(XS_WATCH, 0, "data", 5, &m),
		   "EINVAL");
	expect_err("bogus tx", xsc_call2(XS_READ, 0x1234567, "data", NULL, &m),
		   "ENOENT");
	expect_err("bogus tx, domain path",
		   xsc_call2(XS_GET_DOMAIN_PATH, 0x1234567, "1", NULL, &m),
		   "ENOENT");
	expect_err("end, no tx",
		   xsc_call2(XS_TRANSACTION_END, 0, "T", NULL, &m), "ENOENT");
	expect_err("others' node", xsc_write(0, "/local/domain/0/x", "v", &m),
		   "EACCES");
	expect_err("home itself", xsc_write(0, home, "v", &m), "EACCES");
	/* relative paths: at most XENSTORE_REL_PATH_MAX after the home */
	memcpy(path, "data/", 5);
	for (i = 5; i < XENSTORE_REL_PATH_MAX + 10; i++)
		path[i] = 'a';
	path[i] = '\0';
	expect_err("long relative path", xsc_write(0, path, "v", &m), "EINVAL");
	path[0] = '/';
	for (i = 1; i < XENSTORE_ABS_PATH_MAX + 10; i++)
		path[i] = 'b';
	path[i] = '\0';
	expect_err("long absolute path", xsc_write(0, path, "v", &m), "EINVAL");
	still_works("garbage payloads");
	step_ok("payloads", "EINVAL/ENOENT/EACCES as Xen");
}

static uint32_t rng = 0x12345678;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static bool known_error(const char *e)
{
	static const char *const names[] = {
		"EINVAL", "EACCES",  "EEXIST",	  "EISDIR", "ENOENT", "ENOMEM",
		"ENOSPC", "EIO",     "ENOTEMPTY", "ENOSYS", "EROFS",  "EBUSY",
		"EAGAIN", "EISCONN", "E2BIG",	  "EPERM"};

	for (unsigned i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(e, names[i]) == 0)
			return true;
	return false;
}

/* Well-framed random messages: each gets a reply or a named error. */
static void garbage_random(unsigned count)
{
	static char buf[512];
	unsigned i, errors = 0;
	const char *e;
	size_t len, k;
	uint32_t type;

	for (i = 0; i < count; i++) {
		type = rnd() % (XS_TYPE_COUNT + 4);
		len = rnd() % sizeof(buf);
		for (k = 0; k < len; k++) {
			uint32_t r = rnd();
			/* mostly path-like bytes, NULs and anything */
			buf[k] = (r & 3) == 0	? '\0'
				 : (r & 3) == 1 ? "data/xyz-_@"[(r >> 8) % 11]
						: (char)(r >> 16);
		}
		e = xsc_call(type, rnd() % 8 == 0 ? rnd() : 0, buf, len, &m);
		if (e) {
			check(known_error(e), "random type %u: error '%s'",
			      type, e);
			errors++;
		}
	}
	/* what random requests left behind: watches, transactions */
	expect_err("reset watches", xsc_call(XS_RESET_WATCHES, 0, "", 1, &m),
		   NULL);
	still_works("random messages");
	step_ok("random", "%u messages, %u errors", count, errors);
}

/* ---- sizes ---- */

static void big_messages(void)
{
	static char buf[XENSTORE_PAYLOAD_MAX];
	static const char path[] = "data/big";
	size_t vlen;

	/* the largest legal message: framing fine, node too big */
	memcpy(buf, path, sizeof(path));
	memset(buf + sizeof(path), 'v', sizeof(buf) - sizeof(path));
	expect_err("4096-byte write",
		   xsc_call(XS_WRITE, 0, buf, sizeof(buf), &m), "ENOSPC");
	/* a record of QUOTA_NODE_SIZE bytes is too big, one less fits:
	 * data/big gets data's permissions (one entry: us) */
	vlen = QUOTA_NODE_SIZE - REC_HDR - REC_PERM;
	expect_err("node of 2048",
		   xsc_call(XS_WRITE, 0, buf, sizeof(path) + vlen, &m),
		   "ENOSPC");
	expect_err("node of 2047",
		   xsc_call(XS_WRITE, 0, buf, sizeof(path) + vlen - 1, &m),
		   NULL);
	expect_err("read big", xsc_call2(XS_READ, 0, path, NULL, &m), NULL);
	check(m.hdr.len == vlen - 1, "read back %u bytes, wrote %zu", m.hdr.len,
	      vlen - 1);
	expect_err("rm big", xsc_call2(XS_RM, 0, path, NULL, &m), NULL);
	still_works("big messages");
	step_ok("sizes", "4096-byte message ENOSPC, node record limit %u",
		QUOTA_NODE_SIZE);
}

static void perms_quota(void)
{
	static char buf[256];
	char own[16];
	size_t len = 0;
	unsigned i;

	expect_err("perms node", xsc_write(0, "data/p", "v", &m), NULL);
	snprintf(own, sizeof(own), "b%u", domid);
	len += (size_t)snprintf(buf, sizeof(buf), "data/p") + 1;
	len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s", own) + 1;
	for (i = 1; i < QUOTA_PERMS; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "r%u",
					i) +
		       1;
	expect_err("5 perms", xsc_call(XS_SET_PERMS, 0, buf, len, &m), NULL);
	len += (size_t)snprintf(buf + len, sizeof(buf) - len, "r77") + 1;
	expect_err("6 perms", xsc_call(XS_SET_PERMS, 0, buf, len, &m),
		   "ENOSPC");
	expect_err("new owner", xsc_call(XS_SET_PERMS, 0, "data/p\0n0", 10, &m),
		   "EPERM");
	expect_err("bad perm", xsc_call(XS_SET_PERMS, 0, "data/p\0x1", 10, &m),
		   "EINVAL");
	expect_err("rm perms node", xsc_call2(XS_RM, 0, "data/p", NULL, &m),
		   NULL);
	step_ok("perms", "%u entries fit, %u ENOSPC, owner change EPERM",
		QUOTA_PERMS, QUOTA_PERMS + 1);
}

/* ---- node quota ---- */

/* Nodes below home we own (entry 0 of their permissions is us). */
static unsigned count_owned(void)
{
	static char queue[160][128];
	unsigned head = 0, tail = 0, owned = 0;
	static char kids[XENSTORE_PAYLOAD_MAX + 1];
	char path[128];
	size_t off, len;

	snprintf(queue[tail++], sizeof(queue[0]), "%s", home);
	while (head < tail) {
		memcpy(path, queue[head++], sizeof(path));
		expect_err(path, xsc_call2(XS_GET_PERMS, 0, path, NULL, &m),
			   NULL);
		if (parse_uint(m.body + 1) == domid)
			owned++;
		expect_err(path, xsc_call2(XS_DIRECTORY, 0, path, NULL, &m),
			   NULL);
		len = m.hdr.len;
		memcpy(kids, m.body, len);
		for (off = 0; off < len; off += strlen(kids + off) + 1) {
			check(tail < ARRAY_SIZE(queue), "home has > %zu nodes",
			      ARRAY_SIZE(queue));
			snprintf(queue[tail++], sizeof(queue[0]), "%s/%s", path,
				 kids + off);
		}
	}
	return owned;
}

/* Creates data/q/dD/nI until an error; returns how many were made. */
static unsigned fill_nodes(const char **err)
{
	char path[48];
	unsigned made = 0, d, i;

	*err = xsc_call2(XS_MKDIR, 0, "data/q", NULL, &m);
	if (*err)
		return 0;
	made++;
	for (d = 0; d < 40; d++) {
		snprintf(path, sizeof(path), "data/q/d%u", d);
		if ((*err = xsc_call2(XS_MKDIR, 0, path, NULL, &m)))
			return made;
		made++;
		for (i = 0; i < 50; i++) {
			snprintf(path, sizeof(path), "data/q/d%u/n%u", d, i);
			if ((*err = xsc_write(0, path, "x", &m)))
				return made;
			made++;
		}
	}
	return made;
}

static void node_quota(void)
{
	unsigned before = count_owned(), made;
	const char *err;

	made = fill_nodes(&err);
	check(err && strcmp(err, "ENOSPC") == 0, "node %u: %s, expected ENOSPC",
	      before + made + 1, err ? err : "no error after 2041 nodes");
	check(before + made == QUOTA_NODES,
	      "ENOSPC after %u + %u nodes, the quota is %u", before, made,
	      QUOTA_NODES);
	/* at the quota: changes fine, new nodes not, in a transaction too */
	expect_err("rewrite at quota", xsc_write(0, "data/q/d0/n0", "y", &m),
		   NULL);
	expect_err("mkdir at quota",
		   xsc_call2(XS_MKDIR, 0, "data/more", NULL, &m), "ENOSPC");
	expect_err("rm at quota", xsc_call2(XS_RM, 0, "data/q", NULL, &m),
		   NULL);
	check(count_owned() == before, "after rm: %u owned, %u before",
	      count_owned(), before);
	still_works("node quota");
	step_ok("nodes", "%u owned + %u made, then ENOSPC", before, made);
}

/* ---- watches ---- */

static void watch_quota(void)
{
	unsigned n, events;
	const char *err = NULL;
	char tok[16];

	expect_err("reset", xsc_call(XS_RESET_WATCHES, 0, "", 1, &m), NULL);
	for (n = 0; n < QUOTA_WATCHES + 10; n++) {
		snprintf(tok, sizeof(tok), "t%u", n);
		if ((err = xsc_call2(XS_WATCH, 0, "data", tok, &m)))
			break;
	}
	/* Xen 4.17 checks "more than the quota" before adding: one more */
	check(err && strcmp(err, "E2BIG") == 0 &&
		      (n == QUOTA_WATCHES || n == QUOTA_WATCHES + 1),
	      "watch %u: %s, expected E2BIG after %u", n + 1,
	      err ? err : "success", QUOTA_WATCHES);
	expect_err("duplicate watch", xsc_call2(XS_WATCH, 0, "data", "t0", &m),
		   "EEXIST");
	/* every watch fires: n initial events, then n for one write */
	events = (unsigned)xsc_events;
	expect_err("fire", xsc_write(0, "data/w", "1", &m), NULL);
	expect_err("sync", xsc_call2(XS_READ, 0, "data/w", NULL, &m), NULL);
	events = (unsigned)xsc_events - events;
	check(events <= n, "%u events for one write to %u watches", events, n);
	expect_err("unwatch", xsc_call2(XS_UNWATCH, 0, "data", "t0", &m), NULL);
	expect_err("unwatch again", xsc_call2(XS_UNWATCH, 0, "data", "t0", &m),
		   "ENOENT");
	expect_err("reset", xsc_call(XS_RESET_WATCHES, 0, "", 1, &m), NULL);
	expect_err("watch after reset",
		   xsc_call2(XS_WATCH, 0, "data", "again", &m), NULL);
	expect_err("reset", xsc_call(XS_RESET_WATCHES, 0, "", 1, &m), NULL);
	still_works("watch quota");
	step_ok("watches", "%u then E2BIG, %u events for a write", n, events);
}

/* ---- transactions ---- */

static void tx_quota(void)
{
	uint32_t ids[QUOTA_TRANSACTIONS + 10];
	const char *err = NULL;
	unsigned n, i;

	for (n = 0; n < ARRAY_SIZE(ids); n++) {
		if ((err = xsc_call(XS_TRANSACTION_START, 0, "", 1, &m)))
			break;
		ids[n] = (uint32_t)parse_uint(m.body);
		check(ids[n] != 0, "transaction id '%s'", m.body);
	}
	/* Xen 4.17 checks "more than the quota" before adding: one more */
	check(err && strcmp(err, "ENOSPC") == 0 &&
		      (n == QUOTA_TRANSACTIONS || n == QUOTA_TRANSACTIONS + 1),
	      "transaction %u: %s, expected ENOSPC after %u", n + 1,
	      err ? err : "success", QUOTA_TRANSACTIONS);
	expect_err("nested", xsc_call(XS_TRANSACTION_START, ids[0], "", 1, &m),
		   "EBUSY");
	expect_err("write in tx", xsc_write(ids[0], "data/t", "1", &m), NULL);
	expect_err("end, bad arg",
		   xsc_call2(XS_TRANSACTION_END, ids[0], "X", NULL, &m),
		   "EINVAL");
	for (i = 0; i < n; i++)
		expect_err("abort",
			   xsc_call2(XS_TRANSACTION_END, ids[i], "F", NULL, &m),
			   NULL);
	expect_err("aborted write", xsc_call2(XS_READ, 0, "data/t", NULL, &m),
		   "ENOENT");
	expect_err("start after", xsc_call(XS_TRANSACTION_START, 0, "", 1, &m),
		   NULL);
	ids[0] = (uint32_t)parse_uint(m.body);
	expect_err("write in tx", xsc_write(ids[0], "data/t", "2", &m), NULL);
	err = xsc_call2(XS_TRANSACTION_END, ids[0], "T", NULL, &m);
	check(!err || strcmp(err, "EAGAIN") == 0, "commit: %s", err);
	still_works("transaction quota");
	step_ok("transactions", "%u then ENOSPC", n);
}

/* ---- floods ---- */

/* As many requests as fit in the ring, one notification, all replies. */
static void pipelined(unsigned rounds)
{
	static const char req[] = "data/alive";
	struct xsd_sockmsg h = {XS_READ, 0, 0, sizeof(req)};
	char msg[sizeof(h) + sizeof(req)];
	unsigned r, i, per = XENSTORE_RING_SIZE / sizeof(msg);
	uint32_t first = 0x40000000;

	for (r = 0; r < rounds; r++) {
		for (i = 0; i < per; i++) {
			h.req_id = first + r * per + i;
			memcpy(msg, &h, sizeof(h));
			memcpy(msg + sizeof(h), req, sizeof(req));
			check(xsc_put_some(msg, sizeof(msg)) == sizeof(msg),
			      "pipelined: ring full after %u requests", i);
		}
		port_notify(xsc_port);
		for (i = 0; i < per; i++) {
			check(xsc_recv(&m, XSC_TIMEOUT),
			      "pipelined round %u: reply %u of %u missing", r,
			      i, per);
			check(m.hdr.type == XS_READ &&
				      m.hdr.req_id == first + r * per + i,
			      "pipelined: reply type %u id %x", m.hdr.type,
			      m.hdr.req_id);
		}
	}
	still_works("pipelined flood");
	step_ok("pipelined", "%u rounds of %u requests", rounds, per);
}

/*
 * Requests whose replies we do not read: xenstored must stop reading
 * them at some point (it bounds what it queues) and, once we read
 * again, answer every one it took, in order.
 */
static void stalled_reader(void)
{
	static char value[1501];
	static const char path[] = "data/v";
	struct xsd_sockmsg h = {XS_READ, 0, 0, sizeof(path)};
	char msg[sizeof(h) + sizeof(path)];
	uint32_t first = 0x50000000, sent = 0, i;
	XENSTORE_RING_IDX used;
	uint64_t quiet;

	memset(value, 'r', sizeof(value) - 1);
	expect_err("big value", xsc_write(0, path, value, &m), NULL);
	/* "quiet": no request taken for 3 s while the ring is full */
	quiet = system_time_ns() + 3000 * MS_NS;
	while (sent < 4000) {
		used = xsc_intf->req_prod - xsc_intf->req_cons;
		if (used + sizeof(msg) <= XENSTORE_RING_SIZE) {
			h.req_id = first + sent;
			memcpy(msg, &h, sizeof(h));
			memcpy(msg + sizeof(h), path, sizeof(path));
			check(xsc_put_some(msg, sizeof(msg)) == sizeof(msg),
			      "stalled reader: ring space vanished");
			sent++;
			port_notify(xsc_port);
			quiet = system_time_ns() + 3000 * MS_NS;
			continue;
		}
		if (system_time_ns() > quiet)
			break;
		port_wait(xsc_port, system_time_ns() + 100 * MS_NS);
	}
	check(sent < 4000,
	      "xenstored took 4000 requests (%u KiB of replies) "
	      "while none was read",
	      4000 * 1516 / 1024);
	for (i = 0; i < sent; i++) {
		check(xsc_recv(&m, XSC_TIMEOUT),
		      "stalled reader: reply %u of %u missing", i, sent);
		check(m.hdr.type == XS_READ && m.hdr.req_id == first + i &&
			      m.hdr.len == sizeof(value) - 1,
		      "stalled reader: reply %u: type %u id %x len %u", i,
		      m.hdr.type, m.hdr.req_id, m.hdr.len);
	}
	expect_err("rm value", xsc_call2(XS_RM, 0, path, NULL, &m), NULL);
	still_works("stalled reader");
	step_ok("stalled",
		"xenstored stopped after %u unread replies, all "
		"came later",
		sent);
}

static void notify_storm(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		port_notify(xsc_port);
	still_works("notification storm");
	step_ok("storm", "%lu notifications", n);
}

/* ---- the fatal step ---- */

/* Xen 4.17 answers nothing more once it ignores a ring. */
static void check_ignored(const char *how, uint32_t want)
{
	uint64_t deadline = system_time_ns() + XSC_TIMEOUT;
	static const char req[] = "domid";
	struct xsd_sockmsg h = {XS_READ, 0x7777, 0, sizeof(req)};

	while (xsc_intf->error == XENSTORE_ERROR_NONE &&
	       system_time_ns() < deadline)
		port_wait(xsc_port, system_time_ns() + 50 * MS_NS);
	check(xsc_intf->error == want, "%s: error word %u, expected %u", how,
	      xsc_intf->error, want);
	/* a request on a ring we reset ourselves is not served */
	xsc_intf->req_cons = xsc_intf->req_prod = 0;
	xsc_intf->rsp_cons = xsc_intf->rsp_prod = 0;
	xsc_put_some(&h, sizeof(h));
	xsc_put_some(req, sizeof(req));
	port_notify(xsc_port);
	check(!xsc_recv_any(&m, 2000 * MS_NS),
	      "%s: an ignored ring answered (type %u)", how, m.hdr.type);
	step_ok("fatal", "%s: error word %u, ring ignored", how, want);
}

static void fatal_step(void)
{
	struct xsd_sockmsg h = {XS_WRITE, 1, 0, XENSTORE_PAYLOAD_MAX + 1};

	if (cmdline_has("fatal=len")) {
		xsc_put(&h, sizeof(h), XSC_TIMEOUT);
		check_ignored("len 4097", XENSTORE_ERROR_PROTO);
	} else if (cmdline_has("fatal=reqidx")) {
		xsc_intf->req_prod += 0x10000;
		port_notify(xsc_port);
		check_ignored("req_prod jump", XENSTORE_ERROR_RINGIDX);
	} else if (cmdline_has("fatal=rspidx")) {
		xsc_intf->rsp_cons = xsc_intf->rsp_prod + 2000;
		xsc_send(XS_READ, 0, "domid", 6);
		check_ignored("rsp_cons jump", XENSTORE_ERROR_RINGIDX);
	}
}

void guest_main(void)
{
	/* test_guests.py boots every guest as dom0 too: nothing to attack */
	if (start_info->flags & SIF_INITDOMAIN) {
		printf("xs_hostile: dom0 has no xenstore ring of its own; the "
		       "dom0 case xs-hostile runs this guest as a domU\n");
		pass();
	}
	map_shared_info();
	pvcons_init();
	xsc_init();
	check(xsc_intf->connection == XENSTORE_CONNECTED &&
		      xsc_intf->error == XENSTORE_ERROR_NONE,
	      "ring: connection %u error %u", xsc_intf->connection,
	      xsc_intf->error);
	basics();
	if (cmdline_has("xsh=full")) {
		garbage_types();
		garbage_payloads();
		garbage_random((unsigned)cmdline_ulong("random=", 300));
		big_messages();
		perms_quota();
		node_quota();
		watch_quota();
		tx_quota();
		pipelined(20);
		stalled_reader();
		notify_storm(cmdline_ulong("storm=", 20000));
	}
	fatal_step();
}
