/*
 * The PV domain builder: turns a kernel image (+ initrd + command line)
 * into a domain whose vCPU 0 starts at the kernel's ENTRY note, with the
 * start-of-day layout of the x86-64 PV ABI.
 *
 * Interface: pv_build_domain() during boot, for dom0 and boot-time domUs.
 * Steps, each a function below: parse the ELF and its Xen notes, plan the
 * virtual layout, allocate and scrub memory (p2m + M2P), load segments,
 * build the bootstrap page tables, write start_info and shared_info,
 * set up vCPU 0.
 * Invariants: the bootstrap region maps pfn p at virt_base + p * 4 KiB,
 * read-write except for its own page-table frames (read-only); it lies
 * inside one 1 GiB L2; every frame the domain gets is zeroed first.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/libelf.h>
#include <xen/decompress.h>
#include <xen/time.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/domain_hooks.h>
#include <xen/event.h>
#include <asm/current.h>
#include <asm/dom_build.h>
#include <asm/m2p.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/pv.h>
#include <asm/pv_mm.h>
#include <public/features.h>
#include <public/xen.h>

#define PT_FLAGS  (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)
#define L1_RW     (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)
#define L1_RO     (_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)
#define PAGES(bytes) (((bytes) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define FOUR_MB_PAGES 1024
#define L4_PAGE_SIZE_ (1UL << L4_SHIFT)
#define UNSET_ADDR (~0ULL)
#define MIN_PADDING_PAGES 128   /* 512 KiB after the boot stack */
#define CANONICAL_LOW_END (1ULL << 47) /* end of the lower canonical half */

struct build {
	const struct dom_build_params *p;
	struct domain *d;
	struct elf_image elf;
	struct elf_xen_info xi;
	unsigned long *p2m;          /* pfn -> mfn, hypervisor copy */
	u64 virt_base;
	unsigned long kern_pfn, kern_end;
	unsigned long initrd_pfn, initrd_pages;
	bool initrd_mapped;
	unsigned long p2m_pfn, p2m_pages;   /* p2m list (in region, or INIT_P2M) */
	bool init_p2m;                      /* p2m mapped at xi.init_p2m */
	unsigned long p2m_seg_pfn, p2m_seg_pages; /* INIT_P2M data + tables */
	unsigned long p2m_pt_used;
	unsigned long si_pfn, pt_pfn, nr_pt, stack_pfn, end_pfn;
	unsigned long pt_used;       /* tables handed out so far */
};

static unsigned long pfn_va(const struct build *b, unsigned long pfn)
{
	return b->virt_base + (pfn << PAGE_SHIFT);
}

static void *pfn_ptr(const struct build *b, unsigned long pfn)
{
	return mfn_to_virt(_mfn(b->p2m[pfn]));
}

/* ---- step 1: the kernel image ---- */

/* Features the kernel lists in its FEATURES string or bitmap note. */
static u32 kernel_features(const struct elf_xen_info *x)
{
	return x->feat_supported | x->supported_features;
}

/*
 * Xen 4.17's refusals of a PV kernel: libelf's (elf_xen_check), then the
 * dom0 builder's: a dom0 kernel with a SUPPORTED_FEATURES note must list
 * XENFEAT_dom0; none may require supervisor_mode_kernel.
 */
