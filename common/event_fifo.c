/*
 * Event channels, FIFO ABI (EVTCHNOP_init_control, expand_array,
 * set_priority): a pending event is linked into one of 16 priority
 * queues of its notify vCPU.  The queues live in the guest's memory: an
 * event array of 32-bit words (PENDING, MASKED, LINKED, BUSY and a
 * 17-bit link to the next port) and per vCPU a control block with a
 * ready bit per non-empty queue and each queue's head.  The guest takes
 * events from the heads; we append at the tails, which only we know.
 *
 * Interface: a domain leaves the 2-level ABI with its first successful
 * init_control and returns to it with EVTCHNOP_reset (or teardown), both
 * through evtchn_fifo_destroy(); while ed->fifo is set event_channel.c
 * routes set_pending/unmask/clear/is_pending through the hooks here.
 * Invariants: ed->fifo and everything reachable from it change only
 * under ed->lock.  Each mapped frame (control blocks, array pages) holds
 * a general and a writable type reference from the hypercall that mapped
 * it until evtchn_fifo_destroy(), so it never becomes a page table under
 * our writes; references are taken and dropped outside ed->lock.  A
 * port's word is in at most one queue, the one named by its
 * last_vcpu/last_prio; a queue's tail is the last port we linked into it
 * (0: none).  The guest may change a LINKED word only by setting or
 * clearing MASKED, clearing PENDING, or clearing LINKED with the link;
 * we change words and control blocks only with atomic operations.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/page.h>
#include <asm/pv_mm.h>
#include <public/event_channel.h>
#include "event_channel.h"

#define WORDS_PER_PAGE	(PAGE_SIZE / sizeof(event_word_t))	   /* 1024 */
#define MAX_ARRAY_PAGES (EVTCHN_FIFO_NR_CHANNELS / WORDS_PER_PAGE) /* 128 */
#define CB_ALIGN	8 /* control block offset alignment (as Xen) */
#define LINK_TRIES	4 /* a BUSY word changes at most this often */
#define W_PENDING	(1u << EVTCHN_FIFO_PENDING)
#define W_MASKED	(1u << EVTCHN_FIFO_MASKED)
#define W_LINKED	(1u << EVTCHN_FIFO_LINKED)
#define W_BUSY		(1u << EVTCHN_FIFO_BUSY)

struct fifo_vcpu {
	struct page_info *cb_page; /* control block frame; NULL: none */
	struct evtchn_fifo_control_block *cb; /* its direct-map address */
	u32 tail[EVTCHN_FIFO_MAX_QUEUES];     /* last port linked; 0: empty */
};

struct evtchn_fifo {
	unsigned int nr_pages;		      /* words for ports < nr*1024 */
	event_word_t *array[MAX_ARRAY_PAGES]; /* direct-map addresses */
	struct page_info *array_pg[MAX_ARRAY_PAGES]; /* their frames */
	unsigned int nr_vcpus;			     /* d->max_vcpus */
	struct fifo_vcpu vcpu[];		     /* [nr_vcpus] */
};

static event_word_t *word_of(struct evtchn_fifo *f, u32 port)
{
	if (port >= f->nr_pages * WORDS_PER_PAGE)
		return NULL;
	return &f->array[port / WORDS_PER_PAGE][port % WORDS_PER_PAGE];
}

static u32 word_read(const event_word_t *w)
{
	return __atomic_load_n(w, __ATOMIC_SEQ_CST);
}

/* Set bits m of *w; true if all of them were set already. */
static bool word_test_and_set(event_word_t *w, u32 m)
{
	return (__atomic_fetch_or(w, m, __ATOMIC_SEQ_CST) & m) == m;
}

static void word_clear(event_word_t *w, u32 m)
{
	__atomic_fetch_and(w, ~m, __ATOMIC_SEQ_CST);
}

/*
 * A frame of d (PV: gfn = mfn) for our writes: a general and a writable
 * type reference, then its direct-map address.  NULL if d does not own it
 * or it has another type (a page table, a descriptor page).
 */
