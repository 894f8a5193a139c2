/*
 * evtchn: event channels within one domain (linux-pv-abi.md §7.1, §7.3).
 * alloc_unbound(DOMID_SELF -> DOMID_SELF) + bind_interdomain to it makes a
 * loopback pair; a send on either end raises an upcall for the other;
 * a masked port stays pending until EVTCHNOP_unmask delivers it; bind_ipi
 * to ourselves works; status reports each state; close turns the peer
 * back to unbound; sending on a closed port fails with -EINVAL.
 */
#include "guest.h"

const char test_name[] = "evtchn";

static uint32_t status_of(evtchn_port_t port, struct evtchn_status *st)
{
	long rc;

	memset(st, 0, sizeof(*st));
	st->dom = DOMID_SELF;
	st->port = port;
	rc = hc_event_channel_op(EVTCHNOP_status, st);
	check(rc == 0, "EVTCHNOP_status(%u) returned %ld", port, rc);
	return st->status;
}

static long send(evtchn_port_t port)
{
	struct evtchn_send s = {.port = port};

	return hc_event_channel_op(EVTCHNOP_send, &s);
}

/* Give the hypervisor a few exits to deliver a pending upcall. */
static bool wait_count(evtchn_port_t port, unsigned want)
{
	for (int i = 0; i < 100 && evtchn_count[port] < want; i++)
		hc_xen_version(XENVER_version, NULL);
	return evtchn_count[port] == want;
}

static void close_port(evtchn_port_t port)
{
	struct evtchn_close c = {.port = port};
	long rc = hc_event_channel_op(EVTCHNOP_close, &c);

	check(rc == 0, "EVTCHNOP_close(%u) returned %ld", port, rc);
}

void guest_main(void)
{
	struct evtchn_alloc_unbound au = {.dom = DOMID_SELF,
					  .remote_dom = DOMID_SELF};
	struct evtchn_bind_interdomain bi = {.remote_dom = DOMID_SELF};
	struct evtchn_bind_ipi ipi = {.vcpu = 0};
	struct evtchn_status st;
	evtchn_port_t a, b, c;
	long rc;

	map_shared_info();
	install_traps();
	install_callbacks();

	rc = hc_event_channel_op(EVTCHNOP_alloc_unbound, &au);
	check(rc == 0, "alloc_unbound returned %ld", rc);
	a = au.port;
	check(a != 0 && a < EVTCHN_2L_NR_CHANNELS, "alloc_unbound gave port %u",
	      a);
	check(status_of(a, &st) == EVTCHNSTAT_unbound,
	      "port %u status %u, expected unbound", a, st.status);

	bi.remote_port = a;
	rc = hc_event_channel_op(EVTCHNOP_bind_interdomain, &bi);
	check(rc == 0, "bind_interdomain to port %u returned %ld", a, rc);
	b = bi.local_port;
	check(b != 0 && b != a, "bind_interdomain gave port %u", b);
	check(status_of(a, &st) == EVTCHNSTAT_interdomain &&
		      st.u.interdomain.port == b,
	      "port %u: status %u remote port %u, expected interdomain %u", a,
	      st.status, st.u.interdomain.port, b);
	check(status_of(b, &st) == EVTCHNSTAT_interdomain &&
		      st.u.interdomain.port == a,
	      "port %u: status %u remote port %u, expected interdomain %u", b,
	      st.status, st.u.interdomain.port, a);
	printf("loopback pair %u <-> %u\n", a, b);

	/* Xen may mark the new port pending at bind: start from clean. */
	evtchn_clear_pending(a);
	evtchn_clear_pending(b);
	events_enable();

	check(send(a) == 0, "send(%u) failed", a);
	check(wait_count(b, 1), "send on %u: %u upcalls for %u, expected 1", a,
	      evtchn_count[b], b);
	check(evtchn_count[a] == 0, "send on %u signalled %u itself", a, a);
	check(send(b) == 0, "send(%u) failed", b);
	check(wait_count(a, 1), "send on %u: %u upcalls for %u, expected 1", b,
	      evtchn_count[a], a);

	/* Masked: stays pending, no upcall; EVTCHNOP_unmask delivers it. */
	evtchn_mask(b);
	check(send(a) == 0, "send(%u) failed", a);
	check(!wait_count(b, 2), "masked port %u got an upcall", b);
	check(evtchn_is_pending(b), "masked port %u not pending after send", b);
	struct evtchn_unmask um = {.port = b};
	rc = hc_event_channel_op(EVTCHNOP_unmask, &um);
	check(rc == 0, "EVTCHNOP_unmask(%u) returned %ld", b, rc);
	check(wait_count(b, 2), "unmask of pending %u: %u upcalls, expected 2",
	      b, evtchn_count[b]);

	rc = hc_event_channel_op(EVTCHNOP_bind_ipi, &ipi);
	check(rc == 0, "bind_ipi(vcpu 0) returned %ld", rc);
	c = ipi.port;
	check(status_of(c, &st) == EVTCHNSTAT_ipi && st.vcpu == 0,
	      "ipi port %u: status %u vcpu %u", c, st.status, st.vcpu);
	evtchn_clear_pending(c);
	check(send(c) == 0, "send(ipi %u) failed", c);
	check(wait_count(c, 1), "ipi %u: %u upcalls, expected 1", c,
	      evtchn_count[c]);

	close_port(a);
	check(status_of(b, &st) == EVTCHNSTAT_unbound,
	      "peer %u of closed %u has status %u, expected unbound", b, a,
	      st.status);
	check(status_of(a, &st) == EVTCHNSTAT_closed,
	      "closed port %u has status %u", a, st.status);
	close_port(b);
	close_port(c);
	rc = send(c);
	check(rc == -XEN_EINVAL, "send on closed port %u returned %ld", c, rc);
}
