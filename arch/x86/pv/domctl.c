/*
 * The x86-64 PV parts of XEN_DOMCTL (common/domctl.c): what
 * getdomaininfo reports about the shared_info page and address space.
 *
 * Interface: arch_domctl_*() from common/domctl.c, with the target held.
 * Invariants: nothing here changes a domain that is running.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/domctl.h>
#include <asm/page.h>

#define PV_GPADDR_BITS 52 /* a PV guest's "physical" addresses are machine */

void arch_domctl_getdomaininfo(struct domain *d,
			       struct xen_domctl_getdomaininfo *info)
{
	if (d->shared_info)
		info->shared_info_frame = mfn_x(virt_to_mfn(d->shared_info));
	info->gpaddr_bits = PV_GPADDR_BITS;
}
