/*
 * emu_cpuid: CPUID through the forced-emulation prefix (linux-pv-abi.md
 * §5.1): the Xen leaves at 0x40000000 (signature, version 4.17, one
 * hypercall page), the hypervisor bit, and the features a PV vCPU cannot
 * use hidden (VMX, MONITOR, XSAVE/OSXSAVE, PSE, PGE, MTRR, FSGSBASE,
 * SMEP, SMAP, 1G pages, RDTSCP, x2APIC, PCID); MCE/MCA as the hardware
 * has them (the virtual MCA, emu_vmce).  A plain UD2 is still delivered
 * as #UD.
 */
#include "guest.h"
#include <public/cpuid.h>

const char test_name[] = "emu_cpuid";

extern char ud_at[];

struct regs4 {
	uint32_t a, b, c, d;
};

static struct regs4 pv_cpuid(uint32_t leaf, uint32_t sub)
{
	struct regs4 r;

	__asm__ __volatile__(XEN_EMULATE_PREFIX "cpuid"
			     : "=a"(r.a), "=b"(r.b), "=c"(r.c), "=d"(r.d)
			     : "0"(leaf), "2"(sub));
	return r;
}

/* The hardware's answer: plain CPUID is not intercepted. */
static struct regs4 raw_cpuid(uint32_t leaf)
{
	struct regs4 r;

	__asm__ __volatile__("cpuid"
			     : "=a"(r.a), "=b"(r.b), "=c"(r.c), "=d"(r.d)
			     : "0"(leaf), "2"(0));
	return r;
}

#define BIT(n) (1u << (n))

void guest_main(void)
{
	struct regs4 r;

	install_traps();
	r = pv_cpuid(XEN_CPUID_FIRST_LEAF, 0);
	check(r.b == XEN_CPUID_SIGNATURE_EBX &&
		      r.c == XEN_CPUID_SIGNATURE_ECX &&
		      r.d == XEN_CPUID_SIGNATURE_EDX,
	      "no Xen signature: %x %x %x", r.b, r.c, r.d);
	check(r.a >= XEN_CPUID_LEAF(2), "max hypervisor leaf %x", r.a);
	r = pv_cpuid(XEN_CPUID_LEAF(1), 0);
	check(r.a == 0x00040011, "version leaf %x, expected 4.17", r.a);
	r = pv_cpuid(XEN_CPUID_LEAF(2), 0);
	check(r.a == 1, "hypercall pages %u", r.a);
	r = pv_cpuid(XEN_CPUID_LEAF(4), 0);
	check(!r.a && !r.b && !r.c && !r.d, "leaf +4 must be 0 for PV");
	r = pv_cpuid(XEN_CPUID_FIRST_LEAF + 0x100, 0);
	check(r.b != XEN_CPUID_SIGNATURE_EBX, "second signature at +0x100");

	r = pv_cpuid(1, 0);
	check(r.c & BIT(31), "hypervisor bit clear (ecx %x)", r.c);
	check(!(r.c & (BIT(3) | BIT(5) | BIT(17) | BIT(21) | BIT(24) | BIT(26) |
		       BIT(27) | BIT(28))),
	      "leaf 1 ecx %x shows MONITOR/VMX/PCID/x2APIC/TSC-deadline/"
	      "XSAVE/OSXSAVE/AVX",
	      r.c);
	check(!(r.d & (BIT(1) | BIT(3) | BIT(12) | BIT(13))),
	      "leaf 1 edx %x shows VME/PSE/MTRR/PGE", r.d);
	check((r.d & (BIT(7) | BIT(14))) == (raw_cpuid(1).d & (BIT(7) | BIT(14))),
	      "leaf 1 edx %x: MCE/MCA differ from hardware's", r.d);
	check((r.d & (BIT(0) | BIT(24) | BIT(25) | BIT(26))) ==
		      (BIT(0) | BIT(24) | BIT(25) | BIT(26)),
	      "leaf 1 edx %x lacks FPU/FXSR/SSE/SSE2", r.d);
	check((r.b >> 24) == 0, "APIC id of vCPU 0 is %u", r.b >> 24);

	r = pv_cpuid(7, 0);
	check(!(r.b & (BIT(0) | BIT(5) | BIT(7) | BIT(10) | BIT(20))),
	      "leaf 7 ebx %x shows FSGSBASE/AVX2/SMEP/INVPCID/SMAP", r.b);
	check(!(r.c & (BIT(2) | BIT(3))), "leaf 7 ecx %x shows UMIP/PKU", r.c);
	r = pv_cpuid(0xd, 0);
	check(!r.a && !r.b, "XSAVE leaf not hidden");
	r = pv_cpuid(0x80000001, 0);
	check(!(r.d & (BIT(26) | BIT(27))), "ext edx %x shows 1G/RDTSCP", r.d);
	check(r.d & BIT(29), "ext edx %x lacks LM", r.d);
	check(!(r.c & BIT(2)), "ext ecx %x shows SVM", r.c);

	/* A plain UD2 is the guest's own (Linux BUG()). */
	__asm__ __volatile__(
		"ud_at: ud2\n\tud_end:\n\t" FIXUP("ud_at", "ud_end")::
			: "memory");
	check(last_trap.count == 1 && last_trap.vector == X86_EXC_UD &&
		      last_trap.rip == (uint64_t)ud_at,
	      "plain ud2 not delivered as #UD");
}