static int parse_kernel(struct build *b)
{
	const char *why;
	int rc = elf_init(&b->elf, b->p->kernel, b->p->kernel_len);

	if (rc) {
		printk("d%u: kernel is not a usable ELF64 image (%d)\n", b->p->domid, rc);
		return rc;
	}
	rc = elf_xen_parse_notes(&b->elf, &b->xi);
	if (rc == -EINVAL) {
		printk("d%u: kernel refused: malformed ELF notes\n", b->p->domid);
		return rc;
	}
	if (elf_xen_check(&b->elf, &b->xi, &why)) {
		printk("d%u: kernel refused: %s (LOADER '%s', GUEST_OS '%s', "
		       "XEN_VERSION '%s')\n", b->p->domid, why, b->xi.loader,
		       b->xi.guest_os, b->xi.xen_version);
		return -EINVAL;
	}
	if (b->p->privileged && elf_xen_has(&b->xi, XEN_ELFNOTE_SUPPORTED_FEATURES) &&
	    !(kernel_features(&b->xi) & (1u << XENFEAT_dom0))) {
		printk("d0: kernel refused: it does not support dom0 operation\n");
		return -EINVAL;
	}
	if (b->xi.feat_required & (1u << XENFEAT_supervisor_mode_kernel)) {
		printk("d%u: kernel refused: it requires supervisor mode\n", b->p->domid);
		return -EINVAL;
	}
	b->virt_base = b->xi.virt_base;
	if (b->virt_base & (PAGE_SIZE - 1)) {
		printk("d%u: kernel refused: VIRT_BASE %#lx is not page aligned\n",
		       b->p->domid, (unsigned long)b->virt_base);
		return -EINVAL;
	}
	b->kern_pfn = (b->xi.virt_kstart - b->virt_base) >> PAGE_SHIFT;
	b->kern_end = PAGES(b->xi.virt_kend - b->virt_base);
	return 0;
}

/* ---- step 2: layout ---- */

static unsigned long span_count(u64 start, u64 end, unsigned int shift)
{
	return ((end - 1) >> shift) - (start >> shift) + 1;
}

/* Tables for [virt_base, virt_base + end pages): L4 + L3s + L2s + L1s. */
static unsigned long tables_needed(const struct build *b, unsigned long end)
{
	u64 s = b->virt_base, e = b->virt_base + ((u64)end << PAGE_SHIFT);

	return 1 + span_count(s, e, L4_SHIFT) + span_count(s, e, L3_SHIFT) +
	       span_count(s, e, L2_SHIFT);
}

/*
 * As Xen's dom0 builder: the bootstrap region must not overlap the
 * hypervisor's area (nor, here, leave the canonical lower half), and a
 * HYPERCALL_PAGE must lie inside it (Xen refuses the kernel otherwise;
 * its page need not be aligned, but here all of it must fit).
 */
static int check_region(const struct build *b)
{
	u64 s = b->virt_base, e = s + ((u64)b->end_pfn << PAGE_SHIFT);
	u64 hc = b->xi.hypercall_page;

	if (e < s || (e > CANONICAL_LOW_END && s < HYPERVISOR_VIRT_END_)) {
		printk("d%u: kernel refused: its image overlaps the hypervisor's "
		       "area (%#lx-%#lx)\n", b->p->domid, (unsigned long)s,
		       (unsigned long)e);
		return -EINVAL;
	}
	if (elf_xen_has(&b->xi, XEN_ELFNOTE_HYPERCALL_PAGE) &&
	    (hc < s || hc >= e || e - hc < PAGE_SIZE)) {
		printk("d%u: kernel refused: invalid HYPERCALL_PAGE %#lx\n",
		       b->p->domid, (unsigned long)hc);
		return -EINVAL;
	}
	return 0;
}

