/*
 * XEN_DOMCTL (hypercall 36): the control domain's toolstack creates,
 * inspects, pauses, configures and destroys domains.
 *
 * Interface: do_domctl() from the hypercall table; domctl_getdomaininfo()
 * for sysctl's getdomaininfolist.  Arch parts (vcpu context, address
 * size, the shared_info frame, I/O port grants) are arch_domctl_*() in
 * arch/x86/pv/domctl.c; irq and iomem grants (xen/iocap.h) are here.
 * Invariants: every target is held by a reference (ctl_find(), which
 * unlike domain_lookup() also finds a dying domain, so that destroydomain
 * can continue) for the whole operation; domctl_lock serialises
 * domctls; only dom0 may call (Xen's default XSM policy); a request that
 * fails changes nothing.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <xen/domctl.h>
#include <xen/domain_hooks.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <xen/iocap.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <asm/guest_access.h>
#include <public/vcpu.h>
#include <public/xen.h>

/* ns v has spent running, including the current stint. */
static u64 vcpu_running_time(const struct vcpu *v)
{
	u64 t = v->runstate_time[RUNSTATE_running];

	if (v->runstate == RUNSTATE_running)
		t += NOW() - v->runstate_entry;
	return t;
}

/* Blocked only if every online vcpu is; running if any is on a CPU. */
static u32 vcpu_flags(struct domain *d, struct xen_domctl_getdomaininfo *info)
{
	u32 flags = XEN_DOMINF_blocked;

	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];

		if (!v)
			continue;
		info->cpu_time += vcpu_running_time(v);
		info->max_vcpu_id = v->vcpu_id;
		if (!v->is_up)
			continue;
		if (!READ_ONCE(v->blocked))
			flags &= ~XEN_DOMINF_blocked;
		if (READ_ONCE(v->is_running))
			flags |= XEN_DOMINF_running;
		info->nr_online_vcpus++;
	}
	return info->nr_online_vcpus ? flags : 0;
}

void domctl_getdomaininfo(struct domain *d,
			  struct xen_domctl_getdomaininfo *info)
{
	u32 flags;

	memset(info, 0, sizeof(*info));
	info->domain = d->domain_id;
	info->max_vcpu_id = XEN_INVALID_MAX_VCPU_ID;
	flags = vcpu_flags(d, info);
	if (READ_ONCE(d->state) == DOMSTATE_dying)
		flags |= XEN_DOMINF_dying;
	if (READ_ONCE(d->state) == DOMSTATE_shutdown)
		flags |= XEN_DOMINF_shutdown;
	if (READ_ONCE(d->ctl_pause_count))
		flags |= XEN_DOMINF_paused;
	/* As Xen: the code is ORed in even when unset (~0u). */
	flags |= READ_ONCE(d->shutdown_code) << XEN_DOMINF_shutdownshift;
	info->flags = flags;
	info->tot_pages = READ_ONCE(d->tot_pages);
	info->max_pages = READ_ONCE(d->max_pages);
	memcpy(info->handle, d->handle, sizeof(info->handle));
	arch_domctl_getdomaininfo(d, info);
}

/* ---- the hypercall ---- */

/* Xen's domctl_lock: one domctl at a time; a busy lock retries later. */
static DEFINE_SPINLOCK(domctl_lock);
static domid_t domid_rover;

struct find_arg {
	domid_t id;	  /* exact id, or lowest id >= this (next) */
	bool next;	  /* getdomaininfo's search */
	struct domain *d; /* referenced result */
};

static void find_cb(struct domain *d, void *arg)
{
	struct find_arg *f = arg;

	if (f->next ? d->domain_id < f->id : d->domain_id != f->id)
		return;
	if (f->d && f->d->domain_id <= d->domain_id)
		return;
	if (!get_domain(d))
		return;
	if (f->d)
		put_domain(f->d); /* still listed: never the last reference */
	f->d = d;
}

/*
 * A referenced domain, dying ones included (destroydomain continues on
 * them, getdomaininfo reports them); with next, the lowest id >= id.
 */
static struct domain *ctl_find(domid_t id, bool next)
{
	struct find_arg f = {.id = id, .next = next};

	domain_for_each(find_cb, &f);
	return f.d;
}

static bool domid_free(domid_t id)
{
	struct domain *d = ctl_find(id, false);

	if (d)
		put_domain(d);
	return !d;
}

