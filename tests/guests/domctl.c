/*
 * domctl: XEN_DOMCTL (36) as the toolstack uses it, run as dom0 and as
 * domU 1 ("peer") at once.
 * The domU: a wrong interface version is -EACCES before anything else;
 * getdomaininfo and createdomain are -EPERM; a command on a domain that
 * does not exist is -ESRCH, on dom0 -EPERM (Xen's order: lookup, then
 * permission).  It reports PASS, then shuts itself down.
 * dom0: binds VIRQ_DOM_EXC and sees it when the boot-time peer shuts down
 * (the peer then goes away by itself).  It creates an empty domain and
 * checks getdomaininfo (paused, no memory, 2 vcpus none online, the
 * limits), -EEXIST / -EINVAL creations, pause/unpause counting, max_mem,
 * vcpu affinity, scheduler credit params, settimeoffset, the retired
 * set_max_evtchn (-ENOSYS), set/get_address_size (64 ok, 32
 * -EOPNOTSUPP), getvcpuinfo, max_vcpus, grant versions (0, 3, unknown
 * options -EINVAL; 2 accepted as the maximum).  remote_shutdown of the
 * new domain (reason 0x105: soft_reset, as Xen truncates it) raises
 * VIRQ_DOM_EXC and leaves it shut down with its first reason until
 * destroydomain; soft_reset of a PV domain is -EINVAL; afterwards getdomaininfo and destroydomain are
 * -ESRCH, and dom0 still runs.
 */
#include "guest.h"
#include <public/domctl.h>
#include <public/sched.h>

const char test_name[] = "domctl";

#define PEER		  1
#define NO_DOMAIN	  77
#define GRACE_NS	  1000000000UL
#define WAIT_NS		  10000000000UL
#define POLL_NS		  20000000UL
/* Never seen: Xen (and we) continue the hypercall instead. */
#define ERESTART_INTERNAL 85

static struct xen_domctl dc;

static long domctl(uint32_t cmd, domid_t dom)
{
	dc.cmd = cmd;
	dc.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	dc.domain = dom;
	return hypercall(__HYPERVISOR_domctl, (unsigned long)&dc, 0, 0, 0, 0);
}

static void expect_rc(const char *what, long rc, long want)
{
	check(rc == want, "%s returned %ld, expected %ld", what, rc, want);
}

static void clear(void)
{
	memset(&dc.u, 0, sizeof(dc.u));
}

static void bad_version(void)
{
	clear();
	dc.cmd = XEN_DOMCTL_getdomaininfo;
	dc.interface_version = XEN_DOMCTL_INTERFACE_VERSION - 1;
	dc.domain = 0;
	expect_rc(
		"domctl(old interface version)",
		hypercall(__HYPERVISOR_domctl, (unsigned long)&dc, 0, 0, 0, 0),
		-XEN_EACCES);
	expect_rc("domctl(bad pointer)",
		  hypercall(__HYPERVISOR_domctl, BAD_PTR_HV, 0, 0, 0, 0),
		  -XEN_EFAULT);
}

static void domu_side(void)
{
	struct sched_shutdown s = {.reason = SHUTDOWN_poweroff};

	map_shared_info();
	bad_version();
	clear();
	expect_rc("domU getdomaininfo(0)", domctl(XEN_DOMCTL_getdomaininfo, 0),
		  -XEN_EPERM);
	clear();
	dc.u.createdomain.max_vcpus = 1;
	expect_rc("domU createdomain", domctl(XEN_DOMCTL_createdomain, 0),
		  -XEN_EPERM);
	expect_rc("domU pausedomain(dom0)", domctl(XEN_DOMCTL_pausedomain, 0),
		  -XEN_EPERM);
	expect_rc("domU destroydomain(dom0)",
		  domctl(XEN_DOMCTL_destroydomain, 0), -XEN_EPERM);
	expect_rc("domU pausedomain(none)",
		  domctl(XEN_DOMCTL_pausedomain, NO_DOMAIN), -XEN_ESRCH);
	printf("domU: domctl refused, shutting down\n");
	printf("GUEST-RESULT %s: PASS\n", test_name);
	sleep_ns(GRACE_NS); /* dom0 binds VIRQ_DOM_EXC meanwhile */
	hc_sched_op(SCHEDOP_shutdown, &s);
	for (;;)
		hc_sched_op(SCHEDOP_block, NULL);
}

static evtchn_port_t dom_exc_port;

