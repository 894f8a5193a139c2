/*
 * The x86-64 PV parts of XEN_DOMCTL (common/domctl.c): the shared_info
 * page of a toolstack-created domain, what getdomaininfo reports about
 * it, the guest width, time offset, initial vcpu contexts and I/O port
 * grants.
 *
 * Interface: arch_domctl_*() and arch_do_domctl() from common/domctl.c,
 * with the target referenced and the domctl lock held.
 * Invariants: only 64-bit PV guests exist (set_address_size accepts 64,
 * refuses 32 as a Xen without 32-bit PV support does); a vcpu context is
 * loaded, reloaded or reset only while the vcpu is off its CPU and the
 * domain's teardown has not begun.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/iocap.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/domctl.h>
#include <asm/guest_access.h>
#include <asm/page.h>
#include <asm/pv.h>
#include <asm/pv_mm.h>
#include <asm/x86-defns.h>

#define PV_GPADDR_BITS	52 /* a PV guest's "physical" addresses are machine */
#define PV_ADDRESS_SIZE 64
#define IOPORT_LIMIT	0x10000 /* Xen's MAX_IOPORTS */

void arch_domctl_getdomaininfo(struct domain *d,
			       struct xen_domctl_getdomaininfo *info)
{
	if (d->shared_info)
		info->shared_info_frame = mfn_x(virt_to_mfn(d->shared_info));
	info->gpaddr_bits = PV_GPADDR_BITS;
}

/* As the builder's step for boot-time domains: events masked. */
int arch_domctl_createdomain(struct domain *d)
{
	return pv_alloc_shared_info(d);
}

void arch_domctl_settimeoffset(struct domain *d, s64 secs)
{
	d->time_offset_seconds = secs;
	pv_time_init_domain(d); /* republish its wallclock */
}

/* A domain whose teardown may have begun takes no new references. */
static bool may_set_context(const struct domain *d)
{
	return d->state != DOMSTATE_dying &&
	       (d->state != DOMSTATE_shutdown || d->ctl_created);
}

/* As Xen's domain_pause(): v is off its CPU while its context changes. */
static void hold_vcpu(struct vcpu *v)
{
	vcpu_sleep(v);
	while (READ_ONCE(v->is_running))
		cpu_relax();
}

/* It runs again (if up) unless the toolstack keeps the domain paused. */
static void release_vcpu(struct vcpu *v)
{
	if (v->domain->ctl_pause_count)
		return; /* unpausedomain wakes the vcpus that are up */
	v->paused = false;
	if (v->is_up)
		vcpu_wake(v);
}

/* Load (first or again, Xen's arch_set_info_guest) and bring up or down. */
static long load_context(struct vcpu *v, const struct vcpu_guest_context *ctx)
{
	struct domain *d = v->domain;
	long rc = v->arch.guest_table ? arch_reload_vcpu(v, ctx)
				      : arch_initialise_vcpu(v, ctx);

	if (rc)
		return rc;
	if (!v->vcpu_info && v->vcpu_id < XEN_LEGACY_MAX_VCPUS)
		v->vcpu_info = &d->shared_info->vcpu_info[v->vcpu_id];
	v->is_up = ctx->flags & VGCF_online;
	return 0;
}

/*
 * A NULL context resets the vcpu (down, never initialised: Xen's
 * vcpu_reset); otherwise the context is loaded, as Xen for any vcpu but
 * the caller's, with the vcpu held off its CPU meanwhile.
 */
static long set_vcpu_context(struct domain *d, struct xen_domctl_vcpucontext *c)
{
	struct vcpu_guest_context *ctx = NULL;
	struct vcpu *v;
	long rc = 0;

	if (d == current->domain || c->vcpu >= d->max_vcpus ||
	    !(v = d->vcpu[c->vcpu]) || !may_set_context(d))
		return -EINVAL;
	if (c->ctxt.p) {
		if (!(ctx = xmalloc_bytes(sizeof(*ctx))))
			return -ENOMEM;
		if (copy_from_guest(ctx, (unsigned long)c->ctxt.p,
				    sizeof(*ctx)))
			rc = -EFAULT;
	}
	if (!rc) {
		hold_vcpu(v);
		if (ctx) {
			rc = load_context(v, ctx);
		} else {
			v->is_up = false;
			arch_reset_vcpu(v);
		}
		release_vcpu(v);
	}
	xfree(ctx);
	return rc;
}

