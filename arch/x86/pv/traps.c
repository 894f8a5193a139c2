/*
 * PV exception, event and system-call delivery ("bounce frames"), the
 * virtual IDT, callbacks and the iret hypercall.
 *
 * Interface: traps.c's do_trap() hands every exception from a guest to
 * pv_handle_guest_trap(), and offers faults of hypervisor code to
 * pv_fixup_hypervisor_fault() before its exception table; the exit path
 * calls pv_deliver_event(); entry.S calls pv_iret_fault() when the IRETQ
 * to a guest faults; the SYSCALL entry calls pv_syscall_bounce() for
 * guest user mode.
 * Invariants: a bounce frame is always written through the guest's
 * kernel page table with copy_to_guest(), so a bad guest stack can only
 * crash that domain; the guest always runs at CPL3 with hardware IF set,
 * its "interrupt flag" being vcpu_info.evtchn_upcall_mask.
 */
#include <xen/lib.h>
#include <asm/page.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/arch_sched.h>
#include <xen/hypercall.h>
#include <asm/debugreg.h>
#include <asm/desc.h>
#include <asm/guest_access.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/pv_desc.h>
#include <asm/traps.h>
#include <public/xen.h>
#include <public/callback.h>

/* Flags a bounce never carries into the handler. */
#define BOUNCE_CLEAR_FLAGS (X86_EFLAGS_TF | X86_EFLAGS_VM | X86_EFLAGS_RF | \
			    X86_EFLAGS_NT | X86_EFLAGS_AC)

/* Vectors whose guest frame carries an error code. */
static bool vector_has_error_code(unsigned int v)
{
	return v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21;
}


/*
 * Build the PV frame (RCX, R11, [error code], RIP, CS, RFLAGS, RSP, SS)
 * on the guest kernel stack and redirect regs to target.  Switches the
 * vCPU to guest kernel mode first if it was in user mode.
 */
static int create_frame(struct vcpu *v, struct cpu_regs *regs,
			unsigned long target, bool mask_events, long ec,
			const u16 *sels)
{
	struct vcpu_info *vi = v->vcpu_info;
	u8 saved_mask = vi->evtchn_upcall_mask;
	unsigned long sp, cs = regs->cs;
	u64 frame[12];
	unsigned int n = 0;

	if (!v->arch.kernel_mode) {
		toggle_guest_mode(v);
		sp = v->arch.kernel_sp;
	} else {
		sp = regs->rsp;
		cs &= ~3UL;             /* kernel context: user_mode() is false */
	}
	sp &= ~0xfUL;
	frame[n++] = regs->rcx;
	frame[n++] = regs->r11;
	for (unsigned int i = 0; sels && i < 4; i++)
		frame[n++] = sels[i];           /* failsafe: DS, ES, FS, GS */
	if (ec >= 0)
		frame[n++] = (u32)ec;
	frame[n++] = regs->rip;
	frame[n++] = (cs & 0xffff) | ((u64)saved_mask << 32);
	frame[n++] = (regs->rflags & ~(X86_EFLAGS_IF | X86_EFLAGS_IOPL)) |
		     (saved_mask ? 0 : X86_EFLAGS_IF) | pv_frame_iopl(v);
	frame[n++] = regs->rsp;
	frame[n++] = regs->ss;
	sp -= n * 8;
	if (copy_to_guest(sp, frame, n * 8)) {
		domain_crash(v->domain, "cannot write a bounce frame to the guest stack");
		return -EFAULT;
	}
	if (mask_events)
		vi->evtchn_upcall_mask = 1;
	regs->rip = target;
	regs->cs = FLAT_KERNEL_CS;
	regs->ss = FLAT_KERNEL_SS;
	regs->rsp = sp;
	regs->rflags = (regs->rflags & ~BOUNCE_CLEAR_FLAGS) | X86_EFLAGS_IF |
		       X86_EFLAGS_MBS;
	return 0;
}

