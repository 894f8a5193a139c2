/*
 * ev_poll: SCHEDOP_poll (linux-pv-abi.md §7.6).  A poll on a port that is
 * already pending returns at once; a poll with nothing pending returns
 * no earlier than its timeout; a poll without timeout on a masked port
 * is woken when that port becomes pending (here: VIRQ_TIMER from a
 * singleshot timer), with no upcall since the port stays masked.
 */
#include "guest.h"

const char test_name[] = "ev_poll";

#define MS 1000000ULL

static long poll(evtchn_port_t *ports, unsigned n, uint64_t timeout)
{
	struct sched_poll p = {.nr_ports = n, .timeout = timeout};

	xen_set_guest_handle(p.ports, ports);
	return hc_sched_op(SCHEDOP_poll, &p);
}

void guest_main(void)
{
	struct evtchn_bind_virq bv = {.virq = VIRQ_TIMER, .vcpu = 0};
	struct evtchn_bind_ipi bi = {.vcpu = 0};
	struct evtchn_send s;
	struct vcpu_set_singleshot_timer t = {0};
	evtchn_port_t ports[2];
	uint64_t t0, t1;
	long rc;

	map_shared_info();
	install_traps();
	install_callbacks();
	check(hc_event_channel_op(EVTCHNOP_bind_ipi, &bi) == 0, "bind_ipi");
	check(hc_event_channel_op(EVTCHNOP_bind_virq, &bv) == 0, "bind_virq");
	evtchn_mask(bi.port);
	evtchn_mask(bv.port);

	/* Already pending: no wait at all. */
	s.port = bi.port;
	check(hc_event_channel_op(EVTCHNOP_send, &s) == 0, "send");
	ports[0] = bv.port;
	ports[1] = bi.port;
	t0 = system_time_ns();
	rc = poll(ports, 2, t0 + 5000 * MS);
	t1 = system_time_ns();
	check(rc == 0 && t1 - t0 < 1000 * MS, "poll on pending: rc %ld, %lu ns",
	      rc, t1 - t0);
	evtchn_clear_pending(bi.port);

	/* Nothing pending: the timeout ends it. */
	t0 = system_time_ns();
	rc = poll(ports, 2, t0 + 20 * MS);
	t1 = system_time_ns();
	check(rc == 0, "poll with timeout returned %ld", rc);
	check(t1 - t0 >= 20 * MS, "poll timeout after only %lu ns", t1 - t0);
	printf("poll timeout of 20 ms took %lu us\n", (t1 - t0) / 1000);

	/* No timeout: woken by the (masked) timer port becoming pending. */
	t0 = system_time_ns();
	t.timeout_abs_ns = t0 + 10 * MS;
	check(hc_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t) == 0, "timer");
	rc = poll(ports, 1, 0);
	t1 = system_time_ns();
	check(rc == 0 && evtchn_is_pending(bv.port),
	      "poll woke: rc %ld, timer port pending %d", rc,
	      evtchn_is_pending(bv.port));
	check(t1 >= t.timeout_abs_ns, "woken %lu ns before the timer",
	      t.timeout_abs_ns - t1);
	check(evtchn_count[bv.port] == 0, "masked timer port raised an upcall");
	printf("poll woken by port %u after %lu us\n", bv.port,
	       (t1 - t0) / 1000);
}