/* Xen's choice: the caller's id if valid, else the next free after rover. */
static int pick_domid(domid_t want, domid_t *out)
{
	domid_t id;

	if (want > 0 && want < DOMID_FIRST_RESERVED) {
		if (!domid_free(want))
			return -EEXIST;
		*out = want;
		return 0;
	}
	for (id = domid_rover + 1; id != domid_rover; id++) {
		if (id == DOMID_FIRST_RESERVED)
			id = 1;
		if (domid_free(id))
			break;
	}
	if (id == domid_rover)
		return -ENOMEM;
	domid_rover = id;
	*out = id;
	return 0;
}

#define CTL_MAX_GRANT_VERSION 2 /* accepted; we run only version 1 */

#define CDF_REFUSED                                                            \
	(XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap | XEN_DOMCTL_CDF_iommu |      \
	 XEN_DOMCTL_CDF_nested_virt | XEN_DOMCTL_CDF_vpmu)

/* What Xen's sanitise_domain_config refuses for a PV guest here. */
static int check_config(const struct xen_domctl_createdomain *c)
{
	if (c->flags & ~(XEN_DOMCTL_CDF_MAX * 2 - 1))
		return -EINVAL;
	if (c->flags & CDF_REFUSED) /* no HVM, IOMMU or vPMU */
		return -EINVAL;
	if (c->iommu_opts || c->vmtrace_size || c->cpupool_id)
		return -EINVAL;
	if (!c->max_vcpus || c->max_vcpus > MAX_VIRT_CPUS_PER_DOM)
		return -EINVAL;
	/* As Xen (gnttab max version 2): 1 or 2; a v2 domain may use v1. */
	if ((c->grant_opts & ~XEN_DOMCTL_GRANT_version_mask) ||
	    !XEN_DOMCTL_GRANT_version(c->grant_opts) ||
	    XEN_DOMCTL_GRANT_version(c->grant_opts) > CTL_MAX_GRANT_VERSION)
		return -EINVAL;
	if (c->arch.emulation_flags || c->arch.misc_flags)
		return -EINVAL;
	return 0;
}

static void apply_limits(struct domain *d,
			 const struct xen_domctl_createdomain *c)
{
	if (c->max_grant_frames >= 0)
		d->max_grant_frames = c->max_grant_frames;
	if (c->max_maptrack_frames >= 0)
		d->max_maptrack_frames = c->max_maptrack_frames;
	evtchn_set_max_port(d, c->max_evtchn_port);
	memcpy(d->handle, c->handle, sizeof(d->handle));
	d->sched_weight = CTL_DEFAULT_WEIGHT;
	d->ctl_created = true;
	d->ctl_pause_count = 1; /* as Xen: paused until the toolstack says */
}

/* An empty PV domain: no memory, paused, all its vcpus down. */
static long ctl_createdomain(struct xen_domctl *op)
{
	struct xen_domctl_createdomain *c = &op->u.createdomain;
	struct domain *d;
	domid_t id;
	int rc;

	if ((rc = check_config(c)) || (rc = pick_domid(op->domain, &id)))
		return rc;
	d = domain_create(id, c->max_vcpus, false);
	if (!d)
		return -ENOMEM;
	snprintf(d->name, sizeof(d->name), "d%u", id);
	apply_limits(d, c);
	rc = arch_domctl_createdomain(d);
	for (unsigned int i = 0; !rc && i < c->max_vcpus; i++)
		if (!vcpu_create(d, i, i % MAX(num_online_cpus(), 1u)))
			rc = -ENOMEM;
	if (rc) {
		domain_abort_build(d);
		return rc;
	}
	op->domain = id;
	printk("Domain %u created by the toolstack (%u vcpus)\n", id,
	       c->max_vcpus);
	return 0;
}

/* Take every vcpu of d off its CPU, and wait until it is. */
static void ctl_pause(struct domain *d)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i])
			vcpu_sleep(d->vcpu[i]);
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		while (d->vcpu[i] && READ_ONCE(d->vcpu[i]->is_running))
			cpu_relax();
}

static long ctl_pausedomain(struct domain *d)
{
	if (d == current->domain)
		return -EINVAL;
	if (d->ctl_pause_count >= 255) /* Xen's bound */
		return -EOVERFLOW;
	__atomic_add_fetch(&d->ctl_pause_count, 1, __ATOMIC_SEQ_CST);
	ctl_pause(d);
	return 0;
}

