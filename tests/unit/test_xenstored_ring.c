/*
 * Unit tests for tools/xenstored/xs_ring.c: xenstored's side of a domain's
 * ring page, driven by a simulated guest on an ordinary page -- requests
 * and replies larger than the ring and wrapping around it, indexes near
 * 2^32, one request per round for a guest that floods, a reply larger
 * than the ring delivered as the guest consumes, and impossible indexes
 * or an oversized header making the ring unusable (never a crash).
 */
#include "check.h"
#include "xs_harness.h"
#include "../../tools/xenstored/xs_ring.c"

static struct xs_store st;
static struct xenstore_domain_interface page;

/* The guest's producer side of the request ring. */
static size_t guest_put(const void *data, size_t len)
{
	XENSTORE_RING_IDX prod = page.req_prod;
	size_t space = XENSTORE_RING_SIZE - (prod - page.req_cons), i;

	if (len > space)
		len = space;
	for (i = 0; i < len; i++)
		page.req[MASK_XENSTORE_IDX(prod + i)] = ((const char *)data)[i];
	page.req_prod = prod + (XENSTORE_RING_IDX)len;
	return len;
}

static size_t guest_get(void *buf, size_t max)
{
	XENSTORE_RING_IDX cons = page.rsp_cons;
	size_t avail = page.rsp_prod - cons, i;

	if (avail > max)
		avail = max;
	for (i = 0; i < avail; i++)
		((char *)buf)[i] = page.rsp[MASK_XENSTORE_IDX(cons + i)];
	page.rsp_cons = cons + (XENSTORE_RING_IDX)avail;
	return avail;
}

static size_t request(char *buf, uint32_t type, uint32_t id, const char *p,
		      size_t len)
{
	struct xsd_sockmsg h = {type, id, 0, (uint32_t)len};

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), p, len);
	return sizeof(h) + len;
}

static void reset_page(XENSTORE_RING_IDX base)
{
	memset(&page, 0, sizeof(page));
	page.req_cons = page.req_prod = base;
	page.rsp_cons = page.rsp_prod = base + 7;
}

/* 200 writes of 100-byte values and reads back, through a 1 KiB ring. */
static void test_stream(XENSTORE_RING_IDX base)
{
	static char out[64 * 1024], in[64 * 1024];
	size_t olen = 0, osent = 0, ilen = 0, off;
	struct xs_conn *c = xs_conn_new(&st, 0);
	char val[101], path[32], pl[160];
	struct xsd_sockmsg h;
	unsigned int i, rounds = 0, replies = 0, bad = 0;
	bool moved;

	reset_page(base);
	memset(val, 'a', 100);
	val[100] = '\0';
	for (i = 0; i < 200; i++) {
		snprintf(path, sizeof(path), "/s/%u", i % 50);
		olen += request(out + olen, XS_WRITE, i, pl,
				build(pl, path, val, 100));
	}
	while ((osent < olen || ilen < 200 * 19) && rounds++ < 100000) {
		osent += guest_put(out + osent, (olen - osent) % 97 + 1);
		moved = false;
		CHECK_EQ(xs_ring_serve(c, &page, &moved), 0);
		ilen += guest_get(in + ilen, rnd() % 300);
	}
	for (off = 0; off + sizeof(h) <= ilen; off += sizeof(h) + h.len) {
		memcpy(&h, in + off, sizeof(h));
		if (h.type != XS_WRITE || h.req_id != replies || h.len != 3)
			bad++;
		replies++;
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(replies, 200);
	CHECK(page.req_cons == page.req_prod);
	xs_conn_free(c);
}

static void test_one_request_per_round(void)
{
	struct xs_conn *c = xs_conn_new(&st, 1);
	char buf[64], got[1024];
	unsigned int i;
	size_t n;
	bool moved = false;

	reset_page(0);
	for (i = 0; i < 20; i++) {
		n = request(buf, XS_GET_DOMAIN_PATH, i, "1", 2);
		CHECK_EQ(guest_put(buf, n), n);
	}
	CHECK_EQ(xs_ring_serve(c, &page, &moved), 0);
	CHECK(moved);
	n = guest_get(got, sizeof(got));
	CHECK_EQ(n, sizeof(struct xsd_sockmsg) + 16); /* one reply */
	for (i = 1; i < 20; i++)
		xs_ring_serve(c, &page, &moved);
	CHECK_EQ(guest_get(got, sizeof(got)), 19 * n);
	xs_conn_free(c);
}

/* A 4 KiB value read back through the 1 KiB ring. */
static void test_big_reply(void)
{
	static char val[XENSTORE_PAYLOAD_MAX], pl[XENSTORE_PAYLOAD_MAX + 16];
	struct xs_conn *c = xs_conn_new(&st, 0);
	static char got[8192];
	size_t n, len = 0, sent = 0;
	struct xsd_sockmsg h;
	bool moved;
	int i;

	memset(val, 'z', sizeof(val));
	CHECK_EQ(call(c, XS_WRITE, 0, pl, build(pl, "/bigv", val, 4000), NULL),
		 0);
	reset_page(0xfffffff0u);
	n = request(pl, XS_READ, 9, "/bigv", 6);
	for (i = 0; i < 50 && len < sizeof(h) + 4000; i++) {
		sent += guest_put(pl + sent, n - sent);
		moved = false;
		CHECK_EQ(xs_ring_serve(c, &page, &moved), 0);
		CHECK(page.rsp_prod - page.rsp_cons <= XENSTORE_RING_SIZE);
		len += guest_get(got + len, 700);
	}
	memcpy(&h, got, sizeof(h));
	CHECK_EQ(h.type, XS_READ);
	CHECK_EQ(h.req_id, 9);
	CHECK_EQ(h.len, 4000);
	CHECK_EQ(len, sizeof(h) + 4000);
	CHECK(memcmp(got + sizeof(h), val, 4000) == 0);
	xs_conn_free(c);
}

static void test_bad_rings(void)
{
	struct xsd_sockmsg h = {XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1};
	struct xs_conn *c = xs_conn_new(&st, 1);
	char buf[8];
	bool moved = false;

	reset_page(0);
	page.req_prod = page.req_cons + XENSTORE_RING_SIZE + 1;
	CHECK_EQ(xs_ring_serve(c, &page, &moved), XENSTORE_ERROR_RINGIDX);
	CHECK_EQ(page.req_cons, 0); /* untouched */
	CHECK_EQ(xs_ring_read(&page, buf, sizeof(buf)), -1);
	reset_page(0);
	page.rsp_cons = page.rsp_prod + 1; /* consumer ahead of producer */
	CHECK_EQ(xs_ring_write(&page, "x", 1), -1);
	xs_conn_free(c);

	c = xs_conn_new(&st, 1);
	reset_page(0);
	guest_put(&h, sizeof(h));
	CHECK_EQ(xs_ring_serve(c, &page, &moved), XENSTORE_ERROR_PROTO);
	xs_conn_free(c);
	/* a full ring: nothing more to take, no error */
	c = xs_conn_new(&st, 1);
	reset_page(100);
	page.req_prod = page.req_cons + XENSTORE_RING_SIZE;
	memset(page.req, 0, sizeof(page.req)); /* 64 XS_CONTROL headers */
	moved = false;
	CHECK_EQ(xs_ring_serve(c, &page, &moved), 0);
	xs_conn_free(c);
}

int main(void)
{
	CHECK_EQ(xs_store_init(&st), 0);
	test_stream(0);
	test_stream(0xffffff00u);
	test_one_request_per_round();
	test_big_reply();
	test_bad_rings();
	xs_store_fini(&st);
	return unit_finish("xenstored_ring");
}
