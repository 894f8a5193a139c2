/*
 * desc_ldt: guest LDTs through MMUEXT_SET_LDT (Xen's 64-bit PV ABI).  The
 * LDT pages are mapped by the hypervisor on first use, so every step
 * checks both a selector's effect and who holds the pages:
 *  - a two-page LDT (1024 entries, read-only pages): data selectors from
 *    either page load into FS (whose base then comes from the descriptor,
 *    so a read through FS proves the right entry) and ES; a far return
 *    to an LDT code selector lands there (CPL 3) and back;
 *  - while in use, the LDT pages cannot be mapped writable (mmu_update
 *    -EINVAL), after SET_LDT of another LDT they can;
 *  - an iret hypercall to an LDT code selector whose page is not mapped
 *    yet lands there; a selector past the new limit faults #GP(sel);
 *  - after our LDT page was dropped (its mapping rewritten), a context
 *    switch reloads FS through the LDT, mapping the page again; if the
 *    page is not mapped at all, the reload fails into the failsafe
 *    callback with FS null;
 *  - SET_LDT(0 entries): the pages are free, an LDT selector #GPs.
 * Runs as a domU next to a dom0 that yields (tests/qemu/test_guests.py
 * AS_DOMU), so SCHEDOP_yield really switches away and back.
 */
#include "guest.h"

const char test_name[] = "desc_ldt";

#define DATA_DPL3 0x00cff3000000ffffUL		 /* flat data, DPL 3, base 0 */
#define CODE_DPL3 0x00affb000000ffffUL		 /* 64-bit code, DPL 3 */
#define SEL(i)	  ((uint16_t)((i) << 3 | 4 | 3)) /* LDT, RPL 3 */
#define FAR_IDX	  600				 /* an entry in page 2 */
#define YIELDS	  200

static uint64_t ldt1[2][512] __page_aligned_bss; /* 1024 entries */
static uint64_t ldt2[512] __page_aligned_bss;	 /* 512 entries */
static volatile uint64_t probe = 0x5eed1dcafeUL;
static volatile unsigned failsafe_count;

/* Flat DPL 3 data with a base below 16 MiB. */
static uint64_t data_desc(uint32_t base)
{
	return DATA_DPL3 | (uint64_t)(base & 0xffffff) << 16;
}

static bool on_failsafe(struct trap_regs *r)
{
	if (r->vector != VEC_FAILSAFE)
		return false;
	failsafe_count++;
	return true;
}

static __attribute__((noinline)) unsigned load_fs(uint16_t sel)
{
	unsigned before = last_trap.count;

	__asm__ __volatile__(
		"ldt_fs_at: mov %0, %%fs\n\tldt_fs_end:\n\t" FIXUP(
			"ldt_fs_at", "ldt_fs_end")::"r"((uint32_t)sel)
		: "memory");
	return last_trap.count - before;
}

static uint16_t read_fs_sel(void)
{
	uint16_t sel;

	__asm__ __volatile__("mov %%fs, %0" : "=r"(sel));
	return sel;
}

/* The quadword at FS.base + off. */
static uint64_t read_fs(uint64_t off)
{
	uint64_t v;

	__asm__ __volatile__("movq %%fs:(%1), %0"
			     : "=r"(v)
			     : "r"(off)
			     : "memory");
	return v;
}

static void null_fs_es(void)
{
	__asm__ __volatile__("mov %0, %%fs\n\tmov %0, %%es" ::"r"(0)
			     : "memory");
}

/* Load ES with sel and read *p through ES (base ignored in 64-bit mode). */
static uint64_t read_via_es(uint16_t sel, const volatile uint64_t *p)
{
	uint64_t v;

	__asm__ __volatile__("mov %1, %%es\n\tmovq %%es:(%2), %0"
			     : "=r"(v)
			     : "r"((uint32_t)sel), "r"(p)
			     : "memory");
	return v;
}