static void *take_frame(struct domain *d, u64 gfn, struct page_info **pg)
{
	if (gfn >= max_page)
		return NULL;
	*pg = mfn_to_page(_mfn(gfn));
	if (get_page_and_type(*pg, d, PGT_writable_page))
		return NULL;
	return mfn_to_virt(_mfn(gfn));
}

/* ---- delivery (ed->lock held) ---- */

/*
 * Point the tail word w at port while it is still LINKED.  The guest may
 * be unlinking it; BUSY stops it from clearing MASKED meanwhile, which
 * bounds the retries.  False: w was unlinked (the queue is empty).
 */
static bool set_link(event_word_t *w, u32 port)
{
	u32 old = word_read(w);
	bool busy = false;

	for (unsigned int i = 0; i <= LINK_TRIES; i++) {
		u32 new = (old & ~(W_BUSY | EVTCHN_FIFO_LINK_MASK)) | port;

		if (!(old & W_LINKED))
			break;
		if (__atomic_compare_exchange_n(w, &old, new, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			return true; /* also dropped our BUSY */
		if (!busy) {
			__atomic_fetch_or(w, W_BUSY, __ATOMIC_SEQ_CST);
			busy = true;
			old = word_read(w);
		}
	}
	if (busy)
		word_clear(w, W_BUSY);
	/* Out of tries: a guest playing with the word loses this event. */
	return old & W_LINKED;
}

/*
 * Append port (whose LINKED bit we just set) to v's queue of its
 * priority.  False: that queue was empty and port is now its head.
 */
static bool link_port(struct evtchn_fifo *f, struct evtchn *chn,
		      unsigned int vid, u32 port)
{
	struct fifo_vcpu *old = &f->vcpu[chn->last_vcpu], *fv = &f->vcpu[vid];
	unsigned int prio = chn->priority;
	bool linked = false;

	/* The guest unlinked port: its old queue ends before it now. */
	if (old->tail[chn->last_prio] == port)
		old->tail[chn->last_prio] = 0;
	chn->last_vcpu = vid;
	chn->last_prio = prio;
	if (fv->tail[prio])
		linked = set_link(word_of(f, fv->tail[prio]), port);
	if (!linked)
		__atomic_store_n(&fv->cb->head[prio], port, __ATOMIC_SEQ_CST);
	fv->tail[prio] = port;
	return linked;
}

/*
 * Queue port (word w, pending) on v unless it is masked or already
 * linked; true if that made the queue ready, so v needs its upcall.
 */
static bool queue_port(struct evtchn_fifo *f, struct evtchn *chn,
		       unsigned int vid, event_word_t *w, u32 port)
{
	u32 bit;

	if ((word_read(w) & W_MASKED) || word_test_and_set(w, W_LINKED))
		return false;
	if (link_port(f, chn, vid, port))
		return false; /* behind a queued tail: already ready */
	bit = 1u << chn->last_prio;
	return !(__atomic_fetch_or(&f->vcpu[vid].cb->ready, bit,
				   __ATOMIC_SEQ_CST) &
		 bit);
}

void evtchn_fifo_set_pending(struct vcpu *v, struct evtchn *chn, u32 port)
{
	struct domain *d = v->domain;
	struct evtchn_fifo *f = d->evtchn->fifo;
	event_word_t *w = word_of(f, port);
	bool was_pending;

	if (!w) {
		chn->fifo_pending = 1; /* raised when its page arrives */
		return;
	}
	/* As Xen: no control block yet, the guest cannot have unmasked. */
	if (!f->vcpu[v->vcpu_id].cb)
		return;
	was_pending = word_test_and_set(w, W_PENDING);
	if (queue_port(f, chn, v->vcpu_id, w, port))
		evtchn_mark_events_pending(v);
	if (!was_pending)
		evtchn_check_pollers(d, port);
}

void evtchn_fifo_clear_pending(struct domain *d, struct evtchn *chn, u32 port)
{
	event_word_t *w = word_of(d->evtchn->fifo, port);

	chn->fifo_pending = 0;
	/* A linked word stays linked: the guest skips it as not pending. */
	if (w)
		word_clear(w, W_PENDING);
}

void evtchn_fifo_unmask(struct domain *d, struct evtchn *chn, u32 port)
{
	event_word_t *w = word_of(d->evtchn->fifo, port);
	struct vcpu *v = chn->notify_vcpu < d->max_vcpus
				 ? d->vcpu[chn->notify_vcpu]
				 : NULL;

	if (!w || chn->state == EVTCHNSTAT_closed)
		return;
	word_clear(w, W_MASKED);
	/* Linux leaves a pending word masked and asks us to relink it. */
	if ((word_read(w) & W_PENDING) && v)
		evtchn_fifo_set_pending(v, chn, port);
}

bool evtchn_fifo_is_pending(struct evtchn_domain *ed, u32 port)
{
	event_word_t *w = word_of(ed->fifo, port);

	return w && (word_read(w) & W_PENDING);
}

bool evtchn_fifo_is_busy(struct evtchn_domain *ed, u32 port)
{
	event_word_t *w = word_of(ed->fifo, port);

	return w && (word_read(w) & W_LINKED);
}

/* ---- setup and teardown ---- */

static struct evtchn_fifo *fifo_alloc(struct domain *d)
{
	struct evtchn_fifo *f = xzalloc_unshared_bytes(
		sizeof(*f) + d->max_vcpus * sizeof(f->vcpu[0]));

	if (f)
		f->nr_vcpus = d->max_vcpus;
	return f;
}

/*
 * Leave 2-level (ed->lock held): as Xen, bound ports start at the
 * default priority and keep a 2-level pending bit as fifo_pending, to be
 * raised when their array page is added.
 */
static void fifo_switch(struct domain *d, struct evtchn_fifo *f)
{
	struct evtchn_domain *ed = d->evtchn;
	const struct shared_info *sh = d->shared_info;

	for (u32 port = 1; port < NR_EVENT_CHANNELS; port++) {
		struct evtchn *chn = evtchn_port_chn(ed, port);

		if (!chn || chn->state == EVTCHNSTAT_closed)
			continue;
		chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
		chn->last_vcpu = 0;
		chn->last_prio = 0;
		chn->fifo_pending =
			sh && (READ_ONCE(sh->evtchn_pending[port / 64]) &
			       (1UL << (port % 64)));
	}
	ed->fifo = f;
}

/* Under ed->lock: install cb (on frame pg) for vCPU vid, switching d. */
static long attach_control_block(struct domain *d, struct evtchn_fifo **fnew,
				 unsigned int vid, struct page_info *pg,
				 void *cb)
{
	struct evtchn_domain *ed = d->evtchn;
	struct fifo_vcpu *fv;

	if (ed->dying)
		return -EINVAL;
	if (!ed->fifo) {
		fifo_switch(d, *fnew);
		*fnew = NULL;
	}
	fv = &ed->fifo->vcpu[vid];
	if (fv->cb_page)
		return -EINVAL; /* as Xen: once per vCPU */
	fv->cb_page = pg;
	fv->cb = cb;
	return 0;
}

long evtchn_fifo_init_control(struct evtchn_init_control *c)
{
	struct domain *d = current->domain;
	struct evtchn_fifo *fnew = NULL;
	struct page_info *pg;
	unsigned long flags;
	u8 *va;
	long rc;

	c->link_bits = EVTCHN_FIFO_LINK_BITS;
	if (c->vcpu >= d->max_vcpus || !d->vcpu[c->vcpu])
		return -ENOENT;
	if (c->offset > PAGE_SIZE - sizeof(struct evtchn_fifo_control_block) ||
	    (c->offset & (CB_ALIGN - 1)))
		return -EINVAL;
	if (!(va = take_frame(d, c->control_gfn, &pg)))
		return -EINVAL;
	for (;;) {
		spin_lock_irqsave(&d->evtchn->lock, flags);
		if (d->evtchn->fifo || fnew)
			break;
		spin_unlock_irqrestore(&d->evtchn->lock, flags);
		if (!(fnew = fifo_alloc(d))) {
			put_page_and_type(pg);
			return -ENOMEM;
		}
	}
	rc = attach_control_block(d, &fnew, c->vcpu, pg, va + c->offset);
	spin_unlock_irqrestore(&d->evtchn->lock, flags);
	if (rc)
		put_page_and_type(pg);
	xfree(fnew);
	return rc;
}

/* -EOPNOTSUPP (2-level), -ENOSPC (full) or 0; ed->lock held. */
static long array_room(struct evtchn_domain *ed)
{
	if (!ed->fifo)
		return -EOPNOTSUPP;
	return ed->fifo->nr_pages < MAX_ARRAY_PAGES ? 0 : -ENOSPC;
}

/* Add the page; raise what was pending while its words were missing. */
static void add_array_page(struct domain *d, struct page_info *pg, void *va)
{
	struct evtchn_fifo *f = d->evtchn->fifo;
	u32 first = f->nr_pages * WORDS_PER_PAGE;

	f->array[f->nr_pages] = va;
	f->array_pg[f->nr_pages++] = pg;
	for (u32 port = first; port < first + WORDS_PER_PAGE; port++) {
		struct evtchn *chn = evtchn_port_chn(d->evtchn, port);

		if (!chn || !chn->fifo_pending)
			continue;
		chn->fifo_pending = 0;
		if (chn->notify_vcpu < d->max_vcpus &&
		    d->vcpu[chn->notify_vcpu])
			evtchn_fifo_set_pending(d->vcpu[chn->notify_vcpu], chn,
						port);
	}
}

long evtchn_fifo_expand_array(struct evtchn_expand_array *e)
{
	struct domain *d = current->domain;
	struct evtchn_domain *ed = d->evtchn;
	struct page_info *pg;
	unsigned long flags;
	void *va;
	long rc;

	/* As Xen: no FIFO, or full, is answered before the frame is looked at.
	 */
	spin_lock_irqsave(&ed->lock, flags);
	rc = array_room(ed);
	spin_unlock_irqrestore(&ed->lock, flags);
	if (rc)
		return rc;
	if (!(va = take_frame(d, e->array_gfn, &pg)))
		return -EINVAL;
	spin_lock_irqsave(&ed->lock, flags);
	rc = array_room(ed);
	if (!rc)
		add_array_page(d, pg, va);
	spin_unlock_irqrestore(&ed->lock, flags);
	if (rc)
		put_page_and_type(pg);
	return rc;
}

long evtchn_fifo_set_priority(struct evtchn_set_priority *s)
{
	struct evtchn_domain *ed = current->domain->evtchn;
	unsigned long flags;
	struct evtchn *chn;
	long rc = 0;

	spin_lock_irqsave(&ed->lock, flags);
	chn = evtchn_port_chn(ed, s->port);
	if (!chn)
		rc = -EINVAL;
	else if (!ed->fifo)
		rc = -ENOSYS;
	else if (chn->state == EVTCHNSTAT_closed)
		rc = -EACCES;
	else if (s->priority > EVTCHN_FIFO_PRIORITY_MIN)
		rc = -EINVAL;
	else
		chn->priority = s->priority; /* for its next link (as Xen) */
	spin_unlock_irqrestore(&ed->lock, flags);
	return rc;
}

void evtchn_fifo_destroy(struct domain *d)
{
	struct evtchn_domain *ed = d->evtchn;
	struct evtchn_fifo *f;
	unsigned long flags;

	spin_lock_irqsave(&ed->lock, flags);
	f = ed->fifo;
	ed->fifo = NULL;
	spin_unlock_irqrestore(&ed->lock, flags);
	if (!f)
		return;
	for (unsigned int i = 0; i < f->nr_pages; i++)
		put_page_and_type(f->array_pg[i]);
	for (unsigned int i = 0; i < f->nr_vcpus; i++)
		if (f->vcpu[i].cb_page)
			put_page_and_type(f->vcpu[i].cb_page);
	xfree(f);
}