static int create_bounce_frame(struct vcpu *v, struct cpu_regs *regs,
			       unsigned long target, bool mask_events, long ec)
{
	return create_frame(v, regs, target, mask_events, ec, NULL);
}

/*
 * The failsafe frame adds the four selectors the guest had (which have
 * been replaced by null) between R11 and RIP; the guest compares them
 * with its own idea and retries or treats the return as a #GP.
 */
void pv_deliver_failsafe(struct vcpu *v, struct cpu_regs *regs)
{
	v->arch.failsafe_pending = false;
	if (!v->arch.failsafe_cb.address) {
		domain_crash(v->domain, "segment reload failed and no failsafe callback");
		return;
	}
	create_frame(v, regs, v->arch.failsafe_cb.address,
		     v->arch.failsafe_cb.mask_events, -1, v->arch.failed_sel);
}

bool pv_event_deliverable(struct vcpu *v)
{
	struct vcpu_info *vi = v->vcpu_info;

	return vi && vi->evtchn_upcall_pending && !vi->evtchn_upcall_mask &&
	       v->arch.event_cb.address;
}

void pv_deliver_event(struct vcpu *v, struct cpu_regs *regs)
{
	create_bounce_frame(v, regs, v->arch.event_cb.address, true, -1);
}

void pv_inject_exception(struct cpu_regs *regs, unsigned int vector,
			 long error_code)
{
	struct vcpu *v = current;
	const struct pv_trap *t = &v->arch.traps[vector & 0xff];

	if (!t->address) {
		printk(XENLOG_G_WARNING "d%u v%u: unhandled exception %u at %#lx (no guest handler)\n",
		       v->domain->domain_id, v->vcpu_id, vector,
		       (unsigned long)regs->rip);
		show_registers(regs);
		domain_crash(v->domain, "exception with no guest handler");
		return;
	}
	create_bounce_frame(v, regs, t->address, t->mask_events, error_code);
}

/*
 * The vector n of an "int $n" that hit one of our DPL-0 gates (a #GP with
 * the IDT bit and not EXT).  Hardware reports (n << 3) | 2; QEMU's TCG
 * reports (n << 4) | 2 in long mode (its IDT byte offset).  The two are
 * told apart by the instruction at RIP (cd nn): only a byte that makes the
 * TCG form match is believed, so a guest racing its own code can at most
 * pick between two vectors it could have named itself.
 */
static unsigned int softint_vector(const struct cpu_regs *regs)
{
	unsigned int ec = regs->error_code;
	u8 insn[2];

	if (!copy_from_guest(insn, regs->rip, sizeof(insn)) &&
	    insn[0] == X86_OPC_INT_IMM8 &&
	    ec == (((unsigned int)insn[1] << 4) | X86_XEC_IDT))
		return insn[1];
	return (ec >> X86_XEC_IDX_SHIFT) & 0xff;
}

/*
 * A #GP from an "int $n": as Xen's permit_softint, vector n reaches the
 * guest's handler (RIP after the instruction) when its trap-table DPL is
 * at least 1 from guest kernel mode or 3 from guest user mode (both run
 * at CPL3).  Otherwise the #GP stands, with the hardware's error code
 * (n << 3) | 2 (normalised, see softint_vector()).  False: not an int.
 */
static bool pv_soft_interrupt(struct cpu_regs *regs)
{
	struct vcpu *v = current;
	const struct pv_trap *t;
	unsigned int vec;

	if ((regs->error_code & (X86_XEC_EXT | X86_XEC_IDT | X86_XEC_TI)) !=
	    X86_XEC_IDT)
		return false;
	vec = softint_vector(regs);
	t = &v->arch.traps[vec];
	if (t->dpl >= (v->arch.kernel_mode ? 1 : 3)) {
		regs->rip += 2; /* after "int $n" */
		pv_inject_exception(regs, vec, -1);
		return true;
	}
	pv_inject_exception(regs, TRAP_gp_fault,
			    (vec << X86_XEC_IDX_SHIFT) | X86_XEC_IDT);
	return true;
}

