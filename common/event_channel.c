/*
 * Event channels: per-domain ports bound to another domain's port, a
 * VIRQ, an IPI or (dom0) a physical IRQ; the 2-level ABI's pending/mask
 * bitmaps in shared_info; event_channel_op (32) and SCHEDOP_poll.  A
 * domain on the FIFO ABI (ed->fifo set) has its pending, mask and queue
 * state in guest pages instead: common/event_fifo.c, through the hooks
 * in set_pending, unmask, free_port, alloc_port and the poll check.
 *
 * Interface: evtchn_domain_init() when a domain is created,
 * evtchn_domain_destroy() when it is torn down; send_guest_*_virq(),
 * evtchn_send_pirq() and evtchn_set_pending() from any context
 * (interrupts included); the hypercalls for current.
 * Invariants: ed->lock (taken with interrupts off) guards the port table
 * of one domain and the virq_to_port[] of its vCPUs; arch/x86/irq.c's
 * pirq lock nests inside it (asm/pirq.h).  An interdomain pair
 * changes state only with both domains' locks held, lower domain id
 * first, so a port found interdomain under its own lock has a live peer.
 * Port 0 is never allocated, nor one the ABI cannot name (4096 and up
 * in 2-level, 2^17 in FIFO; SCHEDOP_poll takes ports below 4096 only;
 * a port above 4095 left over from FIFO is inert in 2-level).  Ports live in
 * buckets of 64: bucket 0 with the domain, the others on first use; all are
 * freed only with the domain.  All per-domain memory here is on pages of its
 * own (xzalloc_unshared), so a destroyed domain leaves nothing behind.  The
 * pending bitmap and the vcpu_info selector/upcall flag are shared with the
 * guest and changed with atomic operations only; the mask bitmap is the
 * guest's, read here.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <asm/guest_access.h>
#include <asm/pirq.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include "event_channel.h"

#define CLOSE_RETRIES  16  /* peer changed under us: look again */

static bool virq_is_global(unsigned int virq)
{
	return virq != VIRQ_TIMER && virq != VIRQ_DEBUG &&
	       virq != VIRQ_XENOPROF && virq != VIRQ_XENPMU;
}

static struct evtchn *port_chn(struct evtchn_domain *ed, u32 port)
{
	return evtchn_port_chn(ed, port);
}

/* A port that exists and is bound (not closed); NULL otherwise. */
static struct evtchn *bound_chn(struct evtchn_domain *ed, u32 port)
{
	struct evtchn *chn = port_chn(ed, port);

	return chn && chn->state != EVTCHNSTAT_closed ? chn : NULL;
}

/* Per-domain memory: on pages of its own (xzalloc_unshared). */
static struct evtchn *alloc_bucket(void)
{
	return xzalloc_unshared_bytes(PORTS_PER_BUCKET * sizeof(struct evtchn));
}

/*
 * Lowest free port >= 1, allocating a bucket if needed.  As Xen: -EINVAL
 * once the domain is dying, -ENOSPC above the domain's max_port or the
 * ABI's last port, -ENOMEM.
 */
static int alloc_port(struct evtchn_domain *ed)
{
	u32 last = ed->max_port < evtchn_abi_ports(ed) - 1
			   ? ed->max_port
			   : evtchn_abi_ports(ed) - 1;

	if (ed->dying)
		return -EINVAL;
	for (u32 port = 1; port <= last; port++) {
		struct evtchn **b = &ed->bucket[port / PORTS_PER_BUCKET], *chn;

		if (!*b) {
			*b = alloc_bucket();
			if (!*b)
				return -ENOMEM;
		}
		chn = &(*b)[port % PORTS_PER_BUCKET];
		/* As Xen: a FIFO word still queued is busy, skip it. */
		if (chn->state == EVTCHNSTAT_closed &&
		    !(ed->fifo && evtchn_fifo_is_busy(ed, port))) {
			chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
			return port;
		}
	}
	return -ENOSPC;
}

static struct vcpu *domain_vcpu(struct domain *d, unsigned int id)
{
	return id < d->max_vcpus ? d->vcpu[id] : NULL;
}

