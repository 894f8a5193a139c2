/*
 * VCPUOP_initialise and XEN_DOMCTL_setvcpucontext for x86-64 PV: load a
 * guest-supplied vcpu_guest_context into a vCPU that has never run,
 * load one again into a vCPU that is not running, or reset a vCPU.
 *
 * Interface: arch_initialise_vcpu(v, ctx) from common/vcpu_op.c and the
 * domctl, with ctx already copied into hypervisor memory and v not up;
 * arch_reload_vcpu(v, ctx) / arch_reset_vcpu(v) from the domctl, with v
 * initialised and off its CPU.
 * Invariants: everything is checked before anything is changed; the
 * kernel (and user) L4 get a type reference as CR3 loads do; selectors
 * get RPL 3 and flags lose IOPL/VM, as on every guest entry; the trap
 * table is sanitised as by set_trap_table.  GDT frames are checked and
 * referenced as by set_gdt (pv_init_gdt), so a context can name no frame
 * set_gdt would refuse, and teardown drops what was taken.  A reload
 * keeps the page and descriptor tables (others: -EOPNOTSUPP, as Xen);
 * a reset drops them and their references, as Xen's arch_vcpu_reset.
 */
#include <xen/lib.h>
#include <asm/page.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/desc.h>
#include <asm/domain.h>
#include <asm/pv.h>
#include <asm/pv_desc.h>
#include <asm/pv_mm.h>
#include <asm/x86-defns.h>
#include <public/xen.h>

#define NR_TRAPS	256
#define FXSAVE_SIZE	512
#define FXSAVE_MXCSR	24	/* byte offset of MXCSR in the image */
#define MXCSR_SAFE_MASK 0xffbfU /* bits every SSE CPU accepts */
#define MAX_GDT_ENTS	(NR_GDT_FRAMES * (PAGE_SIZE / 8))


static int check_context(const struct vcpu_guest_context *c)
{
	const struct cpu_user_regs *r = &c->user_regs;

	if (!is_canonical(r->rip) || !is_canonical(r->rsp) ||
	    !is_canonical(c->kernel_sp) || !is_canonical(c->fs_base) ||
	    !is_canonical(c->gs_base_kernel) ||
	    !is_canonical(c->gs_base_user) ||
	    !is_canonical(c->event_callback_eip) ||
	    !is_canonical(c->failsafe_callback_eip) ||
	    !is_canonical(c->syscall_callback_eip))
		return -EINVAL;
	if (c->gdt_ents > MAX_GDT_ENTS ||
	    !pv_ldt_args_ok(c->ldt_base, c->ldt_ents))
		return -EINVAL;
	for (unsigned int i = 0; i < NR_TRAPS; i++)
		if (!is_canonical(c->trap_ctxt[i].address))
			return -EINVAL;
	if (!c->ctrlreg[3] || !(c->flags & VGCF_in_kernel))
		return -EINVAL;
	return 0;
}

/* Type-reference the L4 at cr3 (0 allowed for the user table); *mfn out. */
static int take_l4(struct domain *d, u64 cr3, unsigned long *mfn)
{
	*mfn = xen_cr3_to_pfn(cr3);
	if (!cr3)
		return 0;
	if (*mfn >= max_page)
		return -EINVAL;
	return get_page_and_type(mfn_to_page(_mfn(*mfn)), d, PGT_l4_page_table)
		       ? -EINVAL
		       : 0;
}

static void load_regs(struct vcpu *v, const struct cpu_user_regs *u)
{
	struct cpu_regs *r = &v->arch.user_regs;

	memset(r, 0, sizeof(*r));
	r->r15 = u->r15, r->r14 = u->r14, r->r13 = u->r13, r->r12 = u->r12;
	r->rbp = u->rbp, r->rbx = u->rbx, r->r11 = u->r11, r->r10 = u->r10;
	r->r9 = u->r9, r->r8 = u->r8, r->rax = u->rax, r->rcx = u->rcx;
	r->rdx = u->rdx, r->rsi = u->rsi, r->rdi = u->rdi;
	r->rip = u->rip;
	r->rsp = u->rsp;
	r->cs = u->cs | 3;
	r->ss = u->ss | 3;
	r->rflags = (u->rflags & ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM)) |
		    X86_EFLAGS_IF | X86_EFLAGS_MBS;
	v->arch.iopl = (u->rflags & X86_EFLAGS_IOPL) >> 12;
	v->arch.ds = u->ds | (u->ds ? 3 : 0);
	v->arch.es = u->es | (u->es ? 3 : 0);
	v->arch.fs = u->fs | (u->fs ? 3 : 0);
	v->arch.gs = u->gs | (u->gs ? 3 : 0);
}

static void load_traps(struct vcpu *v, const struct vcpu_guest_context *c)
{
	for (unsigned int i = 0; i < NR_TRAPS; i++) {
		const struct trap_info *ti = &c->trap_ctxt[i];
		struct pv_trap *t = &v->arch.traps[i];

		t->address = ti->address;
		t->cs = ti->cs | 3;
		t->dpl = TI_GET_DPL(ti);
		t->mask_events = TI_GET_IF(ti);
	}
}

