/*
 * desc_ldt_hostile: a guest LDT never gives more than a checked GDT
 * would (MMUEXT_SET_LDT, Xen's 64-bit PV ABI).
 *  - SET_LDT refuses with -EINVAL, keeping the loaded LDT: a base not
 *    page-aligned, 8193 entries, a base in the hypervisor's area or
 *    non-canonical, a range running out of the lower canonical half;
 *  - a DPL 0 code descriptor is used at DPL 3: a far return to it with
 *    RPL 0 #GPs, with RPL 3 (or through an iret) it lands at CPL 3, and
 *    the page now reads DPL 3;
 *  - a page holding a call gate, an interrupt or trap gate, a TSS or an
 *    LDT descriptor is never mapped as an LDT: any selector of it (a far
 *    call through the gate too) faults #PF at the LDT address, as in Xen,
 *    and the page stays an ordinary page we can map writable;
 *  - an LDT over an unmapped address, over our own L4 page table or over
 *    a page we map writable: #PF at the LDT address;
 *  - update_descriptor cannot put a call gate into a loaded LDT page;
 *  - an iret to a not-present LDT code descriptor bounces #NP(sel) to us
 *    at the iret's target.
 * Runs as a domU next to a dom0 (tests/qemu/test_guests.py AS_DOMU): a
 * broken hypervisor may crash us, never dom0.
 */
#include "guest.h"

const char test_name[] = "desc_ldt_hostile";

#define DATA_DPL3    0x00cff3000000ffffUL /* flat data, DPL 3 */
#define DATA_DPL0    0x00cf93000000ffffUL /* flat data, DPL 0 */
#define CODE_DPL0    0x00af9b000000ffffUL /* 64-bit code, DPL 0 */
#define CODE_DPL3    0x00affb000000ffffUL /* 64-bit code, DPL 3 */
#define DESC_P	     (1UL << 47)
#define DPL_MASK     (3UL << 45)
#define HV_CS	     0xe008UL /* the hypervisor's ring-0 code selector */
#define GATE(type)   ((uint64_t)(type) << 40 | HV_CS << 16)
#define SEL(i)	     ((uint16_t)((i) << 3 | 4 | 3)) /* LDT, RPL 3 */
#define UNMAPPED_VA  0x0000200000002000UL	    /* user half, no tables */
#define LOW_HALF_END 0x0000800000000000UL

static uint64_t ldt[512] __page_aligned_bss;
static uint64_t bad[512] __page_aligned_bss;
static uint64_t rw_page[512] __page_aligned_bss;

/* Load FS; returns how many faults were bounced to us meanwhile. */
static __attribute__((noinline)) unsigned load_fs(uint16_t sel)
{
	unsigned before = last_trap.count;

	__asm__ __volatile__("hfs_at: mov %0, %%fs\n\thfs_end:\n\t" FIXUP(
				     "hfs_at", "hfs_end")::"r"((uint32_t)sel)
			     : "memory");
	return last_trap.count - before;
}

static void null_fs(void)
{
	__asm__ __volatile__("mov %0, %%fs" ::"r"(0) : "memory");
}

/* Far return to sel: the CS we landed with, or 0 if the lretq faulted. */
static __attribute__((noinline)) uint16_t far_try(uint16_t sel)
{
	uint32_t cs;

	__asm__ __volatile__("pushq %q1\n\t"
			     "leaq 1f(%%rip), %%rax\n\t"
			     "pushq %%rax\n"
			     "hfar_at:\tlretq\n"
			     "hfar_end:\taddq $16, %%rsp\n\t"
			     "xor %k0, %k0\n\t"
			     "jmp 3f\n"
			     "1:\tmov %%cs, %k0\n\t"
			     "pushq %2\n\t"
			     "leaq 3f(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t"
			     "lretq\n"
			     "3:\n\t" FIXUP("hfar_at", "hfar_end")
			     : "=&r"(cs)
			     : "r"((uint64_t)sel), "i"(FLAT_KERNEL_CS)
			     : "rax", "memory");
	return cs;
}