/* ---- setting pending (2-level) ---- */

static bool test_and_set_word_bit(unsigned long *w, unsigned int bit)
{
	unsigned long m = 1UL << bit;

	return __atomic_fetch_or(w, m, __ATOMIC_SEQ_CST) & m;
}

/* Make v take its upcall soon: wake it if blocked, IPI it if running. */
static void vcpu_kick(struct vcpu *v)
{
	vcpu_unblock(v);
	if (READ_ONCE(v->is_running) && v->processor != smp_processor_id())
		smp_send_event_check(v->processor);
}

void evtchn_mark_events_pending(struct vcpu *v)
{
	if (!v->vcpu_info)
		return;
	__atomic_store_n(&v->vcpu_info->evtchn_upcall_pending, 1,
			 __ATOMIC_SEQ_CST);
	vcpu_kick(v);
}

void evtchn_set_pending(struct vcpu *v, unsigned int port)
{
	struct domain *d = v->domain;
	struct shared_info *sh = d->shared_info;
	struct vcpu_info *vi = v->vcpu_info;
	unsigned int w = port / BITS_PER_WORD, b = port % BITS_PER_WORD;
	struct evtchn *chn;

	if (d->evtchn->fifo) {
		if ((chn = port_chn(d->evtchn, port)))
			evtchn_fifo_set_pending(v, chn, port);
		return;
	}
	if (!sh || port >= NR_EVENT_CHANNELS)
		return;
	if (test_and_set_word_bit((unsigned long *)&sh->evtchn_pending[w], b))
		return;
	if (!(READ_ONCE(sh->evtchn_mask[w]) & (1UL << b)) && vi &&
	    !test_and_set_word_bit((unsigned long *)&vi->evtchn_pending_sel, w))
		evtchn_mark_events_pending(v);
	evtchn_check_pollers(d, port);
}

/* Clear the mask bit; a pending port then raises the notify vCPU. */
static void evtchn_unmask_port(struct domain *d, struct evtchn *chn, u32 port)
{
	struct shared_info *sh = d->shared_info;
	struct vcpu *v = domain_vcpu(d, chn->notify_vcpu);
	unsigned int w = port / BITS_PER_WORD;
	unsigned long m = 1UL << (port % BITS_PER_WORD);

	if (d->evtchn->fifo) {
		evtchn_fifo_unmask(d, chn, port);
		return;
	}
	if (!sh || !v || !v->vcpu_info || port >= NR_EVENT_CHANNELS)
		return;
	if ((__atomic_fetch_and((unsigned long *)&sh->evtchn_mask[w], ~m,
				__ATOMIC_SEQ_CST) &
	     m) &&
	    (READ_ONCE(sh->evtchn_pending[w]) & m) &&
	    !test_and_set_word_bit(
		    (unsigned long *)&v->vcpu_info->evtchn_pending_sel, w))
		evtchn_mark_events_pending(v);
}

/* Raise port of d on its notify vCPU.  Caller holds d's lock. */
static void raise_port(struct domain *d, struct evtchn *chn, u32 port)
{
	struct vcpu *v = domain_vcpu(d, chn->notify_vcpu);

	if (v)
		evtchn_set_pending(v, port);
}

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
	struct domain *d = v->domain;
	unsigned long flags;
	u32 port;

	if (!d->evtchn || virq >= NR_VIRQS || virq_is_global(virq))
		return;
	flags = evtchn_lock_one(d);
	port = v->virq_to_port[virq];
	if (port)
		evtchn_set_pending(v, port);
	evtchn_unlock_one(d, flags);
}

void send_guest_global_virq(struct domain *d, unsigned int virq)
{
	struct vcpu *v0 = d->vcpu ? domain_vcpu(d, 0) : NULL;
	struct evtchn *chn;
	unsigned long flags;

	if (!d->evtchn || !v0 || virq >= NR_VIRQS || !virq_is_global(virq))
		return;
	flags = evtchn_lock_one(d);
	chn = bound_chn(d->evtchn, v0->virq_to_port[virq]);
	if (chn)
		raise_port(d, chn, v0->virq_to_port[virq]);
	evtchn_unlock_one(d, flags);
}

