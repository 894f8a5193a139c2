/*
 * Small per-vCPU hypercalls: stack_switch (3), fpu_taskswitch (5),
 * set_debugreg (8), get_debugreg (9), vm_assist (21), set_segment_base (25).
 *
 * Interface: called only through the hypercall table, for current.
 * Invariants: they touch only the calling vCPU's state (and the live
 * FS/GS base MSRs, which belong to it while it runs); every value that
 * reaches an MSR is checked canonical first, so a guest can never make
 * the hypervisor take a #GP.
 */
#include <xen/lib.h>
#include <asm/page.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
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

long do_set_debugreg(unsigned long reg, unsigned long value)
{
	/* Recorded for get_debugreg; hardware breakpoints are not offered. */
	if (reg > 7 || reg == 4 || reg == 5)
		return -EINVAL;
	if (reg < 4 && !is_canonical(value))
		return -EPERM;
	current->arch.debugreg[reg] = value;
	return 0;
}

long do_get_debugreg(unsigned long reg)
{
	if (reg > 7 || reg == 4 || reg == 5)
		return -EINVAL;
	return current->arch.debugreg[reg];
}

long do_vm_assist(unsigned long cmd, unsigned long type)
{
	struct domain *d = current->domain;
	static const unsigned long known = (1UL << VMASST_TYPE_4gb_segments) |
		(1UL << VMASST_TYPE_4gb_segments_notify) |
		(1UL << VMASST_TYPE_writable_pagetables) |
		(1UL << VMASST_TYPE_pae_extended_cr3) |
		(1UL << VMASST_TYPE_runstate_update_flag);

	if (type >= 64 || !(known & (1UL << type)))
		return -EINVAL;
	if (cmd == VMASST_CMD_enable)
		d->arch.vm_assist |= 1UL << type;
	else if (cmd == VMASST_CMD_disable)
		d->arch.vm_assist &= ~(1UL << type);
	else
		return -ENOSYS;
	return 0;
}

/* Load the user GS selector: the user base is the inactive one now. */
static void load_user_gs_selector(u16 sel)
{
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
			     :: "r"((unsigned int)(sel | 3))
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
