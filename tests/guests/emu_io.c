/*
 * emu_io: port I/O from the guest kernel (linux-pv-abi.md §5.4).  With
 * virtual IOPL 0 an IN raises #GP; set_iopl rejects 4 and accepts 1;
 * then every form works: imm8 and DX, 8/16/32 bits (8/16-bit INs merge
 * into RAX, 32-bit zero-extends), REP INS/OUTS advance RDI/RSI/RCX.
 * Ports the hypervisor owns (its UART at 0x3f8) read all-ones even for
 * dom0, whose writes to port 0x80 reach hardware.  STI at IOPL 1 leaves
 * the upcall mask alone.
 */
#include "guest.h"
#include <public/physdev.h>

const char test_name[] = "emu_io";

#define UART_LSR 0x3fd

extern char in_at[];

static long set_iopl(unsigned iopl)
{
	struct physdev_set_iopl op = {.iopl = iopl};

	return HC(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, &op, 0, 0, 0);
}

void guest_main(void)
{
	uint64_t rax;
	uint8_t buf[8];
	unsigned long rdi, rsi, rcx;
	long rc;

	map_shared_info();
	install_traps();
	__asm__ __volatile__("in_at: inb $0x80, %%al\n\tin_end:\n\t" FIXUP(
				     "in_at", "in_end")::
				     : "rax", "memory");
	check(last_trap.count == 1 && last_trap.vector == X86_EXC_GP &&
		      last_trap.error_code == 0 &&
		      last_trap.rip == (uint64_t)in_at,
	      "IN at IOPL 0 did not raise #GP(0)");

	rc = set_iopl(4);
	check(rc == -XEN_EINVAL, "set_iopl(4) returned %ld", rc);
	rc = set_iopl(1);
	check(rc == 0, "set_iopl(1) returned %ld", rc);

	__asm__ __volatile__("outb %%al, $0x80" ::"a"(0x42));
	rax = 0x1122334455667788UL;
	__asm__ __volatile__("inb %%dx, %%al" : "+a"(rax) : "d"(UART_LSR));
	check(rax == 0x11223344556677ffUL, "inb of the hypervisor UART: %lx",
	      rax);
	rax = 0x1122334455667788UL;
	__asm__ __volatile__("inw %%dx, %%ax" : "+a"(rax) : "d"(UART_LSR));
	check(rax == 0x112233445566ffffUL, "inw: %lx", rax);
	rax = 0x1122334455667788UL;
	__asm__ __volatile__("inl $0x40, %%eax" : "+a"(rax));
	check(rax == 0xffffffffUL, "inl of the PIT: %lx", rax);

	memset(buf, 0, sizeof(buf));
	rdi = (unsigned long)buf;
	rcx = 4;
	__asm__ __volatile__("rep insb"
			     : "+D"(rdi), "+c"(rcx)
			     : "d"(UART_LSR)
			     : "memory");
	check(rcx == 0 && rdi == (unsigned long)buf + 4, "rep insb regs");
	check(buf[0] == 0xff && buf[3] == 0xff && buf[4] == 0,
	      "rep insb data %x %x %x", buf[0], buf[3], buf[4]);
	rsi = (unsigned long)buf;
	rcx = 3;
	__asm__ __volatile__("rep outsb"
			     : "+S"(rsi), "+c"(rcx)
			     : "d"(0x80)
			     : "memory");
	check(rcx == 0 && rsi == (unsigned long)buf + 3, "rep outsb regs");

	/* At IOPL 1 CLI/STI are no-ops (emu_cli_popf tests why). */
	vcpu0()->evtchn_upcall_mask = 1;
	__asm__ __volatile__("sti" ::: "memory");
	check(vcpu0()->evtchn_upcall_mask == 1, "sti at IOPL 1: mask %u",
	      vcpu0()->evtchn_upcall_mask);
}