static void wait_dom_exc(const char *why)
{
	uint64_t end = system_time_ns() + WAIT_NS;

	while (!evtchn_is_pending(dom_exc_port) && system_time_ns() < end)
		sleep_ns(POLL_NS);
	check(evtchn_is_pending(dom_exc_port), "no VIRQ_DOM_EXC after %s", why);
	evtchn_clear_pending(dom_exc_port);
}

static struct xen_domctl_getdomaininfo *info(domid_t dom, long *rc)
{
	clear();
	*rc = domctl(XEN_DOMCTL_getdomaininfo, dom);
	return &dc.u.getdomaininfo;
}

static domid_t create(void)
{
	struct xen_domctl_createdomain *c = &dc.u.createdomain;
	domid_t id;

	clear();
	c->max_vcpus = 2;
	c->max_evtchn_port = 127;
	c->max_grant_frames = 4;
	c->max_maptrack_frames = -1;
	c->grant_opts = XEN_DOMCTL_GRANT_version(0);
	expect_rc("createdomain(grant version 0)",
		  domctl(XEN_DOMCTL_createdomain, 0), -XEN_EINVAL);
	c->grant_opts = XEN_DOMCTL_GRANT_version(3);
	expect_rc("createdomain(grant version 3)",
		  domctl(XEN_DOMCTL_createdomain, 0), -XEN_EINVAL);
	c->grant_opts = XEN_DOMCTL_GRANT_version(1) | 0x10;
	expect_rc("createdomain(unknown grant option)",
		  domctl(XEN_DOMCTL_createdomain, 0), -XEN_EINVAL);
	/* As Xen 4.17: version 2 may be the maximum (the domain uses v1). */
	c->grant_opts = XEN_DOMCTL_GRANT_version(2);
	expect_rc("createdomain", domctl(XEN_DOMCTL_createdomain, 0), 0);
	id = dc.domain;
	check(id > 0 && id < DOMID_FIRST_RESERVED, "created id %u", id);
	clear();
	c->max_vcpus = 1;
	c->grant_opts = 1;
	expect_rc("createdomain(existing id)",
		  domctl(XEN_DOMCTL_createdomain, id), -XEN_EEXIST);
	c->flags = XEN_DOMCTL_CDF_hvm;
	expect_rc("createdomain(hvm)", domctl(XEN_DOMCTL_createdomain, 0),
		  -XEN_EINVAL);
	c->flags = 0;
	c->max_vcpus = 0;
	expect_rc("createdomain(0 vcpus)", domctl(XEN_DOMCTL_createdomain, 0),
		  -XEN_EINVAL);
	return id;
}

static void check_fresh(domid_t id)
{
	long rc;
	struct xen_domctl_getdomaininfo *i = info(id, &rc);

	expect_rc("getdomaininfo(new)", rc, 0);
	check(i->domain == id && dc.domain == id, "info for %u", i->domain);
	check(i->flags & XEN_DOMINF_paused, "new domain not paused (0x%x)",
	      i->flags);
	check(!(i->flags & (XEN_DOMINF_shutdown | XEN_DOMINF_dying)),
	      "new domain flags 0x%x", i->flags);
	check(i->tot_pages == 0 && i->max_pages == 0, "pages %lu/%lu",
	      (unsigned long)i->tot_pages, (unsigned long)i->max_pages);
	check(i->max_vcpu_id == 1 && i->nr_online_vcpus == 0,
	      "vcpus: max id %u, online %u", i->max_vcpu_id,
	      i->nr_online_vcpus);
	check(i->shared_info_frame != 0, "no shared_info frame");
}

static void pause_counts(domid_t id)
{
	long rc;

	expect_rc("pausedomain", domctl(XEN_DOMCTL_pausedomain, id), 0);
	expect_rc("unpausedomain 1", domctl(XEN_DOMCTL_unpausedomain, id), 0);
	check(info(id, &rc)->flags & XEN_DOMINF_paused, "paused once less");
	expect_rc("unpausedomain 2", domctl(XEN_DOMCTL_unpausedomain, id), 0);
	check(!(info(id, &rc)->flags & XEN_DOMINF_paused), "still paused");
	expect_rc("unpausedomain 3", domctl(XEN_DOMCTL_unpausedomain, id),
		  -XEN_EINVAL);
	expect_rc("pausedomain(self)", domctl(XEN_DOMCTL_pausedomain, 0),
		  -XEN_EINVAL);
	expect_rc("pausedomain again", domctl(XEN_DOMCTL_pausedomain, id), 0);
}

