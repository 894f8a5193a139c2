/*
 * The scheduler: per-CPU round-robin run queues with a fixed time slice,
 * idle-time work stealing (a vCPU queued behind a running one pokes an
 * idle CPU to steal it), block/wake/yield, and softirqs.
 *
 * Interface: scheduler_init() on the BSP once timers work;
 * scheduler_init_cpu() on each CPU before it schedules; vcpu_wake() from
 * any CPU; vcpu_block()/vcpu_yield() only for current; schedule() runs from
 * the SCHEDULE_SOFTIRQ on the exit path to a guest or in the idle loop.
 * Invariants: a vCPU is on at most one run queue (on_runq), only while it
 * is runnable and not running; rq[cpu].lock guards that queue and the
 * on_runq/processor fields of the vCPUs on it.  The running vCPU is never
 * on a queue; is_running is set, under the queue's lock, when a vCPU is
 * taken off a queue to run, so a concurrent vcpu_wake() never sees a vCPU
 * that is neither queued nor running and queues it twice.  v->processor
 * changes only under the lock of the queue v leaves (lock_vcpu_rq()).
 * Lock order: run-queue locks are taken one at a time.
 */
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/time.h>
#include <xen/domain_hooks.h>
#include <xen/arch_sched.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/event.h>
#include <asm/guest_access.h>
#include <public/sched.h>

#define TIMESLICE MILLISECS(10)

struct runqueue {
	spinlock_t lock;
	struct vcpu *head, *tail;
	struct vcpu *idle;           /* this CPU's idle vCPU */
	struct timer slice_timer;    /* preemption tick */
};

static struct runqueue rq[NR_CPUS];
static unsigned long softirq_bits[NR_CPUS];

void cpu_raise_softirq(unsigned int cpu, unsigned int nr)
{
	__atomic_fetch_or(&softirq_bits[cpu], 1UL << nr, __ATOMIC_SEQ_CST);
	if (cpu != smp_processor_id())
		smp_send_event_check(cpu);
}

void raise_softirq(unsigned int nr)
{
	cpu_raise_softirq(smp_processor_id(), nr);
}

bool softirq_pending(unsigned int cpu)
{
	return __atomic_load_n(&softirq_bits[cpu], __ATOMIC_SEQ_CST) != 0;
}

void do_softirq(void)
{
	unsigned int cpu = smp_processor_id();
	unsigned long bits = __atomic_exchange_n(&softirq_bits[cpu], 0,
						 __ATOMIC_SEQ_CST);

	if (bits & (1UL << SCHEDULE_SOFTIRQ))
		schedule();
}

static bool vcpu_runnable(const struct vcpu *v)
{
	return v->is_up && !v->blocked && !v->paused &&
	       v->domain->state == DOMSTATE_running &&
	       !READ_ONCE(v->domain->ctl_pause_count);
}

static void rq_push(struct runqueue *q, struct vcpu *v)
{
	v->rq_next = NULL;
	if (q->tail)
		q->tail->rq_next = v;
	else
		q->head = v;
	q->tail = v;
	v->on_runq = true;
}

static struct vcpu *rq_pop(struct runqueue *q)
{
	struct vcpu *v = q->head;

	if (!v)
		return NULL;
	q->head = v->rq_next;
	if (!q->head)
		q->tail = NULL;
	v->on_runq = false;
	v->rq_next = NULL;
	return v;
}

static void slice_expired(void *data)
{
	raise_softirq(SCHEDULE_SOFTIRQ);
}

void sched_vcpu_init(struct vcpu *v)
{
	v->runstate = RUNSTATE_offline;
	v->runstate_entry = NOW();
}

void scheduler_init_cpu(unsigned int cpu)
{
	struct runqueue *q = &rq[cpu];
	struct vcpu *idle = vcpu_create(idle_domain, cpu, cpu);

	BUG_ON(!idle);
	spin_lock_init(&q->lock);
	q->idle = idle;
	idle->is_up = true;
	idle->is_running = true;
	idle->runstate = RUNSTATE_running;   /* "running" = the CPU idles */
	init_timer(&q->slice_timer, slice_expired, NULL, cpu);
	get_cpu_info()->current_vcpu = idle;
}

void scheduler_init(void)
{
	idle_domain = domain_create(DOMID_IDLE_, NR_CPUS, false);
	BUG_ON(!idle_domain);
	idle_domain->state = DOMSTATE_running;
	scheduler_init_cpu(0);
	printk("Scheduler: round-robin, %u ms slice, work stealing (sched=credit accepted)\n",
	       (unsigned int)(TIMESLICE / MILLISECS(1)));
}

/*
 * A vCPU waits on the queue of `cpu`: if cpu is busy, poke one idle CPU
 * so that it steals the waiter (steal_work()).  Without this, two vCPUs
 * that once met on one CPU's queue keep taking turns there in time
 * slices while another CPU idles (nothing else makes an idle CPU look).
 */
