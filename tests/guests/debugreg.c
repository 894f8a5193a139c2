/*
 * debugreg: set_debugreg (8) / get_debugreg (9) and live breakpoints
 * (linux-pv-abi.md §2.12), with Xen's rules:
 *  - DR6/DR7 start at 0xffff0ff0/0x400; DR0-3 read back what was set;
 *    DR6/DR7 get their reserved bits forced (DR6 bit 12 clear, DR7 bits
 *    11, 12, 14, 15 clear and 10 set); DR4/DR5 alias DR6/DR7 unless the
 *    guest set CR4.DE, then they are -ENODEV;
 *  - refused, nothing changed: DR0-3 in the hypervisor area or
 *    non-canonical (-EPERM), DR6/DR7 above 32 bits (-EINVAL), DR7.GD and
 *    an I/O breakpoint (-EPERM), register 8 and beyond (-ENODEV);
 *  - MOV to/from DRn (emulated) agrees, a refused value is #GP, DR4 with
 *    CR4.DE is #UD;
 *  - DR7 enabling DR0 on an instruction and DR1 on a write delivers #DB
 *    (RIP at the instruction / after the write, DR6.Bn set); the handler
 *    resumes with RF; breakpoints still fire after the vCPU was switched
 *    out and in; a write by the hypervisor itself (xen_version filling a
 *    watched buffer) delivers nothing but sets DR6.B1, as Xen; DR7
 *    cleared, nothing fires.
 */
#include "guest.h"

const char test_name[] = "debugreg";

#define DR6_DEFAULT 0xffff0ff0UL
#define DR7_DEFAULT 0x00000400UL
#define DR7_L0	    (1UL << 0)
#define DR7_L1	    (1UL << 2)
#define DR7_GD	    (1UL << 13)
#define DR7_W1_8    ((1UL << 20) | (2UL << 22)) /* DR1: write, 8 bytes */
#define DR7_IO0	    (2UL << 16)			/* DR0: I/O breakpoint */
#define DR6_B0	    (1UL << 0)
#define DR6_B1	    (1UL << 1)
#define RFLAGS_RF   (1UL << 16)
#define CR4_DE	    (1UL << 3)
#define SLEEP_NS    2000000UL

extern char bp_insn[], wr_at[], wr_end[], mv_at[], mv_end[];
extern char dr4_at[], dr4_end[];

static volatile uint64_t watch __attribute__((aligned(8)));
static xen_extraversion_t hv_buf __attribute__((aligned(8)));
static volatile unsigned db_count, bp_runs;
static volatile uint64_t db_rip, db_dr6;

static bool on_trap(struct trap_regs *r)
{
	if (r->vector != X86_EXC_DB)
		return false;
	db_count++;
	db_rip = r->rip;
	db_dr6 = hc_get_debugreg(6);
	check(hc_set_debugreg(6, 0) == 0, "clearing DR6 in the handler");
	r->rflags |= RFLAGS_RF; /* do not hit an instruction breakpoint again */
	return true;
}

/* The instruction breakpoint's target. */
static __attribute__((noinline)) void bp_fn(void)
{
	__asm__ __volatile__("bp_insn: nop" ::: "memory");
	bp_runs++;
}

static __attribute__((noinline)) void write_watch(uint64_t v)
{
	__asm__ __volatile__("wr_at: movq %1, %0\n\twr_end:"
			     : "=m"(watch)
			     : "r"(v)
			     : "memory");
}

static void set_dr(unsigned reg, unsigned long v)
{
	long rc = hc_set_debugreg(reg, v);

	check(rc == 0, "set_debugreg(%u, %lx) returned %ld", reg, v, rc);
}

static void expect_dr(unsigned reg, unsigned long v)
{
	unsigned long got = (unsigned long)hc_get_debugreg(reg);

	check(got == v, "DR%u reads %lx, expected %lx", reg, got, v);
}

static void refused(unsigned reg, unsigned long v, long err)
{
	unsigned long before = (unsigned long)hc_get_debugreg(reg);
	long rc = hc_set_debugreg(reg, v);

	check(rc == -err, "set_debugreg(%u, %lx) returned %ld, expected %ld",
	      reg, v, rc, -err);
	expect_dr(reg, before);
}

static void set_cr4_de(bool on)
{
	unsigned long cr4;

	__asm__ __volatile__("mov %%cr4, %0" : "=r"(cr4));
	cr4 = on ? cr4 | CR4_DE : cr4 & ~CR4_DE;
	__asm__ __volatile__("mov %0, %%cr4" ::"r"(cr4));
}

static void values(void)
{
	static const unsigned long good[] = {
		0x1000UL, (unsigned long)&watch, 0x00007ffffffffff8UL,
		HYPERVISOR_VIRT_END, 0xffffffffffffff00UL};

	expect_dr(6, DR6_DEFAULT);
	expect_dr(7, DR7_DEFAULT);
	for (unsigned i = 0; i < ARRAY_SIZE(good); i++) {
		set_dr(i % 4, good[i]);
		expect_dr(i % 4, good[i]);
	}
	set_dr(7, 0);
	expect_dr(7, DR7_DEFAULT);
	set_dr(7, 0xd800); /* reserved-zero bits: dropped */
	expect_dr(7, DR7_DEFAULT);
	set_dr(6, 0);
	expect_dr(6, DR6_DEFAULT);
	set_dr(6, 0x100fUL); /* B0-B3 kept, bit 12 dropped */
	expect_dr(6, DR6_DEFAULT | 0xf);
	set_dr(4, 0); /* DR4 = DR6 without CR4.DE */
	expect_dr(6, DR6_DEFAULT);
	check(hc_get_debugreg(5) == hc_get_debugreg(7), "DR5 != DR7");
	set_cr4_de(true);
	refused(4, 0, XEN_ENODEV);
	check(hc_get_debugreg(5) == -XEN_ENODEV, "DR5 readable with CR4.DE");
	set_cr4_de(false);
}