static int plan_layout(struct build *b)
{
	unsigned long next = b->kern_end, need;
	int rc;
	bool pfn_initrd = elf_xen_has(&b->xi, XEN_ELFNOTE_MOD_START_PFN) &&
			  b->xi.mod_start_pfn;

	b->initrd_pages = PAGES(b->p->initrd_len);
	if (b->p->initrd && !pfn_initrd) {
		b->initrd_mapped = true;
		b->initrd_pfn = next;
		next += b->initrd_pages;
	}
	b->p2m_pages = PAGES(b->p->nr_pages * sizeof(unsigned long));
	b->init_p2m = elf_xen_has(&b->xi, XEN_ELFNOTE_INIT_P2M) &&
		      b->xi.init_p2m != UNSET_ADDR;
	if (!b->init_p2m) {
		b->p2m_pfn = next;
		next += b->p2m_pages;
	}
	b->si_pfn = next++;
	b->pt_pfn = next;
	for (b->nr_pt = 3;; b->nr_pt = need) {
		b->stack_pfn = b->pt_pfn + b->nr_pt;
		b->end_pfn = ROUNDUP(b->stack_pfn + 1 + MIN_PADDING_PAGES,
				     FOUR_MB_PAGES);
		need = tables_needed(b, b->end_pfn);
		if (need <= b->nr_pt)
			break;
	}
	if (span_count(b->virt_base, b->virt_base + ((u64)b->end_pfn << PAGE_SHIFT),
		       L3_SHIFT) != 1) {
		printk("d%u: bootstrap region does not fit in one GiB\n", b->p->domid);
		return -E2BIG;
	}
	if ((rc = check_region(b)))
		return rc;
	next = b->end_pfn;
	if (b->p->initrd && !b->initrd_mapped) {
		b->initrd_pfn = next;
		next += b->initrd_pages;
	}
	if (b->init_p2m) {
		/* data, then one L3, its L2s and L1s (slot of xi.init_p2m) */
		b->p2m_seg_pfn = b->p2m_pfn = next;
		b->p2m_seg_pages = b->p2m_pages + 1 +
				   span_count(0, (u64)b->p2m_pages << PAGE_SHIFT, L3_SHIFT) +
				   span_count(0, (u64)b->p2m_pages << PAGE_SHIFT, L2_SHIFT);
		next += b->p2m_seg_pages;
		if (l4_index(b->xi.init_p2m) == l4_index(b->virt_base) ||
		    (b->xi.init_p2m & (L4_PAGE_SIZE_ - 1)) ||
		    l4_index(b->xi.init_p2m) >= L4_SLOT(HYPERVISOR_VIRT_START_)) {
			printk("d%u: unusable INIT_P2M address %#lx\n", b->p->domid,
			       (unsigned long)b->xi.init_p2m);
			return -EINVAL;
		}
	}
	if (next > b->p->nr_pages) {
		printk("d%u: %lu pages of memory are too few (need more than %lu)\n",
		       b->p->domid, b->p->nr_pages, next);
		return -ENOMEM;
	}
	return 0;
}

/* ---- step 3: memory ---- */

static int allocate_memory(struct build *b)
{
	unsigned long pfn = 0, n = b->p->nr_pages;
	unsigned int order = MAX_ORDER;

	b->d->max_pages = n;
	b->p2m = xmalloc_array(unsigned long, n);
	if (!b->p2m)
		return -ENOMEM;
	while (pfn < n) {
		struct page_info *pg;

		while ((1UL << order) > n - pfn)
			order--;
		pg = alloc_domheap_pages(b->d, order, 0);
		if (!pg) {
			if (!order--)
				return -ENOMEM;
			continue;
		}
		for (unsigned long i = 0; i < (1UL << order); i++, pfn++) {
			unsigned long mfn = mfn_x(page_to_mfn(pg)) + i;
			b->p2m[pfn] = mfn;
			set_gpfn_from_mfn(mfn, pfn);
			memset(mfn_to_virt(_mfn(mfn)), 0, PAGE_SIZE);
		}
	}
	return 0;
}

/* Copy len bytes to guest-physical byte address gpa (through the p2m). */
static void copy_to_gphys(struct build *b, u64 gpa, const u8 *src, size_t len)
{
	while (len) {
		unsigned long off = gpa & (PAGE_SIZE - 1);
		size_t n = MIN(len, PAGE_SIZE - off);
		memcpy((u8 *)pfn_ptr(b, gpa >> PAGE_SHIFT) + off, src, n);
		gpa += n, src += n, len -= n;
	}
}

struct elf64_phdr_min {
	u32 p_type, p_flags;
	u64 p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};
#define PT_LOAD_ 1

/* ---- step 4: load the kernel segments (already validated by elf_init) ---- */

