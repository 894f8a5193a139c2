/*
 * hostile_set_gdt: guest descriptors cannot grant privilege
 * (linux-pv-abi.md §2.3).  set_gdt must refuse a frame that is still
 * mapped writable, a TSS descriptor, a count above 7168 entries and a bad
 * frame-list pointer; a DPL 0 code descriptor is either refused or made
 * DPL 3, so a far jump through selector 0x08 never reaches CPL 0.
 */
#include "guest.h"

const char test_name[] = "hostile_set_gdt";

static uint64_t gdt[512] __page_aligned_bss;
static uint64_t gdt2[512] __page_aligned_bss;
static volatile uint16_t landed_cs = 0xffff;

struct far_ptr {
	uint64_t off;
	uint16_t sel;
} __attribute__((packed));

void guest_main(void)
{
	unsigned long frame[1];
	struct far_ptr to = {0, 0x08}, back = {0, FLAT_KERNEL_CS};
	long rc;

	install_traps();
	gdt[1] = 0x00af9a000000ffffUL; /* 64-bit code, DPL 0 */
	frame[0] = virt_to_mfn(gdt);

	rc = hc_set_gdt(frame, 16);
	check(rc < 0, "set_gdt of a writable frame returned %ld", rc);
	check(make_readonly(gdt) == 0, "make the GDT frame read-only failed");

	rc = hc_set_gdt(frame, FIRST_RESERVED_GDT_ENTRY + 1);
	check(rc == -XEN_EINVAL, "set_gdt with %u entries: %ld",
	      FIRST_RESERVED_GDT_ENTRY + 1, rc);
	rc = hc_set_gdt((void *)BAD_PTR_HV, 16);
	check(rc == -XEN_EFAULT, "set_gdt frame list at hypervisor va: %ld",
	      rc);

	rc = hc_set_gdt(frame, 16);
	printf("set_gdt with a DPL0 code descriptor: %ld\n", rc);
	if (rc == 0) {
		__asm__ __volatile__(
			"lea 1f(%%rip), %%rax\n\tmov %%rax, (%1)\n\t"
			"gdt_jmp: rex64 ljmp *(%1)\n\t"
			"1: mov %%cs, %%ax\n\tmov %%ax, %0\n\t"
			"lea gdt_back(%%rip), %%rax\n\tmov %%rax, (%2)\n\t"
			"rex64 ljmp *(%2)\n\tgdt_back:\n\t" FIXUP("gdt_jmp",
								  "gdt_back")
			: "=m"(landed_cs)
			: "r"(&to), "r"(&back)
			: "rax", "memory");
		printf("far jump to 0x08: %s cs %x\n",
		       last_trap.count ? "faulted," : "landed with", landed_cs);
		check(last_trap.count || (landed_cs & 3) == 3,
		      "code ran with cs %x!", landed_cs);
	}

	/* A TSS descriptor (two slots) must be refused. */
	gdt2[2] = 0x0000890000000067UL;
	check(make_readonly(gdt2) == 0, "make the GDT frame read-only failed");
	frame[0] = virt_to_mfn(gdt2);
	rc = hc_set_gdt(frame, 16);
	check(rc == -XEN_EINVAL, "set_gdt with a TSS descriptor: %ld", rc);
}