static void tickle_idle_cpu(unsigned int cpu)
{
	if (READ_ONCE(rq[cpu].idle->is_running))
		return; /* cpu itself is idle: it was kicked */
	for (unsigned int c = 0; c < nr_cpu_ids; c++) {
		if (c == cpu || !cpu_online(c) || !rq[c].idle ||
		    !READ_ONCE(rq[c].idle->is_running) || READ_ONCE(rq[c].head))
			continue;
		cpu_raise_softirq(c, SCHEDULE_SOFTIRQ);
		return;
	}
}

/*
 * Lock the run queue v is on or would go on.  v->processor changes only
 * under the old queue's lock (steal_work()), so re-check it once locked.
 */
static struct runqueue *lock_vcpu_rq(struct vcpu *v, unsigned long *flags)
{
	for (;;) {
		struct runqueue *q = &rq[READ_ONCE(v->processor)];

		spin_lock_irqsave(&q->lock, *flags);
		if (q == &rq[v->processor])
			return q;
		spin_unlock_irqrestore(&q->lock, *flags);
	}
}

/* Make v runnable if it should be, and poke its CPU. */
void vcpu_wake(struct vcpu *v)
{
	unsigned long flags;
	struct runqueue *q = lock_vcpu_rq(v, &flags);
	unsigned int cpu = v->processor;
	bool kick = false;

	if (vcpu_runnable(v) && !v->on_runq && !v->is_running) {
		rq_push(q, v);
		kick = true;
	}
	spin_unlock_irqrestore(&q->lock, flags);
	if (kick) {
		cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
		tickle_idle_cpu(cpu);
	}
}

/* Take v off the CPU soon (pause, shutdown); it stays off until woken. */
void vcpu_sleep(struct vcpu *v)
{
	unsigned long flags;
	struct runqueue *q;
	unsigned int cpu;

	v->paused = true;
	q = lock_vcpu_rq(v, &flags);
	cpu = v->processor;
	if (v->on_runq) {   /* unlink from the middle of the queue */
		struct vcpu **pp = &q->head, *prev = NULL;
		while (*pp && *pp != v) {
			prev = *pp;
			pp = &(*pp)->rq_next;
		}
		if (*pp) {
			*pp = v->rq_next;
			if (q->tail == v)
				q->tail = prev;
			v->on_runq = false;
		}
	}
	spin_unlock_irqrestore(&q->lock, flags);
	cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
}

void vcpu_reap(struct vcpu *v)
{
	unsigned long flags;
	struct runqueue *q;
	unsigned int cpu;

	ASSERT(v->domain->state != DOMSTATE_running);
	q = lock_vcpu_rq(v, &flags);
	cpu = v->processor;
	if (!v->on_runq && !v->is_running)
		rq_push(q, v);
	spin_unlock_irqrestore(&q->lock, flags);
	cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
}

/*
 * The store of blocked must be visible before the caller re-reads its
 * wake condition (an event's pending bit): a waker sets that condition,
 * then exchanges blocked.  With a plain store, x86's store buffer lets
 * both sides miss each other and the vCPU sleeps with its event pending
 * (seen as dom0 vCPUs that never ran again: RCU stalls early in boot).
 */
void vcpu_block(void)
{
	__atomic_store_n(&current->blocked, true, __ATOMIC_SEQ_CST);
	raise_softirq(SCHEDULE_SOFTIRQ);
}

void vcpu_yield(void)
{
	raise_softirq(SCHEDULE_SOFTIRQ);
}

/* An idle CPU takes a waiting vCPU from a busier queue. */
static struct vcpu *steal_work(unsigned int cpu)
{
	for (unsigned int c = 0; c < nr_cpu_ids; c++) {
		struct runqueue *q = &rq[c];
		struct vcpu *v;
		unsigned long flags;

		if (c == cpu || !cpu_online(c) || !READ_ONCE(q->head))
			continue;
		spin_lock_irqsave(&q->lock, flags);
		/* Still being switched out on its old CPU: leave it. */
		v = (q->head && !READ_ONCE(q->head->is_running)) ? rq_pop(q) : NULL;
		if (v) {
			v->processor = cpu;
			v->is_running = true;   /* no window off-queue and idle */
		}
		spin_unlock_irqrestore(&q->lock, flags);
		if (v)
			return v;
	}
	return NULL;
}

static void runstate_change(struct vcpu *v, int state, s_time_t now)
{
	v->runstate_time[v->runstate & 3] += now - v->runstate_entry;
	v->runstate = state;
	v->runstate_entry = now;
}

