/*
 * segbase: set_segment_base (25), as Linux uses it for FS/GS
 * (linux-pv-abi.md §2.4).  SEGBASE_FS and SEGBASE_GS_KERNEL set the live
 * bases of guest kernel mode (an %fs:0 / %gs:0 load reads through them,
 * RDMSR agrees); SEGBASE_GS_USER sets the inactive (user) GS base only
 * (RDMSR of SHADOW_GS_BASE); SEGBASE_GS_USER_SEL loads a selector into the
 * user GS: %gs reads it with RPL 3, the user base becomes the
 * descriptor's and the kernel base stays.  All of it survives a context
 * switch.  Hostile: a non-canonical base or an unknown `which` is -EINVAL
 * and changes nothing; a selector the CPU refuses (empty GDT slot, beyond
 * the GDT, the LDT without one, a hypervisor ring-0 data segment, the
 * TSS) loads the null selector and still returns 0, as Xen does (Linux
 * BUG()s if this call fails).
 */
#include "guest.h"

const char test_name[] = "segbase";

#define MSR_FS_BASE	   0xc0000100
#define MSR_GS_BASE	   0xc0000101
#define MSR_SHADOW_GS_BASE 0xc0000102
#define USER_GS		   0x00007f0000002000UL
#define DESC_BASE	   0x12345000UL
/* Flat data, DPL 3, base DESC_BASE (bits 16-39 and 56-63). */
#define DATA_DESC	   0x12cff3345000ffffUL
#define GDT_SEL		   0x0008 /* slot 1: DATA_DESC */
#define EMPTY_SEL	   0x0013 /* slot 2: zero */
#define BEYOND_SEL	   0x2003 /* slot 1024: past our 512 entries */
#define LDT_SEL		   0x0007 /* TI = 1, and there is no LDT */
#define HV_DATA_SEL	   0xe010 /* the hypervisor's ring-0 data */
#define HV_TSS_SEL	   0xe040
#define SLEEP_NS	   2000000UL

static uint64_t gdt[512] __page_aligned_bss;
static volatile uint64_t fs_var = 0xf5f5f5f5f5f5f5f5UL;
static volatile uint64_t gs_var = 0x6565656565656565UL;

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static uint64_t fs_load(void)
{
	uint64_t v;

	__asm__ __volatile__("mov %%fs:0, %0" : "=r"(v)::"memory");
	return v;
}

static uint64_t gs_load(void)
{
	uint64_t v;

	__asm__ __volatile__("mov %%gs:0, %0" : "=r"(v)::"memory");
	return v;
}

static uint16_t gs_sel(void)
{
	uint16_t s;

	__asm__ __volatile__("mov %%gs, %0" : "=r"(s));
	return s;
}

static void set_base(unsigned which, unsigned long base)
{
	long rc = hc_set_segment_base(which, base);

	check(rc == 0, "set_segment_base(%u, %lx) returned %ld", which, base,
	      rc);
}

/* The state we set up, read back every way we can. */
static void expect_state(const char *when, uint16_t sel, uint64_t user)
{
	check(fs_load() == fs_var && rdmsr(MSR_FS_BASE) == (uint64_t)&fs_var,
	      "%s: FS base %lx", when, rdmsr(MSR_FS_BASE));
	check(gs_load() == gs_var && rdmsr(MSR_GS_BASE) == (uint64_t)&gs_var,
	      "%s: kernel GS base %lx", when, rdmsr(MSR_GS_BASE));
	check(rdmsr(MSR_SHADOW_GS_BASE) == user,
	      "%s: user GS base %lx, not %lx", when, rdmsr(MSR_SHADOW_GS_BASE),
	      user);
	check(gs_sel() == sel, "%s: %%gs %x, not %x", when, gs_sel(), sel);
}

