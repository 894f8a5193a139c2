/*
 * PV memory management: frame types, validation, MMU hypercalls.
 * (First cut: the builder hooks only; validation and the MMU hypercalls
 * follow.)
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <asm/mm.h>
#include <asm/pv_mm.h>
#include <asm/config.h>

void pv_init_guest_l4(pte_t *l4)
{
	for (unsigned int i = L4_SLOT(HYPERVISOR_VIRT_START_);
	     i < L4_SLOT(HYPERVISOR_VIRT_END_); i++)
		l4[i] = idle_pg_table[i];
}

void pv_share_xenheap_page(struct domain *d, void *va)
{
	struct page_info *pg = mfn_to_page(virt_to_mfn(va));

	pg->u.owner = d;
}

int pv_pin_initial_tables(struct domain *d, unsigned long l4_mfn,
			  const unsigned long *pt_mfns, unsigned long nr)
{
	return 0;
}
