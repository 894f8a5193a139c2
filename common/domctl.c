/*
 * XEN_DOMCTL (hypercall 36): the control domain's toolstack creates,
 * inspects, pauses, configures and destroys domains.
 *
 * Interface: do_domctl() from the hypercall table; domctl_getdomaininfo()
 * for sysctl's getdomaininfolist.  Arch parts (vcpu context, address
 * size, the shared_info frame) are arch_domctl_*() in arch/x86/pv/domctl.c.
 * Invariants: every target is held by domain_lookup()/put_domain() for
 * the whole operation; only dom0 may call (Xen's default XSM policy);
 * a request that fails changes nothing.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <xen/domctl.h>
#include <public/vcpu.h>

/* ns v has spent running, including the current stint. */
static u64 vcpu_running_time(const struct vcpu *v)
{
	u64 t = v->runstate_time[RUNSTATE_running];

	if (v->runstate == RUNSTATE_running)
		t += NOW() - v->runstate_entry;
	return t;
}

/* Blocked only if every online vcpu is; running if any is on a CPU. */
static u32 vcpu_flags(struct domain *d, struct xen_domctl_getdomaininfo *info)
{
	u32 flags = XEN_DOMINF_blocked;

	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];

		if (!v)
			continue;
		info->cpu_time += vcpu_running_time(v);
		info->max_vcpu_id = v->vcpu_id;
		if (!v->is_up)
			continue;
		if (!READ_ONCE(v->blocked))
			flags &= ~XEN_DOMINF_blocked;
		if (READ_ONCE(v->is_running))
			flags |= XEN_DOMINF_running;
		info->nr_online_vcpus++;
	}
	return info->nr_online_vcpus ? flags : 0;
}

void domctl_getdomaininfo(struct domain *d,
			  struct xen_domctl_getdomaininfo *info)
{
	u32 flags;

	memset(info, 0, sizeof(*info));
	info->domain = d->domain_id;
	info->max_vcpu_id = XEN_INVALID_MAX_VCPU_ID;
	flags = vcpu_flags(d, info);
	if (READ_ONCE(d->state) == DOMSTATE_dying)
		flags |= XEN_DOMINF_dying;
	if (READ_ONCE(d->state) == DOMSTATE_shutdown)
		flags |= XEN_DOMINF_shutdown;
	if (READ_ONCE(d->ctl_pause_count))
		flags |= XEN_DOMINF_paused;
	/* As Xen: the code is ORed in even when unset (~0u). */
	flags |= READ_ONCE(d->shutdown_code) << XEN_DOMINF_shutdownshift;
	info->flags = flags;
	info->tot_pages = READ_ONCE(d->tot_pages);
	info->max_pages = READ_ONCE(d->max_pages);
	memcpy(info->handle, d->handle, sizeof(info->handle));
	arch_domctl_getdomaininfo(d, info);
}
