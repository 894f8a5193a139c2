/*
 * Private to common/event_channel.c, event_fifo.c and event_poll.c: the
 * port table both event ABIs share, its lock helpers, the FIFO ABI's
 * entry points and the poll wakeup.
 * Everything here is guarded by the domain's ed->lock (taken with
 * interrupts off); frame references are taken and dropped outside it,
 * since the page reference lock nests outside domain locks (xen/mm.h).
 */
#ifndef COMMON_EVENT_CHANNEL_H
#define COMMON_EVENT_CHANNEL_H

#include <xen/types.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <public/event_channel.h>

struct domain;
struct vcpu;
struct evtchn_fifo;

#define BITS_PER_WORD	   64 /* of the 2-level bitmaps and poll sets */
#define PORTS_PER_BUCKET   64
#define EVTCHN_TABLE_PORTS EVTCHN_FIFO_NR_CHANNELS /* either ABI's ports */
#define NR_BUCKETS	   (EVTCHN_TABLE_PORTS / PORTS_PER_BUCKET)

/*
 * One port; state uses the EVTCHNSTAT_* numbers (closed = free).  The
 * FIFO fields fill what would otherwise be padding; last_vcpu/last_prio
 * survive closing the port, since its event word may still be linked
 * into that queue.
 */
struct evtchn {
	u8 state;	 /* EVTCHNSTAT_* */
	u8 priority;	 /* FIFO queue for the next link (0-15) */
	u16 notify_vcpu; /* vCPU id that gets the upcall */
	u16 last_vcpu;	 /* FIFO: vCPU of the queue last linked into */
	u8 last_prio;	 /* FIFO: priority of that queue */
	u8 fifo_pending; /* FIFO: raised while its array page was missing */
	union {
		domid_t unbound_remote; /* UNBOUND: who may bind */
		struct {
			struct domain *d; /* peer domain */
			u32 port;	  /* peer port */
		} interdomain;		  /* INTERDOMAIN */
		u32 virq;		  /* VIRQ: VIRQ_* */
		u32 pirq;		  /* PIRQ: the domain's pirq */
	} u;
};

struct evtchn_domain {
	spinlock_t lock;		   /* guards everything here */
	bool dying;			   /* destroy started: no binds */
	unsigned int max_port;		   /* highest port allowed (domctl) */
	struct evtchn *bucket[NR_BUCKETS]; /* NULL = not allocated yet */
	unsigned long *poll_bits;	   /* [max_vcpus][64] bitmaps */
	struct evtchn_fifo *fifo;	   /* NULL: 2-level ABI */
};

static inline struct evtchn *evtchn_port_chn(struct evtchn_domain *ed, u32 port)
{
	struct evtchn *b;

	if (port >= EVTCHN_TABLE_PORTS)
		return NULL;
	b = ed->bucket[port / PORTS_PER_BUCKET];
	return b ? &b[port % PORTS_PER_BUCKET] : NULL;
}

/*
 * d's ed->lock with interrupts off; a pair (interdomain changes) in
 * domain id order, so two CPUs locking the same pair cannot deadlock.
 */
static inline unsigned long evtchn_lock_one(struct domain *d)
{
	unsigned long flags;

	spin_lock_irqsave(&d->evtchn->lock, flags);
	return flags;
}

static inline void evtchn_unlock_one(struct domain *d, unsigned long flags)
{
	spin_unlock_irqrestore(&d->evtchn->lock, flags);
}

static inline unsigned long evtchn_lock_pair(struct domain *a,
					     struct domain *b)
{
	unsigned long flags = arch_local_irq_save();

	if (a == b) {
		spin_lock(&a->evtchn->lock);
		return flags;
	}
	if (a->domain_id > b->domain_id) {
		struct domain *t = a;
		a = b;
		b = t;
	}
	spin_lock(&a->evtchn->lock);
	spin_lock(&b->evtchn->lock);
	return flags;
}

static inline void evtchn_unlock_pair(struct domain *a, struct domain *b,
				      unsigned long flags)
{
	if (a != b)
		spin_unlock(&b->evtchn->lock);
	spin_unlock(&a->evtchn->lock);
	arch_local_irq_restore(flags);
}

/* Ports the domain's ABI can name: 4096 (2-level) or 2^17 (FIFO). */
static inline u32 evtchn_abi_ports(const struct evtchn_domain *ed)
{
	return ed->fifo ? EVTCHN_FIFO_NR_CHANNELS : NR_EVENT_CHANNELS;
}

/* event_poll.c: wake vCPUs polling port; event_channel.c: mark v's
 * upcall and kick it. */
void evtchn_check_pollers(struct domain *d, unsigned int port);
void evtchn_mark_events_pending(struct vcpu *v);

/*
 * event_fifo.c.  The hypercalls take ed->lock themselves; the other
 * calls are made with it held and only while ed->fifo is set.
 */
long evtchn_fifo_init_control(struct evtchn_init_control *c);
long evtchn_fifo_expand_array(struct evtchn_expand_array *e);
long evtchn_fifo_set_priority(struct evtchn_set_priority *s);
/* Back to 2-level (EVTCHNOP_reset, teardown); ed->lock not held. */
void evtchn_fifo_destroy(struct domain *d);
void evtchn_fifo_set_pending(struct vcpu *v, struct evtchn *chn, u32 port);
void evtchn_fifo_clear_pending(struct domain *d, struct evtchn *chn, u32 port);
void evtchn_fifo_unmask(struct domain *d, struct evtchn *chn, u32 port);
bool evtchn_fifo_is_pending(struct evtchn_domain *ed, u32 port);
/* Still linked into a queue: the port must not be allocated again. */
bool evtchn_fifo_is_busy(struct evtchn_domain *ed, u32 port);

#endif