static void save_regs(const struct vcpu *v, struct cpu_user_regs *u)
{
	const struct cpu_regs *r = &v->arch.user_regs;

	u->r15 = r->r15, u->r14 = r->r14, u->r13 = r->r13, u->r12 = r->r12;
	u->rbp = r->rbp, u->rbx = r->rbx, u->r11 = r->r11, u->r10 = r->r10;
	u->r9 = r->r9, u->r8 = r->r8, u->rax = r->rax, u->rcx = r->rcx;
	u->rdx = r->rdx, u->rsi = r->rsi, u->rdi = r->rdi;
	u->rip = r->rip, u->cs = r->cs, u->rsp = r->rsp, u->ss = r->ss;
	u->rflags = (r->rflags & ~X86_EFLAGS_IOPL) | ((u64)v->arch.iopl << 12);
	u->ds = v->arch.ds, u->es = v->arch.es;
	u->fs = v->arch.fs, u->gs = v->arch.gs;
}

static void save_traps(const struct vcpu *v, struct vcpu_guest_context *c)
{
	for (unsigned int i = 0; i < 256; i++) {
		const struct pv_trap *t = &v->arch.traps[i];
		struct trap_info *ti = &c->trap_ctxt[i];

		ti->vector = i;
		ti->cs = t->cs;
		ti->address = t->address;
		TI_SET_DPL(ti, t->dpl);
		TI_SET_IF(ti, t->mask_events);
	}
}

int arch_domctl_get_vcpu_context(struct vcpu *v, struct vcpu_guest_context *c)
{
	const struct arch_vcpu *a = &v->arch;

	if (!a->guest_table)
		return -ENODATA; /* never initialised */
	memset(c, 0, sizeof(*c));
	if (a->fpu_initialised) {
		memcpy(c->fpu_ctxt, a->fpu_area, sizeof(c->fpu_ctxt));
		c->flags |= VGCF_i387_valid;
	}
	c->flags |=
		(a->kernel_mode ? VGCF_in_kernel : 0) |
		(v->is_up ? VGCF_online : 0) |
		(a->failsafe_cb.mask_events ? VGCF_failsafe_disables_events
					    : 0) |
		(a->syscall_cb.mask_events ? VGCF_syscall_disables_events : 0);
	save_regs(v, &c->user_regs);
	save_traps(v, c);
	c->ldt_base = a->ldt_base, c->ldt_ents = a->ldt_ents;
	for (unsigned int i = 0; i < NR_GDT_FRAMES; i++)
		c->gdt_frames[i] = a->gdt_frames[i];
	c->gdt_ents = a->gdt_ents;
	c->kernel_ss = a->kernel_ss, c->kernel_sp = a->kernel_sp;
	c->ctrlreg[3] = xen_pfn_to_cr3(a->guest_table);
	c->ctrlreg[1] =
		a->guest_table_user ? xen_pfn_to_cr3(a->guest_table_user) : 0;
	c->ctrlreg[4] = a->guest_cr4;
	for (unsigned int i = 0; i < 8; i++)
		c->debugreg[i] = a->debugreg[i];
	c->event_callback_eip = a->event_cb.address;
	c->failsafe_callback_eip = a->failsafe_cb.address;
	c->syscall_callback_eip = a->syscall_cb.address;
	c->vm_assist = v->domain->arch.vm_assist;
	c->fs_base = a->fs_base;
	c->gs_base_kernel = a->gs_base_kernel;
	c->gs_base_user = a->gs_base_user;
	return 0;
}

/* As Xen: an empty or wrapping range, or one past 0xffff, is -EINVAL. */
static long ioport_permission(struct domain *d,
			      const struct xen_domctl_ioport_permission *p)
{
	unsigned int s = p->first_port, end = s + p->nr_ports;

	if (end <= s || end > IOPORT_LIMIT)
		return -EINVAL;
	if (!ioports_access_permitted(current->domain, s, end - 1))
		return -EPERM;
	return iocap_update(&d->ioport_caps, s, end - 1, p->allow_access);
}

long arch_do_domctl(struct domain *d, struct xen_domctl *op, bool *copyback)
{
	switch (op->cmd) {
	case XEN_DOMCTL_set_address_size:
		if (op->u.address_size.size == PV_ADDRESS_SIZE)
			return 0;
		/* 32-bit PV: Xen built without it says -EOPNOTSUPP. */
		return op->u.address_size.size == 32 ? -EOPNOTSUPP : -EINVAL;
	case XEN_DOMCTL_get_address_size:
		op->u.address_size.size = PV_ADDRESS_SIZE;
		*copyback = true;
		return 0;
	case XEN_DOMCTL_setvcpucontext:
		return set_vcpu_context(d, &op->u.vcpucontext);
	case XEN_DOMCTL_ioport_permission:
		return ioport_permission(d, &op->u.ioport_permission);
	default:
		return -ENOSYS;
	}
}
