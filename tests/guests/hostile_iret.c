/*
 * hostile_iret: an iret hypercall frame with CS RPL 0 (0xe030, our flat
 * code selector) returns to guest *kernel* mode, and the hypervisor forces
 * RPL 3, so we land at CPL 3 (%cs == 0xe033) and can still hypercall
 * (linux-pv-abi.md §2.8: "force guest privilege").
 */
#include "guest.h"

const char test_name[] = "hostile_iret";

static char land_stack[4096] __attribute__((aligned(16)));
void landed(void);
extern char landing[];

/* Landing pad: fresh stack from the frame, call landed() (no return). */
__asm__(".text\nlanding:\n\t"
	"and $-16, %rsp\n\t"
	"call landed\n\t"
	"ud2\n");

void landed(void)
{
	uint16_t cs;
	long rc;

	__asm__ __volatile__("mov %%cs, %0" : "=r"(cs));
	printf("landed with cs %x\n", cs);
	check((cs & 3) == 3, "running with cs %x: CPL %u!", cs, cs & 3);
	check(cs == FLAT_KERNEL_CS, "landed with cs %x, expected %x", cs,
	      FLAT_KERNEL_CS);
	rc = hc_xen_version(XENVER_version, NULL);
	check(rc > 0, "not in guest kernel mode after iret: xen_version %ld",
	      rc);
	pass();
}

void guest_main(void)
{
	struct iret_context ctx = {
		.rip = (uint64_t)landing,
		.cs = FLAT_KERNEL_CS & ~3,
		.rflags = 0x2, /* IF clear: events stay masked */
		.rsp = (uint64_t)(land_stack + sizeof(land_stack)),
		.ss = FLAT_KERNEL_SS & ~3,
	};
	long rc;

	install_traps();
	rc = iret_raw(&ctx);
	fail("iret with cs %lx returned %ld", ctx.cs, rc);
}