static long ctl_unpausedomain(struct domain *d)
{
	unsigned long flags;

	if (!d->ctl_pause_count)
		return -EINVAL;
	if (__atomic_sub_fetch(&d->ctl_pause_count, 1, __ATOMIC_SEQ_CST))
		return 0;
	spin_lock_irqsave(&d->lock, flags);
	if (d->state == DOMSTATE_building)
		d->state = DOMSTATE_running;
	spin_unlock_irqrestore(&d->lock, flags);
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];

		if (v && v->is_up) {
			v->paused = false;
			vcpu_wake(v);
		}
	}
	return 0;
}

static long ctl_getdomaininfo(struct xen_domctl *op)
{
	struct domain *d;

	if (op->domain >= DOMID_FIRST_RESERVED)
		return -EINVAL;
	d = ctl_find(op->domain, true);
	if (!d)
		return -ESRCH;
	domctl_getdomaininfo(d, &op->u.getdomaininfo);
	op->domain = d->domain_id;
	put_domain(d);
	return 0;
}

static long ctl_max_mem(struct domain *d, const struct xen_domctl_max_mem *m)
{
	unsigned long flags;

	/* As Xen: no check against tot_pages; new allocations just fail. */
	spin_lock_irqsave(&d->lock, flags);
	d->max_pages = m->max_memkb >> (PAGE_SHIFT - 10);
	spin_unlock_irqrestore(&d->lock, flags);
	return 0;
}

static long ctl_getvcpuinfo(struct domain *d, struct xen_domctl_getvcpuinfo *g)
{
	struct vcpu *v;

	if (g->vcpu >= d->max_vcpus)
		return -EINVAL;
	if (!(v = d->vcpu[g->vcpu]))
		return -ESRCH;
	g->online = v->is_up;
	g->blocked = READ_ONCE(v->blocked);
	g->running = READ_ONCE(v->is_running);
	g->cpu_time = vcpu_running_time(v);
	g->cpu = v->processor;
	return 0;
}

static long ctl_max_vcpus(struct domain *d,
			  const struct xen_domctl_max_vcpus *m)
{
	/* The vcpus were allocated by createdomain; only the check is left. */
	if (d == current->domain || m->max != d->max_vcpus)
		return -EINVAL;
	return 0;
}

/* Credit params are stored and reported; our round-robin ignores them. */
static long ctl_scheduler_op(struct domain *d,
			     struct xen_domctl_scheduler_op *s)
{
	if (s->sched_id != CTL_SCHEDULER_ID ||
	    s->cmd > XEN_DOMCTL_SCHEDOP_getvcpuinfo)
		return -EINVAL;
	switch (s->cmd) {
	case XEN_DOMCTL_SCHEDOP_getinfo:
		s->u.credit.weight = d->sched_weight;
		s->u.credit.cap = d->sched_cap;
		return 0;
	case XEN_DOMCTL_SCHEDOP_putinfo:
		if (s->u.credit.weight)
			d->sched_weight = s->u.credit.weight;
		if (s->u.credit.cap != (u16)~0u)
			d->sched_cap = s->u.credit.cap;
		return 0;
	default: /* per-vcpu params: RTDS only */
		return -EINVAL;
	}
}

static u64 online_mask(void)
{
	u64 m = 0;

	for (unsigned int c = 0; c < nr_cpu_ids && c < 64; c++)
		if (cpu_online(c))
			m |= 1ULL << c;
	return m;
}

/* Xen's xenctl_bitmap_to_bitmap for our <= 64 CPUs. */
static int bitmap_in(const struct xenctl_bitmap *b, u64 *mask)
{
	unsigned int bytes = (b->nr_bits + 7) / 8, n = MIN(bytes, 8u);
	u8 buf[8] = {0};

	if (n && copy_from_guest(buf, (unsigned long)b->bitmap.p, n))
		return -EFAULT;
	if ((b->nr_bits & 7) && bytes == n)
		buf[n - 1] &= ~(0xff << (b->nr_bits & 7));
	*mask = 0;
	for (unsigned int i = 0; i < 8; i++)
		*mask |= (u64)buf[i] << (8 * i);
	*mask &= nr_cpu_ids >= 64 ? ~0ULL : (1ULL << nr_cpu_ids) - 1;
	return 0;
}