/* ---- domain setup and teardown ---- */

int evtchn_domain_init(struct domain *d)
{
	struct evtchn_domain *ed;

	if (d->domain_id == DOMID_IDLE_)
		return 0;
	ed = xzalloc_unshared(struct evtchn_domain);
	if (!ed)
		return -ENOMEM;
	spin_lock_init(&ed->lock);
	ed->max_port = EVTCHN_MAX_PORT_UNLIMITED;
	ed->poll_bits = xzalloc_unshared_bytes(
		(size_t)d->max_vcpus * BITS_PER_WORD * sizeof(unsigned long));
	/* Bucket 0 now (as Xen): a guest's first ports allocate nothing. */
	ed->bucket[0] = alloc_bucket();
	if (!ed->poll_bits || !ed->bucket[0]) {
		xfree(ed->bucket[0]);
		xfree(ed->poll_bits);
		xfree(ed);
		return -ENOMEM;
	}
	d->evtchn = ed;
	return 0;
}

/*
 * With d's lock held and rd the peer of one of d's interdomain ports
 * (so rd is alive), take rd's lock too without breaking the lock order.
 * False: rd is contended out of order; drop d's lock and start again.
 */
static bool lock_peer(struct domain *d, struct domain *rd)
{
	if (rd == d)
		return true;
	if (rd->domain_id > d->domain_id) {
		spin_lock(&rd->evtchn->lock);
		return true;
	}
	return spin_trylock(&rd->evtchn->lock);
}

static void unlock_peer(struct domain *d, struct domain *rd)
{
	if (rd != d)
		spin_unlock(&rd->evtchn->lock);
}

/*
 * Free a bound port.  Caller holds d's lock and, for an interdomain
 * port, the peer's; the peer reverts to unbound, accepting d again.
 */
static void free_port(struct domain *d, struct evtchn *chn, u32 port)
{
	struct evtchn last;
	struct vcpu *v;

	switch (chn->state) {
	case EVTCHNSTAT_interdomain: {
		struct domain *rd = chn->u.interdomain.d;
		struct evtchn *rchn =
			port_chn(rd->evtchn, chn->u.interdomain.port);

		rchn->state = EVTCHNSTAT_unbound;
		rchn->u.unbound_remote = d->domain_id;
		break;
	}
	case EVTCHNSTAT_virq:
		v = domain_vcpu(
			d, virq_is_global(chn->u.virq) ? 0 : chn->notify_vcpu);
		if (v && v->virq_to_port[chn->u.virq] == port)
			v->virq_to_port[chn->u.virq] = 0;
		break;
	case EVTCHNSTAT_pirq:
		pirq_unbind_port(d, chn->u.pirq, port); /* masks the pin */
		break;
	default:
		break;
	}
	if (d->evtchn->fifo)
		evtchn_fifo_clear_pending(d, chn, port);
	else if (d->shared_info && port < NR_EVENT_CHANNELS)
		__atomic_fetch_and(
			(unsigned long *)&d->shared_info
				->evtchn_pending[port / BITS_PER_WORD],
			~(1UL << (port % BITS_PER_WORD)), __ATOMIC_SEQ_CST);
	last = *chn;
	memset(chn, 0, sizeof(*chn));
	chn->last_vcpu = last.last_vcpu; /* its word may still be queued */
	chn->last_prio = last.last_prio;
}

#define LOCK_RETRIES 100000 /* out-of-order peer lock contended */

static long close_port(struct domain *d, u32 port)
{
	for (unsigned int tries = 0; tries < LOCK_RETRIES; tries++) {
		unsigned long flags = evtchn_lock_one(d);
		struct evtchn *chn = bound_chn(d->evtchn, port);
		struct domain *rd = NULL;

		if (!chn) {
			evtchn_unlock_one(d, flags);
			return -EINVAL;
		}
		if (chn->state == EVTCHNSTAT_interdomain)
			rd = chn->u.interdomain.d;
		if (!rd || lock_peer(d, rd)) {
			free_port(d, chn, port);
			if (rd)
				unlock_peer(d, rd);
			evtchn_unlock_one(d, flags);
			return 0;
		}
		evtchn_unlock_one(d, flags);
		cpu_relax();
	}
	return -EBUSY;
}

