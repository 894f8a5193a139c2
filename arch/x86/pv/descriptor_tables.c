/*
 * Guest descriptor tables: set_gdt (2), update_descriptor (10),
 * MMUEXT_SET_LDT, the lazy mapping of LDT pages, the descriptor check
 * behind the PGT_seg_desc_page frame type, and loading a vCPU's GDT and
 * LDT into the CPU's descriptor window on context switch.
 *
 * Interface: pv_load_gdt(v) and pv_load_ldt(v) whenever v (or the idle
 * vCPU) starts running on this CPU; pv_destroy_gdt(v) and
 * pv_destroy_ldt(v) once when v's domain is torn down; get_page_type()
 * calls pv_validate_descriptor_page() when a frame first becomes
 * PGT_seg_desc_page; the #PF paths call pv_ldt_fault() for a fault in
 * this CPU's LDT window; mm.c calls pv_destroy_ldt(current) on a new
 * kernel base pointer and pv_ldt_frame_unmapped() when a mapping of a
 * descriptor frame goes.
 *
 * LDTs (as in Xen): SET_LDT only records base and entries and loads the
 * LDTR (limit entries * 8 - 1, base this CPU's LDT window).  The window
 * pages start not present; the CPU's first access to a page through a
 * selector faults there, and pv_ldt_fault() looks the guest's linear
 * address up in v's kernel page tables, takes a PGT_seg_desc_page type
 * reference on the frame (checking every descriptor, as for the GDT) and
 * maps it; the access is retried.  If that fails, the guest gets the #PF
 * at its LDT address.  The mapped pages are v's (ldt_frames/ldt_present),
 * so they survive context switches (the window is reloaded from them);
 * they are dropped on a changing SET_LDT, a new kernel base pointer,
 * the removal of a guest mapping of one of them while v is current, and
 * teardown.  Xen also drops other vCPUs' pages when a mapping goes; here
 * they keep their references until their own next drop, which only
 * delays when the guest may map the frame writable again.
 *
 * Invariants: every frame in v->arch.gdt_frames[0 .. gdt_nr_frames) and
 * every present LDT frame holds one general and one PGT_seg_desc_page
 * type reference, so its contents were checked and the guest cannot map
 * it writable; the CPU's window shows only the running vCPU's frames
 * (zeros / nothing for the idle vCPU), and a frame leaves the window
 * before its references are dropped.  ldt_vcpu[cpu] is the vCPU whose LDT
 * the window shows.
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
#define MAX_LDT_ENTS   (NR_LDT_FRAMES * DESCS_PER_PAGE) /* 8192, the ABI's */

BUILD_BUG_ON(FIRST_RESERVED_GDT_ENTRY != HV_GDT_FIRST_ENTRY);
BUILD_BUG_ON(FIRST_RESERVED_GDT_PAGE != NR_GUEST_GDT_PAGES);
BUILD_BUG_ON(NR_GDT_FRAMES != NR_GUEST_GDT_PAGES);
BUILD_BUG_ON(NR_LDT_FRAMES != NR_LDT_PAGES);

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

/*
 * One general and one PGT_seg_desc_page reference on d's frame mfn, its
 * descriptors checked: 0 or -EINVAL.
 */
static int get_desc_frame(struct domain *d, unsigned long mfn)
{
	struct page_info *pg;

	if (mfn >= max_page)
		return -EINVAL;
	pg = mfn_to_page(_mfn(mfn));
	if (get_page_and_type(pg, d, PGT_seg_desc_page))
		return -EINVAL;
	/*
	 * The type reference keeps the frame read-only to the guest, so this
	 * check holds until the reference goes.  (It repeats the one
	 * get_page_type() does on a frame's first PGT_seg_desc_page
	 * reference; checking is idempotent.)
	 */
	if (pv_validate_descriptor_page(pg)) {
		put_page_and_type(pg);
		return -EINVAL;
	}
	return 0;
}

/* Take the references for a new GDT; all or nothing. */
static int get_gdt_frames(struct domain *d, const unsigned long *mfns,
			  unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (get_desc_frame(d, mfns[i])) {
			put_gdt_frames(mfns, i);
			return -EINVAL;
		}
	return 0;
}

/*
 * The GDT of a vCPU being initialised (VCPUOP_initialise, setvcpucontext):
 * the same checks and references as set_gdt, all or nothing.  v has no
 * GDT yet and is not running.
 */
