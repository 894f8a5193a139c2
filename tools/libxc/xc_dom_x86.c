/*
 * The x86-64 PV start-of-day layout a Linux kernel expects, built from
 * dom0: in virtual address order from VIRT_BASE the kernel, the ramdisk
 * (unless MOD_START_PFN), the p2m (unless INIT_P2M), start_info, the
 * xenstore and console rings, the bootstrap page tables, the boot stack,
 * then at least 512 KiB of slack up to a 4 MiB boundary; after that
 * region an unmapped ramdisk, and the INIT_P2M p2m with its own tables.
 *
 * Interface: xc_dom_plan() once the ELF is parsed and nr_pages known;
 * xc_dom_write_image() with the used pfns mapped (after the segments
 * are loaded and the rings' ports allocated); xc_dom_pin_and_boot() once
 * the mapping is gone.
 * Invariants: the region maps pfn p at virt_base + p pages, read-only
 * for the page-table frames, and lies in one 1 GiB L2; page-table frames
 * are handed out in the order the mapping walk needs them and never
 * beyond nr_pt (the plan counts them first).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <public/xen.h>

#include "xc_dom.h"

/* x86-64 PTE bits (Intel SDM vol. 3, 4.5). */
#define PTE_PRESENT  (1ULL << 0)
#define PTE_RW	     (1ULL << 1)
#define PTE_USER     (1ULL << 2)
#define PTE_ACCESSED (1ULL << 5)
#define PTE_DIRTY    (1ULL << 6)
#define PTE_TABLE    (PTE_PRESENT | PTE_RW | PTE_USER | PTE_ACCESSED | PTE_DIRTY)
#define PTE_DATA_RW  PTE_TABLE
#define PTE_DATA_RO  (PTE_PRESENT | PTE_USER | PTE_ACCESSED)

#define L1_SHIFT   12
#define L2_SHIFT   21
#define L3_SHIFT   30
#define L4_SHIFT   39
#define PT_ENTRIES 512

#define PAD_PAGES      128  /* 512 KiB after the boot stack, as Linux wants */
#define ALIGN_PAGES    1024 /* the region ends on a 4 MiB boundary */
#define CANONICAL_END  (1ULL << 47)
#define HYPERCALL_STUB 32 /* bytes per hypercall in the page */
#define NR_IRET	       __HYPERVISOR_iret

static unsigned long pages(uint64_t bytes)
{
	return (bytes + XC_PAGE_SIZE - 1) >> XC_PAGE_SHIFT;
}

/* How many level-shift units [start, end) touches. */
static unsigned long span(uint64_t start, uint64_t end, unsigned int shift)
{
	return ((end - 1) >> shift) - (start >> shift) + 1;
}

static uint64_t region_end_va(const struct xc_dom *dom, unsigned long end)
{
	return dom->elf.virt_base + ((uint64_t)end << XC_PAGE_SHIFT);
}

/* L4 + L3s + L2s + L1s for [virt_base, virt_base + end pages). */
static unsigned long tables_needed(const struct xc_dom *dom, unsigned long end)
{
	uint64_t s = dom->elf.virt_base, e = region_end_va(dom, end);

	return 1 + span(s, e, L4_SHIFT) + span(s, e, L3_SHIFT) +
	       span(s, e, L2_SHIFT);
}

/* start_info, rings, tables and stack after next; fixes end_pfn. */
static void plan_region_tail(struct xc_dom *dom, unsigned long next)
{
	unsigned long need;

	dom->si_pfn = next++;
	dom->store_pfn = next++;
	dom->cons_pfn = next++;
	dom->pt_pfn = next;
	for (dom->nr_pt = 3;; dom->nr_pt = need) {
		dom->stack_pfn = dom->pt_pfn + dom->nr_pt;
		dom->end_pfn =
			(dom->stack_pfn + 1 + PAD_PAGES + ALIGN_PAGES - 1) /
			ALIGN_PAGES * ALIGN_PAGES;
		need = tables_needed(dom, dom->end_pfn);
		if (need <= dom->nr_pt)
			break;
	}
}

