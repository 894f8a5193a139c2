/*
 * Grant tables, version 1 (common/grant_table.c): the interface the rest
 * of the hypervisor uses, and the arch hooks that grant code calls to
 * reference frames and to write grant PTEs (arch/x86/pv/grant_map.c).
 *
 * Reference model (as Xen's for PV guests): a host mapping's page
 * references (general + PGT_writable when writable) belong to the PTE
 * the hook wrote, exactly as if the guest had written that PTE, so a
 * guest that zaps it with a plain mmu_update drops them through the
 * normal L1 path; a device mapping's references belong to the maptrack
 * entry.  Every maptrack entry holds a domain reference to the granter,
 * so an unmap after the granter died still finds its frames.
 */
#ifndef XEN_GRANT_TABLE_H
#define XEN_GRANT_TABLE_H

#include <xen/types.h>

struct domain;
struct page_info;

/* Domain creation: an empty table (frames come with setup_table). 0/-ENOMEM. */
int gnttab_domain_init(struct domain *d);
/*
 * Teardown, before d's page tables and memory go: force-unmap every
 * grant d has mapped (dropping the references, flushing any guest
 * CPU), then free d's table; its frames stay alive while others map them.
 */
void gnttab_domain_release(struct domain *d);
/* XENMEM_add_to_physmap for a PV caller (every space: Xen's answers). */
long gnttab_add_to_physmap(unsigned long arg, unsigned long start);
/* XENMEM_acquire_resource (grant table frames of another domain). */
long gnttab_acquire_resource(unsigned long arg, unsigned long start);

/* ---- arch hooks (return GNTST_* unless said otherwise) ---- */

/* Reference frame mfn of owner (+ a writable type): GNTST_okay/bad_page. */
int arch_gnttab_get_frame(struct domain *owner, u64 mfn, bool writable);
void arch_gnttab_put_frame(u64 mfn, bool writable);
/*
 * Host mapping of owner's frame mfn for current (GNTMAP_* flags): writes
 * the PTE named by addr (a VA, or with GNTMAP_contains_pte the machine
 * address of the PTE), taking the references it holds; the entry it
 * replaced is released.  *pte_ma gets the PTE's machine address.
 */
int arch_gnttab_create_host(struct domain *owner, u64 addr, unsigned int flags,
			    u64 mfn, u64 *pte_ma);
/*
 * Remove current's host mapping of mfn at addr (GNTST_general_error if the
 * PTE no longer maps it as created), or, new_addr != 0, move the PTE
 * mapping new_addr there.  Does not flush: the caller calls
 * arch_gnttab_flush() before the frame may be used again (the unpin).
 */
int arch_gnttab_replace_host(u64 addr, u64 new_addr, unsigned int flags,
			     u64 mfn);
/* Flush every CPU whose TLB may still hold a PTE removed until now. */
void arch_gnttab_flush(void);
/* Teardown of d: clear the PTE at pte_ma if it still maps mfn. */
void arch_gnttab_release_host(struct domain *d, u64 pte_ma, u64 mfn);
/* A zeroed frame owned by d outside its reservation; NULL on OOM. */
struct page_info *arch_gnttab_alloc_frame(struct domain *d);
/* Drop the table's reference (the frame goes with d's memory). */
void arch_gnttab_free_frame(struct page_info *pg);
u64 arch_gnttab_frame_mfn(struct page_info *pg);
void *arch_gnttab_frame_va(u64 mfn); /* hypervisor mapping of a frame */

#endif
