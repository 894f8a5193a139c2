/*
 * vcpu_op (24) and set_timer_op (15): bringing vCPUs up and down, the
 * one-shot VIRQ_TIMER timer, and where the hypervisor writes a vCPU's
 * vcpu_info and runstate.
 *
 * Interface: vcpu_op_vcpu_init() for every non-idle vCPU at creation,
 * vcpu_op_vcpu_destroy() when its domain is torn down; the hypercalls
 * for current's domain.
 * Invariants: v->vcpu_info is the shared_info slot (ids < 32) until the
 * guest registers its own area, then a direct-map pointer into a frame
 * of the domain on which we hold a general and a writable type reference
 * (vcpu_info_mfn) for the domain's life, so that frame never becomes a
 * page table or descriptor page under our writes; it is switched only while v is current or not
 * up.  The singleshot timer lives on the CPU v was created on and only
 * ever raises VIRQ_TIMER.  There is no periodic timer.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/guest_access.h>
#include <asm/page.h>
#include <asm/pv_mm.h>
#include <public/vcpu.h>

/*
 * set_timer_op deadlines this far ahead (or "negative") come from old
 * guests' wrapped jiffies or from "no timer at all": fire after
 * SANE_FALLBACK instead of now (busy loop) or never (lost tick).
 */
#define FAR_FUTURE_SHIFT 50
#define SANE_FALLBACK	 MILLISECS(100)

static void singleshot_fired(void *data)
{
	send_guest_vcpu_virq(data, VIRQ_TIMER);
}

void vcpu_op_vcpu_init(struct vcpu *v)
{
	struct domain *d = v->domain;

	v->vcpu_info_mfn = INVALID_MFN;
	if (d->shared_info && v->vcpu_id < XEN_LEGACY_MAX_VCPUS &&
	    !v->vcpu_info)
		v->vcpu_info = &d->shared_info->vcpu_info[v->vcpu_id];
	init_timer(&v->singleshot_timer, singleshot_fired, v, v->processor);
	evtchn_poll_timer_init(v);
}

void vcpu_op_vcpu_destroy(struct vcpu *v)
{
	kill_timer(&v->singleshot_timer);
	kill_timer(&v->poll_timer);
	if (!mfn_eq(v->vcpu_info_mfn, INVALID_MFN)) {
		v->vcpu_info = NULL;
		put_page_and_type(mfn_to_page(v->vcpu_info_mfn));
		v->vcpu_info_mfn = INVALID_MFN;
	}
}

long do_set_timer_op(unsigned long timeout)
{
	struct vcpu *v = current;
	s_time_t now = NOW();

	if (!timeout) {
		stop_timer(&v->singleshot_timer);
		return 0;
	}
	if ((s64)timeout < 0 ||
	    ((timeout - now) >> FAR_FUTURE_SHIFT && timeout > now))
		timeout = now + SANE_FALLBACK;
	set_timer(&v->singleshot_timer, timeout);
	return 0;
}

static long set_singleshot(struct vcpu *v, unsigned long arg)
{
	struct vcpu_set_singleshot_timer t;

	if (v != current)
		return -EINVAL;
	if (copy_from_guest(&t, arg, sizeof(t)))
		return -EFAULT;
	if ((t.flags & VCPU_SSHOTTMR_future) && t.timeout_abs_ns < NOW())
		return -ETIME;
	/* Linux re-arms every tick: a cheap moment to refresh the pvclock. */
	pv_time_update(v);
	set_timer(&v->singleshot_timer, t.timeout_abs_ns);
	return 0;
}

static void get_runstate(const struct vcpu *v, struct vcpu_runstate_info *r)
{
	memset(r, 0, sizeof(*r));
	r->state = v->runstate;
	r->state_entry_time = v->runstate_entry;
	for (unsigned int i = 0; i < 4; i++)
		r->time[i] = v->runstate_time[i];
}

static long register_runstate(struct vcpu *v, unsigned long arg)
{
	struct vcpu_register_runstate_memory_area a;

	if (copy_from_guest(&a, arg, sizeof(a)))
		return -EFAULT;
	/* Replaces any earlier area (Linux registers vCPU 0 twice). */
	v->runstate_guest = (unsigned long)a.addr.p;
	if (v == current)
		runstate_update(v);
	return 0;
}