static void load_kernel(struct build *b)
{
	const struct elf64_phdr_min *ph =
		(const void *)(b->p->kernel + b->elf.phoff);
	u64 base = (u64)b->kern_pfn << PAGE_SHIFT;

	for (unsigned int i = 0; i < b->elf.phnum; i++) {
		if (ph[i].p_type != PT_LOAD_ || !ph[i].p_memsz)
			continue;
		/* memsz tail is zero already: every frame was scrubbed. */
		copy_to_gphys(b, base + (ph[i].p_paddr - b->elf.pstart),
			      b->p->kernel + ph[i].p_offset, ph[i].p_filesz);
	}
	if (b->p->initrd)
		copy_to_gphys(b, (u64)b->initrd_pfn << PAGE_SHIFT, b->p->initrd,
			      b->p->initrd_len);
	for (unsigned long i = 0; i < b->p2m_pages; i++)
		memcpy(pfn_ptr(b, b->p2m_pfn + i),
		       (u8 *)b->p2m + i * PAGE_SIZE,
		       MIN(PAGE_SIZE, b->p->nr_pages * sizeof(long) - i * PAGE_SIZE));
}

/* ---- step 5: bootstrap page tables ---- */

static pte_t *next_pt(struct build *b, pte_t *e)
{
	if (!(*e & _PAGE_PRESENT)) {
		unsigned long pfn = b->pt_pfn + b->pt_used++;
		BUG_ON(b->pt_used > b->nr_pt);
		*e = (b->p2m[pfn] << PAGE_SHIFT) | PT_FLAGS;
	}
	return mfn_to_virt(_mfn((*e & PADDR_MASK) >> PAGE_SHIFT));
}

/* Tables for the INIT_P2M mapping come from the end of its segment. */
static pte_t *next_p2m_pt(struct build *b, pte_t *e)
{
	if (!(*e & _PAGE_PRESENT)) {
		unsigned long pfn = b->p2m_seg_pfn + b->p2m_pages + b->p2m_pt_used++;
		BUG_ON(pfn >= b->p2m_seg_pfn + b->p2m_seg_pages);
		*e = (b->p2m[pfn] << PAGE_SHIFT) | PT_FLAGS;
	}
	return mfn_to_virt(_mfn((*e & PADDR_MASK) >> PAGE_SHIFT));
}

static void map_init_p2m(struct build *b, pte_t *l4)
{
	for (unsigned long i = 0; i < b->p2m_pages; i++) {
		unsigned long va = b->xi.init_p2m + (i << PAGE_SHIFT);
		pte_t *l3 = next_p2m_pt(b, &l4[l4_index(va)]);
		pte_t *l2 = next_p2m_pt(b, &l3[l3_index(va)]);
		pte_t *l1 = next_p2m_pt(b, &l2[l2_index(va)]);

		l1[l1_index(va)] = (b->p2m[b->p2m_pfn + i] << PAGE_SHIFT) | L1_RW;
	}
}

static void build_page_tables(struct build *b)
{
	pte_t *l4 = pfn_ptr(b, b->pt_pfn);

	b->pt_used = 1;
	pv_init_guest_l4(l4);                  /* hypervisor slots */
	for (unsigned long pfn = 0; pfn < b->end_pfn; pfn++) {
		unsigned long va = pfn_va(b, pfn);
		pte_t *l3 = next_pt(b, &l4[l4_index(va)]);
		pte_t *l2 = next_pt(b, &l3[l3_index(va)]);
		pte_t *l1 = next_pt(b, &l2[l2_index(va)]);
		bool is_pt = pfn >= b->pt_pfn && pfn < b->pt_pfn + b->nr_pt;

		l1[l1_index(va)] = (b->p2m[pfn] << PAGE_SHIFT) |
				   (is_pt ? L1_RO : L1_RW);
	}
	if (b->init_p2m)
		map_init_p2m(b, l4);
}

/* ---- step 6: start_info, shared_info, hypercall page ---- */

