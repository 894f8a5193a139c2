/*
 * GDT, TSS and IDT setup.
 *
 * Interface: idt_init() once on the BSP; cpu_load_descriptors(cpu, stack)
 * on each CPU as it starts, with its STACK_SIZE-aligned stack block.
 * Invariants: one IDT shared by all CPUs; each CPU owns a GDT page holding
 * the reserved entries (0xe000...) and a TSS whose IST stacks are the
 * lowest pages of the CPU's stack block (so get_cpu_info() works there).
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <asm/config.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/x86-defns.h>

static struct idt_gate idt[256] __aligned(16);
extern const unsigned long entry_stubs[256];   /* arch/x86/entry.S */
struct tss64 *per_cpu_tss[NR_CPUS];
/* The BSP loads its descriptors before the heap exists. */
static u64 bsp_gdt_page[PAGE_SIZE / 8] __aligned(PAGE_SIZE);

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
	sys_desc(&res[8], (unsigned long)tss, sizeof(*tss) - 1, 0x89);
	res[10] = res[11] = 0;          /* LDT slot, filled per vcpu later */
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

	/*
	 * The reserved entries sit at byte 0xe000 of the GDT: point the base
	 * 0xe000 bytes below our page.  Selectors below 0xe000 belong to PV
	 * guests and are never loaded while the base points here.
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
