/*
 * desc_selector_hostile: before any set_gdt, no guest selector below the
 * reserved range reaches a descriptor (linux-pv-abi.md §2.3).  Loading
 * 0x10 into DS faults with #GP(0x10) delivered to the guest; LAR finds no
 * valid descriptor at any of the 7168 guest GDT indices (so the GDT base
 * shows nothing but zeros there, never hypervisor memory); the
 * hypervisor's ring-0 and TSS selectors and an LDT selector cannot be
 * loaded; the flat ring-3 data selector still can.
 */
#include "guest.h"

const char test_name[] = "desc_selector_hostile";

/* Load sel into DS and back to null; returns the #GP count delta. */
static __attribute__((noinline)) unsigned load_ds(uint16_t sel)
{
	unsigned before = last_trap.count;

	__asm__ __volatile__("ds_at: mov %0, %%ds\n\tds_end:\n\t"
			     "xor %%eax, %%eax\n\tmov %%eax, %%ds\n\t" FIXUP(
				     "ds_at", "ds_end")::"r"((uint32_t)sel)
			     : "rax", "memory");
	return last_trap.count - before;
}

/* LAR: ZF set iff the descriptor is valid and visible at CPL 3. */
static bool lar_valid(uint16_t sel)
{
	uint8_t ok;
	uint32_t ar = 0;

	__asm__ __volatile__("lar %2, %1\n\tsetz %0"
			     : "=q"(ok), "+r"(ar)
			     : "r"((uint32_t)sel)
			     : "cc");
	return ok;
}

static void expect_gp(uint16_t sel, const char *what)
{
	check(load_ds(sel) == 1, "%s: loading %#x into DS did not fault", what,
	      sel);
	check(last_trap.vector == X86_EXC_GP, "%s: vector %lu, expected #GP",
	      what, last_trap.vector);
	check(last_trap.error_code == (sel & ~3u),
	      "%s: error code %#lx, expected %#x", what, last_trap.error_code,
	      sel & ~3u);
}

void guest_main(void)
{
	unsigned valid = 0;

	install_traps();
	expect_gp(0x10, "Linux's __KERNEL_CS before set_gdt");
	expect_gp(0x1b, "selector 0x1b");
	expect_gp(0x1003, "page 0 of the GDT, last entry");
	expect_gp(0xdffb, "last guest GDT entry");
	expect_gp(0xe008, "hypervisor CS (DPL 0)");
	expect_gp(0xe043, "hypervisor TSS");
	expect_gp(0x0007, "LDT selector without an LDT");
	check(load_ds(FLAT_RING3_DS32) == 0,
	      "flat ring-3 data selector faulted");

	for (unsigned i = 1; i < FIRST_RESERVED_GDT_ENTRY; i++)
		if (lar_valid((uint16_t)(i << 3 | 3)))
			valid++;
	check(valid == 0,
	      "LAR found %u valid descriptors in an empty guest GDT", valid);
	check(lar_valid(FLAT_RING3_CS64), "LAR: flat ring-3 CS not valid");
	printf("all %u guest GDT indices empty\n",
	       FIRST_RESERVED_GDT_ENTRY - 1);
}