/* Bounce a #PF at guest address cr2 (error code ec from the CPU). */
static void inject_page_fault(struct cpu_regs *regs, unsigned long cr2,
			      long ec)
{
	struct vcpu *v = current;

	v->vcpu_info->arch.cr2 = cr2;
	/* Hardware always says "user" (CPL3): report the guest's mode. */
	ec &= ~PFEC_user_mode;
	if (!v->arch.kernel_mode)
		ec |= PFEC_user_mode;
	pv_inject_exception(regs, TRAP_page_fault, ec);
}

static void pv_page_fault(struct cpu_regs *regs)
{
	unsigned long cr2 = read_cr2(), ldt_va;

	switch (pv_ldt_fault(cr2, regs->error_code, &ldt_va)) {
	case PV_LDT_MAPPED:
		return;
	case PV_LDT_REFUSED: /* as Xen: a #PF at the LDT's address */
		inject_page_fault(regs, ldt_va, regs->error_code);
		return;
	case PV_LDT_NOT_LDT:
		break;
	}
	if (pv_ptwr_emulate(regs, cr2))
		return;
	inject_page_fault(regs, cr2, regs->error_code);
}

bool pv_handle_guest_trap(struct cpu_regs *regs)
{
	unsigned int vec = regs->entry_vector;
	struct vcpu *v = current;

	if (is_idle_vcpu(v))
		return false;
	switch (vec) {
	case TRAP_page_fault:
		pv_page_fault(regs);
		return true;
	case TRAP_gp_fault:
		if (pv_soft_interrupt(regs) || pv_emulate_privileged_op(regs))
			return true;
		break;
	case TRAP_no_device:
		if (v->arch.guest_ts) {
			v->arch.guest_ts = false;
			clts();
		}
		break;
	case TRAP_invalid_op:
		if (pv_emulate_forced_op(regs))
			return true;
		break;
	default:
		break;
	}
	pv_inject_exception(regs, vec,
			    vector_has_error_code(vec) ? (long)regs->error_code : -1);
	return true;
}

/*
 * #DB with the CPU's DR6 (already reset).  The bits that left their reset
 * value are merged into the vCPU's DR6 (as Xen).  From guest mode the
 * guest gets #DB.  In hypervisor context it can only be a guest data
 * breakpoint hit by a guest-memory access done for the guest (DR0-3
 * never hold hypervisor addresses, so no instruction breakpoint matches
 * here, and TF is masked on every entry): a trap, so, as Xen, the
 * hypervisor notes it in DR6 and goes on.
 */
void pv_debug_trap(struct cpu_regs *regs, unsigned long dr6)
{
	static unsigned int logged;
	struct vcpu *v = current;

	if (is_idle_vcpu(v))
		fatal_trap(regs, "with no guest breakpoint loaded");
	v->arch.debugreg[6] |= dr6 & ~X86_DR6_DEFAULT;
	v->arch.debugreg[6] &= dr6 | ~X86_DR6_DEFAULT;
	if (!regs_from_hypervisor(regs)) {
		pv_inject_exception(regs, TRAP_debug, -1);
		return;
	}
	if (logged++ < 10)
		printk(XENLOG_G_WARNING "d%u v%u: guest breakpoint hit in hypervisor context at %#lx (dr6 %#lx)\n",
		       v->domain->domain_id, v->vcpu_id,
		       (unsigned long)regs->rip, dr6);
}

/* Guest user executed SYSCALL: enter the guest kernel's callback. */
void pv_syscall_bounce(struct cpu_regs *regs)
{
	struct vcpu *v = current;

	if (!v->arch.syscall_cb.address) {
		regs->rip -= 2;                   /* point at the SYSCALL */
		pv_inject_exception(regs, TRAP_invalid_op, -1);
		return;
	}
	if (!create_bounce_frame(v, regs, v->arch.syscall_cb.address,
				 v->arch.syscall_cb.mask_events, -1))
		regs->rflags &= ~X86_EFLAGS_DF;
}

/* ---- hypercalls ---- */