void evtchn_domain_destroy(struct domain *d)
{
	struct evtchn_domain *ed = d->evtchn;
	unsigned long flags;

	if (!ed)
		return;
	flags = evtchn_lock_one(d);
	ed->dying = true;
	evtchn_unlock_one(d, flags);
	for (u32 port = 1; port < EVTCHN_TABLE_PORTS; port++)
		if (ed->bucket[port / PORTS_PER_BUCKET])
			close_port(d, port);
	pirq_domain_destroy(d);
	evtchn_fifo_destroy(d); /* drops the guest frames it mapped */
	d->evtchn = NULL;
	for (unsigned int i = 0; i < NR_BUCKETS; i++)
		xfree(ed->bucket[i]);
	xfree(ed->poll_bits);
	xfree(ed);
}

int evtchn_set_max_port(struct domain *d, unsigned int max_port)
{
	struct evtchn_domain *ed = d->evtchn;
	unsigned long flags;

	if (!ed)
		return -EINVAL;
	flags = evtchn_lock_one(d);
	/* Ports already above the new limit stay bound, as on Xen. */
	ed->max_port = max_port < EVTCHN_MAX_PORT_UNLIMITED
			       ? max_port
			       : EVTCHN_MAX_PORT_UNLIMITED;
	evtchn_unlock_one(d, flags);
	return 0;
}

/* ---- EVTCHNOP_* ---- */

/*
 * DOMID_SELF or our own id, or any domain for a privileged caller.  As
 * Xen: the domain is looked up first (-ESRCH), then the caller's right
 * to act on it is checked (-EPERM).  Returns a reference.
 */
static struct domain *target_domain(domid_t dom, long *rc)
{
	struct domain *cd = current->domain, *d;

	if (dom == DOMID_SELF || dom == cd->domain_id)
		return get_domain(cd) ? cd : NULL; /* never fails: we run */
	d = dom < DOMID_FIRST_RESERVED ? domain_lookup(dom) : NULL;
	if (!d || !d->evtchn || !cd->is_privileged) {
		*rc = d && d->evtchn ? -EPERM : -ESRCH;
		if (d)
			put_domain(d);
		return NULL;
	}
	return d; /* referenced: the caller puts it */
}

static long evtchn_alloc_unbound(struct evtchn_alloc_unbound *a)
{
	struct domain *d, *cd = current->domain;
	domid_t remote =
		a->remote_dom == DOMID_SELF ? cd->domain_id : a->remote_dom;
	unsigned long flags;
	long rc = 0;
	int port;

	/* As Xen, remote_dom need not exist yet: binding checks it. */
	if (!(d = target_domain(a->dom, &rc)))
		return rc;
	flags = evtchn_lock_one(d);
	port = alloc_port(d->evtchn);
	if (port > 0) {
		struct evtchn *chn = port_chn(d->evtchn, port);

		chn->state = EVTCHNSTAT_unbound;
		chn->u.unbound_remote = remote;
		a->port = port;
	}
	evtchn_unlock_one(d, flags);
	put_domain(d);
	return port < 0 ? port : 0;
}

/* Connect a new port of ld to rd's unbound port; both locks held. */
static long connect_ports(struct domain *ld, struct domain *rd, u32 rport)
{
	struct evtchn *rchn = bound_chn(rd->evtchn, rport), *lchn;
	int lport = alloc_port(ld->evtchn); /* as Xen: the local port first */

	if (lport < 0)
		return lport;
	/* As Xen: a dying remote end's ports are (being) closed: -EINVAL. */
	if (rd->evtchn->dying || !rchn || rchn->state != EVTCHNSTAT_unbound ||
	    rchn->u.unbound_remote != ld->domain_id)
		return -EINVAL;
	lchn = port_chn(ld->evtchn, lport);
	lchn->state = EVTCHNSTAT_interdomain;
	lchn->notify_vcpu = 0;
	lchn->u.interdomain.d = rd;
	lchn->u.interdomain.port = rport;
	rchn->state = EVTCHNSTAT_interdomain;
	rchn->u.interdomain.d = ld;
	rchn->u.interdomain.port = lport;
	/* As Xen: a notification sent before the bind is not lost. */
	raise_port(ld, lchn, lport);
	return lport;
}