static void hostile_values(void)
{
	set_dr(0, 0x1000);
	refused(0, BAD_PTR_HV, XEN_EPERM);
	refused(1, HYPERVISOR_VIRT_START, XEN_EPERM);
	refused(2, BAD_PTR_NONCANON, XEN_EPERM);
	refused(3, 0x0000800000000000UL, XEN_EPERM);
	refused(6, 1UL << 32, XEN_EINVAL);
	refused(7, 1UL << 32, XEN_EINVAL);
	refused(7, DR7_GD, XEN_EPERM);
	refused(7, DR7_L0 | DR7_IO0, XEN_EPERM);
	check(hc_set_debugreg(8, 0) == -XEN_ENODEV, "set DR8");
	check(hc_get_debugreg(8) == -XEN_ENODEV, "get DR8");
	check(hc_set_debugreg(~0u, 0) == -XEN_ENODEV, "set DR ~0");
	check(hc_get_debugreg(~0u) == -XEN_ENODEV, "get DR ~0");
}

static void mov_dr(void)
{
	unsigned long v;
	unsigned n;

	__asm__ __volatile__("mov %0, %%db0" ::"r"(0x2000UL));
	expect_dr(0, 0x2000);
	__asm__ __volatile__("mov %%db7, %0" : "=r"(v));
	check(v == DR7_DEFAULT, "mov from DR7: %lx", v);
	n = last_trap.count;
	__asm__ __volatile__("mv_at: mov %0, %%db0\n\tmv_end:\n\t" FIXUP(
				     "mv_at", "mv_end")::"r"(BAD_PTR_HV)
			     : "memory");
	check(last_trap.count == n + 1 && last_trap.vector == X86_EXC_GP,
	      "mov of a hypervisor address to DR0: no #GP");
	expect_dr(0, 0x2000);
	set_cr4_de(true);
	n = last_trap.count;
	__asm__ __volatile__("dr4_at: mov %%db4, %0\n\tdr4_end:\n\t" FIXUP(
				     "dr4_at", "dr4_end")
			     : "=r"(v)::"memory");
	check(last_trap.count == n + 1 && last_trap.vector == X86_EXC_UD,
	      "mov from DR4 with CR4.DE: no #UD");
	set_cr4_de(false);
}

static void expect_db(const char *what, unsigned before, const char *rip,
		      unsigned long b)
{
	check(db_count == before + 1, "%s: %u #DB, expected 1", what,
	      db_count - before);
	check(db_rip == (uint64_t)rip, "%s: #DB at %lx, expected %p", what,
	      db_rip, rip);
	check(db_dr6 & b, "%s: DR6 %lx lacks %lx", what, db_dr6, b);
	printf("%s: #DB at %lx, dr6 %lx\n", what, db_rip, db_dr6);
}

static void breakpoints(void)
{
	unsigned n, runs;
	long rc;

	set_dr(0, (unsigned long)bp_insn);
	set_dr(1, (unsigned long)&watch);
	set_dr(7, DR7_L0 | DR7_L1 | DR7_W1_8);
	for (int round = 0; round < 2; round++) {
		n = db_count;
		runs = bp_runs;
		bp_fn();
		check(bp_runs == runs + 1, "bp_fn ran %u times",
		      bp_runs - runs);
		expect_db("instruction breakpoint", n, bp_insn, DR6_B0);
		n = db_count;
		write_watch(round);
		expect_db("write breakpoint", n, wr_end, DR6_B1);
		check(watch == (uint64_t)round, "the watched write was lost");
		check(db_count == n + 1, "a read hit the write breakpoint");
		sleep_ns(SLEEP_NS); /* round 2: after a switch out and in */
	}

	/* The hypervisor writing the watched buffer: noted, not delivered. */
	set_dr(1, (unsigned long)&hv_buf);
	set_dr(6, 0);
	n = db_count;
	rc = hc_xen_version(XENVER_extraversion, hv_buf);
	check(rc == 0 && hv_buf[0], "xen_version(extraversion): %ld", rc);
	check(db_count == n, "#DB delivered for the hypervisor's write");
	check(hc_get_debugreg(6) & DR6_B1,
	      "DR6 %lx lacks B1 after the "
	      "hypervisor's write",
	      hc_get_debugreg(6));

	set_dr(7, 0);
	n = db_count;
	bp_fn();
	write_watch(7);
	check(db_count == n, "#DB with DR7 clear");
}

void guest_main(void)
{
	map_shared_info();
	install_traps();
	trap_hook = on_trap;
	values();
	hostile_values();
	mov_dr();
	breakpoints();
	trap_hook = NULL;
}
