/*
 * GDT, TSS and IDT setup, and the per-CPU descriptor windows (GDT + LDT).
 *
 * Interface: idt_init() once on the BSP; cpu_load_descriptors(cpu, stack)
 * on each CPU as it starts, with its STACK_SIZE-aligned stack block;
 * gdt_window_init(cpu) on each CPU once the heap exists and before any
 * guest runs there; then gdt_window_map(), ldt_window_load() and
 * ldt_window_map_page() on that CPU only (context switch, set_gdt,
 * MMUEXT_SET_LDT, LDT faults).
 * Invariants: one IDT shared by all CPUs; each CPU owns a GDT page holding
 * the reserved entries (0xe000...) and a TSS whose IST stacks are the
 * lowest pages of the CPU's stack block (so get_cpu_info() works there).
 * Once gdt_window_init() ran, the GDTR base is the CPU's 128 KiB window
 * (asm/desc.h): GDT bytes below 0xe000 are guest frames or a zero page,
 * never other hypervisor memory; the LDTR is null or LDT_SELECTOR, whose
 * base is the window's LDT part (guest frames or not present).  A
 * window's L1 entries are written only by its own CPU, so invlpg on that
 * CPU is the only flush needed.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <asm/config.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/x86-defns.h>

static struct idt_gate idt[256] __aligned(16);
extern const unsigned long entry_stubs[256];   /* arch/x86/entry.S */
struct tss64 *per_cpu_tss[NR_CPUS];
/* The BSP loads its descriptors before the heap exists. */
static u64 bsp_gdt_page[PAGE_SIZE / 8] __aligned(PAGE_SIZE);
static u64 *per_cpu_gdt[NR_CPUS];        /* hypervisor GDT page per CPU */
#define LDT_DESC_SLOT ((LDT_SELECTOR - HV_GDT_FIRST_BYTE) / 8) /* in it */
/* Shown for absent guest GDT pages: every descriptor not present. */
static u64 zero_desc_page[PAGE_SIZE / 8] __aligned(PAGE_SIZE);
static pte_t *gdt_l1[NR_CPUS];           /* L1 entries of each GDT window */
static u64 window_nx;                    /* _PAGE_NX if EFER.NXE, else 0 */

static void set_gate(unsigned int vec, unsigned long addr, unsigned int ist,
		     u8 type_attr)
{
	struct idt_gate *g = &idt[vec];

	g->offset_lo = addr & 0xffff;
	g->selector = __HYPERVISOR_CS;
	g->ist = ist;
	g->type_attr = type_attr;
	g->offset_mid = (addr >> 16) & 0xffff;
	g->offset_hi = addr >> 32;
	g->reserved = 0;
}

void idt_init(void)
{
	for (unsigned int v = 0; v < 256; v++)
		set_gate(v, entry_stubs[v], 0, GATE_INTERRUPT);
	/* Guests (CPL3) may raise these with int3/into: bounced like faults. */
	idt[TRAP_int3].type_attr = GATE_INTERRUPT_USER;
	idt[TRAP_overflow].type_attr = GATE_INTERRUPT_USER;
	idt[TRAP_double_fault].ist = IST_DF;
	idt[TRAP_nmi].ist = IST_NMI;
	idt[TRAP_machine_check].ist = IST_MCE;
}

/* Code/data descriptor: base 0, limit 4G, given access byte and flags. */
static u64 seg_desc(u8 access, u8 flags)
{
	return 0x000000000000ffffULL | ((u64)access << 40) |
	       ((u64)(flags | 0xf) << 48);
}

/* 16-byte system descriptor (TSS/LDT) split into two quadwords. */
static void sys_desc(u64 *d, unsigned long base, u32 limit, u8 type)
{
	d[0] = (limit & 0xffff) | ((u64)(base & 0xffffff) << 16) |
	       ((u64)type << 40) | ((u64)((limit >> 16) & 0xf) << 48) |
	       ((u64)((base >> 24) & 0xff) << 56);
	d[1] = base >> 32;
}

static void fill_gdt(u64 *res, struct tss64 *tss)
{
	/* res[i] is GDT entry HV_GDT_FIRST_ENTRY + i. */
	res[0] = 0;
	res[1] = seg_desc(0x9b, 0xa0);  /* 0xe008: P, DPL0, code, L=1 */
	res[2] = seg_desc(0x93, 0xc0);  /* 0xe010: P, DPL0, data, D/B, G */
	res[3] = seg_desc(0x9b, 0xc0);  /* 0xe018: P, DPL0, 32-bit code */
	res[4] = seg_desc(0xfb, 0xc0);  /* 0xe023: P, DPL3, 32-bit code */
	res[5] = seg_desc(0xf3, 0xc0);  /* 0xe02b: P, DPL3, data */
	res[6] = seg_desc(0xfb, 0xa0);  /* 0xe033: P, DPL3, code, L=1 */
	res[7] = 0;
	sys_desc(&res[8], (unsigned long)tss, sizeof(*tss) - 1, SYS_DESC_TSS);
	res[10] = res[11] = 0;          /* 0xe050: LDT, see ldt_window_load() */
}