int pv_init_gdt(struct vcpu *v, const unsigned long *frames,
		unsigned int entries)
{
	unsigned int nr = gdt_nr_frames(entries);
	int rc;

	ASSERT(!v->arch.gdt_ents);
	if (entries > FIRST_RESERVED_GDT_ENTRY)
		return -EINVAL;
	rc = get_gdt_frames(v->domain, frames, nr);
	if (rc)
		return rc;
	memset(v->arch.gdt_frames, 0, sizeof(v->arch.gdt_frames));
	memcpy(v->arch.gdt_frames, frames, nr * sizeof(frames[0]));
	v->arch.gdt_ents = entries;
	return 0;
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

/* ---- LDT ---- */

/* The vCPU whose LDT each CPU's window and LDTR show (see Invariants). */
static struct vcpu *ldt_vcpu[NR_CPUS];

bool pv_ldt_args_ok(unsigned long base, unsigned long ents)
{
	if (ents > MAX_LDT_ENTS)
		return false;
	return !ents ||
	       (IS_ALIGNED(base, PAGE_SIZE) && guest_range_ok(base, ents * 8));
}

void pv_load_ldt(struct vcpu *v)
{
	ldt_vcpu[smp_processor_id()] = v;
	if (is_idle_vcpu(v))
		ldt_window_load(NULL, 0, 0);
	else
		ldt_window_load(v->arch.ldt_frames, v->arch.ldt_present,
				v->arch.ldt_ents);
}

/* Precondition: v is current, or runs on no CPU. */
void pv_destroy_ldt(struct vcpu *v)
{
	unsigned long frames[NR_LDT_FRAMES];
	unsigned int present;

	pv_mm_lock();
	present = v->arch.ldt_present;
	memcpy(frames, v->arch.ldt_frames, sizeof(frames));
	v->arch.ldt_present = 0;
	/* Out of the window (and this CPU's TLB) before the references go. */
	if (present && ldt_vcpu[smp_processor_id()] == v)
		ldt_window_load(NULL, 0, v->arch.ldt_ents);
	for (unsigned int i = 0; i < NR_LDT_FRAMES; i++)
		if (present & (1u << i))
			put_page_and_type(mfn_to_page(_mfn(frames[i])));
	pv_mm_unlock();
}

/* MMU lock held: a guest mapping of descriptor frame mfn is going away. */
void pv_ldt_frame_unmapped(unsigned long mfn)
{
	struct vcpu *v = current;

	if (is_idle_vcpu(v))
		return;
	for (unsigned int i = 0; i < NR_LDT_FRAMES; i++)
		if ((v->arch.ldt_present & (1u << i)) &&
		    v->arch.ldt_frames[i] == mfn) {
			pv_destroy_ldt(v);
			return;
		}
}

/* MMUEXT_SET_LDT for v == current. */
long pv_set_ldt(struct vcpu *v, unsigned long base, unsigned long ents)
{
	if (!ents)
		base = 0;
	if (!pv_ldt_args_ok(base, ents))
		return -EINVAL;
	/* The same LDT again keeps its mapped pages (as in Xen). */
	if (v->arch.ldt_base == base && v->arch.ldt_ents == ents)
		return 0;
	pv_destroy_ldt(v);
	v->arch.ldt_base = base;
	v->arch.ldt_ents = ents;
	pv_load_ldt(v);
	return 0;
}

/*
 * Map v's LDT page holding byte `offset` into this CPU's window, which
 * shows v's LDT: the frame the guest's kernel page tables map at
 * ldt_base + that page, if it may become a descriptor frame.
 */
static bool map_ldt_page(struct vcpu *v, unsigned long offset)
{
	unsigned int page = offset >> PAGE_SHIFT;
	unsigned long va = v->arch.ldt_base + page * PAGE_SIZE, mfn;
	struct page_info *l1;
	pte_t e = 0;
	bool ok = false;

	/* The LDTR limit stops the CPU before ldt_ents. */
	if (offset >= v->arch.ldt_ents * 8UL)
		return false;
	pv_mm_lock();
	l1 = pv_kernel_l1_table(v, va);
	if (l1)
		e = READ_ONCE(
			((pte_t *)mfn_to_virt(page_to_mfn(l1)))[l1_index(va)]);
	mfn = (e & PADDR_MASK) >> PAGE_SHIFT;
	if ((v->arch.ldt_present & (1u << page)) || !(e & _PAGE_PRESENT) ||
	    get_desc_frame(v->domain, mfn))
		goto out;
	v->arch.ldt_frames[page] = mfn;
	v->arch.ldt_present |= 1u << page;
	ldt_window_map_page(page, mfn);
	ok = true;
out:
	pv_mm_unlock();
	return ok;
}

enum pv_ldt_fault pv_ldt_fault(unsigned long va, u32 ec,
			       unsigned long *guest_va)
{
	unsigned int cpu = smp_processor_id();
	struct vcpu *v = ldt_vcpu[cpu];
	unsigned long offset = va - LDT_WINDOW_VA(cpu);
	bool irqs = local_irq_is_enabled(), ok;

	/* Only the CPU's own descriptor reads are supervisor accesses here. */
	if (offset >= NR_LDT_PAGES * PAGE_SIZE || !v || is_idle_vcpu(v) ||
	    (ec & (PFEC_user_mode | PFEC_reserved_bit)))
		return PV_LDT_NOT_LDT;
	if (!irqs)
		local_irq_enable(); /* the MMU lock is taken with IRQs on */
	ok = map_ldt_page(v, offset);
	if (!irqs)
		local_irq_disable();
	if (ok)
		return PV_LDT_MAPPED;
	*guest_va = v->arch.ldt_base + offset;
	return PV_LDT_REFUSED;
}