static void write_start_info(struct build *b)
{
	struct start_info *si = pfn_ptr(b, b->si_pfn);

	strlcpy(si->magic, "xen-3.0-x86_64", sizeof(si->magic));
	si->nr_pages = b->p->nr_pages;
	si->shared_info = virt_to_maddr(b->d->shared_info);
	si->flags = b->p->privileged ? (SIF_PRIVILEGED | SIF_INITDOMAIN) : 0;
	si->pt_base = pfn_va(b, b->pt_pfn);
	si->nr_pt_frames = b->nr_pt;
	si->mfn_list = b->init_p2m ? b->xi.init_p2m : pfn_va(b, b->p2m_pfn);
	if (b->init_p2m) {
		si->first_p2m_pfn = b->p2m_seg_pfn;
		si->nr_p2m_frames = b->p2m_seg_pages;
	}
	if (b->p->initrd) {
		si->mod_len = b->p->initrd_len;
		if (b->initrd_mapped) {
			si->mod_start = pfn_va(b, b->initrd_pfn);
		} else {
			si->mod_start = b->initrd_pfn;
			si->flags |= SIF_MOD_START_PFN;
		}
	}
	strlcpy((char *)si->cmd_line, b->p->cmdline ? b->p->cmdline : "",
		sizeof(si->cmd_line));
}

static int setup_shared_info(struct build *b)
{
	return pv_alloc_shared_info(b->d);
}

/*
 * 32-byte stubs: push rcx; push r11; mov $nr, %eax; syscall; pop r11;
 * pop rcx; ret.  The page (checked by check_region()) need not be page
 * aligned, as in Xen: it is written stub by stub through the p2m.
 */
static void write_hypercall_page(struct build *b)
{
	static const u8 stub[] = { 0x51, 0x41, 0x53, 0xb8, 0, 0, 0, 0, 0x0f, 0x05,
				   0x41, 0x5b, 0x59, 0xc3 };
	static const u8 iret_stub[] = { 0x51, 0x41, 0x53, 0x50, 0xb8, 23, 0, 0, 0,
					0x0f, 0x05 };
	unsigned long va = b->xi.hypercall_page;
	u64 gpa = va - b->virt_base;
	u8 s[32];

	if (!elf_xen_has(&b->xi, XEN_ELFNOTE_HYPERCALL_PAGE))
		return;
	for (unsigned int nr = 0; nr < PAGE_SIZE / 32; nr++) {
		memset(s, 0xcc, sizeof(s));       /* int3 in unused bytes */
		if (nr == 23) {
			memcpy(s, iret_stub, sizeof(iret_stub));
		} else {
			memcpy(s, stub, sizeof(stub));
			s[4] = (u8)nr;
		}
		copy_to_gphys(b, gpa + nr * 32, s, sizeof(s));
	}
	b->d->arch.hypercall_page_va = va;
}

/* ---- step 7: vCPU 0 ---- */

static int setup_vcpu0(struct build *b)
{
	struct vcpu *v = vcpu_create(b->d, 0, b->p->cpu);
	struct cpu_regs *r;

	if (!v)
		return -ENOMEM;
	v->vcpu_info = &b->d->shared_info->vcpu_info[0];
	v->arch.guest_table = b->p2m[b->pt_pfn];
	v->arch.kernel_mode = true;
	r = &v->arch.user_regs;
	memset(r, 0, sizeof(*r));
	r->rip = b->xi.entry;
	r->rsp = pfn_va(b, b->stack_pfn + 1);
	r->rsi = pfn_va(b, b->si_pfn);
	r->rflags = X86_EFLAGS_IF | X86_EFLAGS_MBS;
	r->cs = FLAT_KERNEL_CS;
	r->ss = FLAT_KERNEL_SS;
	v->is_up = true;
	for (unsigned int i = 1; i < b->p->max_vcpus; i++)
		if (!vcpu_create(b->d, i, (b->p->cpu + i) % MAX(num_online_cpus(), 1u)))
			return -ENOMEM;
	return pv_pin_initial_tables(b->d, v->arch.guest_table,
				     b->p2m + b->pt_pfn, b->nr_pt);
}