/* Reload CS through a far return, then the data segments. */
static void load_segments(void)
{
	__asm__ __volatile__(
		"pushq %[cs]\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"movl %[ds], %%eax\n\t"
		"movl %%eax, %%ss\n\t"
		"xorl %%eax, %%eax\n\t"
		"movl %%eax, %%ds\n\t"
		"movl %%eax, %%es\n\t"
		"movl %%eax, %%fs\n\t"
		"movl %%eax, %%gs\n\t"
		:: [cs] "i"(__HYPERVISOR_CS), [ds] "i"(__HYPERVISOR_DS)
		: "rax", "memory");
}

void cpu_load_descriptors(unsigned int cpu, void *stack_block)
{
	u64 *gdt_page = cpu ? alloc_xenheap_pages(0, 0) : bsp_gdt_page;
	struct tss64 *tss;
	unsigned long sb = (unsigned long)stack_block;
	struct desc_ptr gdtr, idtr;

	BUG_ON(!gdt_page);
	tss = (struct tss64 *)(gdt_page + 16);
	memset(gdt_page, 0, PAGE_SIZE);
	memset(tss, 0, sizeof(*tss));
	/* IST stacks: page i+1's top is the stack for IST slot i+1. */
	tss->ist[IST_DF - 1] = sb + 1 * PAGE_SIZE;
	tss->ist[IST_NMI - 1] = sb + 2 * PAGE_SIZE;
	tss->ist[IST_MCE - 1] = sb + 3 * PAGE_SIZE;
	tss->rsp[0] = sb + STACK_SIZE - sizeof(struct cpu_info);
	tss->iomap_base = sizeof(*tss);  /* no I/O bitmap: all ports trap */
	fill_gdt(gdt_page, tss);
	per_cpu_tss[cpu] = tss;
	per_cpu_gdt[cpu] = gdt_page;

	/*
	 * Until gdt_window_init() the reserved entries are reached by
	 * pointing the base 0xe000 bytes below our page.  No guest runs on
	 * this CPU before the GDTR moves to the window, and the hypervisor
	 * itself only loads reserved selectors.
	 */
	gdtr.base = (unsigned long)gdt_page - HV_GDT_FIRST_BYTE;
	gdtr.limit = HV_GDT_FIRST_BYTE + NR_RESERVED_GDT_BYTES - 1;
	lgdt(&gdtr);
	load_segments();
	ltr(TSS_SELECTOR);
	idtr.base = (unsigned long)idt;
	idtr.limit = sizeof(idt) - 1;
	lidt(&idtr);
}

/* ---- per-CPU GDT windows ---- */

static u64 window_pte_flags(bool writable)
{
	u64 f = _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_DIRTY;

	if (writable)
		f |= _PAGE_RW;
	return f | window_nx;
}

/* The zero page, read-only: the CPU never loads (or marks) a zero entry. */
static pte_t zero_pte(void)
{
	return mfn_to_maddr(virt_to_mfn(zero_desc_page)) |
	       window_pte_flags(false);
}

/*
 * Hypervisor mappings of guest descriptor frames are writable: the CPU
 * sets accessed bits in them.  The guest's own mappings are read-only.
 */
static pte_t frame_pte(unsigned long mfn)
{
	return mfn_to_maddr(_mfn(mfn)) | window_pte_flags(true);
}

/* The L1 entry mapping va in the hypervisor's tables (which must exist). */
static pte_t *xen_l1e(unsigned long va)
{
	pte_t *t = idle_pg_table;
	static const unsigned int shift[] = { L4_SHIFT, L3_SHIFT, L2_SHIFT };

	for (unsigned int lvl = 0; lvl < ARRAY_SIZE(shift); lvl++) {
		pte_t e = t[(va >> shift[lvl]) & (PT_ENTRIES - 1)];

		BUG_ON(!(e & _PAGE_PRESENT) || (e & _PAGE_PSE));
		t = maddr_to_virt(e & PADDR_MASK);
	}
	return &t[l1_index(va)];
}

/* Map nr pages at va: zeros, then the hypervisor GDT page hv_gdt. */
static void map_window(unsigned long va, unsigned int nr, mfn_t hv_gdt)
{
	mfn_t zero = virt_to_mfn(zero_desc_page);

	for (unsigned int i = 0; i < nr; i++) {
		bool hv = i == nr - 1;

		if (map_pages_to_xen(va + i * PAGE_SIZE, hv ? hv_gdt : zero, 1,
				     window_pte_flags(hv)))
			panic("CPU descriptor window: out of memory\n");
	}
}