long do_set_trap_table(unsigned long list)
{
	struct vcpu *v = current;
	struct trap_info ti;

	if (!list) {
		memset(v->arch.traps, 0, 256 * sizeof(*v->arch.traps));
		return 0;
	}
	for (unsigned int i = 0; i < 1024; i++) {
		struct pv_trap *t;

		if (copy_from_guest(&ti, list + i * sizeof(ti), sizeof(ti)))
			return -EFAULT;
		if (!ti.address)
			return 0;
		if (!is_canonical(ti.address))
			return -EINVAL;
		t = &v->arch.traps[ti.vector];
		t->address = ti.address;
		t->cs = ti.cs | 3;                /* never ring 0 */
		t->dpl = TI_GET_DPL(&ti);
		t->mask_events = TI_GET_IF(&ti);
	}
	return -E2BIG;
}

static int register_callback(const struct callback_register *cb)
{
	struct arch_vcpu *a = &current->arch;
	struct pv_callback *slot;

	if (!is_canonical(cb->address))
		return -EINVAL;
	switch (cb->type) {
	case CALLBACKTYPE_event:    slot = &a->event_cb; break;
	case CALLBACKTYPE_failsafe: slot = &a->failsafe_cb; break;
	case CALLBACKTYPE_syscall:  slot = &a->syscall_cb; break;
	case CALLBACKTYPE_nmi:
	case CALLBACKTYPE_syscall32:
	case CALLBACKTYPE_sysenter:
		return 0;                         /* accepted, never delivered */
	default:
		return -ENOSYS;                   /* as Xen */
	}
	slot->address = cb->address;
	slot->mask_events = cb->flags & CALLBACKF_mask_events;
	return 0;
}

/* As Xen: only the NMI callback can be unregistered. */
static long unregister_callback(unsigned int type)
{
	switch (type) {
	case CALLBACKTYPE_nmi:
		return 0;
	case CALLBACKTYPE_event:
	case CALLBACKTYPE_failsafe:
	case CALLBACKTYPE_syscall:
	case CALLBACKTYPE_syscall32:
	case CALLBACKTYPE_sysenter:
		return -EINVAL;
	default:
		return -ENOSYS;
	}
}

long do_callback_op(unsigned long cmd, unsigned long arg)
{
	struct callback_register reg;
	struct callback_unregister unreg;

	switch (cmd) {
	case CALLBACKOP_register:
		if (copy_from_guest(&reg, arg, sizeof(reg)))
			return -EFAULT;
		return register_callback(&reg);
	case CALLBACKOP_unregister:
		if (copy_from_guest(&unreg, arg, sizeof(unreg)))
			return -EFAULT;
		return unregister_callback(unreg.type);
	default:
		return -ENOSYS;
	}
}

/*
 * Selectors from the reserved GDT range belong to the hypervisor, except
 * the ABI's flat ring-3 ones.  Guest GDT/LDT selectors are checked by the
 * CPU (a bad one faults on IRETQ; pv_iret_fault bounces that to the guest).
 */
static bool guest_selector_ok(u64 sel, bool code)
{
	u16 s = (u16)sel | 3;

	if ((sel & 0xffff) < HV_GDT_FIRST_BYTE)
		return true;
	return code ? (s == FLAT_RING3_CS64 || s == FLAT_RING3_CS32)
		    : s == FLAT_RING3_SS64;
}

