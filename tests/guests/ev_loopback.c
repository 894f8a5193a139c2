/*
 * ev_loopback: an interdomain pair within one domain (linux-pv-abi.md
 * §7.1, §7.3).  alloc_unbound(SELF -> SELF) + bind_interdomain makes a
 * pair whose new end starts pending (no lost notification); a send on
 * one end raises an upcall for the other only; a masked port stays
 * pending without an upcall until EVTCHNOP_unmask delivers it; a guest
 * side unmask works too; close turns the peer back to unbound, and a
 * send on an unbound port is silently dropped.
 */
#include "guest.h"

const char test_name[] = "ev_loopback";

static long evop(int cmd, void *arg)
{
	return hc_event_channel_op(cmd, arg);
}

static long send(evtchn_port_t port)
{
	struct evtchn_send s = {.port = port};

	return evop(EVTCHNOP_send, &s);
}

static uint32_t status_of(evtchn_port_t port, struct evtchn_status *st)
{
	long rc;

	memset(st, 0, sizeof(*st));
	st->dom = DOMID_SELF;
	st->port = port;
	rc = evop(EVTCHNOP_status, st);
	check(rc == 0, "status(%u) returned %ld", port, rc);
	return st->status;
}

/* A few hypercall exits: each one delivers a pending, unmasked upcall. */
static bool wait_count(evtchn_port_t port, unsigned want)
{
	for (int i = 0; i < 100 && evtchn_count[port] < want; i++)
		hc_xen_version(XENVER_version, NULL);
	return evtchn_count[port] == want;
}

static void pair(evtchn_port_t *a, evtchn_port_t *b)
{
	struct evtchn_alloc_unbound au = {.dom = DOMID_SELF,
					  .remote_dom = DOMID_SELF};
	struct evtchn_bind_interdomain bi = {.remote_dom = DOMID_SELF};
	struct evtchn_status st;
	long rc;

	rc = evop(EVTCHNOP_alloc_unbound, &au);
	check(rc == 0 && au.port > 0, "alloc_unbound: rc %ld port %u", rc,
	      au.port);
	check(status_of(au.port, &st) == EVTCHNSTAT_unbound, "not unbound");
	bi.remote_port = au.port;
	rc = evop(EVTCHNOP_bind_interdomain, &bi);
	check(rc == 0, "bind_interdomain returned %ld", rc);
	check(evtchn_is_pending(bi.local_port),
	      "new local port %u not pending after bind", bi.local_port);
	check(status_of(bi.local_port, &st) == EVTCHNSTAT_interdomain &&
		      st.u.interdomain.port == au.port,
	      "local port status %u peer %u", st.status, st.u.interdomain.port);
	*a = au.port;
	*b = bi.local_port;
}

void guest_main(void)
{
	struct evtchn_unmask um;
	struct evtchn_close cl;
	struct evtchn_status st;
	evtchn_port_t a, b;

	map_shared_info();
	install_traps();
	install_callbacks();
	pair(&a, &b);
	printf("pair %u <-> %u\n", a, b);
	events_enable();
	check(wait_count(b, 1), "bind-time pending of %u not delivered", b);

	check(send(a) == 0, "send(%u) failed", a);
	check(wait_count(b, 2), "send %u: %u upcalls on %u", a, evtchn_count[b],
	      b);
	check(evtchn_count[a] == 0, "sender %u got an upcall", a);
	check(send(b) == 0 && wait_count(a, 1), "send %u: no upcall on %u", b,
	      a);

	evtchn_mask(b);
	check(send(a) == 0, "send(%u) failed", a);
	check(!wait_count(b, 3) && evtchn_is_pending(b),
	      "masked port %u: count %u pending %d", b, evtchn_count[b],
	      evtchn_is_pending(b));
	um.port = b;
	check(evop(EVTCHNOP_unmask, &um) == 0, "unmask(%u) failed", b);
	check(wait_count(b, 3), "unmask did not deliver %u", b);

	evtchn_mask(a);
	check(send(b) == 0 && !wait_count(a, 2), "masked %u delivered", a);
	evtchn_unmask_local(a);
	check(wait_count(a, 2), "guest-side unmask did not deliver %u", a);

	cl.port = a;
	check(evop(EVTCHNOP_close, &cl) == 0, "close(%u) failed", a);
	check(status_of(b, &st) == EVTCHNSTAT_unbound && st.u.unbound.dom == 0,
	      "peer after close: status %u dom %u", st.status,
	      st.u.unbound.dom);
	check(send(b) == 0, "send on unbound %u not dropped silently", b);
	check(!wait_count(b, 4), "send on unbound raised an upcall");
	cl.port = b;
	check(evop(EVTCHNOP_close, &cl) == 0, "close(%u) failed", b);
	check(status_of(b, &st) == EVTCHNSTAT_closed, "closed port status %u",
	      st.status);
}
