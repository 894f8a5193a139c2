/*
 * hostile_iret_hvcs: an iret hypercall frame naming the hypervisor's own
 * code selector (0xe008, DPL 0) must never run guest code at CPL 0.
 * Acceptable: the iret fails with an error, or we land at CPL 3, or a #GP
 * / failsafe callback is bounced to us.  (Crashing the domain is also
 * legitimate per docs/style.md; then no result line appears.)
 */
#include "guest.h"

const char test_name[] = "hostile_iret_hvcs";

#define HYPERVISOR_CS 0xe008 /* Xen's __HYPERVISOR_CS, not guest ABI */

static char land_stack[4096] __attribute__((aligned(16)));
void landed(void);
extern char landing[];

__asm__(".text\nlanding:\n\t"
	"and $-16, %rsp\n\t"
	"call landed\n\t"
	"ud2\n");

void landed(void)
{
	uint16_t cs;

	__asm__ __volatile__("mov %%cs, %0" : "=r"(cs));
	check((cs & 3) == 3, "running guest code with cs %x: CPL %u!", cs,
	      cs & 3);
	printf("landed with cs %x\n", cs);
	pass();
}

static bool on_trap(struct trap_regs *r)
{
	printf("iret to cs %x bounced vector %lu ec %lx (cs in frame %lx)\n",
	       HYPERVISOR_CS, r->vector, r->error_code, r->cs);
	pass();
}

void guest_main(void)
{
	struct iret_context ctx = {
		.rip = (uint64_t)landing,
		.cs = HYPERVISOR_CS,
		.rflags = 0x2,
		.rsp = (uint64_t)(land_stack + sizeof(land_stack)),
		.ss = FLAT_KERNEL_SS,
	};
	long rc;

	install_traps();
	install_callbacks(); /* failsafe */
	trap_hook = on_trap;
	hypercall_use_page = 0; /* so that a failing iret returns to us */
	rc = iret_raw(&ctx);
	printf("iret with cs %lx returned %ld\n", ctx.cs, rc);
	check(rc < 0, "iret with cs %lx returned %ld", ctx.cs, rc);
}