void schedule(void)
{
	unsigned int cpu = smp_processor_id();
	struct runqueue *q = &rq[cpu];
	struct vcpu *prev = current, *next;
	unsigned long flags;
	s_time_t now = NOW();

	spin_lock_irqsave(&q->lock, flags);
	if (prev != q->idle && vcpu_runnable(prev))
		rq_push(q, prev);
	next = rq_pop(q);
	if (next)   /* under the lock: a wake never sees it off-queue, idle */
		next->is_running = true;
	spin_unlock_irqrestore(&q->lock, flags);
	if (!next)
		next = steal_work(cpu);
	if (!next)
		next = q->idle;
	if (next != q->idle)
		set_timer(&q->slice_timer, now + TIMESLICE);
	else
		stop_timer(&q->slice_timer);
	if (next == prev)
		return;
	if (prev != q->idle)
		runstate_change(prev, vcpu_runnable(prev) ? RUNSTATE_runnable :
				RUNSTATE_blocked, now);
	if (next != q->idle)
		runstate_change(next, RUNSTATE_running, now);
	/* Exactly one of prev, next is the idle vCPU, or neither. */
	if (prev == q->idle || next == q->idle)
		runstate_change(q->idle, next == q->idle ? RUNSTATE_running :
				RUNSTATE_runnable, now);
	next->is_running = true;
	if (prev != q->idle)
		runstate_update(prev);      /* prev's page tables still loaded */
	context_switch(prev, next);
	if (next != q->idle)
		runstate_update(next);
	__atomic_store_n(&prev->is_running, false, __ATOMIC_SEQ_CST);
	if (prev == q->idle)
		return;
	/* A wake that raced with the switch found it running: redo it. */
	if (vcpu_runnable(prev) && !prev->on_runq)
		vcpu_wake(prev);
	else if (READ_ONCE(prev->on_runq))
		tickle_idle_cpu(cpu);   /* preempted; steal_work() skipped it */
	if (prev->domain->state == DOMSTATE_shutdown)
		domain_try_destroy(prev->domain);
}

/* Lock-free: a reader racing with a switch may be off by that switch. */
u64 sched_cpu_idle_time(unsigned int cpu)
{
	const struct vcpu *idle = cpu < NR_CPUS ? READ_ONCE(rq[cpu].idle) : NULL;
	u64 t;

	if (!idle)
		return 0;
	t = READ_ONCE(idle->runstate_time[RUNSTATE_running]);
	if (READ_ONCE(idle->runstate) == RUNSTATE_running)
		t += NOW() - READ_ONCE(idle->runstate_entry);
	return t;
}

bool is_idle_vcpu(const struct vcpu *v)
{
	return v->domain == idle_domain;
}

/* ---- sched_op (29) ---- */

static long sched_block(void)
{
	struct vcpu *v = current;

	/* Blocking implies re-enabling events (Linux's safe_halt relies on it). */
	v->vcpu_info->evtchn_upcall_mask = 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (v->vcpu_info->evtchn_upcall_pending)
		return 0;
	vcpu_block();
	/* An event that raced in before we were marked blocked: undo. */
	if (READ_ONCE(v->vcpu_info->evtchn_upcall_pending))
		vcpu_unblock(v);
	return 0;
}

/* Clear the blocked state and make v runnable again. */
void vcpu_unblock(struct vcpu *v)
{
	if (__atomic_exchange_n(&v->blocked, false, __ATOMIC_SEQ_CST))
		vcpu_wake(v);
}

/*
 * Errors in Xen's order: -EFAULT, -ESRCH, then -EPERM (dom0 only).  As
 * Xen 4.17, any reason is taken, truncated to 8 bits (its domain_shutdown
 * has a u8 reason): the toolstack reads it back from getdomaininfo.
 */
static long sched_remote_shutdown(struct domain *d, unsigned long arg)
{
	struct sched_remote_shutdown r;
	struct domain *t;

	if (copy_from_guest(&r, arg, sizeof(r)))
		return -EFAULT;
	r.reason = (u8)r.reason;
	t = domain_lookup(r.domain_id);
	if (!t)
		return -ESRCH;
	if (!d->is_privileged) {
		put_domain(t);
		return -EPERM;
	}
	domain_shutdown(t, r.reason);
	put_domain(t);
	return 0;
}

long do_sched_op(unsigned long cmd, unsigned long arg)
{
	struct domain *d = current->domain;

	switch (cmd) {
	case SCHEDOP_yield:
		vcpu_yield();
		return 0;
	case SCHEDOP_block:
		return sched_block();
	case SCHEDOP_shutdown: { /* as Xen: any reason, 8 bits of it */
		struct sched_shutdown s;
		if (copy_from_guest(&s, arg, sizeof(s)))
			return -EFAULT;
		domain_shutdown(d, (u8)s.reason);
		return 0;
	}
	case SCHEDOP_shutdown_code: {
		struct sched_shutdown s;
		if (copy_from_guest(&s, arg, sizeof(s)))
			return -EFAULT;
		domain_set_shutdown_code(d, (u8)s.reason);
		return 0;
	}
	case SCHEDOP_remote_shutdown:
		return sched_remote_shutdown(d, arg);
	case SCHEDOP_poll:
		return sched_poll(arg);
	default:
		return -ENOSYS;
	}
}