static void load_fpu(struct vcpu *v, const struct vcpu_guest_context *c)
{
	u32 mxcsr;

	if (!(c->flags & VGCF_i387_valid))
		return; /* keep the reset image */
	memcpy(v->arch.fpu_area, c->fpu_ctxt, FXSAVE_SIZE);
	/* FXRSTOR faults on reserved MXCSR bits: never let a guest set them. */
	memcpy(&mxcsr, v->arch.fpu_area + FXSAVE_MXCSR, sizeof(mxcsr));
	mxcsr &= MXCSR_SAFE_MASK;
	memcpy(v->arch.fpu_area + FXSAVE_MXCSR, &mxcsr, sizeof(mxcsr));
	v->arch.fpu_initialised = true;
}

/* Everything but the page tables and descriptor tables. */
static void load_state(struct vcpu *v, const struct vcpu_guest_context *c)
{
	struct arch_vcpu *a = &v->arch;

	load_regs(v, &c->user_regs);
	load_traps(v, c);
	load_fpu(v, c);
	a->kernel_mode = true;
	a->kernel_ss = c->kernel_ss | 3;
	a->kernel_sp = c->kernel_sp;
	a->fs_base = c->fs_base;
	a->gs_base_kernel = c->gs_base_kernel;
	a->gs_base_user = c->gs_base_user;
	a->event_cb.address = c->event_callback_eip;
	a->event_cb.mask_events = true;
	a->failsafe_cb.address = c->failsafe_callback_eip;
	a->failsafe_cb.mask_events = c->flags & VGCF_failsafe_disables_events;
	a->syscall_cb.address = c->syscall_callback_eip;
	a->syscall_cb.mask_events = c->flags & VGCF_syscall_disables_events;
}

static void put_l4s(unsigned long l4, unsigned long l4_user)
{
	pv_mm_lock();
	put_page_and_type(mfn_to_page(_mfn(l4)));
	if (l4_user)
		put_page_and_type(mfn_to_page(_mfn(l4_user)));
	pv_mm_unlock();
}

/* The GDT frames get their references here (set_gdt's checks). */
static int init_gdt(struct vcpu *v, const struct vcpu_guest_context *c)
{
	unsigned long frames[NR_GDT_FRAMES];

	for (unsigned int i = 0; i < NR_GDT_FRAMES; i++)
		frames[i] = c->gdt_frames[i];
	return pv_init_gdt(v, frames, c->gdt_ents);
}

int arch_initialise_vcpu(struct vcpu *v, const struct vcpu_guest_context *c)
{
	struct arch_vcpu *a = &v->arch;
	unsigned long l4, l4_user;
	int rc;

	if ((rc = check_context(c)) ||
	    (rc = take_l4(v->domain, c->ctrlreg[3], &l4)))
		return rc;
	if ((rc = take_l4(v->domain, c->ctrlreg[1], &l4_user))) {
		put_page_and_type(mfn_to_page(_mfn(l4)));
		return rc;
	}
	if ((rc = init_gdt(v, c))) {
		put_l4s(l4, l4_user);
		return rc;
	}
	load_state(v, c);
	a->ldt_base = c->ldt_ents ? c->ldt_base : 0; /* as SET_LDT */
	a->ldt_ents = c->ldt_ents;
	pv_m2p_slot_on_install(v->domain, l4, false);
	pv_m2p_slot_on_install(v->domain, l4_user, true);
	a->guest_table_user = l4_user;
	a->guest_table = l4;
	return 0;
}

/* As Xen: a loaded vCPU keeps its page and descriptor tables. */
static bool same_tables(const struct vcpu *v, const struct vcpu_guest_context *c)
{
	const struct arch_vcpu *a = &v->arch;

	if (c->ctrlreg[3] != xen_pfn_to_cr3(a->guest_table) ||
	    c->ctrlreg[1] != (a->guest_table_user
				      ? xen_pfn_to_cr3(a->guest_table_user)
				      : 0))
		return false;
	if (c->gdt_ents != a->gdt_ents || c->ldt_ents != a->ldt_ents ||
	    (a->ldt_ents && c->ldt_base != a->ldt_base))
		return false;
	for (unsigned int i = 0; i < NR_GDT_FRAMES; i++)
		if (c->gdt_frames[i] != a->gdt_frames[i])
			return false;
	return true;
}

int arch_reload_vcpu(struct vcpu *v, const struct vcpu_guest_context *c)
{
	int rc = check_context(c);

	if (rc)
		return rc;
	if (!same_tables(v, c))
		return -EOPNOTSUPP;
	load_state(v, c);
	return 0;
}

void arch_reset_vcpu(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;

	pv_destroy_gdt(v);
	pv_destroy_ldt(v);
	pv_mm_lock();
	if (a->guest_table)
		put_page_and_type(mfn_to_page(_mfn(a->guest_table)));
	if (a->guest_table_user)
		put_page_and_type(mfn_to_page(_mfn(a->guest_table_user)));
	a->guest_table = a->guest_table_user = 0;
	pv_mm_unlock();
	memset(a->gdt_frames, 0, sizeof(a->gdt_frames));
	a->gdt_ents = a->ldt_ents = 0;
	a->ldt_base = 0;
	a->fpu_initialised = false;
}