/* Xen's bitmap_to_xenctl_bitmap: nr_cpu_ids bits, the rest zeroed. */
static int bitmap_out(const struct xenctl_bitmap *b, u64 mask)
{
	unsigned int bytes = (b->nr_bits + 7) / 8;
	unsigned int mine = (nr_cpu_ids + 7) / 8;
	u8 byte;

	for (unsigned int i = 0; i < bytes; i++) {
		byte = i < mine && i < 8 ? (u8)(mask >> (8 * i)) : 0;
		if (copy_to_guest((unsigned long)b->bitmap.p + i, &byte, 1))
			return -EFAULT;
	}
	return 0;
}

static bool affinity_args_bad(const struct xen_domctl_vcpuaffinity *a)
{
	return !a->flags ||
	       ((a->flags & XEN_VCPUAFFINITY_HARD) &&
		!a->cpumap_hard.bitmap.p) ||
	       ((a->flags & XEN_VCPUAFFINITY_SOFT) && !a->cpumap_soft.bitmap.p);
}

static long ctl_setvcpuaffinity(struct vcpu *v,
				struct xen_domctl_vcpuaffinity *a)
{
	u64 hard = v->cpu_hard_affinity, soft = v->cpu_soft_affinity;
	int rc;

	if ((a->flags & XEN_VCPUAFFINITY_HARD) &&
	    ((rc = bitmap_in(&a->cpumap_hard, &hard)) ||
	     (!(hard & online_mask()) && (rc = -EINVAL))))
		return rc;
	if ((a->flags & XEN_VCPUAFFINITY_SOFT) &&
	    (rc = bitmap_in(&a->cpumap_soft, &soft)))
		return rc;
	v->cpu_hard_affinity = hard;
	v->cpu_soft_affinity = soft;
	/* Report back what would be in effect, as Xen. */
	if ((a->flags & XEN_VCPUAFFINITY_HARD) &&
	    (rc = bitmap_out(&a->cpumap_hard, hard & online_mask())))
		return rc;
	if (a->flags & XEN_VCPUAFFINITY_SOFT)
		return bitmap_out(&a->cpumap_soft, soft & hard & online_mask());
	return 0;
}

static long ctl_vcpuaffinity(struct domain *d, u32 cmd,
			     struct xen_domctl_vcpuaffinity *a)
{
	struct vcpu *v;
	int rc = 0;

	if (a->vcpu >= d->max_vcpus)
		return -EINVAL;
	if (!(v = d->vcpu[a->vcpu]))
		return -ESRCH;
	if (affinity_args_bad(a))
		return -EINVAL;
	if (cmd == XEN_DOMCTL_setvcpuaffinity)
		return ctl_setvcpuaffinity(v, a);
	if (a->flags & XEN_VCPUAFFINITY_HARD)
		rc = bitmap_out(&a->cpumap_hard, v->cpu_hard_affinity);
	if (!rc && (a->flags & XEN_VCPUAFFINITY_SOFT))
		rc = bitmap_out(&a->cpumap_soft, v->cpu_soft_affinity);
	return rc;
}

