/*
 * selftest=timer: a boot-time check that the timer interrupt, the queue
 * and the calibration agree, run on request only (it costs ~50 ms).
 *
 * Interface: timer_selftest() on the BSP with interrupts on, after
 * timer_subsys_init() and smp_boot_cpus().  It prints exactly one line,
 * "Timer self-test: passed (...)" or "Timer self-test: FAILED: <why>".
 * Invariants: every timer it arms is killed before it returns, on every
 * path, so no timer of it stays queued or reserved afterwards.
 */
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/time.h>
#include <asm/system.h>

#define ST_LOCAL    6		   /* timers on this CPU, see below */
#define ST_EXPECTED 5		   /* of which this many must fire */
#define ST_GIVE_UP  MILLISECS(500) /* bound on the whole wait */
#define ST_MAX_LATE MILLISECS(20)  /* TCG can be this slow, not more */

struct st_timer {
	struct timer t;
	s_time_t due;	 /* when it may fire, at the earliest */
	s_time_t set_at; /* NOW() just before its last set_timer() */
	s_time_t fired;	 /* NOW() in the callback, 0 = not yet */
	int pos;	 /* expected firing position, -1 = never */
};

struct st_state {
	struct st_timer tm[ST_LOCAL];
	unsigned int order[ST_LOCAL]; /* indices in firing order */
	unsigned int nr_fired;	      /* callbacks run, incl. unexpected */
	struct timer remote;	      /* on another CPU, if there is one */
	unsigned int remote_cpu;
	volatile bool remote_fired; /* set on remote_cpu */
	s_time_t remote_at;
};

static struct st_state *st_current;

static void st_fire(void *data)
{
	struct st_timer *s = data;
	struct st_state *st = st_current;

	s->fired = NOW();
	if (st->nr_fired < ST_LOCAL)
		st->order[st->nr_fired] = s - st->tm;
	st->nr_fired++;
}

static void st_remote_fire(void *data)
{
	struct st_state *st = data;

	st->remote_at = NOW();
	__atomic_store_n(&st->remote_fired, true, __ATOMIC_RELEASE);
}

/*
 * Fire order 5 (already past), 0 (10 ms), 2 (20 ms), 4 (set for 50 ms,
 * moved to 25 ms), 1 (30 ms); 3 (15 ms) is stopped before it is due.
 */
static void st_arm(struct st_state *st, s_time_t t0)
{
	static const struct {
		s_time_t ms;
		int pos;
	} plan[ST_LOCAL] = {
		{10, 1}, {30, 4}, {20, 2}, {15, -1}, {25, 3}, {0, 0},
	};

	for (unsigned int i = 0; i < ST_LOCAL; i++) {
		struct st_timer *s = &st->tm[i];

		init_timer(&s->t, st_fire, s, smp_processor_id());
		s->due =
			i == 5 ? t0 - MILLISECS(1) : t0 + MILLISECS(plan[i].ms);
		s->pos = plan[i].pos;
		s->set_at = NOW();
		set_timer(&s->t, i == 4 ? t0 + MILLISECS(50) : s->due);
	}
	stop_timer(&st->tm[3].t);
	st->tm[4].set_at = NOW();
	set_timer(&st->tm[4].t, st->tm[4].due);
	st->remote_cpu = smp_processor_id();
	for (unsigned int c = 0; c < nr_cpu_ids; c++)
		if (c != smp_processor_id() && cpu_online(c)) {
			st->remote_cpu = c;
			init_timer(&st->remote, st_remote_fire, st, c);
			set_timer(&st->remote, t0 + MILLISECS(15));
			break;
		}
}

static bool st_done(const struct st_state *st)
{
	return st->nr_fired >= ST_EXPECTED &&
	       (st->remote_cpu == smp_processor_id() ||
		__atomic_load_n(&st->remote_fired, __ATOMIC_ACQUIRE));
}

/*
 * Sleep in hlt once a first callback has proved that timer interrupts
 * arrive (the last timer then bounds the sleep); spin before that, so a
 * dead timer interrupt gives FAILED rather than a hang.
 */
static void st_wait(struct st_state *st, s_time_t give_up)
{
	while (!st_done(st) && NOW() < give_up) {
		local_irq_disable();
		if (st->nr_fired && st->nr_fired < ST_EXPECTED)
			safe_halt(); /* sti; hlt: no lost wake-up */
		else
			local_irq_enable();
		cpu_relax();
	}
}

/* Why the run failed, or NULL; *late gets the worst lateness seen. */
static const char *st_verdict(const struct st_state *st, s_time_t *late)
{
	*late = 0;
	if (st->nr_fired != ST_EXPECTED)
		return st->nr_fired < ST_EXPECTED
			       ? "not every timer fired"
			       : "a timer fired twice or after stop_timer()";
	for (unsigned int i = 0; i < ST_LOCAL; i++) {
		const struct st_timer *s = &st->tm[i];
		/* A past deadline can only be met from when it was set. */
		s_time_t from = s->due > s->set_at ? s->due : s->set_at;

		if (s->pos < 0)
			continue;
		if (st->order[s->pos] != i)
			return "timers fired out of order";
		if (s->fired < s->due)
			return "a timer fired early";
		if (s->fired - from > *late)
			*late = s->fired - from;
	}
	if (st->remote_cpu != smp_processor_id()) {
		/*
		 * The kick is smp_send_event_check(): its handler must end
		 * in timer_interrupt_action() on the kicked CPU.
		 */
		if (!st->remote_fired)
			return "the timer on another CPU did not fire";
		if (st->remote_at < st->remote.expires)
			return "the timer on another CPU fired early";
	}
	return *late > ST_MAX_LATE ? "a timer fired more than 20 ms late"
				   : NULL;
}

void timer_selftest(void)
{
	static struct st_state st;
	s_time_t t0, late;
	const char *why;

	if (!local_irq_is_enabled()) {
		printk("Timer self-test: FAILED: interrupts are off\n");
		return;
	}
	memset(&st, 0, sizeof(st));
	st_current = &st;
	t0 = NOW();
	st_arm(&st, t0);
	st_wait(&st, t0 + ST_GIVE_UP);
	for (unsigned int i = 0; i < ST_LOCAL; i++)
		kill_timer(&st.tm[i].t);
	if (st.remote_cpu != smp_processor_id())
		kill_timer(&st.remote);
	why = st_verdict(&st, &late);
	if (why)
		printk("Timer self-test: FAILED: %s\n", why);
	else
		printk("Timer self-test: passed (fired in order, max lateness %llu us%s)\n",
		       (unsigned long long)(late / 1000),
		       st.remote_cpu != smp_processor_id() ? ", remote CPU ok"
							   : "");
}