/* Far call through sel (m16:32 operand); 1 if it faulted (expected). */
static __attribute__((noinline)) unsigned far_call(uint16_t sel)
{
	struct __attribute__((packed)) {
		uint32_t off;
		uint16_t sel;
	} target = {0, sel};
	unsigned before = last_trap.count;

	__asm__ __volatile__("hcall_at: lcall *(%0)\n\thcall_end:\n\t" FIXUP(
				     "hcall_at", "hcall_end")::"r"(&target)
			     : "memory");
	return last_trap.count - before;
}

/*
 * iret hypercall (syscall flavour) to ldt_iret_land with CS = sel (RPL 0:
 * guest kernel mode); returns the CS it landed with, after a far return
 * to the flat kernel CS, or 0 when on_trap() caught a bounced fault there
 * and resumed at ldt_iret_recover.
 */
extern char ldt_iret_land[], ldt_iret_recover[];
static volatile unsigned np_count;
static volatile uint64_t np_ec;

static __attribute__((noinline)) uint16_t iret_try(uint16_t sel)
{
	uint32_t cs;

	__asm__ __volatile__("push %%rbp\n\t"
			     "mov %%rsp, %%rbp\n\t"
			     "and $-16, %%rsp\n\t"
			     "pushq %3\n\t"    /* ss */
			     "pushq %%rbp\n\t" /* rsp */
			     "pushq $2\n\t"    /* rflags: events masked */
			     "pushq %q1\n\t"   /* cs */
			     "leaq ldt_iret_land(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t" /* rip */
			     "pushq $0\n\t"    /* flags */
			     "pushq $0\n\t"    /* rcx */
			     "pushq $0\n\t"    /* r11 */
			     "pushq $0\n\t"    /* rax */
			     "mov %4, %%eax\n\t"
			     "syscall\n\t"
			     "ud2\n"
			     ".globl ldt_iret_land\n"
			     "ldt_iret_land:\tmov %%cs, %k0\n\t"
			     "mov %%rbp, %%rsp\n\t"
			     "pop %%rbp\n\t"
			     "pushq %2\n\t"
			     "leaq 2f(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t"
			     "lretq\n"
			     ".globl ldt_iret_recover\n"
			     "ldt_iret_recover:\txor %k0, %k0\n\t"
			     "mov %%rbp, %%rsp\n\t"
			     "pop %%rbp\n"
			     "2:"
			     : "=&r"(cs)
			     : "r"((uint64_t)sel), "i"(FLAT_KERNEL_CS),
			       "i"(FLAT_KERNEL_SS), "i"(__HYPERVISOR_iret)
			     : "rax", "rcx", "r11", "memory", "cc");
	return cs;
}

/* A fault bounced at ldt_iret_land: note it, resume in kernel mode. */
static bool on_trap(struct trap_regs *r)
{
	if (r->rip != (uint64_t)ldt_iret_land)
		return false;
	np_count++;
	np_ec = r->error_code;
	check(r->vector == X86_EXC_NP, "iret bounced vector %lu", r->vector);
	r->rip = (uint64_t)ldt_iret_recover;
	r->cs = FLAT_KERNEL_CS & ~3; /* RPL 0: back to kernel mode */
	r->ss = FLAT_KERNEL_SS;
	return true;
}

static long map_rw(const void *va)
{
	struct mmu_update u = {
		.ptr = pte_maddr((unsigned long)va) | MMU_NORMAL_PT_UPDATE,
		.val = (virt_to_mfn(va) << PAGE_SHIFT) | _PAGE_PRESENT |
		       _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY,
	};

	return hc_mmu_update(&u, 1, NULL, DOMID_SELF);
}

