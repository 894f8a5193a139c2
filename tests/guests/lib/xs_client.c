/*
 * A domU's xenstore client on its own ring (start_info.store_mfn and
 * store_evtchn): byte moves in both directions, requests with their
 * replies, watch events skipped and counted.  Raw enough for hostile
 * guests: they may write any bytes and indexes through xsc_intf.
 *
 * Interface: see pv.h.  xsc_init() after map_shared_info().
 * Invariants: req_prod and rsp_cons are ours and are written only after
 * the bytes moved (full barriers); req_cons and rsp_prod are read once
 * per move and a pair more than a ring apart moves nothing; every wait
 * ends at its deadline.
 */
#include "pv.h"

struct xenstore_domain_interface *xsc_intf;
evtchn_port_t xsc_port;
unsigned long xsc_events;
static uint32_t next_req_id = 1;

void xsc_init(void)
{
	xsc_intf = mfn_to_virt(start_info->store_mfn);
	xsc_port = start_info->store_evtchn;
	evtchn_mask(xsc_port);
}

static XENSTORE_RING_IDX load(const XENSTORE_RING_IDX *p)
{
	return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

size_t xsc_put_some(const void *buf, size_t len)
{
	XENSTORE_RING_IDX cons = load(&xsc_intf->req_cons);
	XENSTORE_RING_IDX prod = xsc_intf->req_prod;
	size_t n = 0;

	if (prod - cons > XENSTORE_RING_SIZE)
		return 0;
	while (n < len && prod - cons < XENSTORE_RING_SIZE)
		xsc_intf->req[MASK_XENSTORE_IDX(prod++)] =
			((const char *)buf)[n++];
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(&xsc_intf->req_prod, prod, __ATOMIC_SEQ_CST);
	return n;
}

size_t xsc_get_some(void *buf, size_t len)
{
	XENSTORE_RING_IDX prod = load(&xsc_intf->rsp_prod);
	XENSTORE_RING_IDX cons = xsc_intf->rsp_cons;
	size_t n = 0;

	if (prod - cons > XENSTORE_RING_SIZE)
		return 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	while (n < len && cons != prod)
		((char *)buf)[n++] = xsc_intf->rsp[MASK_XENSTORE_IDX(cons++)];
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(&xsc_intf->rsp_cons, cons, __ATOMIC_SEQ_CST);
	return n;
}

bool xsc_put(const void *buf, size_t len, uint64_t timeout_ns)
{
	uint64_t deadline = system_time_ns() + timeout_ns;
	size_t done = 0, n;

	while (done < len) {
		n = xsc_put_some((const char *)buf + done, len - done);
		done += n;
		if (n)
			port_notify(xsc_port);
		if (done == len)
			break;
		if (system_time_ns() > deadline)
			return false;
		if (!n)
			port_wait(xsc_port, deadline);
	}
	return true;
}

bool xsc_get(void *buf, size_t len, uint64_t timeout_ns)
{
	uint64_t deadline = system_time_ns() + timeout_ns;
	size_t done = 0, n;

	while (done < len) {
		n = xsc_get_some((char *)buf + done, len - done);
		done += n;
		if (n)
			port_notify(xsc_port); /* there is room again */
		if (done == len)
			break;
		if (system_time_ns() > deadline)
			return false;
		if (!n)
			port_wait(xsc_port, deadline);
	}
	return true;
}

uint32_t xsc_send(uint32_t type, uint32_t tx, const void *payload, size_t len)
{
	struct xsd_sockmsg h = {type, next_req_id++, tx, (uint32_t)len};

	check(xsc_put(&h, sizeof(h), XSC_TIMEOUT) &&
		      xsc_put(payload, len, XSC_TIMEOUT),
	      "xenstore: request type %u (%zu bytes) not taken", type, len);
	return h.req_id;
}

bool xsc_recv_any(struct xsc_msg *m, uint64_t timeout_ns)
{
	if (!xsc_get(&m->hdr, sizeof(m->hdr), timeout_ns))
		return false;
	check(m->hdr.len <= XENSTORE_PAYLOAD_MAX,
	      "xenstore: reply type %u announces %u bytes", m->hdr.type,
	      m->hdr.len);
	if (!xsc_get(m->body, m->hdr.len, timeout_ns))
		fail("xenstore: reply type %u: %u bytes announced, not sent",
		     m->hdr.type, m->hdr.len);
	m->body[m->hdr.len] = '\0';
	return true;
}

bool xsc_recv(struct xsc_msg *m, uint64_t timeout_ns)
{
	for (;;) {
		if (!xsc_recv_any(m, timeout_ns))
			return false;
		if (m->hdr.type != XS_WATCH_EVENT)
			return true;
		xsc_events++;
	}
}

const char *xsc_call(uint32_t type, uint32_t tx, const void *payload,
		     size_t len, struct xsc_msg *m)
{
	uint32_t id = xsc_send(type, tx, payload, len);

	check(xsc_recv(m, XSC_TIMEOUT), "xenstore: no reply to type %u", type);
	check(m->hdr.req_id == id, "xenstore: reply for req %u, sent %u",
	      m->hdr.req_id, id);
	if (m->hdr.type == type && type != XS_ERROR)
		return NULL;
	check(m->hdr.type == XS_ERROR,
	      "xenstore: type %u answered with type %u", type, m->hdr.type);
	return m->body;
}

const char *xsc_call2(uint32_t type, uint32_t tx, const char *a, const char *b,
		      struct xsc_msg *m)
{
	static char buf[XENSTORE_PAYLOAD_MAX];
	size_t la = strlen(a) + 1, lb = b ? strlen(b) + 1 : 0;

	check(la + lb <= sizeof(buf), "xenstore: payload of %zu bytes",
	      la + lb);
	memcpy(buf, a, la);
	if (b)
		memcpy(buf + la, b, lb);
	return xsc_call(type, tx, buf, la + lb, m);
}

const char *xsc_write(uint32_t tx, const char *path, const char *value,
		      struct xsc_msg *m)
{
	static char buf[XENSTORE_PAYLOAD_MAX];
	size_t lp = strlen(path) + 1, lv = strlen(value);

	check(lp + lv <= sizeof(buf), "xenstore: write of %zu bytes", lp + lv);
	memcpy(buf, path, lp);
	memcpy(buf + lp, value, lv);
	return xsc_call(XS_WRITE, tx, buf, lp + lv, m);
}