static int check_region(struct xc_dom *dom)
{
	uint64_t s = dom->elf.virt_base, e = region_end_va(dom, dom->end_pfn);
	uint64_t hc = dom->elf.hypercall_page;

	if (span(s, e, L3_SHIFT) != 1)
		return xc_dom_fail(dom, -E2BIG,
				   "kernel %s: its boot region "
				   "does not fit in 1 GiB",
				   dom->cfg->kernel);
	if (e < s || (e > CANONICAL_END && s < HYPERVISOR_VIRT_END))
		return xc_dom_fail(dom, -EINVAL,
				   "kernel %s: its image overlaps "
				   "the hypervisor's area",
				   dom->cfg->kernel);
	if (hc != XC_DOM_UNSET && (hc < dom->elf.virt_kstart ||
				   hc + XC_PAGE_SIZE > dom->elf.virt_kend))
		return xc_dom_fail(dom, -EINVAL,
				   "kernel %s: HYPERCALL_PAGE "
				   "%#llx is outside the kernel",
				   dom->cfg->kernel, (unsigned long long)hc);
	return 0;
}

/* The INIT_P2M segment: p2m data, then one L3, its L2s and L1s. */
static int plan_init_p2m(struct xc_dom *dom, unsigned long next)
{
	uint64_t va = dom->elf.init_p2m;
	uint64_t bytes = (uint64_t)dom->p2m_pages << XC_PAGE_SHIFT;

	if ((va & ((1ULL << L4_SHIFT) - 1)) || va >= HYPERVISOR_VIRT_START ||
	    va >> L4_SHIFT == dom->elf.virt_base >> L4_SHIFT)
		return xc_dom_fail(dom, -EINVAL,
				   "kernel %s: unusable INIT_P2M "
				   "address %#llx",
				   dom->cfg->kernel, (unsigned long long)va);
	dom->p2m_seg_pfn = dom->p2m_pfn = next;
	dom->p2m_seg_pages = dom->p2m_pages + 1 + span(0, bytes, L3_SHIFT) +
			     span(0, bytes, L2_SHIFT);
	return 0;
}

int xc_dom_plan(struct xc_dom *dom)
{
	const struct xc_dom_elf *e = &dom->elf;
	unsigned long next;
	int rc;

	dom->kern_pfn = (e->virt_kstart - e->virt_base) >> XC_PAGE_SHIFT;
	dom->kern_end = next = pages(e->virt_kend - e->virt_base);
	dom->ramdisk_pages = pages(dom->ramdisk_len);
	dom->ramdisk_mapped = dom->ramdisk && !e->mod_start_pfn;
	if (dom->ramdisk_mapped) {
		dom->ramdisk_pfn = next;
		next += dom->ramdisk_pages;
	}
	dom->p2m_pages = pages(dom->nr_pages * sizeof(xen_pfn_t));
	dom->init_p2m = e->init_p2m != XC_DOM_UNSET;
	if (!dom->init_p2m) {
		dom->p2m_pfn = next;
		next += dom->p2m_pages;
	}
	plan_region_tail(dom, next);
	if ((rc = check_region(dom)))
		return rc;
	next = dom->end_pfn;
	if (dom->ramdisk && !dom->ramdisk_mapped) {
		dom->ramdisk_pfn = next;
		next += dom->ramdisk_pages;
	}
	if (dom->init_p2m) {
		if ((rc = plan_init_p2m(dom, next)))
			return rc;
		next += dom->p2m_seg_pages;
	}
	dom->used_pfn = next;
	if (next > dom->nr_pages)
		return xc_dom_fail(dom, -ENOMEM,
				   "%lu MiB of memory are too "
				   "few for this kernel and ramdisk (need more "
				   "than %lu MiB)",
				   dom->nr_pages >> 8, (next + 255) >> 8);
	return 0;
}

/* ---- page tables ---- */

/* The tables of one mapping walk: pool [next, limit) of pfns. */
struct pt_walk {
	unsigned long next, limit;
	uint64_t key[5];      /* va >> (shift of level + 1) per level */
	unsigned long pfn[5]; /* that table's pfn */
	bool valid[5];
};

static unsigned int pt_index(uint64_t va, unsigned int level)
{
	return (va >> (L1_SHIFT + 9 * (level - 1))) & (PT_ENTRIES - 1);
}

static uint64_t pte(const struct xc_dom *dom, unsigned long pfn, uint64_t flags)
{
	return ((uint64_t)dom->p2m[pfn] << XC_PAGE_SHIFT) | flags;
}

/* The level-'level' table holding va's entry; new tables from the pool. */
static uint64_t *table_for(struct xc_dom *dom, struct pt_walk *w, uint64_t va,
			   unsigned int level)
{
	uint64_t key = va >> (L1_SHIFT + 9 * level);
	uint64_t *parent;

	if (level == 4)
		return xc_dom_pfn_ptr(dom, dom->pt_pfn);
	if (!w->valid[level] || w->key[level] != key) {
		parent = table_for(dom, w, va, level + 1);
		if (w->next >= w->limit)
			return NULL; /* the plan counted wrong: caller checks */
		w->pfn[level] = w->next++;
		w->key[level] = key;
		w->valid[level] = true;
		parent[pt_index(va, level + 1)] =
			pte(dom, w->pfn[level], PTE_TABLE);
	}
	return xc_dom_pfn_ptr(dom, w->pfn[level]);
}

