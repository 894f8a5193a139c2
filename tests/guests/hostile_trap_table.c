/*
 * hostile_trap_table: set_trap_table entries cannot raise privilege or
 * plant bad return addresses.  A #UD handler registered with the
 * hypervisor's code selector (0xe008) either is refused or runs at CPL 3;
 * a non-canonical handler address is refused with -EINVAL (Xen does; a
 * later return to it would #GP inside the hypervisor); a table pointer
 * into the hypervisor or non-canonical gives -EFAULT.
 */
#include "guest.h"

const char test_name[] = "hostile_trap_table";

#define HYPERVISOR_CS 0xe008 /* Xen's __HYPERVISOR_CS, not guest ABI */

extern void (*const trap_stubs[NR_TRAP_STUBS])(void);
static volatile uint16_t handler_cs;

static bool on_trap(struct trap_regs *r)
{
	uint16_t cs;

	__asm__ __volatile__("mov %%cs, %0" : "=r"(cs));
	handler_cs = cs;
	return false; /* let the fixup table resume */
}

void guest_main(void)
{
	struct trap_info t[2] = {
		{.vector = X86_EXC_UD,
		 .cs = HYPERVISOR_CS,
		 .address = (uint64_t)trap_stubs[X86_EXC_UD]},
		{0},
	};
	long rc;

	install_traps();

	rc = hc_set_trap_table(t);
	printf("set_trap_table with cs %x: %ld\n", HYPERVISOR_CS, rc);
	if (rc == 0) {
		trap_hook = on_trap;
		__asm__ __volatile__("1: ud2\n\t2:\n\t" FIXUP("1b", "2b")::
					     : "memory");
		trap_hook = NULL;
		check(last_trap.count == 1, "#UD not delivered");
		check((handler_cs & 3) == 3, "#UD handler ran with cs %x!",
		      handler_cs);
		printf("#UD handler ran with cs %x\n", handler_cs);
	}

	t[0].cs = FLAT_KERNEL_CS;
	t[0].address = BAD_PTR_NONCANON;
	rc = hc_set_trap_table(t);
	check(rc == -XEN_EINVAL, "non-canonical handler: %ld", rc);

	rc = hc_set_trap_table((void *)BAD_PTR_HV);
	check(rc == -XEN_EFAULT, "table at hypervisor address: %ld", rc);
	rc = hc_set_trap_table((void *)BAD_PTR_NONCANON);
	check(rc == -XEN_EFAULT, "table at non-canonical address: %ld", rc);

	/* The good table still works. */
	install_traps();
	__asm__ __volatile__("1: ud2\n\t2:\n\t" FIXUP("1b", "2b")::: "memory");
	check(last_trap.vector == X86_EXC_UD, "#UD no longer delivered");
}