/* FS <- sel must bounce a #PF at guest address cr2, not present. */
static void expect_pf(uint16_t sel, uint64_t cr2, const char *what)
{
	check(load_fs(sel) == 1, "%s: FS <- %#x did not fault", what, sel);
	check(last_trap.vector == X86_EXC_PF && last_trap.cr2 == cr2 &&
		      !(last_trap.error_code & PFEC_PRESENT),
	      "%s: vector %lu ec %#lx cr2 %#lx, expected #PF at %#lx", what,
	      last_trap.vector, last_trap.error_code, last_trap.cr2, cr2);
}

static void bad_args(void)
{
	static const struct {
		unsigned long base;
		unsigned ents;
		const char *what;
	} cases[] = {
		{0, 8193, "8193 entries"},
		{8, 16, "an unaligned base"},
		{BAD_PTR_HV, 16, "a base in the hypervisor's area"},
		{BAD_PTR_NONCANON, 16, "a non-canonical base"},
		{LOW_HALF_END - PAGE_SIZE, 1024,
		 "a range leaving the lower half"},
	};

	for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned long base = cases[i].base;
		long rc;

		if (base == 0 || base == 8)
			base += (unsigned long)ldt;
		rc = hc_set_ldt((const void *)base, cases[i].ents);
		check(rc == -XEN_EINVAL, "SET_LDT with %s: %ld", cases[i].what,
		      rc);
		check(load_fs(SEL(1)) == 0, "LDT lost after SET_LDT with %s",
		      cases[i].what);
		null_fs();
	}
	printf("bad SET_LDT arguments refused, LDT kept\n");
}

static void ring0_code(void)
{
	uint16_t cs;

	check(far_try(SEL(2) & ~3) == 0, "lretq to DPL 0 code with RPL 0 "
					 "did not fault");
	check(last_trap.vector == X86_EXC_GP &&
		      last_trap.error_code == (SEL(2) & ~3u),
	      "lretq RPL 0: vector %lu ec %#lx", last_trap.vector,
	      last_trap.error_code);
	cs = far_try(SEL(2));
	check(cs == SEL(2), "lretq to %#x landed with cs %#x", SEL(2), cs);
	check((ldt[2] & DPL_MASK) == DPL_MASK, "DPL not raised: %lx", ldt[2]);
	cs = iret_try(SEL(2) & ~3);
	check(cs == SEL(2), "iret to %#x landed with cs %#x (CPL %u)",
	      SEL(2) & ~3, cs, cs & 3);
	printf("DPL 0 code in the LDT runs at CPL 3 only\n");
}

static void refused_page(uint64_t lo, uint64_t hi, const char *what)
{
	long rc;

	rc = remap_page(bad, virt_to_mfn(bad),
			_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED |
				_PAGE_DIRTY);
	check(rc == 0, "%s: bad page not writable again: %ld", what, rc);
	memset(bad, 0, sizeof(bad));
	bad[1] = DATA_DPL3;
	bad[4] = lo;
	bad[5] = hi;
	check(make_readonly(bad) == 0, "make_readonly(bad)");
	rc = hc_set_ldt(bad, 512);
	check(rc == 0, "%s: SET_LDT: %ld", what, rc);
	expect_pf(SEL(1), (uint64_t)bad + 8, what);
	check(far_call(SEL(4)) == 1 && last_trap.vector == X86_EXC_PF &&
		      last_trap.cr2 == (uint64_t)bad + 32,
	      "%s: far call through it: vector %lu cr2 %#lx", what,
	      last_trap.vector, last_trap.cr2);
}

