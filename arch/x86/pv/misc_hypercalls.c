/*
 * Small per-vCPU hypercalls: stack_switch (3), fpu_taskswitch (5),
 * set_debugreg (8), get_debugreg (9), set_segment_base (25); vm_assist (21)
 * is in vm_assist.c.
 *
 * Interface: called only through the hypercall table, for current; the
 * MOV DRn emulation uses pv_set/get_debugreg, context switch and the #DB
 * path the pv_debugregs_* helpers.
 * Invariants: they touch only the calling vCPU's state (and the live
 * FS/GS base MSRs and debug registers, which belong to it while it runs);
 * every value that reaches an MSR is checked canonical first, so a guest
 * can never make the hypervisor take a #GP; DR0-3 never hold a
 * hypervisor address, so no guest breakpoint matches hypervisor code or
 * data; hardware DR7 enables nothing unless the running vCPU's does.
 */
#include <xen/lib.h>
#include <asm/page.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/debugreg.h>
#include <asm/guest_access.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <public/xen.h>


long do_stack_switch(unsigned long ss, unsigned long sp)
{
	current->arch.kernel_ss = ss | 3;
	current->arch.kernel_sp = sp;
	return 0;
}

long do_fpu_taskswitch(unsigned long set)
{
	current->arch.guest_ts = !!set;
	if (set)
		stts();
	else
		clts();
	return 0;
}

/*
 * Debug registers, as Xen: DR0-3 must point below the hypervisor hole
 * (guest_range_ok), DR6/DR7 are 32-bit with their reserved bits forced,
 * DR7.GD is refused, and DR4/DR5 alias DR6/DR7 unless the guest set
 * CR4.DE.  I/O breakpoints (R/W = 10b) are refused even with CR4.DE:
 * Xen emulates them on emulated port accesses, we do not.  While DR7
 * enables a breakpoint the registers are live in the CPU (loaded at
 * context switch); a #DB is bounced to the guest with dr6 updated.
 */
static bool dr7_active(unsigned long dr7)
{
	return dr7 & X86_DR7_ENABLE_MASK;
}

bool pv_debugregs_active(const struct vcpu *v)
{
	return dr7_active(v->arch.debugreg[7]);
}

/* Load v's breakpoints into this CPU (v is current or being switched in). */
void pv_debugregs_load(const struct vcpu *v)
{
	const unsigned long *dr = v->arch.debugreg;

	write_dr0(dr[0]);
	write_dr1(dr[1]);
	write_dr2(dr[2]);
	write_dr3(dr[3]);
	write_dr6(dr[6]);
	write_dr7(dr[7]);
}

/* Leaving v: no guest breakpoint may fire for anyone else. */
void pv_debugregs_unload(const struct vcpu *v)
{
	if (pv_debugregs_active(v))
		write_dr7(0);
}

/* DR4/DR5 -> DR6/DR7 without CR4.DE; -ENODEV (#UD) for the rest. */
static int dr_alias(const struct vcpu *v, unsigned int reg)
{
	if (reg == 4 || reg == 5)
		return (v->arch.guest_cr4 & X86_CR4_DE) ? -ENODEV : (int)reg + 2;
	if (reg > 7)
		return -ENODEV;
	return reg;
}

static long set_dr7(struct vcpu *v, unsigned long value)
{
	value = (value & ~X86_DR7_RSVD_ZERO) | X86_DR7_RSVD_ONE;
	if (value & X86_DR7_GD)
		return -EPERM;
	for (unsigned int i = 0; i < 4; i++) {
		unsigned int rw = (value >> (X86_DR7_RW_SHIFT + 4 * i)) & 3;
		if (dr7_active(value) && rw == X86_DR7_RW_IO)
			return -EPERM;
	}
	v->arch.debugreg[7] = value;
	if (dr7_active(value))
		pv_debugregs_load(v); /* DR0-3 and DR6 were not live before */
	else
		write_dr7(value);
	return 0;
}

/* Also the MOV-to-DR emulation: -ENODEV = #UD, -EINVAL/-EPERM = #GP. */
long pv_set_debugreg(struct vcpu *v, unsigned int reg, unsigned long value)
{
	int dr = dr_alias(v, reg);

	ASSERT(v == current);
	if (dr < 0)
		return dr;
	if (dr < 4) {
		if (!guest_range_ok(value, 1))
			return -EPERM;
		v->arch.debugreg[dr] = value;
		if (pv_debugregs_active(v))
			pv_debugregs_load(v);
		return 0;
	}
	if (value != (u32)value)
		return -EINVAL;
	if (dr == 7)
		return set_dr7(v, value);
	v->arch.debugreg[6] = (value & ~X86_DR6_RSVD_ZERO) | X86_DR6_DEFAULT;
	if (pv_debugregs_active(v))
		write_dr6(v->arch.debugreg[6]);
	return 0;
}

int pv_get_debugreg(const struct vcpu *v, unsigned int reg, unsigned long *val)
{
	int dr = dr_alias(v, reg);

	if (dr < 0)
		return dr;
	*val = v->arch.debugreg[dr];
	return 0;
}

long do_set_debugreg(unsigned long reg, unsigned long value)
{
	if (reg > 7) /* before it is narrowed */
		return -ENODEV;
	return pv_set_debugreg(current, reg, value);
}

long do_get_debugreg(unsigned long reg)
{
	unsigned long val;

	if (reg > 7 || pv_get_debugreg(current, reg, &val))
		return -ENODEV;
	return val;
}

/*
 * Load the user GS selector: the user base is the inactive one now.  As
 * Xen: RPL forced to 3 except for null selectors (0-3 load as given), and
 * a selector the CPU refuses loads null and still succeeds (Linux BUG()s
 * on a failure; a caller can compare %gs with what it asked for).
 */
static void load_user_gs_selector(u16 sel)
{
	if (sel > 3)
		sel |= 3;
	__asm__ __volatile__("swapgs\n"
			     "1: mov %0, %%gs\n"
			     "2: swapgs\n"
			     ".pushsection .ex_table, \"a\"\n"
			     ".quad 1b, 3f\n"
			     ".popsection\n"
			     ".pushsection .text.fixup, \"ax\"\n"
			     "3: xor %%eax, %%eax\n"
			     "   mov %%eax, %%gs\n"     /* bad selector: null */
			     "   jmp 2b\n"
			     ".popsection\n"
			     :: "r"((unsigned int)sel)
			     : "rax", "memory");
}

long do_set_segment_base(unsigned long which, unsigned long base)
{
	struct vcpu *v = current;
	bool km = v->arch.kernel_mode;

	if (which != SEGBASE_GS_USER_SEL && !is_canonical(base))
		return -EINVAL;
	switch (which) {
	case SEGBASE_FS:
		wrmsr(MSR_FS_BASE, base);
		return 0;
	case SEGBASE_GS_USER:
		wrmsr(km ? MSR_SHADOW_GS_BASE : MSR_GS_BASE, base);
		return 0;
	case SEGBASE_GS_KERNEL:
		wrmsr(km ? MSR_GS_BASE : MSR_SHADOW_GS_BASE, base);
		return 0;
	case SEGBASE_GS_USER_SEL:
		load_user_gs_selector((u16)base);
		return 0;
	default:
		return -EINVAL;
	}
}