static void memory_and_vcpus(domid_t id)
{
	long rc;

	clear();
	dc.u.max_mem.max_memkb = 8192;
	expect_rc("max_mem", domctl(XEN_DOMCTL_max_mem, id), 0);
	check(info(id, &rc)->max_pages == 2048, "max_pages %lu",
	      (unsigned long)dc.u.getdomaininfo.max_pages);
	clear();
	dc.u.max_vcpus.max = 2;
	expect_rc("max_vcpus(2)", domctl(XEN_DOMCTL_max_vcpus, id), 0);
	dc.u.max_vcpus.max = 3;
	expect_rc("max_vcpus(3)", domctl(XEN_DOMCTL_max_vcpus, id),
		  -XEN_EINVAL);
	clear();
	dc.u.getvcpuinfo.vcpu = 1;
	expect_rc("getvcpuinfo", domctl(XEN_DOMCTL_getvcpuinfo, id), 0);
	check(!dc.u.getvcpuinfo.online, "vcpu 1 online");
	dc.u.getvcpuinfo.vcpu = 2;
	expect_rc("getvcpuinfo(2)", domctl(XEN_DOMCTL_getvcpuinfo, id),
		  -XEN_EINVAL);
	clear();
	expect_rc("getvcpucontext(never run)",
		  domctl(XEN_DOMCTL_getvcpucontext, id), -XEN_ENODATA);
	dc.u.vcpucontext.vcpu = 2;
	expect_rc("getvcpucontext(2)", domctl(XEN_DOMCTL_getvcpucontext, id),
		  -XEN_EINVAL);
	dc.u.vcpucontext.vcpu = 0;
	/* As Xen: a NULL context resets the vcpu, even one never loaded. */
	expect_rc("setvcpucontext(NULL)", domctl(XEN_DOMCTL_setvcpucontext, id),
		  0);
}

static void affinity(domid_t id)
{
	static uint8_t map[2];
	struct xen_domctl_vcpuaffinity *a = &dc.u.vcpuaffinity;

	clear();
	map[0] = 1;
	map[1] = 0xff;
	a->vcpu = 1;
	a->flags = XEN_VCPUAFFINITY_HARD;
	xen_set_guest_handle(a->cpumap_hard.bitmap, map);
	a->cpumap_hard.nr_bits = 16;
	expect_rc("setvcpuaffinity", domctl(XEN_DOMCTL_setvcpuaffinity, id), 0);
	check(map[0] == 1 && map[1] == 0, "effective map 0x%x 0x%x", map[0],
	      map[1]);
	map[0] = 0;
	expect_rc("getvcpuaffinity", domctl(XEN_DOMCTL_getvcpuaffinity, id), 0);
	check(map[0] == 1, "affinity read back 0x%x", map[0]);
	a->flags = 0;
	expect_rc("getvcpuaffinity(no flags)",
		  domctl(XEN_DOMCTL_getvcpuaffinity, id), -XEN_EINVAL);
	a->flags = XEN_VCPUAFFINITY_HARD;
	a->vcpu = 9;
	expect_rc("setvcpuaffinity(vcpu 9)",
		  domctl(XEN_DOMCTL_setvcpuaffinity, id), -XEN_EINVAL);
}

static void sched_params(domid_t id)
{
	struct xen_domctl_scheduler_op *s = &dc.u.scheduler_op;

	clear();
	s->sched_id = XEN_SCHEDULER_CREDIT;
	s->cmd = XEN_DOMCTL_SCHEDOP_getinfo;
	expect_rc("sched getinfo", domctl(XEN_DOMCTL_scheduler_op, id), 0);
	check(s->u.credit.weight == 256 && s->u.credit.cap == 0,
	      "default weight %u cap %u", s->u.credit.weight, s->u.credit.cap);
	s->cmd = XEN_DOMCTL_SCHEDOP_putinfo;
	s->u.credit.weight = 512;
	s->u.credit.cap = 50;
	expect_rc("sched putinfo", domctl(XEN_DOMCTL_scheduler_op, id), 0);
	s->cmd = XEN_DOMCTL_SCHEDOP_getinfo;
	s->u.credit.weight = s->u.credit.cap = 0;
	expect_rc("sched getinfo 2", domctl(XEN_DOMCTL_scheduler_op, id), 0);
	check(s->u.credit.weight == 512 && s->u.credit.cap == 50,
	      "weight %u cap %u", s->u.credit.weight, s->u.credit.cap);
	s->sched_id = XEN_SCHEDULER_RTDS;
	expect_rc("sched getinfo(rtds)", domctl(XEN_DOMCTL_scheduler_op, id),
		  -XEN_EINVAL);
}