/* Far return to code selector sel, read CS there, far return back. */
static uint16_t far_visit(uint16_t sel)
{
	uint32_t cs;

	__asm__ __volatile__("pushq %q1\n\t"
			     "leaq 1f(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t"
			     "lretq\n"
			     "1:\tmov %%cs, %k0\n\t"
			     "pushq %2\n\t"
			     "leaq 2f(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t"
			     "lretq\n"
			     "2:"
			     : "=&r"(cs)
			     : "r"((uint64_t)sel), "i"(FLAT_KERNEL_CS)
			     : "rax", "memory");
	return cs;
}

/*
 * iret hypercall (syscall flavour) to the next instruction with CS = sel
 * (RPL 0: stay in guest kernel mode), read CS there, far return to the
 * flat kernel CS.
 */
static __attribute__((noinline)) uint16_t iret_visit(uint16_t sel)
{
	uint32_t cs;

	__asm__ __volatile__("push %%rbp\n\t"
			     "mov %%rsp, %%rbp\n\t"
			     "and $-16, %%rsp\n\t"
			     "pushq %3\n\t"    /* ss */
			     "pushq %%rbp\n\t" /* rsp */
			     "pushq $2\n\t"    /* rflags: events masked */
			     "pushq %q1\n\t"   /* cs */
			     "leaq 1f(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t" /* rip */
			     "pushq $0\n\t"    /* flags */
			     "pushq $0\n\t"    /* rcx */
			     "pushq $0\n\t"    /* r11 */
			     "pushq $0\n\t"    /* rax */
			     "mov %4, %%eax\n\t"
			     "syscall\n\t"
			     "ud2\n"
			     "1:\tmov %%cs, %k0\n\t"
			     "mov %%rbp, %%rsp\n\t"
			     "pop %%rbp\n\t"
			     "pushq %2\n\t"
			     "leaq 2f(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t"
			     "lretq\n"
			     "2:"
			     : "=&r"(cs)
			     : "r"((uint64_t)sel), "i"(FLAT_KERNEL_CS),
			       "i"(FLAT_KERNEL_SS), "i"(__HYPERVISOR_iret)
			     : "rax", "rcx", "r11", "memory", "cc");
	return cs;
}

/* mmu_update: map our page va writable again (its own frame). */
static long map_rw(const void *va)
{
	struct mmu_update u = {
		.ptr = pte_maddr((unsigned long)va) | MMU_NORMAL_PT_UPDATE,
		.val = (virt_to_mfn(va) << PAGE_SHIFT) | _PAGE_PRESENT |
		       _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY,
	};

	return hc_mmu_update(&u, 1, NULL, DOMID_SELF);
}

static void expect_gp(uint16_t sel, const char *what)
{
	check(load_fs(sel) == 1, "%s: FS <- %#x did not fault", what, sel);
	check(last_trap.vector == X86_EXC_GP &&
		      last_trap.error_code == (sel & ~3u),
	      "%s: vector %lu ec %#lx, expected #GP(%#x)", what,
	      last_trap.vector, last_trap.error_code, sel & ~3u);
}

static void yield_a_while(void)
{
	for (unsigned i = 0; i < YIELDS; i++)
		hc_sched_op(SCHEDOP_yield, NULL);
}

static void first_ldt(void)
{
	long rc;

	rc = hc_set_ldt(ldt1, 1024);
	check(rc == 0, "SET_LDT(ldt1, 1024): %ld", rc);
	check(load_fs(SEL(1)) == 0, "FS <- %#x faulted: vector %lu ec %#lx",
	      SEL(1), last_trap.vector, last_trap.error_code);
	check(read_fs((uint64_t)&probe - 0x10) == probe,
	      "FS base is not the LDT descriptor's (0x10)");
	check(load_fs(SEL(FAR_IDX)) == 0, "FS <- %#x (page 2) faulted",
	      SEL(FAR_IDX));
	check(read_fs((uint64_t)&probe - 0x30) == probe,
	      "FS base is not page 2's descriptor's (0x30)");
	check(read_via_es(SEL(3), &probe) == probe, "read through ES");
	check(far_visit(SEL(2)) == SEL(2), "far return to %#x", SEL(2));
	rc = map_rw(ldt1[0]);
	check(rc == -XEN_EINVAL, "LDT page 1 mapped writable in use: %ld", rc);
	rc = map_rw(ldt1[1]);
	check(rc == -XEN_EINVAL, "LDT page 2 mapped writable in use: %ld", rc);
	printf("LDT 1: FS, ES and CS from both pages; pages stay read-only\n");
}

