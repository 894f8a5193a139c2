/*
 * PV memory management (arch/x86/pv/mm.c): frame types, reference
 * counts, page-table validation and the MMU hypercalls.
 *
 * Frame model (struct page_info, include/xen/mm.h):
 *   count_info: PGC_* flags | general reference count (low 32 bits).
 *     A domain-owned frame holds one reference for its allocation
 *     (PGC_allocated); every mapping of it in a validated L1, every
 *     validated reference to it from a higher-level table, every pin and
 *     every CR3 load hold one more.
 *   type_info: PGT_type (bits 61-63) | PGT_pinned | PGT_validated |
 *     type reference count (low 32 bits).  A frame has a type while its
 *     type count is non-zero; it can change type only when the count is
 *     zero.  L1-L4 types are page tables (validated recursively, never
 *     mapped writable); PGT_writable counts RW mappings; PGT_seg_desc
 *     marks GDT/LDT frames.
 */
#ifndef ASM_PV_MM_H
#define ASM_PV_MM_H

#include <xen/types.h>
#include <xen/mm.h>
#include <asm/page.h>

#define PGT_type_shift   61
#define PGT_type_mask    (7UL << PGT_type_shift)
#define PGT_none         (0UL << PGT_type_shift)
#define PGT_l1_page_table (1UL << PGT_type_shift)
#define PGT_l2_page_table (2UL << PGT_type_shift)
#define PGT_l3_page_table (3UL << PGT_type_shift)
#define PGT_l4_page_table (4UL << PGT_type_shift)
#define PGT_seg_desc_page (5UL << PGT_type_shift)
#define PGT_writable_page (7UL << PGT_type_shift)
#define PGT_pinned       (1UL << 60)  /* pinned by the guest (MMUEXT_PIN_*) */
#define PGT_validated    (1UL << 59)  /* contents checked for the type */
#define PGT_count_mask   ((1UL << 32) - 1)

struct domain;
struct vcpu;

/*
 * Reference and type counting (implemented in arch/x86/pv/mm.c).  All
 * return 0 or a negative errno and change nothing on failure.
 *   get_page(pg, d): take a general reference if d owns pg (or pg is a
 *     hypervisor page shared with d); put_page() drops it.
 *   get_page_type(pg, type): take a type reference; if the frame has no
 *     type yet, give it `type`, validating its contents for page-table
 *     and descriptor types (recursively taking references on what it
 *     points to); -EINVAL if it has another type or does not validate.
 *     put_page_type() drops it; the last type reference of a page table
 *     releases the references its entries hold.
 */
int get_page(struct page_info *pg, struct domain *d);
void put_page(struct page_info *pg);
int get_page_type(struct page_info *pg, unsigned long type);
void put_page_type(struct page_info *pg);
int get_page_and_type(struct page_info *pg, struct domain *d, unsigned long type);
void put_page_and_type(struct page_info *pg);
/* mmu_update's pg_owner for DOMID_IO (owns no RAM; never freed). */
extern struct domain dom_io;
/* An I/O frame d may map only read-only (HPET, MSI-X table/PBA)? */
bool pv_io_frame_read_only(struct domain *d, unsigned long mfn);
/*
 * I/O frames [first, last] just became read-only for d: make d's existing
 * writable mappings of them read-only.  Takes the MMU lock (interrupts
 * on, no spinlock held).
 */
void pv_io_revoke_writable(struct domain *d, unsigned long first,
			   unsigned long last);

/* Copy the hypervisor's L4 slots (256-271) into a guest L4 page. */
void pv_init_guest_l4(pte_t *l4);
/* Let d map a hypervisor heap page (its shared_info) read-write. */
void pv_share_xenheap_page(struct domain *d, void *va);
/*
 * Builder: give the bootstrap tables their types by pinning the L4
 * (validating the tree) and taking the CR3 reference.
 */
int pv_pin_initial_tables(struct domain *d, unsigned long l4_mfn,
			  const unsigned long *pt_mfns, unsigned long nr);

/*
 * Install mfn (0 = none, user table only) as v's kernel (user = false) or
 * user L4, taking a type reference and dropping the old one; reloads CR3
 * if v is running in that mode.  -EINVAL if mfn does not validate as an
 * L4 of v's domain.  (MMUEXT_NEW_BASEPTR, VCPUOP_initialise ctrlreg[3].)
 */
int pv_set_guest_table(struct vcpu *v, unsigned long mfn, bool user);

/* ---- shared by arch/x86/pv/{mm,mmu_ops,ptwr,memory_op}.c ---- */

/*
 * The MMU lock: one lock for all frame types and counts (recursive on one
 * CPU).  Every function above takes it itself; the helpers below need it
 * held.  Held with interrupts enabled so a TLB-flush IPI can be served.
 */
void pv_mm_lock(void);
void pv_mm_unlock(void);
/* d's own RAM frame (PGC_allocated, owner d), or NULL. */
struct page_info *pv_owned_page(struct domain *d, unsigned long mfn);
/* Page-table level (1-4) of a validated table frame, 0 if not one. */
unsigned int pv_pt_level(const struct page_info *pg);
/* arch/x86/pv/linear_pt.c: same-level ("linear") entries, MMU lock held. */
bool pv_is_linear_entry(pte_t e, unsigned int level,
			const struct page_info *pt);
int pv_get_linear_entry(pte_t e, unsigned int level, struct page_info *pt,
			struct domain *d);
void pv_put_linear_entry(pte_t e, struct page_info *pt);
/*
 * Replace entry idx of validated table pt (level 1-4) with nv after
 * validating it (adding _PAGE_USER, dropping _PAGE_GLOBAL); *old gets
 * the previous entry.  PV_MOD_PRESERVE_AD keeps the old Accessed/Dirty
 * bits; PV_MOD_CMPXCHG writes only if the entry still equals *old
 * (-EAGAIN and *old = current value otherwise).  Errors change nothing.
 */
#define PV_MOD_PRESERVE_AD 1u
#define PV_MOD_CMPXCHG     2u
int pv_mod_pt_entry_for(struct page_info *pt, unsigned int idx, pte_t nv,
			unsigned int flags, struct domain *pg_owner, pte_t *old);
/* pg_owner: whose frames a new L1 entry maps (mmu_update's foreigndom);
 * NULL = the table's owner.  Upper levels: only the table's owner. */
static inline int pv_mod_pt_entry(struct page_info *pt, unsigned int idx,
				  pte_t nv, unsigned int flags, pte_t *old)
{
	return pv_mod_pt_entry_for(pt, idx, nv, flags, NULL, old);
}
/*
 * Release what a present L1 entry holds (grant PTEs, grant_map.c: their
 * frames belong to another domain; nothing if e is not present).
 */
void pv_put_l1e(pte_t e);
/* The L1 table mapping va in v's kernel page tables, or NULL. */
struct page_info *pv_kernel_l1_table(const struct vcpu *v, unsigned long va);
/*
 * Frames of d are about to leave it: no TLB may keep a translation to them.
 * stamp: the largest tlb_stamp of those frames.
 */
void pv_flush_before_free(struct domain *d, u64 stamp);
/* Guest-requested flushes, on every CPU running the caller's domain. */
void pv_flush_tlb_all(void);
void pv_invlpg_all(unsigned long va);
/* Guest linear address usable by a PV guest (canonical, not the hole). */
bool pv_guest_va_ok(unsigned long va);

#endif