/* Check and take the frame for a new vcpu_info; NULL and *rc on error. */
static struct vcpu_info *
vcpu_info_frame(struct vcpu *v, const struct vcpu_register_vcpu_info *r,
		long *rc)
{
	*rc = -EINVAL;
	if (r->rsvd || r->offset > PAGE_SIZE - sizeof(struct vcpu_info) ||
	    r->mfn >= max_page)
		return NULL;
	if (!mfn_eq(v->vcpu_info_mfn, INVALID_MFN))
		return NULL; /* already registered */
	if (v != current && v->is_up)
		return NULL; /* it may be using the old one */
	if (get_page_and_type(mfn_to_page(_mfn(r->mfn)), v->domain,
			      PGT_writable_page))
		return NULL;
	*rc = 0;
	return (struct vcpu_info *)((u8 *)mfn_to_virt(_mfn(r->mfn)) +
				    r->offset);
}

static long register_vcpu_info(struct vcpu *v, unsigned long arg)
{
	struct vcpu_register_vcpu_info r;
	struct vcpu_info *vi;
	long rc;

	if (copy_from_guest(&r, arg, sizeof(r)))
		return -EFAULT;
	if (!(vi = vcpu_info_frame(v, &r, &rc)))
		return rc;
	if (v->vcpu_info)
		memcpy(vi, v->vcpu_info, sizeof(*vi));
	else
		memset(vi, 0, sizeof(*vi));
	/* Events raised into the old copy meanwhile: make the guest rescan. */
	__atomic_store_n(&vi->evtchn_pending_sel, ~0UL, __ATOMIC_SEQ_CST);
	__atomic_store_n(&vi->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST);
	v->vcpu_info_mfn = _mfn(r.mfn);
	__atomic_store_n(&v->vcpu_info, vi, __ATOMIC_RELEASE);
	if (v == current)
		pv_time_update(v);
	return 0;
}

static long vcpu_initialise(struct vcpu *v, unsigned long arg)
{
	struct vcpu_guest_context *ctx;
	long rc;

	if (v->is_up || v->arch.guest_table)
		return -EEXIST;
	ctx = xmalloc_bytes(sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	if (copy_from_guest(ctx, arg, sizeof(*ctx)))
		rc = -EFAULT;
	else
		rc = arch_initialise_vcpu(v, ctx);
	xfree(ctx);
	return rc;
}

static long vcpu_up(struct vcpu *v)
{
	if (!v->arch.guest_table)
		return -EINVAL; /* never initialised */
	if (v->is_up)
		return 0;
	v->paused = false;
	v->is_up = true;
	vcpu_wake(v);
	return 0;
}

static long vcpu_down(struct vcpu *v)
{
	if (!v->is_up)
		return 0;
	v->is_up = false;
	vcpu_sleep(v); /* off its run queue and CPU */
	return 0;
}

/* Sub-ops that need no argument beyond the vCPU. */
static long vcpu_op_simple(unsigned long cmd, struct vcpu *v)
{
	switch (cmd) {
	case VCPUOP_up:
		return vcpu_up(v);
	case VCPUOP_down:
		return vcpu_down(v);
	case VCPUOP_is_up:
		return v->is_up;
	case VCPUOP_stop_periodic_timer:
		return 0; /* there is none */
	case VCPUOP_stop_singleshot_timer:
		if (v != current)
			return -EINVAL;
		stop_timer(&v->singleshot_timer);
		return 0;
	default:
		return -ENOSYS;
	}
}

long do_vcpu_op(unsigned long cmd, unsigned long vcpuid, unsigned long arg)
{
	struct domain *d = current->domain;
	struct vcpu *v = vcpuid < d->max_vcpus ? d->vcpu[vcpuid] : NULL;
	struct vcpu_runstate_info ri;

	if (!v)
		return -ENOENT;
	switch (cmd) {
	case VCPUOP_initialise:
		return vcpu_initialise(v, arg);
	case VCPUOP_get_runstate_info:
		get_runstate(v, &ri);
		return copy_to_guest(arg, &ri, sizeof(ri)) ? -EFAULT : 0;
	case VCPUOP_register_runstate_memory_area:
		return register_runstate(v, arg);
	case VCPUOP_set_singleshot_timer:
		return set_singleshot(v, arg);
	case VCPUOP_register_vcpu_info:
		return register_vcpu_info(v, arg);
	case VCPUOP_set_periodic_timer:		    /* Linux never uses it */
	case VCPUOP_register_vcpu_time_memory_area: /* vDSO copy: optional */
		return -ENOSYS;
	default:
		return vcpu_op_simple(cmd, v);
	}
}