static void second_ldt(void)
{
	long rc;

	null_fs_es();
	rc = hc_set_ldt(ldt2, 512);
	check(rc == 0, "SET_LDT(ldt2, 512): %ld", rc);
	for (unsigned i = 0; i < 2; i++) {
		rc = map_rw(ldt1[i]);
		check(rc == 0, "old LDT page %u still held: %ld", i + 1, rc);
		check(make_readonly(ldt1[i]) == 0, "make_readonly(ldt1)");
	}
	check(iret_visit(SEL(2) & ~3) == SEL(2),
	      "iret to LDT code selector %#x", SEL(2));
	check(load_fs(SEL(1)) == 0, "FS <- %#x in LDT 2 faulted", SEL(1));
	check(read_fs((uint64_t)&probe - 0x20) == probe,
	      "FS base is not LDT 2's descriptor's (0x20)");
	expect_gp(SEL(FAR_IDX), "beyond LDT 2's 512 entries");
	printf("LDT 2: old pages free, iret to an LDT CS, limit enforced\n");
}

static void context_switch(void)
{
	long rc;

	check(read_fs_sel() == SEL(1), "FS is %#x", read_fs_sel());
	/* Rewriting the page's mapping drops it from our LDT: free again. */
	check(make_readonly(ldt2) == 0, "remap ldt2");
	rc = map_rw(ldt2);
	check(rc == 0, "LDT page still held after its mapping changed: %ld",
	      rc);
	check(make_readonly(ldt2) == 0, "make_readonly(ldt2)");
	yield_a_while();
	check(failsafe_count == 0, "failsafe callback after a switch");
	check(read_fs_sel() == SEL(1), "FS is %#x after switches",
	      read_fs_sel());
	rc = map_rw(ldt2);
	check(rc == -XEN_EINVAL,
	      "LDT page not mapped again by a FS reload (no switch?): %ld", rc);

	/* Now without any mapping: FS cannot be reloaded, failsafe. */
	rc = hc_update_va_mapping((unsigned long)ldt2, 0, UVMF_INVLPG);
	check(rc == 0, "unmapping ldt2: %ld", rc);
	for (unsigned i = 0; i < YIELDS && !failsafe_count; i++)
		hc_sched_op(SCHEDOP_yield, NULL);
	check(failsafe_count == 1, "failsafe callback ran %u times",
	      failsafe_count);
	check(read_fs_sel() == 0, "FS not null after failsafe: %#x",
	      read_fs_sel());
	check(make_readonly(ldt2) == 0, "mapping ldt2 again");
	printf("context switch: FS reloaded through the LDT, or failsafe\n");
}

void guest_main(void)
{
	long rc;

	install_traps();
	install_callbacks();
	map_shared_info();
	trap_hook = on_failsafe;
	check(!(start_info->flags & SIF_INITDOMAIN),
	      "must run as a domU next to a dom0 that yields");
	ldt1[0][1] = data_desc(0x10);
	ldt1[0][2] = CODE_DPL3;
	ldt1[0][3] = DATA_DPL3; /* base 0: ES bases differ among emulators */
	ldt1[1][FAR_IDX - 512] = data_desc(0x30);
	ldt2[1] = data_desc(0x20);
	ldt2[2] = CODE_DPL3;
	check(make_readonly(ldt1[0]) == 0 && make_readonly(ldt1[1]) == 0 &&
		      make_readonly(ldt2) == 0,
	      "make the LDT pages read-only");

	first_ldt();
	second_ldt();
	context_switch();

	rc = hc_set_ldt(NULL, 0);
	check(rc == 0, "SET_LDT(NULL, 0): %ld", rc);
	rc = map_rw(ldt2);
	check(rc == 0, "LDT page held after SET_LDT(0): %ld", rc);
	expect_gp(SEL(1), "no LDT");
	printf("null LDT: pages free, LDT selectors #GP\n");
}
