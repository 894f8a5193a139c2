/*
 * int_fpu: a vCPU's x87/SSE state survives being descheduled.  Run as
 * several domains at once on one CPU: each fills x87 ST0-7, FCW, MXCSR
 * and XMM0-15 with its own pattern (seeded from its shared_info machine
 * address, which differs per domain), then repeatedly spins (so the
 * 10 ms slice preempts it), yields (so the others run) and compares an
 * FXSAVE image against the one taken right after filling.  As dom0 it
 * stays up (blocked) after its result so that the domUs can finish.
 *
 * The runtime is built with -mgeneral-regs-only: the compiler never
 * touches the FPU, so only the asm below (and the hypervisor) does.
 */
#include "guest.h"

const char test_name[] = "int_fpu";

#define ROUNDS	   30
#define SPIN_ITERS 300000UL

/* FXSAVE image offsets (Intel SDM vol. 1, table 10-2). */
#define FX_FCW	 0
#define FX_FSW	 2
#define FX_FTW	 4
#define FX_MXCSR 24
#define FX_ST0	 32  /* 8 x 16 bytes, 10 significant */
#define FX_XMM0	 160 /* 16 x 16 bytes */

struct fpu_pattern {
	uint64_t xmm[32]; /* XMM0-15, two quadwords each */
	int64_t st[8];	  /* integers loaded with fild */
	uint16_t fcw;
	uint32_t mxcsr;
};

static struct fpu_pattern pat;
static uint8_t want[512] __attribute__((aligned(16)));
static uint8_t got[512] __attribute__((aligned(16)));

/* Load the whole pattern into the FPU; nothing else may run in between. */
static void fpu_fill(const struct fpu_pattern *p)
{
	__asm__ __volatile__("fninit\n\t"
			     "fldcw %c[fcw](%0)\n\t"
			     "ldmxcsr %c[mxcsr](%0)\n\t"
			     ".irp i, 0,1,2,3,4,5,6,7\n\t"
			     "fildq %c[st]+\\i*8(%0)\n\t"
			     ".endr\n\t"
			     ".irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n\t"
			     "movdqu \\i*16(%0), %%xmm\\i\n\t"
			     ".endr" ::"r"(p),
			     [fcw] "i"(offsetof(struct fpu_pattern, fcw)),
			     [mxcsr] "i"(offsetof(struct fpu_pattern, mxcsr)),
			     [st] "i"(offsetof(struct fpu_pattern, st))
			     : "memory");
}

static void fpu_save(uint8_t *buf)
{
	__asm__ __volatile__("fxsave64 (%0)" ::"r"(buf) : "memory");
}

/* The architectural state we own; FIP/FDP/FOP and reserved bytes excluded. */
static const char *fpu_diff(const uint8_t *a, const uint8_t *b)
{
	if (memcmp(a + FX_FCW, b + FX_FCW, 2))
		return "FCW";
	if (memcmp(a + FX_FSW, b + FX_FSW, 2))
		return "FSW";
	if (a[FX_FTW] != b[FX_FTW])
		return "FTW";
	if (memcmp(a + FX_MXCSR, b + FX_MXCSR, 4))
		return "MXCSR";
	for (int i = 0; i < 8; i++)
		if (memcmp(a + FX_ST0 + 16 * i, b + FX_ST0 + 16 * i, 10))
			return "an x87 register";
	for (int i = 0; i < 16; i++)
		if (memcmp(a + FX_XMM0 + 16 * i, b + FX_XMM0 + 16 * i, 16))
			return "an XMM register";
	return NULL;
}

static void make_pattern(uint64_t seed)
{
	uint64_t x = seed * 0x9e3779b97f4a7c15UL + 1;

	for (int i = 0; i < 32; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		pat.xmm[i] = x;
	}
	for (int i = 0; i < 8; i++)
		pat.st[i] = (int64_t)(seed * 1000 + i) * (i & 1 ? -1 : 1);
	/* Round toward zero, all exceptions masked: not the reset value. */
	pat.fcw = 0x0f7f;
	/* Round down, all exceptions masked, FTZ: not the reset value. */
	pat.mxcsr = 0x3f80 | 0x8000;
}

static void verify(const char *when, int round)
{
	const char *what;

	fpu_save(got);
	what = fpu_diff(want, got);
	check(!what, "%s changed %s in round %d", what, when, round);
}

void guest_main(void)
{
	bool dom0 = start_info->flags & SIF_INITDOMAIN;
	uint64_t seed = start_info->shared_info >> PAGE_SHIFT;

	install_traps();
	make_pattern(seed);
	printf("int_fpu: %s seed %lx, %d rounds\n", dom0 ? "dom0" : "domU",
	       seed, ROUNDS);
	fpu_fill(&pat);
	fpu_save(want);
	check(*(uint16_t *)(want + FX_FCW) == pat.fcw, "FCW did not load");
	check(*(uint32_t *)(want + FX_MXCSR) == pat.mxcsr,
	      "MXCSR did not load");
	for (int r = 0; r < ROUNDS; r++) {
		for (volatile unsigned long i = 0; i < SPIN_ITERS; i++)
			;
		verify("while spinning", r);
		hc_sched_op(SCHEDOP_yield, NULL);
		verify("across SCHEDOP_yield", r);
	}
	if (dom0)
		pass_and_idle();
}