/* As Xen: v (not the caller) is off its CPU while it is read. */
static long ctl_getvcpucontext(struct domain *d,
			       const struct xen_domctl_vcpucontext *c)
{
	struct vcpu_guest_context *ctx;
	struct vcpu *v;
	bool was_paused;
	long rc;

	if (c->vcpu >= d->max_vcpus || !(v = d->vcpu[c->vcpu]) || v == current)
		return -EINVAL;
	ctx = xmalloc_bytes(sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	was_paused = READ_ONCE(v->paused);
	vcpu_sleep(v);
	while (READ_ONCE(v->is_running))
		cpu_relax();
	rc = arch_domctl_get_vcpu_context(v, ctx);
	if (!was_paused) {
		v->paused = false;
		vcpu_wake(v);
	}
	if (!rc && copy_to_guest((unsigned long)c->ctxt.p, ctx, sizeof(*ctx)))
		rc = -EFAULT;
	xfree(ctx);
	return rc;
}

/* As Xen: the caller may pass on only an irq its own pirq names. */
static long ctl_irq_permission(struct domain *d,
			       const struct xen_domctl_irq_permission *p)
{
	unsigned int irq;

	if (p->pirq >= domain_nr_pirqs(current->domain))
		return -EINVAL;
	irq = pirq_access_permitted(current->domain, p->pirq);
	if (!irq)
		return -EPERM;
	return iocap_update(&d->irq_caps, irq, irq, p->allow_access);
}

/* As Xen: a wrapping range is -EINVAL, one the caller lacks -EPERM. */
static long ctl_iomem_permission(struct domain *d,
				 const struct xen_domctl_iomem_permission *p)
{
	unsigned long s = p->first_mfn, e = s + p->nr_mfns - 1;

	if (e < s)
		return -EINVAL;
	if (!iomem_access_permitted(current->domain, s, e))
		return -EPERM;
	return iocap_update(&d->iomem_caps, s, e, p->allow_access);
}

static long ctl_destroydomain(struct domain *d, unsigned long arg)
{
	long rc = domain_kill(d);

	if (rc == -ERESTART) {
		/* Inside a multicall there is no continuation: finish here. */
		if (!hypercall_in_multicall())
			return hypercall_create_continuation(
				__HYPERVISOR_domctl, 1, arg);
		while ((rc = domain_kill(d)) == -ERESTART)
			cpu_relax();
	}
	return rc;
}

/* Commands on an existing domain d (referenced, domctl lock held). */
static long ctl_on_domain(struct domain *d, struct xen_domctl *op,
			  unsigned long arg, bool *copyback)
{
	switch (op->cmd) {
	case XEN_DOMCTL_destroydomain:
		return ctl_destroydomain(d, arg);
	case XEN_DOMCTL_pausedomain:
		return ctl_pausedomain(d);
	case XEN_DOMCTL_unpausedomain:
		return ctl_unpausedomain(d);
	case XEN_DOMCTL_max_mem:
		return ctl_max_mem(d, &op->u.max_mem);
	case XEN_DOMCTL_max_vcpus:
		return ctl_max_vcpus(d, &op->u.max_vcpus);
	case XEN_DOMCTL_setvcpuaffinity:
	case XEN_DOMCTL_getvcpuaffinity:
		return ctl_vcpuaffinity(d, op->cmd, &op->u.vcpuaffinity);
	case XEN_DOMCTL_settimeoffset:
		arch_domctl_settimeoffset(
			d, op->u.settimeoffset.time_offset_seconds);
		return 0;
	case XEN_DOMCTL_getvcpucontext:
		return ctl_getvcpucontext(d, &op->u.vcpucontext);
	case XEN_DOMCTL_irq_permission:
		return ctl_irq_permission(d, &op->u.irq_permission);
	case XEN_DOMCTL_iomem_permission:
		return ctl_iomem_permission(d, &op->u.iomem_permission);
	case XEN_DOMCTL_soft_reset:
		/* As Xen 4.17 for a PV domain (no arch soft reset). */
		return -EINVAL;
	case XEN_DOMCTL_getvcpuinfo:
		*copyback = true;
		return ctl_getvcpuinfo(d, &op->u.getvcpuinfo);
	case XEN_DOMCTL_scheduler_op:
		*copyback = true;
		return ctl_scheduler_op(d, &op->u.scheduler_op);
	default:
		return arch_do_domctl(d, op, copyback);
	}
}

/* Lookup, then permission, as Xen: a domU learns whether an id exists. */
static long domctl_locked(struct xen_domctl *op, unsigned long arg,
			  bool *copyback)
{
	struct domain *d;
	long rc;

	if (op->cmd == XEN_DOMCTL_createdomain) {
		if (!current->domain->is_privileged)
			return -EPERM;
		*copyback = true;
		return ctl_createdomain(op);
	}
	if (op->cmd == XEN_DOMCTL_getdomaininfo) {
		if (!current->domain->is_privileged)
			return -EPERM;
		*copyback = true;
		return ctl_getdomaininfo(op);
	}
	d = ctl_find(op->domain, false);
	if (!d)
		return -ESRCH;
	rc = current->domain->is_privileged
		     ? ctl_on_domain(d, op, arg, copyback)
		     : -EPERM;
	put_domain(d);
	return rc;
}

long do_domctl(unsigned long arg)
{
	struct xen_domctl op;
	bool copyback = false;
	long rc;

	if (copy_from_guest(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
		return -EACCES;
	if (hypercall_in_multicall())
		spin_lock(&domctl_lock);
	else if (!spin_trylock(&domctl_lock))
		return hypercall_create_continuation(__HYPERVISOR_domctl, 1,
						     arg);
	rc = domctl_locked(&op, arg, &copyback);
	spin_unlock(&domctl_lock);
	if (rc == HYPERCALL_CONTINUATION)
		return rc;
	if (copyback && !rc && copy_to_guest(arg, &op, sizeof(op)))
		rc = -EFAULT;
	return rc;
}