static long evtchn_bind_interdomain(struct evtchn_bind_interdomain *b)
{
	struct domain *ld = current->domain, *rd;
	domid_t rdom =
		b->remote_dom == DOMID_SELF ? ld->domain_id : b->remote_dom;
	unsigned long flags;
	long rc;

	rd = rdom < DOMID_FIRST_RESERVED ? domain_lookup(rdom) : NULL;
	if (!rd || !rd->evtchn) {
		if (rd)
			put_domain(rd);
		return -ESRCH;
	}
	flags = evtchn_lock_pair(ld, rd);
	rc = connect_ports(ld, rd, b->remote_port);
	evtchn_unlock_pair(ld, rd, flags);
	put_domain(rd);
	if (rc < 0)
		return rc;
	b->local_port = rc;
	return 0;
}

static long evtchn_bind_virq(struct evtchn_bind_virq *bv)
{
	struct domain *d = current->domain;
	struct vcpu *v;
	unsigned long flags;
	int port;

	if (bv->virq >= NR_VIRQS)
		return -EINVAL;
	if (virq_is_global(bv->virq) && bv->vcpu != 0)
		return -EINVAL;
	if (!(v = domain_vcpu(d, bv->vcpu)))
		return -ENOENT;
	flags = evtchn_lock_one(d);
	if (v->virq_to_port[bv->virq])
		port = -EEXIST;
	else
		port = alloc_port(d->evtchn);
	if (port > 0) {
		struct evtchn *chn = port_chn(d->evtchn, port);

		chn->state = EVTCHNSTAT_virq;
		chn->notify_vcpu = bv->vcpu;
		chn->u.virq = bv->virq;
		v->virq_to_port[bv->virq] = port;
		bv->port = port;
	}
	evtchn_unlock_one(d, flags);
	return port < 0 ? port : 0;
}

static long evtchn_bind_ipi(struct evtchn_bind_ipi *bi)
{
	struct domain *d = current->domain;
	unsigned long flags;
	int port;

	if (!domain_vcpu(d, bi->vcpu))
		return -ENOENT;
	flags = evtchn_lock_one(d);
	port = alloc_port(d->evtchn);
	if (port > 0) {
		struct evtchn *chn = port_chn(d->evtchn, port);

		chn->state = EVTCHNSTAT_ipi;
		chn->notify_vcpu = bi->vcpu;
		bi->port = port;
	}
	evtchn_unlock_one(d, flags);
	return port < 0 ? port : 0;
}

/*
 * A new port for a pirq mapped to this domain (dom0).  The pirq side
 * checks and records the binding, and unmasks the pin, before the port is
 * marked bound; an interrupt in between waits for our lock.  The flags
 * (BIND_PIRQ__WILL_SHARE) change nothing: no pirq is ever shared between
 * domains.
 */
static long evtchn_bind_pirq(struct evtchn_bind_pirq *bp)
{
	struct domain *d = current->domain;
	unsigned long flags;
	int port;

	if (!d->is_privileged)
		return -EPERM;
	flags = evtchn_lock_one(d);
	port = alloc_port(d->evtchn);
	if (port > 0) {
		int rc = pirq_bind_port(d, bp->pirq, port);

		if (rc)
			port = rc;
	}
	if (port > 0) {
		struct evtchn *chn = port_chn(d->evtchn, port);

		chn->state = EVTCHNSTAT_pirq;
		chn->notify_vcpu = 0;
		chn->u.pirq = bp->pirq;
		bp->port = port;
	}
	evtchn_unlock_one(d, flags);
	return port < 0 ? port : 0;
}

