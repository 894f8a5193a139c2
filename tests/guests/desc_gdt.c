/*
 * desc_gdt: set_gdt and update_descriptor (linux-pv-abi.md §2.3).  A
 * read-only frame with DPL 3 and DPL 0 data/code descriptors is
 * accepted, the DPL 0 ones rewritten to DPL 3, and its selectors load
 * into DS and FS; an empty slot faults.  Refused with -EINVAL and no
 * change to the loaded GDT: a call gate, an interrupt gate, a TSS, a
 * frame we do not own, more than 7168 entries.  update_descriptor
 * raises DPL in a loaded GDT frame, stores into an ordinary page and
 * refuses a TSS or a misaligned address.  set_gdt(0 entries) empties it.
 */
#include "guest.h"

const char test_name[] = "desc_gdt";

#define DATA_DPL3 0x00cff3000000ffffUL /* flat data, DPL 3 */
#define DATA_DPL0 0x00cf93000000ffffUL /* flat data, DPL 0 */
#define CODE_DPL0 0x00af9a000000ffffUL /* 64-bit code, DPL 0 */
#define DPL_MASK  (3UL << 45)
#define CALL_GATE 0x0000ec0000000000UL /* present, DPL 3, type 0xc */
#define INTR_GATE 0x0000ee0000000000UL /* present, DPL 3, type 0xe */
#define TSS_DESC  0x0000890000000067UL

static uint64_t gdt[512] __page_aligned_bss;
static uint64_t bad[512] __page_aligned_bss;
static uint64_t plain[512] __page_aligned_bss;

static __attribute__((noinline)) unsigned load(uint16_t sel, bool fs)
{
	unsigned before = last_trap.count;

	if (fs)
		__asm__ __volatile__(
			"fs_at: mov %0, %%fs\n\tfs_end:\n\t" FIXUP(
				"fs_at", "fs_end")::"r"((uint32_t)sel)
			: "memory");
	else
		__asm__ __volatile__(
			"dsl_at: mov %0, %%ds\n\tdsl_end:\n\t" FIXUP(
				"dsl_at", "dsl_end")::"r"((uint32_t)sel)
			: "memory");
	return last_trap.count - before;
}

static void null_segs(void)
{
	__asm__ __volatile__("mov %0, %%ds\n\tmov %0, %%fs" ::"r"(0)
			     : "memory");
}

static long update_desc(uint64_t maddr, uint64_t d)
{
	return HC(__HYPERVISOR_update_descriptor, maddr, d, 0, 0, 0);
}

static void refused(uint64_t d, unsigned slot, const char *what)
{
	unsigned long f[1] = {virt_to_mfn(bad)};
	long rc;

	/* bad[] is read-only: rewrite it by remapping writable briefly. */
	check(remap_page(bad, f[0],
			 _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED |
				 _PAGE_DIRTY) == 0,
	      "remap writable");
	memset(bad, 0, sizeof(bad));
	bad[slot] = d;
	check(make_readonly(bad) == 0, "make_readonly(bad)");
	rc = hc_set_gdt(f, 512);
	check(rc == -XEN_EINVAL, "set_gdt with %s: %ld", what, rc);
	check(load(0x0b, false) == 0, "%s: old GDT lost", what);
	null_segs();
}

void guest_main(void)
{
	unsigned long f[2];
	long rc;
	uint64_t gdt_ma;

	install_traps();
	gdt[1] = DATA_DPL3;
	gdt[2] = DATA_DPL0;
	gdt[3] = CODE_DPL0;
	f[0] = virt_to_mfn(gdt);
	gdt_ma = f[0] << PAGE_SHIFT;
	check(make_readonly(gdt) == 0, "make_readonly(gdt)");
	rc = hc_set_gdt(f, 512);
	check(rc == 0, "set_gdt of a valid frame: %ld", rc);
	check(gdt[1] == DATA_DPL3, "DPL3 descriptor changed: %lx", gdt[1]);
	check((gdt[2] & DPL_MASK) == DPL_MASK &&
		      (gdt[3] & DPL_MASK) == DPL_MASK,
	      "DPL not raised: %lx %lx", gdt[2], gdt[3]);
	check(load(0x0b, false) == 0, "DS <- 0x0b faulted");
	check(load(0x13, true) == 0, "FS <- 0x13 faulted");
	null_segs();
	check(load(0x23, false) == 1 && last_trap.error_code == 0x20,
	      "empty slot 4 did not #GP(0x20)");

	refused(CALL_GATE | (0xe033UL << 16), 4, "a call gate");
	refused(INTR_GATE | (0xe033UL << 16), 4, "an interrupt gate");
	refused(TSS_DESC, 6, "a TSS");
	f[1] = 1; /* machine frame 1: not ours */
	rc = hc_set_gdt(f, 1024);
	check(rc == -XEN_EINVAL, "set_gdt with a foreign frame: %ld", rc);
	rc = hc_set_gdt(f, FIRST_RESERVED_GDT_ENTRY + 1);
	check(rc == -XEN_EINVAL, "set_gdt with 7169 entries: %ld", rc);
	check(load(0x0b, false) == 0, "old GDT lost after refusals");
	null_segs();

	rc = update_desc(gdt_ma + 5 * 8, DATA_DPL0);
	check(rc == 0, "update_descriptor in the GDT: %ld", rc);
	check(gdt[5] == (DATA_DPL0 | DPL_MASK), "slot 5 is %lx", gdt[5]);
	check(load(0x2b, false) == 0, "DS <- 0x2b after update faulted");
	null_segs();
	rc = update_desc(gdt_ma + 6 * 8, TSS_DESC);
	check(rc == -XEN_EINVAL, "update_descriptor with a TSS: %ld", rc);
	rc = update_desc(gdt_ma + 4, DATA_DPL3);
	check(rc == -XEN_EINVAL, "misaligned update_descriptor: %ld", rc);
	rc = update_desc((virt_to_mfn(plain) << PAGE_SHIFT) + 8, DATA_DPL3);
	check(rc == 0 && plain[1] == DATA_DPL3,
	      "update_descriptor in a plain page: %ld", rc);

	rc = hc_set_gdt(NULL, 0);
	check(rc == 0, "set_gdt(0 entries): %ld", rc);
	check(load(0x0b, false) == 1, "0x0b still loads after emptying");
}
