/*
 * emu_cli_popf: a native CLI in the guest kernel must not touch the
 * upcall mask (regression).  Linux's this_cpu_cmpxchg16b_emu runs
 * "pushf; cli; ...; popf" before alternatives are patched; POPF at the
 * kernel's privilege cannot change IF and does not trap, so a CLI that
 * set the mask left events off for good (a dom0 BUG in cpa_flush once
 * the machine-check code allocated memory that early).  As in Xen, CLI
 * and STI are no-ops at virtual IOPL >= 1 and raise #GP below it.
 */
#include "guest.h"
#include <public/physdev.h>

const char test_name[] = "emu_cli_popf";

extern char cli_at[];

static long set_iopl(unsigned iopl)
{
	struct physdev_set_iopl op = {.iopl = iopl};

	return HC(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, &op, 0, 0, 0);
}

void guest_main(void)
{
	map_shared_info();
	install_traps();

	/* IOPL 0: CLI is privileged. */
	__asm__ __volatile__(
		"cli_at: cli\n\tcli_end:\n\t" FIXUP("cli_at", "cli_end")::
			: "memory");
	check(last_trap.count == 1 && last_trap.vector == X86_EXC_GP &&
		      last_trap.rip == (uint64_t)cli_at,
	      "CLI at IOPL 0 did not raise #GP");

	check(set_iopl(1) == 0, "set_iopl(1)");
	vcpu0()->evtchn_upcall_mask = 0;
	__asm__ __volatile__("pushfq\n\tcli\n\tnop\n\tpopfq" ::: "memory");
	check(vcpu0()->evtchn_upcall_mask == 0,
	      "pushf; cli; popf left the upcall mask at %u",
	      vcpu0()->evtchn_upcall_mask);
	vcpu0()->evtchn_upcall_mask = 1;
	__asm__ __volatile__("sti" ::: "memory");
	check(vcpu0()->evtchn_upcall_mask == 1, "sti cleared the mask");
	check(last_trap.count == 1, "%u traps, expected 1", last_trap.count);
}
