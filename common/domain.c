/*
 * Domains: creation, page ownership, shutdown and teardown.
 *
 * Interface: domain_create() then vcpu_create() per vCPU, memory via
 * alloc_domheap_pages(), then domain_unpause().  domain_shutdown() and
 * domain_crash() stop every vCPU; the memory is returned once no CPU still
 * runs one of them (domain_try_destroy(), called by the scheduler).
 * Lifetime: d->refcnt counts references (see struct domain); teardown
 * (domain_destroy_resources) releases what d holds and drops the creation
 * reference; the last put_domain() frees the structs (domain_free).
 * Invariants: domlist_lock guards domain_list; d->lock guards d->state,
 * d->page_list and d->tot_pages.  A frame is on exactly one domain's
 * page_list iff it has PGC_allocated and u.owner == that domain.  struct
 * domain, struct vcpu and the other per-domain structures sit on pages of
 * their own (xzalloc_unshared), so teardown returns every page.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <xen/domain_hooks.h>
#include <xen/event.h>

struct domain *domain_list;
struct domain *idle_domain;
static DEFINE_SPINLOCK(domlist_lock);

void page_list_add_tail(struct page_info *pg, struct page_list_head *l)
{
	pg->list.next = NULL;
	pg->list.prev = l->tail;
	if (l->tail)
		l->tail->list.next = pg;
	else
		l->head = pg;
	l->tail = pg;
	l->count++;
}

void page_list_del(struct page_info *pg, struct page_list_head *l)
{
	if (pg->list.prev)
		pg->list.prev->list.next = pg->list.next;
	else
		l->head = pg->list.next;
	if (pg->list.next)
		pg->list.next->list.prev = pg->list.prev;
	else
		l->tail = pg->list.prev;
	pg->list.next = pg->list.prev = NULL;
	l->count--;
}

struct domain *domain_create(u16 domid, unsigned int max_vcpus, bool privileged)
{
	struct domain *d = xzalloc_unshared(struct domain);
	unsigned long flags;

	if (!d)
		return NULL;
	d->domain_id = domid;
	d->is_privileged = privileged;
	d->max_vcpus = max_vcpus;
	d->shutdown_code = SHUTDOWN_CODE_INVALID;
	d->refcnt = 1;
	d->max_grant_frames = DEFAULT_MAX_GRANT_FRAMES;
	d->max_maptrack_frames = DEFAULT_MAX_MAPTRACK_FRAMES;
	spin_lock_init(&d->lock);
	d->vcpu = xzalloc_unshared_bytes((size_t)max_vcpus * sizeof(*d->vcpu));
	if (!d->vcpu || evtchn_domain_init(d) || gnttab_domain_init(d) ||
	    arch_domain_create(d)) {
		gnttab_domain_release(d);
		evtchn_domain_destroy(d);
		xfree(d->vcpu);
		xfree(d);
		return NULL;
	}
	if (domid == DOMID_IDLE_)
		return d;                   /* the idle domain is not listed */
	spin_lock_irqsave(&domlist_lock, flags);
	d->next_in_list = domain_list;
	domain_list = d;
	spin_unlock_irqrestore(&domlist_lock, flags);
	return d;
}

struct domain *domain_by_id(u16 domid)
{
	struct domain *d;
	unsigned long flags;

	spin_lock_irqsave(&domlist_lock, flags);
	for (d = domain_list; d; d = d->next_in_list)
		if (d->domain_id == domid)
			break;
	spin_unlock_irqrestore(&domlist_lock, flags);
	return d;
}

bool get_domain(struct domain *d)
{
	int n = __atomic_load_n(&d->refcnt, __ATOMIC_RELAXED);

	do {
		if (n <= 0)
			return false;
	} while (!__atomic_compare_exchange_n(&d->refcnt, &n, n + 1, false,
					      __ATOMIC_ACQUIRE,
					      __ATOMIC_RELAXED));
	return true;
}

void put_domain(struct domain *d)
{
	int n = __atomic_sub_fetch(&d->refcnt, 1, __ATOMIC_ACQ_REL);

	BUG_ON(n < 0);
	if (!n)
		domain_free(d);
}

struct domain *domain_lookup(u16 domid)
{
	struct domain *d;
	unsigned long flags;

	spin_lock_irqsave(&domlist_lock, flags);
	for (d = domain_list; d; d = d->next_in_list)
		if (d->domain_id == domid)
			break;
	if (d && (READ_ONCE(d->state) == DOMSTATE_dying || !get_domain(d)))
		d = NULL;
	spin_unlock_irqrestore(&domlist_lock, flags);
	return d;
}

unsigned int domain_count(void)
{
	unsigned int n = 0;
	unsigned long flags;

	spin_lock_irqsave(&domlist_lock, flags);
	for (struct domain *d = domain_list; d; d = d->next_in_list)
		n++;
	spin_unlock_irqrestore(&domlist_lock, flags);
	return n;
}

