/*
 * One-shot software timers: a min-heap of struct timer per CPU, ordered
 * by expiry, driving that CPU's single hardware deadline.
 *
 * Interface: timer_subsys_init() once on the BSP before interrupts are
 * enabled.  init_timer(t, fn, data, cpu) binds t to cpu for life; cpu must
 * already have its per-CPU area (percpu_alloc()).  Then set_timer() (arm
 * or move), stop_timer() (disarm) and timer_is_active() from any CPU and
 * any context, including from a timer callback.  kill_timer() before the
 * memory of t is reused: it disarms t for good and waits until a callback
 * of t running on another CPU has returned.  A killed timer ignores
 * set_timer() until init_timer() is called on it again.  The arch's timer
 * interrupt calls timer_interrupt_action() on the CPU it arrived on;
 * fn(data) then runs on t's CPU with interrupts off and no lock held.
 *
 * Invariants, each guarded by the owning CPU's queue lock (taken with
 * interrupts off, since the timer interrupt takes it too):
 *  - q->heap[1..q->size] is a binary min-heap on expires; heap[0] is
 *    unused so that the parent of slot i is i / 2.
 *  - t is queued iff t->heap_offset != 0, and then q->heap[t->heap_offset]
 *    == t for q the queue of t->cpu.
 *  - q->size <= q->nr_timers <= q->limit: every initialised, unkilled
 *    timer bound to the CPU has a slot reserved by init_timer(), so
 *    set_timer() never allocates and never fails.  The array grows by
 *    doubling (xmalloc) and never shrinks.
 *  - While interrupts are on, the CPU's hardware deadline is at or before
 *    the earliest queued expiry (reprogram_timer() is only called under
 *    the lock, for the local CPU).
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/percpu.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <xen/time.h>

#define TIMER_HEAP_INITIAL 64 /* slots in a CPU's first heap array */

struct timer_queue {
	spinlock_t lock;
	struct timer **heap;	/* heap[1..size], see the invariants */
	unsigned int size;	/* timers queued */
	unsigned int limit;	/* usable slots: heap[1..limit] */
	unsigned int nr_timers; /* slots reserved by init_timer() */
	struct timer *running;	/* callback in progress, or NULL */
};

static DEFINE_PER_CPU(struct timer_queue, timer_queue);

static inline struct timer_queue *queue_of(const struct timer *t)
{
	return &per_cpu(timer_queue, t->cpu);
}

static inline void heap_place(struct timer_queue *q, unsigned int i,
			      struct timer *t)
{
	q->heap[i] = t;
	t->heap_offset = i;
}

/* Move heap[i] towards the root while it expires before its parent. */
static void sift_up(struct timer_queue *q, unsigned int i)
{
	struct timer *t = q->heap[i];

	for (; i > 1 && t->expires < q->heap[i / 2]->expires; i /= 2)
		heap_place(q, i, q->heap[i / 2]);
	heap_place(q, i, t);
}

/* Move heap[i] towards the leaves while a child expires before it. */
static void sift_down(struct timer_queue *q, unsigned int i)
{
	struct timer *t = q->heap[i];
	unsigned int c;

	while ((c = 2 * i) <= q->size) {
		if (c < q->size &&
		    q->heap[c + 1]->expires < q->heap[c]->expires)
			c++;
		if (t->expires <= q->heap[c]->expires)
			break;
		heap_place(q, i, q->heap[c]);
		i = c;
	}
	heap_place(q, i, t);
}

static void heap_add(struct timer_queue *q, struct timer *t)
{
	BUG_ON(q->size >= q->limit);
	q->heap[++q->size] = t;
	sift_up(q, q->size);
}

/* Take a queued t out; the last leaf fills its slot and finds its place. */
static void heap_del(struct timer_queue *q, struct timer *t)
{
	unsigned int i = t->heap_offset;
	struct timer *last = q->heap[q->size--];

	t->heap_offset = 0;
	if (last == t)
		return;
	heap_place(q, i, last);
	if (i > 1 && last->expires < q->heap[i / 2]->expires)
		sift_up(q, i);
	else
		sift_down(q, i);
}

static inline s_time_t heap_first(const struct timer_queue *q)
{
	return q->size ? q->heap[1]->expires : STIME_MAX;
}

void timer_subsys_init(void)
{
	reprogram_timer(STIME_MAX);
}

/*
 * Reserve a heap slot for one more timer on cpu's queue q.  Allocation
 * happens with the lock dropped; a bigger array is installed only if
 * nobody else grew the heap in the meantime.
 */