void evtchn_send_pirq(struct domain *d, u32 port, u32 pirq)
{
	struct evtchn *chn;
	unsigned long flags;

	if (!d->evtchn)
		return;
	flags = evtchn_lock_one(d);
	chn = bound_chn(d->evtchn, port);
	if (chn && chn->state == EVTCHNSTAT_pirq && chn->u.pirq == pirq)
		raise_port(d, chn, port);
	evtchn_unlock_one(d, flags);
}

/*
 * Raise the peer of interdomain port chn with its lock taken too (its
 * FIFO queues are guarded by it); false: contended out of order, retry.
 */
static bool raise_peer(struct domain *d, struct evtchn *chn)
{
	struct domain *rd = chn->u.interdomain.d;
	u32 rport = chn->u.interdomain.port;

	/* rd's port cannot change without our lock: rd is alive. */
	if (!lock_peer(d, rd))
		return false;
	raise_port(rd, port_chn(rd->evtchn, rport), rport);
	unlock_peer(d, rd);
	return true;
}

static long evtchn_send(u32 port)
{
	struct domain *d = current->domain;

	for (unsigned int tries = 0; tries < LOCK_RETRIES; tries++) {
		unsigned long flags = evtchn_lock_one(d);
		struct evtchn *chn = bound_chn(d->evtchn, port);
		long rc = 0;

		if (!chn)
			rc = -EINVAL;
		else if (chn->state == EVTCHNSTAT_interdomain &&
			 !raise_peer(d, chn))
			rc = -EAGAIN;
		else if (chn->state == EVTCHNSTAT_ipi)
			raise_port(d, chn, port);
		else if (chn->state != EVTCHNSTAT_unbound &&
			 chn->state != EVTCHNSTAT_interdomain)
			rc = -EINVAL; /* VIRQ, PIRQ: only we raise them */
		evtchn_unlock_one(d, flags);
		if (rc != -EAGAIN)
			return rc;
		cpu_relax();
	}
	return -EBUSY;
}

static long evtchn_status(struct evtchn_status *st)
{
	struct domain *d;
	struct evtchn *chn;
	unsigned long flags;
	long rc = 0;

	if (!(d = target_domain(st->dom, &rc)))
		return rc;
	flags = evtchn_lock_one(d);
	chn = port_chn(d->evtchn, st->port);
	if (!chn) {
		evtchn_unlock_one(d, flags);
		put_domain(d);
		return -EINVAL;
	}
	memset(&st->u, 0, sizeof(st->u));
	st->status = chn->state;
	st->vcpu = chn->notify_vcpu;
	if (chn->state == EVTCHNSTAT_unbound) {
		st->u.unbound.dom = chn->u.unbound_remote;
	} else if (chn->state == EVTCHNSTAT_interdomain) {
		st->u.interdomain.dom = chn->u.interdomain.d->domain_id;
		st->u.interdomain.port = chn->u.interdomain.port;
	} else if (chn->state == EVTCHNSTAT_virq) {
		st->u.virq = chn->u.virq;
	} else if (chn->state == EVTCHNSTAT_pirq) {
		st->u.pirq = chn->u.pirq;
	}
	evtchn_unlock_one(d, flags);
	put_domain(d);
	return 0;
}

static long evtchn_bind_vcpu(struct evtchn_bind_vcpu *bv)
{
	struct domain *d = current->domain;
	unsigned long flags;
	struct evtchn *chn;
	long rc = 0;

	if (!domain_vcpu(d, bv->vcpu))
		return -ENOENT;
	flags = evtchn_lock_one(d);
	chn = bound_chn(d->evtchn, bv->port);
	if (!chn)
		rc = -EINVAL;
	else if (chn->state == EVTCHNSTAT_ipi ||
		 (chn->state == EVTCHNSTAT_virq &&
		  !virq_is_global(chn->u.virq)))
		rc = -EINVAL;
	else
		chn->notify_vcpu = bv->vcpu;
	evtchn_unlock_one(d, flags);
	return rc;
}

