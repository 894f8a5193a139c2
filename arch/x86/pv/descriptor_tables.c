/*
 * Guest descriptor tables: set_gdt (2), update_descriptor (10), the
 * descriptor check behind the PGT_seg_desc_page frame type, and loading
 * a vCPU's GDT into the CPU's GDT window on context switch.
 *
 * Interface: pv_load_gdt(v) whenever v (or the idle vCPU) starts running
 * on this CPU, and after set_gdt; pv_destroy_gdt(v) once when v's domain
 * is torn down; get_page_type() calls pv_validate_descriptor_page() when
 * a frame first becomes PGT_seg_desc_page.
 * Invariants: every frame in v->arch.gdt_frames[0 .. gdt_nr_frames) holds
 * one general and one PGT_seg_desc_page type reference taken by set_gdt,
 * so its contents were checked and the guest cannot map it writable; the
 * CPU's GDT window shows only those frames of the running vCPU (zeros
 * for the idle vCPU), and a frame leaves the window before its
 * references are dropped.  LDT: not supported yet -- LDTR stays null, so
 * a guest selector with TI=1 faults (#GP with the selector) and the fault
 * is injected into the guest (docs/abi-coverage.md).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/arch_sched.h>
#include <asm/desc.h>
#include <asm/guest_access.h>
#include <asm/mm.h>
#include <asm/pv.h>
#include <asm/pv_desc.h>
#include <asm/pv_mm.h>
#include <public/xen.h>

#define DESCS_PER_PAGE (PAGE_SIZE / 8)

BUILD_BUG_ON(FIRST_RESERVED_GDT_ENTRY != HV_GDT_FIRST_ENTRY);
BUILD_BUG_ON(FIRST_RESERVED_GDT_PAGE != NR_GUEST_GDT_PAGES);
BUILD_BUG_ON(NR_GDT_FRAMES != NR_GUEST_GDT_PAGES);

static unsigned int gdt_nr_frames(unsigned int entries)
{
	return (entries + DESCS_PER_PAGE - 1) / DESCS_PER_PAGE;
}

/*
 * Make one guest descriptor safe, in place, or refuse it:
 *  - not present: always faults when loaded, accepted as is;
 *  - code/data (S=1): accepted with DPL raised to 3, so a guest kernel
 *    (CPL 3) can use it and nothing reaches CPL 0-2 through it;
 *  - system type 0: reserved, faults when loaded; it is the upper half of
 *    a 16-byte descriptor, accepted;
 *  - any other system descriptor (LDT, TSS, call/interrupt/trap gates):
 *    refused.  Call gates are refused rather than accepted at DPL 0
 *    (Xen's choice): we do not emulate far transfers through them, and
 *    Linux never puts one in its GDT.
 */
bool pv_check_descriptor(u64 *desc)
{
	u64 d = *desc;

	if (!(d & SEG_DESC_P))
		return true;
	if (d & SEG_DESC_S) {
		*desc = d | SEG_DESC_DPL_MASK;
		return true;
	}
	return !(d & SEG_DESC_TYPE_MASK);
}

int pv_validate_descriptor_page(struct page_info *pg)
{
	u64 *descs = mfn_to_virt(page_to_mfn(pg));

	for (unsigned int i = 0; i < DESCS_PER_PAGE; i++) {
		u64 d = READ_ONCE(descs[i]);
		u64 orig = d;

		if (!pv_check_descriptor(&d))
			return -EINVAL;
		if (d != orig)
			WRITE_ONCE(descs[i], d);
	}
	return 0;
}

void pv_load_gdt(struct vcpu *v)
{
	if (is_idle_vcpu(v)) {
		gdt_window_map(NULL, 0);
		return;
	}
	gdt_window_map(v->arch.gdt_frames, gdt_nr_frames(v->arch.gdt_ents));
}

static void put_gdt_frames(const unsigned long *mfns, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++)
		put_page_and_type(mfn_to_page(_mfn(mfns[i])));
}

/* Precondition: v is not running on another CPU. */
void pv_destroy_gdt(struct vcpu *v)
{
	unsigned int nr = gdt_nr_frames(v->arch.gdt_ents);
	unsigned long old[NR_GDT_FRAMES];

	memcpy(old, v->arch.gdt_frames, sizeof(old));
	memset(v->arch.gdt_frames, 0, sizeof(v->arch.gdt_frames));
	v->arch.gdt_ents = 0;
	if (v == current)
		pv_load_gdt(v);
	put_gdt_frames(old, nr);
}

/* Take the references for a new GDT; all or nothing. */
static int get_gdt_frames(struct domain *d, const unsigned long *mfns,
			  unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		struct page_info *pg;

		if (mfns[i] >= max_page)
			goto fail;
		pg = mfn_to_page(_mfn(mfns[i]));
		if (get_page_and_type(pg, d, PGT_seg_desc_page))
			goto fail;
		/*
		 * The type reference keeps the frame read-only to the guest,
		 * so this check holds until set_gdt drops it.  (It repeats
		 * the one get_page_type() does on a frame's first
		 * PGT_seg_desc_page reference; checking is idempotent.)
		 */
		if (pv_validate_descriptor_page(pg)) {
			put_page_and_type(pg);
			goto fail;
		}
	}
	return 0;
fail:
	put_gdt_frames(mfns, i);
	return -EINVAL;
}

/* 2: frame_list = guest VA of `entries / 512` (rounded up) MFNs. */
long do_set_gdt(unsigned long frame_list, unsigned long entries)
{
	struct vcpu *v = current;
	unsigned long frames[NR_GDT_FRAMES] = {0}, old[NR_GDT_FRAMES];
	unsigned int nr, old_nr;
	int rc;

	if (entries > FIRST_RESERVED_GDT_ENTRY)
		return -EINVAL;
	nr = gdt_nr_frames(entries);
	if (copy_from_guest(frames, frame_list, nr * sizeof(frames[0])))
		return -EFAULT;
	rc = get_gdt_frames(v->domain, frames, nr);
	if (rc)
		return rc;

	old_nr = gdt_nr_frames(v->arch.gdt_ents);
	memcpy(old, v->arch.gdt_frames, sizeof(old));
	memcpy(v->arch.gdt_frames, frames, sizeof(frames));
	v->arch.gdt_ents = entries;
	pv_load_gdt(v);		     /* old frames leave the window ... */
	put_gdt_frames(old, old_nr); /* ... before their references go */
	return 0;
}

/*
 * 10: store one descriptor at machine address maddr, in a descriptor
 * frame (checked; a loaded GDT sees it at once through the window) or in
 * an ordinary frame of the caller that can be writable.
 */
long do_update_descriptor(unsigned long maddr, unsigned long desc)
{
	struct domain *d = current->domain;
	unsigned long mfn = maddr >> PAGE_SHIFT;
	struct page_info *pg;
	unsigned long type;
	u64 val = desc;

	if (!IS_ALIGNED(maddr, 8) || mfn >= max_page)
		return -EINVAL;
	if (!pv_check_descriptor(&val))
		return -EINVAL;
	pg = mfn_to_page(_mfn(mfn));
	if (get_page(pg, d))
		return -EINVAL;
	type = (READ_ONCE(pg->type_info) & PGT_type_mask) == PGT_seg_desc_page
		       ? PGT_seg_desc_page
		       : PGT_writable_page;
	if (get_page_type(pg, type)) {
		put_page(pg);
		return -EINVAL;
	}
	WRITE_ONCE(*(u64 *)maddr_to_virt(maddr), val);
	put_page_type(pg);
	put_page(pg);
	return 0;
}