static void report(const struct build *b)
{
	printk("d%u (%s): %lu MiB, kernel %#lx-%#lx, entry %#lx, start_info %#lx, "
	       "%lu page-table frames, stack %#lx\n",
	       b->p->domid, b->p->name, b->p->nr_pages >> (20 - PAGE_SHIFT),
	       pfn_va(b, b->kern_pfn), pfn_va(b, b->kern_end),
	       (unsigned long)b->xi.entry, pfn_va(b, b->si_pfn), b->nr_pt,
	       pfn_va(b, b->stack_pfn));
}

/*
 * A compressed kernel (bzImage, .gz, .xz, .zst) is inflated into a
 * temporary hypervisor buffer, freed once the segments are copied into the
 * domain.
 */
struct kernel_buf {
	u8 *buf;
	unsigned int order;
};

static int inflate_kernel(struct dom_build_params *q, struct kernel_buf *kb)
{
	size_t size = kernel_image_decompressed_size(q->kernel, q->kernel_len);
	size_t out_len = 0;
	s_time_t t0 = NOW();
	void *work;
	int rc;

	if (!size)
		return -EINVAL;
	kb->order = fls64((size - 1) >> PAGE_SHIFT);
	kb->buf = alloc_xenheap_pages(kb->order, 0);
	work = xmalloc_bytes(KERNEL_IMAGE_WORK_SIZE);
	if (!kb->buf || !work) {
		xfree(work);
		printk("d%u: no memory to decompress the kernel (%zu MiB)\n",
		       q->domid, size >> 20);
		return -ENOMEM;
	}
	rc = kernel_image_decompress(q->kernel, q->kernel_len, kb->buf,
				     PAGE_SIZE << kb->order, &out_len, work);
	xfree(work);
	if (rc < 0) {
		printk("d%u: kernel decompression failed (%d)\n", q->domid, rc);
		return rc;
	}
	printk("d%u: kernel decompressed: %zu KiB -> %zu KiB in %llu ms\n",
	       q->domid, q->kernel_len >> 10, out_len >> 10,
	       (unsigned long long)((NOW() - t0) / MILLISECS(1)));
	q->kernel = kb->buf;
	q->kernel_len = out_len;
	return 0;
}

static void free_kernel_buf(struct kernel_buf *kb)
{
	if (kb->buf)
		free_xenheap_pages(kb->buf, kb->order);
}

struct domain *pv_build_domain(const struct dom_build_params *params)
{
	struct dom_build_params q = *params;
	const struct dom_build_params *p = &q;
	struct kernel_buf kb = { NULL, 0 };
	struct build b = { .p = p };
	int rc;

	if (q.kernel_len < 4 || memcmp(q.kernel, "\177ELF", 4)) {
		if (inflate_kernel(&q, &kb)) {
			free_kernel_buf(&kb);
			return NULL;
		}
	}

	b.d = domain_create(p->domid, MAX(p->max_vcpus, 1u), p->privileged);
	if (!b.d) {
		printk("d%u: cannot create the domain (out of memory)\n", p->domid);
		return NULL;
	}
	strlcpy(b.d->name, p->name, sizeof(b.d->name));
	if ((rc = parse_kernel(&b)) || (rc = plan_layout(&b)) ||
	    (rc = allocate_memory(&b)) || (rc = setup_shared_info(&b)))
		goto fail;
	load_kernel(&b);
	build_page_tables(&b);
	write_start_info(&b);
	write_hypercall_page(&b);
	if ((rc = setup_vcpu0(&b)))
		goto fail;
	report(&b);
	xfree(b.p2m);
	free_kernel_buf(&kb);
	return b.d;
fail:
	printk("d%u (%s): build failed (%d)\n", p->domid, p->name, rc);
	xfree(b.p2m);
	free_kernel_buf(&kb);
	domain_abort_build(b.d);
	return NULL;
}