static long evtchn_unmask(u32 port)
{
	struct domain *d = current->domain;
	unsigned long flags = evtchn_lock_one(d);
	struct evtchn *chn = port_chn(d->evtchn, port);

	if (chn)
		evtchn_unmask_port(d, chn, port);
	evtchn_unlock_one(d, flags);
	return chn ? 0 : -EINVAL;
}

static long evtchn_reset(domid_t dom)
{
	struct domain *d;
	long rc = 0;

	if (!(d = target_domain(dom, &rc)))
		return rc;
	for (u32 port = 1; port < EVTCHN_TABLE_PORTS; port++)
		if (port_chn(d->evtchn, port))
			close_port(d, port);
	evtchn_fifo_destroy(d); /* as Xen: back to 2-level */
	put_domain(d);
	return 0;
}

/* Copy the argument in, run op, copy it back out when op succeeded. */
#define EVTCHN_CALL(type, fn, out)                                             \
	do {                                                                   \
		type a_;                                                       \
		long rc_;                                                      \
		if (copy_from_guest(&a_, arg, sizeof(a_)))                     \
			return -EFAULT;                                        \
		rc_ = fn(&a_);                                                 \
		if (!rc_ && (out) && copy_to_guest(arg, &a_, sizeof(a_)))      \
			return -EFAULT;                                        \
		return rc_;                                                    \
	} while (0)

static long evtchn_close_op(struct evtchn_close *c)
{
	return close_port(current->domain, c->port);
}

static long evtchn_send_op(struct evtchn_send *s)
{
	return evtchn_send(s->port);
}

static long evtchn_unmask_op(struct evtchn_unmask *u)
{
	return evtchn_unmask(u->port);
}

static long evtchn_reset_op(struct evtchn_reset *r)
{
	return evtchn_reset(r->dom);
}

long do_event_channel_op(unsigned long cmd, unsigned long arg)
{
	if (!current->domain->evtchn)
		return -ENOSYS;
	switch (cmd) {
	case EVTCHNOP_alloc_unbound:
		EVTCHN_CALL(struct evtchn_alloc_unbound, evtchn_alloc_unbound,
			    true);
	case EVTCHNOP_bind_interdomain:
		EVTCHN_CALL(struct evtchn_bind_interdomain,
			    evtchn_bind_interdomain, true);
	case EVTCHNOP_bind_virq:
		EVTCHN_CALL(struct evtchn_bind_virq, evtchn_bind_virq, true);
	case EVTCHNOP_bind_ipi:
		EVTCHN_CALL(struct evtchn_bind_ipi, evtchn_bind_ipi, true);
	case EVTCHNOP_bind_pirq:
		EVTCHN_CALL(struct evtchn_bind_pirq, evtchn_bind_pirq, true);
	case EVTCHNOP_close:
		EVTCHN_CALL(struct evtchn_close, evtchn_close_op, false);
	case EVTCHNOP_send:
		EVTCHN_CALL(struct evtchn_send, evtchn_send_op, false);
	case EVTCHNOP_status:
		EVTCHN_CALL(struct evtchn_status, evtchn_status, true);
	case EVTCHNOP_bind_vcpu:
		EVTCHN_CALL(struct evtchn_bind_vcpu, evtchn_bind_vcpu, false);
	case EVTCHNOP_unmask:
		EVTCHN_CALL(struct evtchn_unmask, evtchn_unmask_op, false);
	case EVTCHNOP_reset:
		EVTCHN_CALL(struct evtchn_reset, evtchn_reset_op, false);
	case EVTCHNOP_init_control:
		EVTCHN_CALL(struct evtchn_init_control,
			    evtchn_fifo_init_control, true);
	case EVTCHNOP_expand_array:
		EVTCHN_CALL(struct evtchn_expand_array,
			    evtchn_fifo_expand_array, false);
	case EVTCHNOP_set_priority:
		EVTCHN_CALL(struct evtchn_set_priority,
			    evtchn_fifo_set_priority, false);
	default:
		return -ENOSYS;
	}
}