/* 23: return from a bounce frame; RSP points at a struct iret_context. */
long do_iret(void)
{
	struct cpu_regs *regs = guest_cpu_regs();
	struct vcpu *v = current;
	struct iret_context ctx;

	if (copy_from_guest(&ctx, regs->rsp, sizeof(ctx))) {
		domain_crash(v->domain, "iret: unreadable frame");
		return -EFAULT;
	}
	if (!is_canonical(ctx.rip)) {
		domain_crash(v->domain, "iret: non-canonical RIP");
		return -EINVAL;
	}
	if (!guest_selector_ok(ctx.cs, true) || !guest_selector_ok(ctx.ss, false)) {
		domain_crash(v->domain, "iret: hypervisor selector in the frame");
		return -EINVAL;
	}
	if ((ctx.cs & 3) == 3 && v->arch.kernel_mode) {
		if (!v->arch.guest_table_user) {
			domain_crash(v->domain, "iret to user mode without user page table");
			return -EINVAL;
		}
		toggle_guest_mode(v);
	}
	pv_iret_iopl(v, ctx.rflags);
	regs->rip = ctx.rip;
	regs->cs = ctx.cs | 3;
	regs->rflags = (ctx.rflags & ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM)) |
		       X86_EFLAGS_IF | X86_EFLAGS_MBS;
	regs->rsp = ctx.rsp;
	regs->ss = ctx.ss | 3;
	if (!(ctx.flags & VGCF_in_syscall)) {
		regs->r11 = ctx.r11;
		regs->rcx = ctx.rcx;
	}
	v->vcpu_info->evtchn_upcall_mask = !(ctx.rflags & X86_EFLAGS_IF);
	return ctx.rax;   /* the dispatcher stores this in RAX */
}

/* The fault the IRETQ to a guest took, per CPU (for pv_iret_fault). */
static struct {
	unsigned int vector;
	u32 error_code;
	unsigned long cr2;
} iret_fault[NR_CPUS];

bool pv_fixup_hypervisor_fault(struct cpu_regs *regs)
{
	unsigned int vec = regs->entry_vector;
	unsigned long cr2 = vec == TRAP_page_fault ? read_cr2() : 0, ldt_va;

	if (regs->rip == (unsigned long)restore_all_iretq) {
		/* Only the IRETQ to the guest frame at the stack top may fault. */
		if (regs->rsp != (unsigned long)&guest_cpu_regs()->rip)
			fatal_trap(regs, "on an IRETQ within the hypervisor");
		iret_fault[smp_processor_id()].vector = vec;
		iret_fault[smp_processor_id()].error_code = regs->error_code;
		iret_fault[smp_processor_id()].cr2 = cr2;
		return false; /* the exception table leads to pv_iret_fault */
	}
	/*
	 * A guest selector loaded by us (context switch, set_segment_base)
	 * needs an LDT page.  Only where interrupts were on: the MMU lock
	 * needs them.  Otherwise the exception table handles the fault.
	 */
	return vec == TRAP_page_fault && (regs->rflags & X86_EFLAGS_IF) &&
	       pv_ldt_fault(cr2, regs->error_code, &ldt_va) == PV_LDT_MAPPED;
}

/*
 * The IRETQ to guest frame regs (the stack-top frame) faulted on a
 * selector of the frame: as in Xen, the guest took that fault at the
 * instruction it was returning to.  An LDT page not mapped yet is mapped
 * and the IRETQ retried; a #PF, #GP, #NP or #SS is bounced to the guest
 * (whose bounce frame has the flat kernel selectors, so it cannot
 * fault); anything else crashes the domain.
 */
void pv_iret_fault(struct cpu_regs *regs)
{
	unsigned int cpu = smp_processor_id();
	unsigned int vec = iret_fault[cpu].vector;
	u32 ec = iret_fault[cpu].error_code;
	unsigned long cr2 = iret_fault[cpu].cr2, ldt_va = 0;

	local_irq_enable();
	switch (vec) {
	case TRAP_page_fault:
		switch (pv_ldt_fault(cr2, ec, &ldt_va)) {
		case PV_LDT_MAPPED:
			break;
		case PV_LDT_REFUSED:
			inject_page_fault(regs, ldt_va, ec);
			break;
		case PV_LDT_NOT_LDT:
			domain_crash(current->domain,
				     "iret to the guest: page fault");
			break;
		}
		break;
	case TRAP_gp_fault:
	case TRAP_no_segment:
	case TRAP_stack_error:
		pv_inject_exception(regs, vec, ec);
		break;
	default:
		domain_crash(current->domain, "iret to the guest faulted");
		break;
	}
	reset_stack_and_jump(return_to_guest);
}