void domain_for_each(void (*fn)(struct domain *d, void *arg), void *arg)
{
	unsigned long flags;

	spin_lock_irqsave(&domlist_lock, flags);
	for (struct domain *d = domain_list; d; d = d->next_in_list)
		fn(d, arg);
	spin_unlock_irqrestore(&domlist_lock, flags);
}

struct vcpu *vcpu_create(struct domain *d, unsigned int id, unsigned int cpu)
{
	struct vcpu *v;

	if (id >= d->max_vcpus || d->vcpu[id])
		return NULL;
	v = xzalloc_unshared(struct vcpu);
	if (!v)
		return NULL;
	v->vcpu_id = id;
	v->domain = d;
	v->processor = cpu;
	if (arch_vcpu_create(v)) {
		xfree(v);
		return NULL;
	}
	sched_vcpu_init(v);
	if (d->domain_id != DOMID_IDLE_)
		vcpu_op_vcpu_init(v);
	d->vcpu[id] = v;
	return v;
}

int assign_pages(struct domain *d, struct page_info *pg, unsigned int order)
{
	unsigned long flags, n = 1UL << order;

	spin_lock_irqsave(&d->lock, flags);
	if (d->tot_pages + n > d->max_pages) {
		spin_unlock_irqrestore(&d->lock, flags);
		return -ENOMEM;
	}
	for (unsigned long i = 0; i < n; i++) {
		pg[i].u.owner = d;
		pg[i].count_info = PGC_allocated | 1;  /* the allocation ref */
		pg[i].type_info = 0;
		page_list_add_tail(&pg[i], &d->page_list);
	}
	d->tot_pages += n;
	spin_unlock_irqrestore(&d->lock, flags);
	return 0;
}

struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order,
				      unsigned int memflags)
{
	struct page_info *pg = alloc_heap_pages(order, memflags);

	if (pg && assign_pages(d, pg, order)) {
		free_heap_pages(pg, order);
		return NULL;
	}
	return pg;
}

/*
 * Return frames taken off d to the heap once no TLB can still reach
 * them: another domain may have unmapped one (stamping it) without its
 * CPUs having flushed since, even after d's teardown flushed them.
 */
static void free_unreferenced(struct page_list_head *l, u64 stamp)
{
	struct page_info *pg;

	if (!l->count)
		return;
	page_flush_before_free(stamp);
	while ((pg = l->head)) {
		page_list_del(pg, l);
		free_heap_pages(pg, 0);
	}
}

/*
 * Drop the allocation reference of up to budget frames of d; true if some
 * remain.  Frames another domain still references move to the tail with
 * PGC_relinquished, so the head is always a frame not yet looked at.
 */
bool domain_relinquish_some(struct domain *d, unsigned long budget)
{
	struct page_list_head gone = {0};
	struct page_info *pg;
	unsigned long flags;
	u64 stamp = 0;
	int kept = 0;
	bool more;

	page_refs_lock(); /* no get_page()/put_page() of d's frames meanwhile */
	spin_lock_irqsave(&d->lock, flags);
	while ((pg = d->page_list.head) &&
	       !(pg->count_info & PGC_relinquished) && budget--) {
		BUG_ON(!(pg->count_info & PGC_allocated));
		page_list_del(pg, &d->page_list);
		if ((pg->count_info & PGC_count_mask) > 1) {
			/* Mapped by another domain: free at its last put. */
			pg->count_info &= ~PGC_allocated;
			pg->count_info |= PGC_relinquished;
			pg->count_info--;
			page_list_add_tail(pg, &d->page_list);
			kept++;
			continue;
		}
		stamp = MAX(stamp, pg->tlb_stamp);
		pg->u.owner = NULL; /* no longer anyone's: get_page() fails */
		pg->count_info = 0;
		pg->type_info = 0;
		page_list_add_tail(pg, &gone);
		d->tot_pages--;
	}
	more = pg && !(pg->count_info & PGC_relinquished);
	spin_unlock_irqrestore(&d->lock, flags);
	if (kept) {
		__atomic_add_fetch(&d->refcnt, kept, __ATOMIC_RELAXED);
		printk(XENLOG_INFO "d%u: %d frames still mapped elsewhere\n",
		       d->domain_id, kept);
	}
	page_refs_unlock();
	free_unreferenced(&gone, stamp);
	return more;
}

void domain_relinquish_memory(struct domain *d)
{
	while (domain_relinquish_some(d, ~0UL))
		;
}

void domain_free_relinquished_page(struct domain *d, struct page_info *pg)
{
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	page_list_del(pg, &d->page_list);
	d->tot_pages--;
	spin_unlock_irqrestore(&d->lock, flags);
	pg->u.owner = NULL;
	pg->count_info = 0;
	pg->type_info = 0;
	free_heap_pages(pg, 0);
	put_domain(d);
}

void domain_unpause(struct domain *d)
{
	d->state = DOMSTATE_running;
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i] && d->vcpu[i]->is_up)
			vcpu_wake(d->vcpu[i]);
}

