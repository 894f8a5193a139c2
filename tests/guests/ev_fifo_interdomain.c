/*
 * ev_fifo_interdomain: an event channel between dom0 and a boot-time
 * domU, both on the FIFO ABI (as two Linux kernels are).  Run the same
 * image as both (TWO_ENDS):
 *   -initrd "ev_fifo_interdomain,ev_fifo_interdomain domU name=peer mem=16M"
 * Each end switches to FIFO before binding anything; dom0 allocates port
 * 1 for domain 1 at priority 2, the domU binds it (retrying until it
 * exists) at priority 5, sends "ping" through dom0's queues, dom0 answers
 * "pong" through the domU's.  The domU passes and powers off; dom0 waits
 * for its port to revert to unbound and passes.  The domU's control
 * block and event array frames are released with it (test_guests.py
 * checks no frame of d1 outlives it).
 */
#include "guest.h"

const char test_name[] = "ev_fifo_interdomain";

#define DOM0_PORT  1
#define DOMU_ID	   1
#define MAX_ROUNDS 2000

static bool wait_count(evtchn_port_t port, unsigned want)
{
	for (int i = 0; i < MAX_ROUNDS && evtchn_count[port] < want; i++)
		hc_sched_op(SCHEDOP_yield, NULL);
	return evtchn_count[port] >= want;
}

static uint32_t status_of(evtchn_port_t port, struct evtchn_status *st)
{
	memset(st, 0, sizeof(*st));
	st->dom = DOMID_SELF;
	st->port = port;
	check(hc_event_channel_op(EVTCHNOP_status, st) == 0, "status");
	return st->status;
}

static void set_prio(evtchn_port_t port, uint32_t prio)
{
	struct evtchn_set_priority sp = {.port = port, .priority = prio};
	long rc = hc_event_channel_op(EVTCHNOP_set_priority, &sp);

	check(rc == 0, "set_priority(%u, %u) returned %ld", port, prio, rc);
}

static void dom0_side(void)
{
	struct evtchn_alloc_unbound au = {.dom = DOMID_SELF,
					  .remote_dom = DOMU_ID};
	struct evtchn_status st;
	struct evtchn_send s = {.port = DOM0_PORT};
	int i;

	check(hc_event_channel_op(EVTCHNOP_alloc_unbound, &au) == 0 &&
		      au.port == DOM0_PORT,
	      "alloc_unbound gave port %u", au.port);
	set_prio(DOM0_PORT, 2);
	check(wait_count(DOM0_PORT, 1), "dom0: no ping from the domU");
	check(status_of(DOM0_PORT, &st) == EVTCHNSTAT_interdomain &&
		      st.u.interdomain.dom == DOMU_ID,
	      "dom0: port status %u dom %u", st.status, st.u.interdomain.dom);
	printf("dom0: FIFO ping on port %u from d%u port %u\n", DOM0_PORT,
	       st.u.interdomain.dom, st.u.interdomain.port);
	check(hc_event_channel_op(EVTCHNOP_send, &s) == 0, "dom0: send pong");
	for (i = 0; i < MAX_ROUNDS; i++) {
		if (status_of(DOM0_PORT, &st) == EVTCHNSTAT_unbound)
			break;
		hc_sched_op(SCHEDOP_yield, NULL);
	}
	check(i < MAX_ROUNDS && st.u.unbound.dom == DOMU_ID,
	      "dom0: port not unbound after the domU went (status %u)",
	      st.status);
	printf("dom0: peer gone, port %u unbound again\n", DOM0_PORT);
}

static void domU_side(void)
{
	struct evtchn_bind_interdomain bi = {.remote_dom = 0,
					     .remote_port = DOM0_PORT};
	struct evtchn_send s;
	unsigned base;
	long rc = -1;

	for (int i = 0; i < MAX_ROUNDS && rc; i++) {
		rc = hc_event_channel_op(EVTCHNOP_bind_interdomain, &bi);
		if (rc)
			hc_sched_op(SCHEDOP_yield, NULL);
	}
	check(rc == 0, "domU: bind_interdomain(0, %u) returned %ld", DOM0_PORT,
	      rc);
	set_prio(bi.local_port, 5);
	/* The bind itself raised our port once (no lost notification). */
	check(wait_count(bi.local_port, 1), "domU: bind raised nothing");
	base = evtchn_count[bi.local_port];
	s.port = bi.local_port;
	check(hc_event_channel_op(EVTCHNOP_send, &s) == 0, "domU: send ping");
	check(wait_count(bi.local_port, base + 1), "domU: no pong on port %u",
	      bi.local_port);
	printf("domU: FIFO pong on port %u\n", bi.local_port);
}

void guest_main(void)
{
	long rc;

	map_shared_info();
	install_traps();
	install_callbacks();
	rc = fifo_setup(0);
	check(rc == 0, "FIFO set-up returned %ld", rc);
	upcall_hook = fifo_upcall;
	events_enable();
	if (start_info->flags & SIF_INITDOMAIN)
		dom0_side();
	else
		domU_side();
}