static void refused_pages(void)
{
	refused_page(GATE(0xec), 0, "a call gate");
	refused_page(GATE(0xee), 0, "an interrupt gate");
	refused_page(GATE(0xef), 0, "a trap gate");
	refused_page(0x0000890000000067UL, 0, "a TSS");
	refused_page(0x0000820000000fffUL, 0, "an LDT descriptor");
	/* Fixed, the same page works (it never took a type meanwhile). */
	check(remap_page(bad, virt_to_mfn(bad),
			 _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED |
				 _PAGE_DIRTY) == 0,
	      "bad page not writable at the end");
	bad[4] = bad[5] = 0;
	check(make_readonly(bad) == 0, "make_readonly(bad)");
	check(load_fs(SEL(1)) == 0, "fixed page: FS <- %#x faulted", SEL(1));
	null_fs();
	printf("pages with gates or system descriptors never mapped\n");
}

static void refused_places(void)
{
	long rc;

	rc = hc_set_ldt((const void *)UNMAPPED_VA, 16);
	check(rc == 0, "SET_LDT at an unmapped address: %ld", rc);
	expect_pf(SEL(1), UNMAPPED_VA + 8, "unmapped LDT");
	rc = hc_set_ldt((const void *)start_info->pt_base, 512);
	check(rc == 0, "SET_LDT over our L4: %ld", rc);
	expect_pf(SEL(1), start_info->pt_base + 8, "LDT over the L4");
	rw_page[1] = DATA_DPL3;
	rc = hc_set_ldt(rw_page, 512);
	check(rc == 0, "SET_LDT over a writable page: %ld", rc);
	expect_pf(SEL(1), (uint64_t)rw_page + 8, "LDT over a writable page");
	check(hc_xen_version(XENVER_version, NULL) > 0, "hypercalls broken");
	printf("LDT over unmapped, page-table or writable pages: #PF\n");
}

static void loaded_page(void)
{
	uint64_t ma = virt_to_mfn(ldt) << PAGE_SHIFT;
	long rc;

	rc = hc_set_ldt(ldt, 512);
	check(rc == 0, "SET_LDT(ldt): %ld", rc);
	check(load_fs(SEL(1)) == 0, "FS <- %#x faulted", SEL(1));
	rc = HC(__HYPERVISOR_update_descriptor, ma + 5 * 8, GATE(0xec), 0, 0,
		0);
	check(rc == -XEN_EINVAL && ldt[5] == 0,
	      "update_descriptor put a call gate in the LDT: %ld", rc);
	rc = HC(__HYPERVISOR_update_descriptor, ma + 6 * 8, DATA_DPL0, 0, 0, 0);
	check(rc == 0 && ldt[6] == (DATA_DPL0 | DPL_MASK),
	      "update_descriptor of DPL 0 data: %ld, %lx", rc, ldt[6]);
	check(load_fs(SEL(6)) == 0, "FS <- %#x after update faulted", SEL(6));
	rc = map_rw(ldt);
	check(rc == -XEN_EINVAL, "loaded LDT page mapped writable: %ld", rc);
	check(iret_try(SEL(3) & ~3) == 0 && np_count == 1,
	      "iret to a not-present LDT code descriptor: no #NP");
	check(np_ec == (SEL(3) & ~3u), "#NP error code %#lx, expected %#x",
	      np_ec, SEL(3) & ~3u);
	null_fs();
	printf("loaded LDT page: no gates, no writable mapping, #NP bounced\n");
}

void guest_main(void)
{
	long rc;

	install_traps();
	map_shared_info(); /* CR2 of bounced #PFs */
	trap_hook = on_trap;
	ldt[1] = DATA_DPL3;
	ldt[2] = CODE_DPL0;
	ldt[3] = CODE_DPL3 & ~DESC_P;
	check(make_readonly(ldt) == 0, "make_readonly(ldt)");
	rc = hc_set_ldt(ldt, 512);
	check(rc == 0, "SET_LDT(ldt, 512): %ld", rc);
	check(load_fs(SEL(1)) == 0, "FS <- %#x faulted", SEL(1));
	null_fs();

	bad_args();
	ring0_code();
	refused_pages();
	refused_places();
	loaded_page();
	rc = hc_set_ldt(NULL, 0);
	check(rc == 0, "SET_LDT(NULL, 0): %ld", rc);
}