/*
 * Shut down from outside (remote_shutdown, a crash found by another
 * domain): its vCPUs may all be blocked, and nothing would switch away
 * from one of them, which is what tears a domain down.  Have one run.
 * With none up, no CPU can be running or about to run one: destroy now.
 */
/* VIRQ_DOM_EXC: dom0's toolstack rescans the domains. */
void domain_notify_dom0(void)
{
	struct domain *d0 = domain_by_id(0);

	if (d0)
		send_guest_global_virq(d0, VIRQ_DOM_EXC);
}

static void reap(struct domain *d)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i] && d->vcpu[i]->is_up) {
			vcpu_reap(d->vcpu[i]);
			return;
		}
	domain_try_destroy(d);
}

/* Stop every vCPU; the scheduler destroys the domain when all are off. */
void domain_shutdown(struct domain *d, unsigned int reason)
{
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	if (d->state >= DOMSTATE_shutdown) {
		spin_unlock_irqrestore(&d->lock, flags);
		return;
	}
	d->state = DOMSTATE_shutdown;
	if (d->shutdown_code == SHUTDOWN_CODE_INVALID)
		d->shutdown_code = reason;
	reason = d->shutdown_code;
	spin_unlock_irqrestore(&d->lock, flags);
	printk("Domain %u (%s) shut down: %s\n", d->domain_id, d->name,
	       shutdown_reason_name(reason));
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i])
			vcpu_sleep(d->vcpu[i]);
	if (d->is_privileged)
		dom0_shutdown_action(reason);
	else
		domain_notify_dom0();
	if (d != current->domain && !d->ctl_created)
		reap(d);
}

void domain_set_shutdown_code(struct domain *d, unsigned int reason)
{
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	if (d->shutdown_code == SHUTDOWN_CODE_INVALID)
		d->shutdown_code = reason;
	spin_unlock_irqrestore(&d->lock, flags);
}

void domain_crash(struct domain *d, const char *why)
{
	if (!d->is_crashed) {
		d->is_crashed = true;
		printk("Domain %u (%s) crashed: %s\n", d->domain_id, d->name, why);
	}
	domain_shutdown(d, SHUTDOWN_crash);
}

static void domain_unlist(struct domain *d);

/*
 * Called by the scheduler after switching away from a vCPU of a shut
 * down domain.  The first caller that sees no vCPU running tears down.
 */
void domain_try_destroy(struct domain *d)
{
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	/* Toolstack domains stay shut down until XEN_DOMCTL_destroydomain. */
	if (d->state != DOMSTATE_shutdown || d->ctl_created) {
		spin_unlock_irqrestore(&d->lock, flags);
		return;
	}
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i] && READ_ONCE(d->vcpu[i]->is_running)) {
			spin_unlock_irqrestore(&d->lock, flags);
			return;
		}
	d->state = DOMSTATE_dying;
	spin_unlock_irqrestore(&d->lock, flags);
	domain_unlist(d);
	domain_destroy_resources(d);
	domain_notify_dom0();
}

/* A build that failed half way: free everything, no shutdown messages. */
void domain_abort_build(struct domain *d)
{
	domain_unlist(d);
	domain_destroy_resources(d);
}

/* Take d off domain_list: lookups fail from now on. */
static void domain_unlist(struct domain *d)
{
	unsigned long flags;
	struct domain **pp;

	spin_lock_irqsave(&domlist_lock, flags);
	for (pp = &domain_list; *pp; pp = &(*pp)->next_in_list)
		if (*pp == d) {
			*pp = d->next_in_list;
			break;
		}
	spin_unlock_irqrestore(&domlist_lock, flags);
}

#define KILL_CHUNK 512 /* frames freed between preemption points */

/*
 * Start killing d: stop its vcpus; false if another path (a boot-time
 * domU's automatic teardown) is destroying it already.
 */
static bool kill_begin(struct domain *d)
{
	unsigned long flags;
	bool ours;

	spin_lock_irqsave(&d->lock, flags);
	if (d->state != DOMSTATE_dying) {
		d->state = DOMSTATE_dying;
		d->killing = true;
	}
	ours = d->killing;
	spin_unlock_irqrestore(&d->lock, flags);
	if (ours)
		for (unsigned int i = 0; i < d->max_vcpus; i++)
			if (d->vcpu[i])
				vcpu_sleep(d->vcpu[i]);
	return ours;
}

int domain_kill(struct domain *d)
{
	if (d == current->domain)
		return -EINVAL;
	if (!kill_begin(d) || d->killed)
		return 0;
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i] && READ_ONCE(d->vcpu[i]->is_running))
			return -ERESTART; /* its CPU is switching away */
	if (!d->kill_released) {
		domain_release_resources(d);
		d->kill_released = true;
	}
	if (domain_relinquish_some(d, KILL_CHUNK))
		return -ERESTART;
	d->killed = true;
	domain_unlist(d);
	printk("Domain %u (%s) destroyed by the toolstack\n", d->domain_id,
	       d->name);
	domain_notify_dom0();
	put_domain(d); /* the creation reference */
	return 0;
}
