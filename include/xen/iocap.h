/*
 * Per-domain I/O capabilities: the machine frames, I/O ports and
 * machine interrupts a domain may use, as the toolstack granted them
 * (XEN_DOMCTL_{iomem,ioport,irq}_permission).  Internal.
 *
 * The privileged domain's rights are implicit: everything but what the
 * hypervisor keeps (its interrupt controllers, timer and UART, the PCI
 * configuration ports it virtualises).  Another domain's are the ranges
 * in its caps (d->iomem_caps, d->ioport_caps, d->irq_caps; NULL until
 * the first grant, written only under the domctl lock, freed with the
 * domain).  A domain can be granted only what the caller may use.
 */
#ifndef XEN_IOCAP_H
#define XEN_IOCAP_H

#include <xen/rangeset.h>
#include <xen/types.h>

struct domain;

/* May d map machine frames [s, e] / use ports [s, e] / machine irq? */
bool iomem_access_permitted(struct domain *d, unsigned long s, unsigned long e);
bool ioports_access_permitted(struct domain *d, unsigned int s, unsigned int e);
bool irq_access_permitted(struct domain *d, unsigned int irq);
/* How many pirqs d may name (Xen's d->nr_pirqs). */
unsigned int domain_nr_pirqs(const struct domain *d);
/*
 * The machine irq that d's pirq names if d may use it, else 0 (Xen's
 * pirq_access_permitted; only the hardware domain has pirqs here).
 */
unsigned int pirq_access_permitted(struct domain *d, unsigned int pirq);

/*
 * Grant (allow) or revoke [s, e] in the caps *rp of a domain, creating
 * the set on the first grant.  Caller holds the domctl lock.  0,
 * -ENOMEM (nothing changed).
 */
int iocap_update(struct rangeset **rp, unsigned long s, unsigned long e,
		 bool allow);

/* Are [s, e] in caps *rp?  Any CPU, any time while the domain lives. */
static inline bool iocap_contains(struct rangeset *const *rp, unsigned long s,
				  unsigned long e)
{
	return rangeset_contains_range(__atomic_load_n(rp, __ATOMIC_ACQUIRE), s,
				       e);
}

#endif