void gdt_window_init(unsigned int cpu)
{
	unsigned long gva = GDT_WINDOW_VA(cpu);
	struct desc_ptr gdtr;

	BUILD_BUG_ON(NR_GUEST_GDT_PAGES * PAGE_SIZE != HV_GDT_FIRST_BYTE);
	BUILD_BUG_ON(GDT_WINDOW_VA(NR_CPUS) > PERDOMAIN_VIRT_START +
		     (1UL << L4_SHIFT));
	BUILD_BUG_ON(LDT_WINDOW_FIRST_PAGE <= NR_GUEST_GDT_PAGES ||
		     LDT_WINDOW_FIRST_PAGE + NR_LDT_PAGES > GDT_WINDOW_PAGES);
	BUILD_BUG_ON(GDT_WINDOW_PAGES << PAGE_SHIFT !=
		     1UL << GDT_WINDOW_SHIFT);
	BUILD_BUG_ON(GDT_WINDOW_SHIFT > L2_SHIFT); /* one L1 table */
	BUG_ON(cpu >= NR_CPUS || !per_cpu_gdt[cpu]);
	window_nx = cpu_has_nx() ? _PAGE_NX : 0;   /* same on every CPU */
	/*
	 * Pages 0-13 zero, 14 the hypervisor GDT page; 15 and the LDT part
	 * (16-31) stay not present until an LDT page is mapped.
	 */
	map_window(gva, NR_GUEST_GDT_PAGES + 1, virt_to_mfn(per_cpu_gdt[cpu]));
	/* A window is 128 KiB-aligned: its entries share one L1 table. */
	gdt_l1[cpu] = xen_l1e(gva);

	gdtr.base = gva;
	gdtr.limit = HV_GDT_FIRST_BYTE + NR_RESERVED_GDT_BYTES - 1;
	lgdt(&gdtr);
	/* CS, SS and TR keep their cached descriptors: same contents. */
	lldt(0);
}

/* Rewrite only the entries that change: usually none or a few. */
static void set_window(pte_t *l1, unsigned long va, const unsigned long *mfns,
		       unsigned int nr, unsigned int size)
{
	pte_t zero = zero_pte();

	for (unsigned int i = 0; i < size; i++) {
		pte_t want = i < nr ? frame_pte(mfns[i]) : zero;

		if (l1[i] != want) {
			l1[i] = want;
			invlpg(va + i * PAGE_SIZE);
		}
	}
}

void gdt_window_map(const unsigned long *mfns, unsigned int nr)
{
	unsigned int cpu = smp_processor_id();

	BUG_ON(!gdt_l1[cpu] || nr > NR_GUEST_GDT_PAGES);
	set_window(gdt_l1[cpu], GDT_WINDOW_VA(cpu), mfns, nr,
		   NR_GUEST_GDT_PAGES);
}

/* ---- the LDT part of the window ---- */

static void set_ldt_desc(unsigned int cpu, unsigned int ents)
{
	u64 *d = &per_cpu_gdt[cpu][LDT_DESC_SLOT];

	sys_desc(d, LDT_WINDOW_VA(cpu), ents * 8 - 1, SYS_DESC_LDT);
}

void ldt_window_load(const unsigned long *mfns, unsigned int present,
		     unsigned int ents)
{
	unsigned int cpu = smp_processor_id();
	pte_t *l1 = gdt_l1[cpu] + LDT_WINDOW_FIRST_PAGE;
	unsigned long va = LDT_WINDOW_VA(cpu);

	BUG_ON(!gdt_l1[cpu] || ents > NR_LDT_PAGES * PAGE_SIZE / 8);
	for (unsigned int i = 0; i < NR_LDT_PAGES; i++) {
		pte_t want = (present & (1u << i)) ? frame_pte(mfns[i]) : 0;

		if (l1[i] != want) {
			l1[i] = want;
			invlpg(va + i * PAGE_SIZE);
		}
	}
	if (!ents) {
		lldt(0);
		return;
	}
	/* The LDTR caches the descriptor: rewriting it here is safe. */
	set_ldt_desc(cpu, ents);
	lldt(LDT_SELECTOR);
}

void ldt_window_map_page(unsigned int page, unsigned long mfn)
{
	unsigned int cpu = smp_processor_id();

	BUG_ON(!gdt_l1[cpu] || page >= NR_LDT_PAGES);
	gdt_l1[cpu][LDT_WINDOW_FIRST_PAGE + page] = frame_pte(mfn);
	invlpg(LDT_WINDOW_VA(cpu) + page * PAGE_SIZE);
}
