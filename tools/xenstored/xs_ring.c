/*
 * xenstored's ring copy loops (see xs_ring.h).  Plain C with compiler
 * barriers only, so the unit tests run it on an ordinary page.
 *
 * Interface: see xs_ring.h.
 *
 * Invariants: 0 <= prod - cons <= XENSTORE_RING_SIZE for both rings, else
 * -1 and no index is written.  xs_ring_serve() takes at most one request
 * per call, so a guest that floods its ring gets one answer per round.
 */
#include <string.h>

#include "xenstored.h"
#include "xs_ring.h"

static XENSTORE_RING_IDX load_idx(const XENSTORE_RING_IDX *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static void store_idx(XENSTORE_RING_IDX *p, XENSTORE_RING_IDX v)
{
	__atomic_store_n(p, v, __ATOMIC_RELAXED);
}

int xs_ring_read(struct xenstore_domain_interface *intf, void *buf, size_t max)
{
	XENSTORE_RING_IDX cons = load_idx(&intf->req_cons);
	XENSTORE_RING_IDX prod = load_idx(&intf->req_prod);
	size_t avail, done = 0, chunk;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if ((XENSTORE_RING_IDX)(prod - cons) > XENSTORE_RING_SIZE)
		return -1;
	avail = prod - cons;
	if (avail > max)
		avail = max;
	while (done < avail) {
		chunk = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(cons + done);
		if (chunk > avail - done)
			chunk = avail - done;
		memcpy((char *)buf + done,
		       intf->req + MASK_XENSTORE_IDX(cons + done), chunk);
		done += chunk;
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	store_idx(&intf->req_cons, cons + (XENSTORE_RING_IDX)done);
	return (int)done;
}

int xs_ring_write(struct xenstore_domain_interface *intf, const void *buf,
		  size_t len)
{
	XENSTORE_RING_IDX cons = load_idx(&intf->rsp_cons);
	XENSTORE_RING_IDX prod = load_idx(&intf->rsp_prod);
	size_t space, done = 0, chunk;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if ((XENSTORE_RING_IDX)(prod - cons) > XENSTORE_RING_SIZE)
		return -1;
	space = XENSTORE_RING_SIZE - (XENSTORE_RING_IDX)(prod - cons);
	if (space > len)
		space = len;
	while (done < space) {
		chunk = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(prod + done);
		if (chunk > space - done)
			chunk = space - done;
		memcpy(intf->rsp + MASK_XENSTORE_IDX(prod + done),
		       (const char *)buf + done, chunk);
		done += chunk;
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	store_idx(&intf->rsp_prod, prod + (XENSTORE_RING_IDX)done);
	return (int)done;
}

/*
 * One round for c on its ring: at most one request in (two reads: header,
 * payload), then as much output as fits.  Returns 0 or the
 * XENSTORE_ERROR_* that makes the ring unusable; *moved tells whether the
 * guest should be notified.
 */
uint32_t xs_ring_serve(struct xs_conn *c,
		       struct xenstore_domain_interface *intf, bool *moved)
{
	char buf[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
	const void *out;
	size_t want, len;
	int i, n;

	for (i = 0; i < 2 && (want = xs_conn_in_want(c)); i++) {
		n = xs_ring_read(intf, buf, want);
		if (n < 0)
			return XENSTORE_ERROR_RINGIDX;
		if (n == 0)
			break;
		*moved = true;
		xs_conn_in_put(c, buf, (size_t)n);
	}
	if (c->broken)
		return XENSTORE_ERROR_PROTO;
	while ((len = xs_conn_out_peek(c, &out))) {
		n = xs_ring_write(intf, out, len);
		if (n < 0)
			return XENSTORE_ERROR_RINGIDX;
		if (n == 0)
			break;
		*moved = true;
		xs_conn_out_done(c, (size_t)n);
	}
	return 0;
}
