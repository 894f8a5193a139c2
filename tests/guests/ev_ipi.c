/*
 * ev_ipi: EVTCHNOP_bind_ipi (linux-pv-abi.md §7.5).  An IPI port to our
 * own vCPU raises an upcall on send, several IPI ports are independent,
 * status reports ipi and the vCPU, bind_vcpu refuses to move an IPI,
 * a vCPU that does not exist is -ENOENT, and a closed IPI port is gone.
 */
#include "guest.h"

const char test_name[] = "ev_ipi";

static long evop(int cmd, void *arg)
{
	return hc_event_channel_op(cmd, arg);
}

static bool wait_count(evtchn_port_t port, unsigned want)
{
	for (int i = 0; i < 100 && evtchn_count[port] < want; i++)
		hc_xen_version(XENVER_version, NULL);
	return evtchn_count[port] == want;
}

void guest_main(void)
{
	struct evtchn_bind_ipi ipi[4];
	struct evtchn_status st = {.dom = DOMID_SELF};
	struct evtchn_bind_vcpu bv;
	struct evtchn_send s;
	struct evtchn_close c;
	long rc;

	map_shared_info();
	install_traps();
	install_callbacks();
	events_enable();
	for (int i = 0; i < 4; i++) {
		ipi[i].vcpu = 0;
		rc = evop(EVTCHNOP_bind_ipi, &ipi[i]);
		check(rc == 0 && ipi[i].port, "bind_ipi #%d: rc %ld", i, rc);
	}
	for (int i = 0; i < 4; i++) {
		s.port = ipi[i].port;
		check(evop(EVTCHNOP_send, &s) == 0, "send(%u)", s.port);
		check(wait_count(ipi[i].port, 1), "ipi %u: %u upcalls",
		      ipi[i].port, evtchn_count[ipi[i].port]);
		for (int j = 0; j < 4; j++)
			check(evtchn_count[ipi[j].port] == (j <= i),
			      "ipi %u count %u after send on %u", ipi[j].port,
			      evtchn_count[ipi[j].port], s.port);
	}
	st.port = ipi[2].port;
	rc = evop(EVTCHNOP_status, &st);
	check(rc == 0 && st.status == EVTCHNSTAT_ipi && st.vcpu == 0,
	      "status: rc %ld status %u vcpu %u", rc, st.status, st.vcpu);
	bv.port = ipi[2].port;
	bv.vcpu = 0;
	rc = evop(EVTCHNOP_bind_vcpu, &bv);
	check(rc == -XEN_EINVAL, "bind_vcpu of an IPI returned %ld", rc);
	ipi[3].vcpu = 4000;
	rc = evop(EVTCHNOP_bind_ipi, &ipi[3]);
	check(rc == -XEN_ENOENT, "bind_ipi(vcpu 4000) returned %ld", rc);
	c.port = ipi[1].port;
	check(evop(EVTCHNOP_close, &c) == 0, "close(%u)", c.port);
	s.port = ipi[1].port;
	rc = evop(EVTCHNOP_send, &s);
	check(rc == -XEN_EINVAL, "send on closed ipi returned %ld", rc);
}