static void install_gdt(void)
{
	unsigned long f[1] = {virt_to_mfn(gdt)};
	long rc;

	gdt[GDT_SEL >> 3] = DATA_DESC;
	check(make_readonly(gdt) == 0, "make_readonly(gdt)");
	rc = hc_set_gdt(f, 512);
	check(rc == 0, "set_gdt returned %ld", rc);
}

static void hostile_bases(void)
{
	static const unsigned which[] = {SEGBASE_FS, SEGBASE_GS_USER,
					 SEGBASE_GS_KERNEL};
	long rc;

	for (unsigned i = 0; i < ARRAY_SIZE(which); i++) {
		rc = hc_set_segment_base(which[i], BAD_PTR_NONCANON);
		check(rc == -XEN_EINVAL, "which %u, non-canonical: %ld",
		      which[i], rc);
		rc = hc_set_segment_base(which[i], 0x0000800000000000UL);
		check(rc == -XEN_EINVAL, "which %u, 2^47: %ld", which[i], rc);
	}
	rc = hc_set_segment_base(4, 0);
	check(rc == -XEN_EINVAL, "which 4: %ld", rc);
	rc = hc_set_segment_base(0xffffffffu, (unsigned long)&fs_var);
	check(rc == -XEN_EINVAL, "which ~0: %ld", rc);
}

/* A selector the CPU refuses: null in GS, 0 returned, bases kept. */
static void refused_selector(uint16_t sel, const char *what)
{
	long rc;

	set_base(SEGBASE_GS_USER_SEL, GDT_SEL);
	rc = hc_set_segment_base(SEGBASE_GS_USER_SEL, sel);
	check(rc == 0, "GS_USER_SEL %s (%x) returned %ld", what, sel, rc);
	check(gs_sel() == 0, "GS_USER_SEL %s (%x): %%gs %x, expected null",
	      what, sel, gs_sel());
	check(gs_load() == gs_var, "GS_USER_SEL %s: kernel GS base changed",
	      what);
	printf("GS_USER_SEL %s (%x): null\n", what, sel);
}

void guest_main(void)
{
	map_shared_info();
	install_traps();
	install_gdt();

	set_base(SEGBASE_FS, (unsigned long)&fs_var);
	set_base(SEGBASE_GS_KERNEL, (unsigned long)&gs_var);
	set_base(SEGBASE_GS_USER, USER_GS);
	expect_state("bases set", 0, USER_GS);
	hostile_bases();
	expect_state("after refused bases", 0, USER_GS);

	/* Only the low 16 bits name the selector; RPL becomes 3. */
	set_base(SEGBASE_GS_USER_SEL, 0xdead00000000UL | GDT_SEL);
	expect_state("GS_USER_SEL", GDT_SEL | 3, DESC_BASE);
	sleep_ns(SLEEP_NS);
	expect_state("GS_USER_SEL, after a sleep", GDT_SEL | 3, DESC_BASE);
	set_base(SEGBASE_GS_USER, USER_GS);
	expect_state("GS_USER after GS_USER_SEL", GDT_SEL | 3, USER_GS);

	/* Null selectors load as given (0-3), as Xen. */
	set_base(SEGBASE_GS_USER_SEL, 0);
	check(gs_sel() == 0, "GS_USER_SEL 0: %%gs %x", gs_sel());
	set_base(SEGBASE_GS_USER_SEL, 3);
	check(gs_sel() == 3, "GS_USER_SEL 3: %%gs %x", gs_sel());

	refused_selector(EMPTY_SEL, "empty GDT slot");
	refused_selector(BEYOND_SEL, "beyond the GDT");
	refused_selector(LDT_SEL, "LDT, none loaded");
	refused_selector(HV_DATA_SEL, "hypervisor ring-0 data");
	refused_selector(HV_TSS_SEL, "hypervisor TSS");

	set_base(SEGBASE_GS_USER, USER_GS);
	sleep_ns(SLEEP_NS);
	expect_state("after a sleep", 0, USER_GS);
}
