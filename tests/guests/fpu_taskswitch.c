/*
 * fpu_taskswitch: the virtual CR0.TS of fpu_taskswitch (5) and lazy FPU
 * (linux-pv-abi.md §2.12).  fpu_taskswitch(1) sets TS (MOV from CR0 shows
 * it); the next SSE or x87 instruction raises #NM, bounced to our handler
 * (vector 7, no error code, RIP = that instruction), and, as in Xen, the
 * hypervisor clears the virtual TS when it delivers that #NM, so the
 * handler returns to the instruction and it runs.  fpu_taskswitch(0) and
 * CLTS clear TS without any #NM.  TS set survives the vCPU being switched
 * out and in (a sleep), and the FPU/SSE registers keep their values
 * throughout.
 */
#include "guest.h"

const char test_name[] = "fpu_taskswitch";

#define CR0_TS	 0x8UL
#define SLEEP_NS 2000000UL /* 2 ms: the CPU goes idle and back */

extern char sse_at[], sse_end[], x87_at[], x87_end[];

static uint64_t pattern[2] __attribute__((aligned(16))) = {
	0x0123456789abcdefUL, 0xfedcba9876543210UL};
static uint64_t out[2] __attribute__((aligned(16)));
static int64_t x87_out;
static volatile unsigned nm_count;
static volatile uint64_t nm_rip, nm_cr0;

static unsigned long read_cr0(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%cr0, %0" : "=r"(v));
	return v;
}

/* #NM: note it and return to the instruction, which now runs. */
static bool on_trap(struct trap_regs *r)
{
	if (r->vector != X86_EXC_NM)
		return false;
	check(r->error_code == 0, "#NM error code %lx", r->error_code);
	nm_count++;
	nm_rip = r->rip;
	nm_cr0 = read_cr0();
	return true;
}

/* Store XMM0 (loaded from pattern) to out: the SSE access. */
static __attribute__((noinline)) void store_xmm0(void)
{
	out[0] = out[1] = 0;
	__asm__ __volatile__("sse_at: movdqa %%xmm0, %0\n\tsse_end:"
			     : "=m"(out)::"memory");
}

/* Store the x87 top of stack: the x87 access. */
static __attribute__((noinline)) void store_st0(void)
{
	__asm__ __volatile__("x87_at: fistpll %0\n\tx87_end:\n\t"
			     "fildll %0" /* put it back for the next store */
			     : "+m"(x87_out)::"memory");
}

static void expect_nm(const char *what, unsigned before, const char *rip)
{
	check(nm_count == before + 1, "%s: %u #NM, expected 1", what,
	      nm_count - before);
	check(nm_rip == (uint64_t)rip, "%s: #NM at %lx, expected %p", what,
	      nm_rip, rip);
	check(!(nm_cr0 & CR0_TS), "%s: CR0 %lx in the #NM handler still has TS",
	      what, nm_cr0);
	check(!(read_cr0() & CR0_TS), "%s: TS still set after the #NM", what);
}

static void expect_values(const char *what, int64_t x87)
{
	check(out[0] == pattern[0] && out[1] == pattern[1],
	      "%s: XMM0 %lx:%lx, expected %lx:%lx", what, out[1], out[0],
	      pattern[1], pattern[0]);
	check(x87_out == x87, "%s: ST0 %ld, expected %ld", what, x87_out, x87);
}

static void set_ts(void)
{
	long rc = hc_fpu_taskswitch(1);

	check(rc == 0, "fpu_taskswitch(1) returned %ld", rc);
	check(read_cr0() & CR0_TS, "fpu_taskswitch(1) did not set CR0.TS");
}

void guest_main(void)
{
	const int64_t x87 = -1234567890123L;
	unsigned n;
	long rc;

	map_shared_info();
	install_traps();
	trap_hook = on_trap;
	x87_out = x87;
	__asm__ __volatile__(
		"fninit\n\tfildll %1\n\tmovdqa %0, %%xmm0" ::"m"(pattern),
		"m"(x87_out)
		: "memory");
	check(!(read_cr0() & CR0_TS), "TS set at boot");

	/* TS set: the first SSE access traps once, then runs. */
	set_ts();
	n = nm_count;
	store_xmm0();
	expect_nm("SSE with TS", n, sse_at);
	store_st0();
	check(nm_count == n + 1, "x87 after the #NM trapped again");
	expect_values("after the SSE #NM", x87);

	/* The same for an x87 instruction. */
	set_ts();
	n = nm_count;
	store_st0();
	expect_nm("x87 with TS", n, x87_at);
	store_xmm0();
	expect_values("after the x87 #NM", x87);

	/* fpu_taskswitch(0) and CLTS clear TS: no #NM. */
	set_ts();
	rc = hc_fpu_taskswitch(0);
	check(rc == 0, "fpu_taskswitch(0) returned %ld", rc);
	check(!(read_cr0() & CR0_TS), "fpu_taskswitch(0) left TS set");
	n = nm_count;
	store_xmm0();
	set_ts();
	__asm__ __volatile__("clts");
	check(!(read_cr0() & CR0_TS), "clts left TS set");
	store_st0();
	check(nm_count == n, "#NM with TS clear");
	expect_values("TS cleared", x87);

	/* TS survives a switch to the idle vCPU and back; so does the FPU. */
	set_ts();
	sleep_ns(SLEEP_NS);
	check(read_cr0() & CR0_TS, "TS lost across a context switch");
	n = nm_count;
	store_xmm0();
	expect_nm("SSE with TS after a sleep", n, sse_at);
	expect_values("after a sleep with TS", x87);
	sleep_ns(SLEEP_NS);
	n = nm_count;
	store_st0();
	store_xmm0();
	check(nm_count == n, "#NM after a sleep with TS clear");
	expect_values("after a sleep", x87);
	trap_hook = NULL;
}
