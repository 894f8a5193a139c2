/*
 * Domain control (common/domctl.c): the parts of XEN_DOMCTL that other
 * subsystems share.  sysctl's getdomaininfolist fills the same record as
 * XEN_DOMCTL_getdomaininfo.
 */
#ifndef XEN_DOMCTL_H
#define XEN_DOMCTL_H

#include <public/domctl.h>

struct domain;

/*
 * Fill *info with d's state as XEN_DOMCTL_getdomaininfo reports it.
 * The caller holds a reference on d (domain_lookup() or get_domain()).
 */
void domctl_getdomaininfo(struct domain *d,
			  struct xen_domctl_getdomaininfo *info);

/* Arch part of the above: shared_info frame, address bits. */
void arch_domctl_getdomaininfo(struct domain *d,
			       struct xen_domctl_getdomaininfo *info);

#endif /* XEN_DOMCTL_H */
