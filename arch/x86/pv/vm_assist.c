/*
 * vm_assist (21): the per-domain VMASST_TYPE_* switches a 64-bit PV guest
 * may flip, and the effects of the two that change the ABI's behaviour
 * beyond one subsystem: architectural_iopl and m2p_strict.
 *
 * Interface: do_vm_assist() from the hypercall table.  The trap, iret
 * and I/O emulation paths ask pv_iopl_ok(), pv_frame_iopl() and
 * pv_iret_iopl(); the MMU code calls pv_m2p_slot_on_install() whenever
 * an L4 becomes a vCPU's kernel or user table.
 * Invariants: d->arch.vm_assist holds only bits of VMASST_VALID (Xen
 * 4.17's PV64_VM_ASSIST_MASK); v->arch.iopl is 0-3 (never in the guest's
 * real RFLAGS, which always run at IOPL 0).
 *
 * architectural_iopl (as Xen): off, the virtual IOPL comes only from
 * PHYSDEVOP_set_iopl, guest kernel mode counts as CPL 1 for it, and
 * bounce frames show IOPL 0.  On, the iret hypercall loads the virtual
 * IOPL from the RFLAGS it restores, bounce frames carry it, and guest
 * kernel mode counts as CPL 0 (so it may always do port I/O).
 *
 * m2p_strict (Xen's VMASST_TYPE_m2p_strict rules for the read-only M2P
 * L4 slot): on, an L4 installed as a user table loses that slot; off, an
 * L4 installed as a kernel table regains it.  Difference from Xen: our
 * L4s get the slot when they are validated whatever the assist (Xen
 * leaves it blank until first kernel use while the assist is off), so
 * without m2p_strict a fresh user table here still shows the M2P.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/config.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/pv.h>
#include <public/xen.h>

#define VMASST_BIT(t) (1UL << VMASST_TYPE_##t)
#define VMASST_VALID                                                           \
	(VMASST_BIT(4gb_segments) | VMASST_BIT(4gb_segments_notify) |          \
	 VMASST_BIT(writable_pagetables) | VMASST_BIT(pae_extended_cr3) |      \
	 VMASST_BIT(architectural_iopl) | VMASST_BIT(runstate_update_flag) |   \
	 VMASST_BIT(m2p_strict))

static bool vmasst_on(const struct domain *d, unsigned long bit)
{
	return d->arch.vm_assist & bit;
}

long do_vm_assist(unsigned long cmd, unsigned long type)
{
	struct domain *d = current->domain;

	/* Xen: the type first (also for a bad command), then the command. */
	if (type >= 64 || !(VMASST_VALID & (1UL << type)))
		return -EINVAL;
	if (cmd == VMASST_CMD_enable)
		d->arch.vm_assist |= 1UL << type;
	else if (cmd == VMASST_CMD_disable)
		d->arch.vm_assist &= ~(1UL << type);
	else
		return -ENOSYS;
	return 0;
}

/* May v, in its current guest mode, do port I/O by IOPL alone? */
bool pv_iopl_ok(const struct vcpu *v)
{
	unsigned int cpl = 3;

	if (v->arch.kernel_mode)
		cpl = vmasst_on(v->domain, VMASST_BIT(architectural_iopl)) ? 0
									   : 1;
	return v->arch.iopl >= cpl;
}

/* The RFLAGS.IOPL bits a bounce frame shows the guest. */
unsigned long pv_frame_iopl(const struct vcpu *v)
{
	if (!vmasst_on(v->domain, VMASST_BIT(architectural_iopl)))
		return 0;
	return (unsigned long)v->arch.iopl << X86_EFLAGS_IOPL_SHIFT;
}

/* The iret hypercall restores rflags: maybe the virtual IOPL too. */
void pv_iret_iopl(struct vcpu *v, unsigned long rflags)
{
	if (vmasst_on(v->domain, VMASST_BIT(architectural_iopl)))
		v->arch.iopl =
			(rflags & X86_EFLAGS_IOPL) >> X86_EFLAGS_IOPL_SHIFT;
}

/*
 * l4_mfn (validated, referenced by the caller) becomes a kernel or user
 * table of a vCPU of d.  The slot is a hypervisor slot: no guest entry
 * and no reference lives there, so rewriting it needs no lock beyond
 * the caller's reference.
 */
void pv_m2p_slot_on_install(const struct domain *d, unsigned long l4_mfn,
			    bool user)
{
	unsigned int slot = L4_SLOT(RO_MPT_VIRT_START);
	bool strict = vmasst_on(d, VMASST_BIT(m2p_strict));
	pte_t *l4;

	if (!l4_mfn)
		return;
	l4 = mfn_to_virt(_mfn(l4_mfn));
	if (user && strict)
		WRITE_ONCE(l4[slot], 0);
	else if (!user && !strict)
		WRITE_ONCE(l4[slot], idle_pg_table[slot]);
}
