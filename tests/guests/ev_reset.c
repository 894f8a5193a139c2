/*
 * ev_reset: EVTCHNOP_reset (kexec, toolstack) closes every port of the
 * domain: an IPI, a VIRQ and an unbound port all read EVTCHNSTAT_closed
 * afterwards, the VIRQ can be bound again (no -EEXIST) and events are
 * delivered on the new port.  Resetting another domain is -ESRCH for
 * dom0 when there is none (we run alone).  In the 2-level ABI
 * expand_array is -EOPNOTSUPP and set_priority -ENOSYS (as Xen).
 * Also the vcpu_op (24) answers no other guest checks: the periodic
 * timer, send_nmi, get_physid and the time/phys-area registrations are
 * -ENOSYS; up of a running vCPU is 0; get_runstate_info says running.
 */
#include "guest.h"

const char test_name[] = "ev_reset";

static void expect_rc(const char *what, long rc, long want)
{
	check(rc == want, "%s returned %ld, expected %ld", what, rc, want);
}

static uint32_t port_status(evtchn_port_t port)
{
	struct evtchn_status st = {.dom = DOMID_SELF, .port = port};

	expect_rc("status", hc_event_channel_op(EVTCHNOP_status, &st), 0);
	return st.status;
}

static void reset(void)
{
	struct evtchn_bind_ipi bi = {.vcpu = 0};
	struct evtchn_bind_virq bv = {.virq = VIRQ_DEBUG, .vcpu = 0};
	struct evtchn_alloc_unbound au = {.dom = DOMID_SELF,
					  .remote_dom = DOMID_SELF};
	struct evtchn_reset r = {.dom = DOMID_SELF};
	struct evtchn_expand_array ea = {.array_gfn = ~0ULL};
	struct evtchn_set_priority sp = {.priority = 1};
	struct evtchn_send s;

	expect_rc("bind_ipi", hc_event_channel_op(EVTCHNOP_bind_ipi, &bi), 0);
	expect_rc("bind_virq", hc_event_channel_op(EVTCHNOP_bind_virq, &bv), 0);
	expect_rc("alloc_unbound",
		  hc_event_channel_op(EVTCHNOP_alloc_unbound, &au), 0);
	check(port_status(bi.port) == EVTCHNSTAT_ipi &&
		      port_status(bv.port) == EVTCHNSTAT_virq &&
		      port_status(au.port) == EVTCHNSTAT_unbound,
	      "ports not bound");
	expect_rc("reset(self)", hc_event_channel_op(EVTCHNOP_reset, &r), 0);
	check(port_status(bi.port) == EVTCHNSTAT_closed &&
		      port_status(bv.port) == EVTCHNSTAT_closed &&
		      port_status(au.port) == EVTCHNSTAT_closed,
	      "reset left a port open");
	expect_rc("bind_virq again",
		  hc_event_channel_op(EVTCHNOP_bind_virq, &bv), 0);
	expect_rc("bind_ipi again", hc_event_channel_op(EVTCHNOP_bind_ipi, &bi),
		  0);
	events_enable();
	s.port = bi.port;
	expect_rc("send", hc_event_channel_op(EVTCHNOP_send, &s), 0);
	events_disable();
	sp.port = bi.port;
	check(evtchn_count[bi.port] == 1, "%u upcalls on the new IPI port",
	      evtchn_count[bi.port]);
	r.dom = 77;
	expect_rc("reset(no such domain)",
		  hc_event_channel_op(EVTCHNOP_reset, &r), -XEN_ESRCH);
	expect_rc("expand_array (2-level)",
		  hc_event_channel_op(EVTCHNOP_expand_array, &ea),
		  -XEN_EOPNOTSUPP);
	expect_rc("set_priority (2-level)",
		  hc_event_channel_op(EVTCHNOP_set_priority, &sp), -XEN_ENOSYS);
}

static void vcpu_ops(void)
{
	static const unsigned stubs[] = {VCPUOP_set_periodic_timer,
					 VCPUOP_send_nmi,
					 VCPUOP_get_physid,
					 VCPUOP_register_vcpu_time_memory_area,
					 VCPUOP_register_runstate_phys_area,
					 VCPUOP_register_vcpu_time_phys_area};
	struct vcpu_runstate_info ri;
	uint8_t scratch[64] = {0};

	for (unsigned i = 0; i < ARRAY_SIZE(stubs); i++)
		check(hc_vcpu_op(stubs[i], 0, scratch) == -XEN_ENOSYS,
		      "vcpu_op %u not -ENOSYS", stubs[i]);
	expect_rc("up(running vCPU)", hc_vcpu_op(VCPUOP_up, 0, NULL), 0);
	expect_rc("get_runstate_info",
		  hc_vcpu_op(VCPUOP_get_runstate_info, 0, &ri), 0);
	check(ri.state == RUNSTATE_running, "runstate %d", ri.state);
}

void guest_main(void)
{
	map_shared_info();
	install_traps();
	install_callbacks();
	reset();
	vcpu_ops();
}
