/*
 * Domain control (common/domctl.c): the parts of XEN_DOMCTL that other
 * subsystems share.  sysctl's getdomaininfolist fills the same record as
 * XEN_DOMCTL_getdomaininfo.
 */
#ifndef XEN_DOMCTL_H
#define XEN_DOMCTL_H

#include <xen/types.h>
#include <public/domctl.h>

struct domain;

/*
 * Fill *info with d's state as XEN_DOMCTL_getdomaininfo reports it.
 * The caller holds a reference on d (domain_lookup() or get_domain()).
 */
void domctl_getdomaininfo(struct domain *d,
			  struct xen_domctl_getdomaininfo *info);

/*
 * Our scheduler answers scheduler_op as credit (XEN_SCHEDULER_CREDIT,
 * which sysctl's sched_id should report too); weight and cap are stored
 * per domain but the round-robin scheduler does not use them.
 */
#define CTL_SCHEDULER_ID   XEN_SCHEDULER_CREDIT
#define CTL_DEFAULT_WEIGHT 256 /* credit's default weight */

/* Arch part of the above: shared_info frame, address bits. */
void arch_domctl_getdomaininfo(struct domain *d,
			       struct xen_domctl_getdomaininfo *info);

/* createdomain: the arch state of an empty domain (shared_info). */
int arch_domctl_createdomain(struct domain *d);
/* settimeoffset: d's wallclock runs secs ahead of the host's. */
void arch_domctl_settimeoffset(struct domain *d, s64 secs);
/* getvcpucontext: v's state (v off its CPU); -ENODATA if it never had one. */
struct vcpu;
struct vcpu_guest_context;
int arch_domctl_get_vcpu_context(struct vcpu *v, struct vcpu_guest_context *c);
/* Arch commands; -ENOSYS for unknown ones, as Xen. */
long arch_do_domctl(struct domain *d, struct xen_domctl *op, bool *copyback);

#endif /* XEN_DOMCTL_H */