static int map_page(struct xc_dom *dom, struct pt_walk *w, uint64_t va,
		    unsigned long pfn, uint64_t flags)
{
	uint64_t *l1 = table_for(dom, w, va, 1);

	if (!l1)
		return -E2BIG;
	l1[pt_index(va, 1)] = pte(dom, pfn, flags);
	return 0;
}

static int build_page_tables(struct xc_dom *dom)
{
	struct pt_walk w = {.next = dom->pt_pfn + 1,
			    .limit = dom->pt_pfn + dom->nr_pt};
	unsigned long pt_end = dom->pt_pfn + dom->nr_pt;
	int rc = 0;

	for (unsigned long pfn = 0; !rc && pfn < dom->end_pfn; pfn++) {
		bool is_pt = pfn >= dom->pt_pfn && pfn < pt_end;

		rc = map_page(dom, &w, xc_dom_pfn_va(dom, pfn), pfn,
			      is_pt ? PTE_DATA_RO : PTE_DATA_RW);
	}
	if (!dom->init_p2m || rc)
		return rc;
	memset(&w, 0, sizeof(w));
	w.next = dom->p2m_seg_pfn + dom->p2m_pages;
	w.limit = dom->p2m_seg_pfn + dom->p2m_seg_pages;
	for (unsigned long i = 0; !rc && i < dom->p2m_pages; i++)
		rc = map_page(dom, &w,
			      dom->elf.init_p2m +
				      ((uint64_t)i << XC_PAGE_SHIFT),
			      dom->p2m_pfn + i, PTE_DATA_RW);
	return rc;
}

/* ---- the other start-of-day pages ---- */

static void write_p2m(struct xc_dom *dom)
{
	size_t bytes = dom->nr_pages * sizeof(xen_pfn_t);

	for (unsigned long i = 0; i < dom->p2m_pages; i++) {
		size_t off = (size_t)i << XC_PAGE_SHIFT;
		size_t n =
			bytes - off < XC_PAGE_SIZE ? bytes - off : XC_PAGE_SIZE;

		memcpy(xc_dom_pfn_ptr(dom, dom->p2m_pfn + i),
		       (uint8_t *)dom->p2m + off, n);
	}
}

static void write_start_info(struct xc_dom *dom)
{
	struct start_info *si = xc_dom_pfn_ptr(dom, dom->si_pfn);
	const char *cmd = dom->cfg->cmdline ? dom->cfg->cmdline : "";

	memset(si, 0, XC_PAGE_SIZE);
	snprintf(si->magic, sizeof(si->magic), "xen-3.0-x86_64");
	si->nr_pages = dom->nr_pages;
	si->shared_info = dom->shared_info_mfn << XC_PAGE_SHIFT;
	si->flags = 0; /* a domU: neither privileged nor the initial domain */
	si->store_mfn = dom->p2m[dom->store_pfn];
	si->store_evtchn = dom->store_port;
	si->console.domU.mfn = dom->p2m[dom->cons_pfn];
	si->console.domU.evtchn = dom->cons_port;
	si->pt_base = xc_dom_pfn_va(dom, dom->pt_pfn);
	si->nr_pt_frames = dom->nr_pt;
	si->mfn_list = dom->init_p2m ? dom->elf.init_p2m
				     : xc_dom_pfn_va(dom, dom->p2m_pfn);
	if (dom->init_p2m) {
		si->first_p2m_pfn = dom->p2m_seg_pfn;
		si->nr_p2m_frames = dom->p2m_seg_pages;
	}
	if (dom->ramdisk) {
		si->mod_len = dom->ramdisk_len;
		si->mod_start = dom->ramdisk_mapped
					? xc_dom_pfn_va(dom, dom->ramdisk_pfn)
					: dom->ramdisk_pfn;
		if (!dom->ramdisk_mapped)
			si->flags |= SIF_MOD_START_PFN;
	}
	snprintf((char *)si->cmd_line, sizeof(si->cmd_line), "%s", cmd);
}

/*
 * The 64-bit PV hypercall page (what Xen's hypercall_init writes): for
 * each number, "push %rcx; push %r11; mov $nr,%eax; syscall; pop %r11;
 * pop %rcx; ret"; iret's stub pushes %rax too and does not return.
 */
