/*
 * domctl_destroy: XEN_DOMCTL_destroydomain of a running boot-time domU
 * with 16 MiB, run as dom0 and as domU 1 ("peer").  The memory is freed
 * in chunks through hypercall continuations, invisible to the caller.
 * Before, getvcpucontext reads the peer's vcpu 0 (online, its CR3, a
 * kernel RIP).  dom0 sees one 0, then VIRQ_DOM_EXC, getdomaininfo(1) -ESRCH and
 * pausedomain(1) -ESRCH; the QEMU test checks that every page came back.
 * The domU reports PASS and idles until it is destroyed.
 */
#include "guest.h"
#include <public/domctl.h>

const char test_name[] = "domctl_destroy";

#define PEER	 1
#define GRACE_NS 1000000000UL
#define WAIT_NS	 10000000000UL
#define POLL_NS	 20000000UL

static struct xen_domctl dc;

static long domctl(uint32_t cmd, domid_t dom)
{
	memset(&dc, 0, sizeof(dc));
	dc.cmd = cmd;
	dc.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	dc.domain = dom;
	return hypercall(__HYPERVISOR_domctl, (unsigned long)&dc, 0, 0, 0, 0);
}

static void expect_rc(const char *what, long rc, long want)
{
	check(rc == want, "%s returned %ld, expected %ld", what, rc, want);
}

/* The running peer's vcpu 0, as the toolstack reads it (xenctx). */
static void vcpu_context(void)
{
	static struct vcpu_guest_context ctx;

	memset(&dc, 0, sizeof(dc));
	dc.u.vcpucontext.vcpu = 0;
	xen_set_guest_handle(dc.u.vcpucontext.ctxt, &ctx);
	dc.cmd = XEN_DOMCTL_getvcpucontext;
	dc.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	dc.domain = PEER;
	expect_rc(
		"getvcpucontext(peer, 0)",
		hypercall(__HYPERVISOR_domctl, (unsigned long)&dc, 0, 0, 0, 0),
		0);
	check(ctx.ctrlreg[3] && (ctx.flags & VGCF_online) &&
		      ctx.user_regs.rip >= 0xffffffff80000000UL &&
		      (ctx.user_regs.cs & 3) == 3,
	      "peer context: cr3 0x%lx flags 0x%lx rip 0x%lx cs 0x%x",
	      (unsigned long)ctx.ctrlreg[3], (unsigned long)ctx.flags,
	      (unsigned long)ctx.user_regs.rip, ctx.user_regs.cs);
	printf("dom0: peer vcpu0 at rip 0x%lx, cr3 0x%lx\n",
	       (unsigned long)ctx.user_regs.rip, (unsigned long)ctx.ctrlreg[3]);
}

static void dom0_side(void)
{
	struct evtchn_bind_virq bv = {.virq = VIRQ_DOM_EXC, .vcpu = 0};
	uint64_t end;

	map_shared_info();
	expect_rc("bind VIRQ_DOM_EXC",
		  hc_event_channel_op(EVTCHNOP_bind_virq, &bv), 0);
	sleep_ns(GRACE_NS); /* the peer reports meanwhile */
	expect_rc("getdomaininfo(peer)", domctl(XEN_DOMCTL_getdomaininfo, PEER),
		  0);
	check(dc.u.getdomaininfo.domain == PEER &&
		      dc.u.getdomaininfo.tot_pages >= 4096,
	      "peer info: domain %u, %lu pages", dc.u.getdomaininfo.domain,
	      (unsigned long)dc.u.getdomaininfo.tot_pages);
	vcpu_context();
	expect_rc("destroydomain(peer)", domctl(XEN_DOMCTL_destroydomain, PEER),
		  0);
	end = system_time_ns() + WAIT_NS;
	while (!evtchn_is_pending(bv.port) && system_time_ns() < end)
		sleep_ns(POLL_NS);
	check(evtchn_is_pending(bv.port), "no VIRQ_DOM_EXC");
	expect_rc("getdomaininfo(peer) after",
		  domctl(XEN_DOMCTL_getdomaininfo, PEER), -XEN_ESRCH);
	expect_rc("pausedomain(peer) after",
		  domctl(XEN_DOMCTL_pausedomain, PEER), -XEN_ESRCH);
	printf("dom0: running peer destroyed\n");
	pass_and_idle();
}

void guest_main(void)
{
	install_traps();
	if (start_info->flags & SIF_INITDOMAIN)
		dom0_side();
	pass_and_idle();
}