static void misc(domid_t id)
{
	clear();
	dc.u.settimeoffset.time_offset_seconds = 3600;
	expect_rc("settimeoffset", domctl(XEN_DOMCTL_settimeoffset, id), 0);
	clear();
	expect_rc("set_max_evtchn (retired)",
		  domctl(XEN_DOMCTL_set_max_evtchn, id), -XEN_ENOSYS);
	dc.u.address_size.size = 64;
	expect_rc("set_address_size(64)",
		  domctl(XEN_DOMCTL_set_address_size, id), 0);
	dc.u.address_size.size = 32;
	expect_rc("set_address_size(32)",
		  domctl(XEN_DOMCTL_set_address_size, id), -XEN_EOPNOTSUPP);
	dc.u.address_size.size = 0;
	expect_rc("get_address_size", domctl(XEN_DOMCTL_get_address_size, id),
		  0);
	check(dc.u.address_size.size == 64, "address size %u",
	      dc.u.address_size.size);
}

static void shutdown_then_destroy(domid_t id)
{
	/* As Xen: any reason, truncated to 8 bits (0x105: soft_reset). */
	struct sched_remote_shutdown r = {.domain_id = id, .reason = 0x105};
	long rc;
	int n = 0;

	expect_rc("soft_reset(running)", domctl(XEN_DOMCTL_soft_reset, id),
		  -XEN_EINVAL);
	expect_rc("remote_shutdown(new)",
		  hc_sched_op(SCHEDOP_remote_shutdown, &r), 0);
	wait_dom_exc("remote_shutdown");
	r.reason = SHUTDOWN_reboot; /* the first reason stays */
	expect_rc("remote_shutdown(again)",
		  hc_sched_op(SCHEDOP_remote_shutdown, &r), 0);
	/* A PV domain cannot be soft-reset (Xen: no arch support). */
	expect_rc("soft_reset(shut down)", domctl(XEN_DOMCTL_soft_reset, id),
		  -XEN_EINVAL);
	sleep_ns(10 * POLL_NS);
	info(id, &rc);
	expect_rc("getdomaininfo(shut down)", rc, 0);
	check((dc.u.getdomaininfo.flags & XEN_DOMINF_shutdown) &&
		      ((dc.u.getdomaininfo.flags >> XEN_DOMINF_shutdownshift) &
		       XEN_DOMINF_shutdownmask) == SHUTDOWN_soft_reset,
	      "shut-down flags 0x%x", dc.u.getdomaininfo.flags);
	do {
		clear();
		rc = domctl(XEN_DOMCTL_destroydomain, id);
		n++;
	} while (rc == -ERESTART_INTERNAL && n < 100000);
	expect_rc("destroydomain", rc, 0);
	wait_dom_exc("destroydomain");
	info(id, &rc);
	check(rc == -XEN_ESRCH || (rc == 0 && dc.u.getdomaininfo.domain != id),
	      "getdomaininfo after destroy: %ld (domain %u)", rc,
	      dc.u.getdomaininfo.domain);
	expect_rc("destroydomain again", domctl(XEN_DOMCTL_destroydomain, id),
		  -XEN_ESRCH);
	expect_rc("destroydomain(self)", domctl(XEN_DOMCTL_destroydomain, 0),
		  -XEN_EINVAL);
}

static void dom0_side(void)
{
	struct evtchn_bind_virq bv = {.virq = VIRQ_DOM_EXC, .vcpu = 0};
	domid_t id;
	long rc;

	map_shared_info();
	expect_rc("bind VIRQ_DOM_EXC",
		  hc_event_channel_op(EVTCHNOP_bind_virq, &bv), 0);
	dom_exc_port = bv.port;
	bad_version();
	wait_dom_exc("the peer's shutdown");
	printf("dom0: VIRQ_DOM_EXC for the boot-time peer\n");
	info(0, &rc);
	expect_rc("getdomaininfo(0)", rc, 0);
	check(dc.u.getdomaininfo.domain == 0 &&
		      dc.u.getdomaininfo.nr_online_vcpus >= 1,
	      "dom0 info: domain %u", dc.u.getdomaininfo.domain);
	id = create();
	check_fresh(id);
	pause_counts(id);
	memory_and_vcpus(id);
	affinity(id);
	sched_params(id);
	misc(id);
	shutdown_then_destroy(id);
	printf("dom0: domain %u created, shut down, destroyed\n", id);
	pass_and_idle();
}

void guest_main(void)
{
	install_traps();
	if (start_info->flags & SIF_INITDOMAIN)
		dom0_side();
	domu_side();
}