static void write_hypercall_page(struct xc_dom *dom)
{
	static const uint8_t stub[] = {0x51, 0x41, 0x53, 0xb8, 0,    0,	  0, 0,
				       0x0f, 0x05, 0x41, 0x5b, 0x59, 0xc3};
	static const uint8_t iret_stub[] = {
		0x51, 0x41, 0x53, 0x50, 0xb8, NR_IRET, 0, 0, 0, 0x0f, 0x05};
	uint64_t va = dom->elf.hypercall_page;
	uint8_t *page;

	if (va == XC_DOM_UNSET)
		return;
	/* check_region: the page lies in the kernel; Linux aligns it. */
	page = (uint8_t *)xc_dom_pfn_ptr(dom, (va - dom->elf.virt_base) >>
						      XC_PAGE_SHIFT) +
	       (va & (XC_PAGE_SIZE - 1));
	for (unsigned int nr = 0; nr < XC_PAGE_SIZE / HYPERCALL_STUB; nr++) {
		uint8_t *s = page + nr * HYPERCALL_STUB;

		if ((va & (XC_PAGE_SIZE - 1)) + (nr + 1) * HYPERCALL_STUB >
		    XC_PAGE_SIZE)
			break; /* an unaligned page: the rest is not mapped */
		memset(s, 0xcc, HYPERCALL_STUB); /* int3 */
		if (nr == NR_IRET) {
			memcpy(s, iret_stub, sizeof(iret_stub));
		} else {
			memcpy(s, stub, sizeof(stub));
			s[4] = (uint8_t)nr;
		}
	}
}

void xc_dom_write_image(struct xc_dom *dom)
{
	memset(xc_dom_pfn_ptr(dom, dom->store_pfn), 0, XC_PAGE_SIZE);
	memset(xc_dom_pfn_ptr(dom, dom->cons_pfn), 0, XC_PAGE_SIZE);
	write_p2m(dom);
	write_start_info(dom);
	write_hypercall_page(dom);
}

/* Page tables last: xc_dom_core.c calls this after xc_dom_write_image. */
int xc_dom_write_page_tables(struct xc_dom *dom)
{
	int rc = build_page_tables(dom);

	if (rc)
		return xc_dom_fail(dom, rc,
				   "internal error: the page-table "
				   "plan is short of frames");
	return 0;
}

/* ---- pin, vcpu 0 ---- */

static void init_context(const struct xc_dom *dom, struct vcpu_guest_context *c)
{
	uint64_t stack_top = xc_dom_pfn_va(dom, dom->stack_pfn + 1);

	memset(c, 0, sizeof(*c));
	c->flags = VGCF_in_kernel | VGCF_online;
	c->user_regs.rip = dom->elf.entry;
	c->user_regs.rsp = stack_top;
	c->user_regs.rsi = xc_dom_pfn_va(dom, dom->si_pfn);
	c->user_regs.rflags = 1 << 9; /* IF */
	c->user_regs.cs = FLAT_KERNEL_CS;
	c->user_regs.ss = FLAT_KERNEL_SS;
	c->user_regs.ds = c->user_regs.es = FLAT_KERNEL_DS;
	c->user_regs.fs = c->user_regs.gs = FLAT_KERNEL_DS;
	c->kernel_ss = FLAT_KERNEL_SS;
	c->kernel_sp = stack_top;
	c->ctrlreg[3] = xen_pfn_to_cr3(dom->p2m[dom->pt_pfn]);
}

int xc_dom_pin_and_boot(struct xc_dom *dom)
{
	struct mmuext_op pin;
	static struct vcpu_guest_context ctx; /* 5 KiB: not on the stack */
	int rc;

	memset(&pin, 0, sizeof(pin));
	pin.cmd = MMUEXT_PIN_L4_TABLE;
	pin.arg1.mfn = dom->p2m[dom->pt_pfn];
	rc = xc_mmuext_op(dom->xc, dom->domid, &pin, 1);
	if (rc < 0)
		return xc_dom_fail(dom, rc,
				   "the hypervisor refused the boot "
				   "page tables (pin L4): %s",
				   strerror(-rc));
	init_context(dom, &ctx);
	rc = xc_vcpu_setcontext(dom->xc, dom->domid, 0, &ctx);
	if (rc < 0)
		return xc_dom_fail(dom, rc, "setvcpucontext for vcpu 0: %s",
				   strerror(-rc));
	return 0;
}