static void reserve_slot(struct timer_queue *q, unsigned int cpu)
{
	struct timer **grown = NULL, **old = NULL;
	unsigned int grown_limit = 0;
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&q->lock, flags);
		if (grown && grown_limit > q->limit) {
			if (q->size)
				memcpy(grown + 1, q->heap + 1,
				       q->size * sizeof(*grown));
			old = q->heap;
			q->heap = grown;
			q->limit = grown_limit;
			grown = NULL;
		}
		if (q->nr_timers < q->limit) {
			q->nr_timers++;
			spin_unlock_irqrestore(&q->lock, flags);
			break;
		}
		grown_limit = q->limit ? 2 * q->limit : TIMER_HEAP_INITIAL;
		spin_unlock_irqrestore(&q->lock, flags);
		xfree(grown);
		grown = xmalloc_array(struct timer *, grown_limit + 1);
		if (!grown)
			panic("Out of memory for %u timers on CPU %u\n",
			      grown_limit, cpu);
	}
	xfree(grown);
	xfree(old);
}

/* Precondition: t is not queued (never initialised, or killed). */
void init_timer(struct timer *t, void (*fn)(void *), void *data,
		unsigned int cpu)
{
	BUG_ON(cpu >= NR_CPUS || (cpu && !__per_cpu_offset[cpu]));
	t->expires = 0;
	t->fn = fn;
	t->data = data;
	t->cpu = cpu;
	t->heap_offset = 0;
	t->killed = false;
	reserve_slot(&per_cpu(timer_queue, cpu), cpu);
}

/*
 * Called with q's lock held after q's earliest expiry moved from old to
 * heap_first(q).  The local CPU re-arms now, under the lock, so that no
 * interrupt can re-arm in between with an older view; a remote CPU is
 * told to look (its event-check handler ends in timer_interrupt_action()).
 * Returns true when the caller must kick t->cpu after unlocking.
 */
static bool first_changed(struct timer_queue *q, unsigned int cpu, s_time_t old)
{
	s_time_t first = heap_first(q);

	if (first == old)
		return false;
	if (cpu != smp_processor_id())
		return first < old;
	reprogram_timer(first);
	return false;
}

void set_timer(struct timer *t, s_time_t expires)
{
	struct timer_queue *q = queue_of(t);
	unsigned long flags;
	s_time_t old;
	bool kick = false;

	spin_lock_irqsave(&q->lock, flags);
	ASSERT(!t->killed);
	if (!t->killed) {
		old = heap_first(q);
		if (t->heap_offset)
			heap_del(q, t);
		t->expires = expires;
		heap_add(q, t);
		kick = first_changed(q, t->cpu, old);
	}
	spin_unlock_irqrestore(&q->lock, flags);
	if (kick)
		smp_send_event_check(t->cpu);
}

void stop_timer(struct timer *t)
{
	struct timer_queue *q = queue_of(t);
	unsigned long flags;
	s_time_t old;

	spin_lock_irqsave(&q->lock, flags);
	if (t->heap_offset) {
		old = heap_first(q);
		heap_del(q, t);
		first_changed(q, t->cpu, old);
	}
	spin_unlock_irqrestore(&q->lock, flags);
}

/*
 * Waiting for a running callback is skipped when the callback kills its
 * own timer (it would wait for itself).
 */
void kill_timer(struct timer *t)
{
	struct timer_queue *q = queue_of(t);
	unsigned long flags;
	s_time_t old;

	spin_lock_irqsave(&q->lock, flags);
	if (t->heap_offset) {
		old = heap_first(q);
		heap_del(q, t);
		first_changed(q, t->cpu, old);
	}
	if (!t->killed) {
		t->killed = true;
		q->nr_timers--;
	}
	spin_unlock_irqrestore(&q->lock, flags);

	if (t->cpu == smp_processor_id())
		return;
	while (__atomic_load_n(&q->running, __ATOMIC_ACQUIRE) == t)
		cpu_relax();
}

/* A snapshot: another CPU may arm, stop or run t at any moment. */
bool timer_is_active(const struct timer *t)
{
	return __atomic_load_n(&t->heap_offset, __ATOMIC_RELAXED) != 0;
}

/*
 * Run the timers that are due, earliest first.  A callback may re-arm a
 * timer into the past, so "due" alone would not end the loop: one pass
 * runs at most as many callbacks as were queued on entry, and whatever is
 * still due then gets the next interrupt, which the final re-arm makes
 * immediate.  That bounds the time spent with interrupts off.
 */
void timer_interrupt_action(void)
{
	struct timer_queue *q = &this_cpu(timer_queue);
	s_time_t now = NOW();
	unsigned long flags;
	unsigned int budget;
	struct timer *t;

	spin_lock_irqsave(&q->lock, flags);
	budget = q->size;
	while (budget-- && q->size && q->heap[1]->expires <= now) {
		t = q->heap[1];
		heap_del(q, t);
		__atomic_store_n(&q->running, t, __ATOMIC_RELAXED);
		spin_unlock(&q->lock);
		t->fn(t->data);
		spin_lock(&q->lock);
		__atomic_store_n(&q->running, NULL, __ATOMIC_RELEASE);
	}
	reprogram_timer(heap_first(q));
	spin_unlock_irqrestore(&q->lock, flags);
}
