/*
 * PV guest descriptor tables (arch/x86/pv/descriptor_tables.c): the
 * descriptor check the PGT_seg_desc_page frame type relies on, guest
 * LDTs, and vCPU GDT/LDT teardown.
 */
#ifndef ASM_PV_DESC_H
#define ASM_PV_DESC_H

#include <xen/types.h>

struct page_info;
struct vcpu;

/*
 * Check one guest descriptor, rewriting it in place to be safe (DPL of
 * code/data raised to 3); false if it must be refused.
 */
bool pv_check_descriptor(u64 *desc);
/*
 * Check (and fix up in place) all 512 descriptors of a frame that is
 * becoming PGT_seg_desc_page: 0 or -EINVAL.  get_page_type() calls this
 * on a frame's first PGT_seg_desc_page type reference.
 */
int pv_validate_descriptor_page(struct page_info *pg);
/* Drop v's GDT frames (domain teardown); v must not run elsewhere. */
void pv_destroy_gdt(struct vcpu *v);
int pv_init_gdt(struct vcpu *v, const unsigned long *frames,
		unsigned int entries);

/* MMUEXT_SET_LDT arguments a vCPU may hold (also VCPUOP_initialise). */
bool pv_ldt_args_ok(unsigned long base, unsigned long ents);
/* MMUEXT_SET_LDT for v == current: 0 or -EINVAL (nothing changed). */
long pv_set_ldt(struct vcpu *v, unsigned long base, unsigned long ents);
/*
 * Drop the LDT pages mapped for v (it keeps base and entries, so they
 * are mapped again on use).  v is current, or runs nowhere.
 */
void pv_destroy_ldt(struct vcpu *v);
/* MMU lock held: a guest L1 entry mapping descriptor frame mfn goes. */
void pv_ldt_frame_unmapped(unsigned long mfn);

/*
 * A #PF at va with error code ec, from the guest or from hypervisor code
 * loading a guest selector: if va is in this CPU's LDT window, map the
 * guest's LDT page (PV_LDT_MAPPED: retry the access) or report the
 * guest linear address the access needed in *guest_va (PV_LDT_REFUSED:
 * the guest gets a #PF there).  Takes interrupts on for the MMU lock
 * and restores them; the caller must allow that.
 */
enum pv_ldt_fault { PV_LDT_NOT_LDT, PV_LDT_MAPPED, PV_LDT_REFUSED };
enum pv_ldt_fault pv_ldt_fault(unsigned long va, u32 ec,
			       unsigned long *guest_va);

#endif
