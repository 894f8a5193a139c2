/*
 * Unit tests for common/timer.c: heap order under many random timers,
 * moves, stops and kills; callbacks in expiry order; the hardware deadline
 * always equal to the earliest queued expiry; callbacks that re-arm, stop
 * or kill timers; heap growth; kicks for timers on another CPU; and
 * kill_timer() waiting for a callback running on another thread.
 *
 * The arch hooks are stubs: NOW() returns fake_now, reprogram_timer()
 * records its argument, smp_send_event_check() counts kicks.  The CPU
 * number is a thread-local variable so one process can play two CPUs.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include <xen/percpu.h>

static __thread unsigned int test_cpu;
#undef smp_processor_id
#define smp_processor_id() test_cpu

#include "../../common/timer.c"

unsigned long __per_cpu_offset[NR_CPUS];

static s_time_t fake_now;
static s_time_t armed[NR_CPUS]; /* last reprogram_timer() per CPU */
static unsigned int nr_reprograms, nr_kicks[NR_CPUS];

s_time_t NOW(void)
{
	return __atomic_load_n(&fake_now, __ATOMIC_RELAXED);
}
void reprogram_timer(s_time_t deadline)
{
	armed[test_cpu] = deadline;
	nr_reprograms++;
}
void smp_send_event_check(unsigned int cpu)
{
	nr_kicks[cpu]++;
}
void *xmalloc_array_bytes(size_t elem, size_t n, bool zero)
{
	return zero ? calloc(n, elem) : malloc(n * elem);
}
void xfree(void *p)
{
	free(p);
}

/* ---- recording callback ---- */
#define MAX_T 3000
static struct timer tm[MAX_T];
static unsigned int fired[MAX_T], order[MAX_T], nr_fired;
static s_time_t fired_at_expiry[MAX_T];

static void record(void *data)
{
	unsigned int i = (unsigned int)(uintptr_t)data;

	fired[i]++;
	fired_at_expiry[nr_fired] = tm[i].expires;
	order[nr_fired++] = i;
	CHECK(tm[i].expires <= fake_now); /* never early */
	CHECK(!timer_is_active(&tm[i]));  /* dequeued before running */
}

static void reset_record(void)
{
	memset(fired, 0, sizeof(fired));
	nr_fired = 0;
}

/* Heap shape, back-pointers and the reserve accounting of one queue. */
static int heap_ok(unsigned int cpu)
{
	struct timer_queue *q = &per_cpu(timer_queue, cpu);

	if (q->size > q->nr_timers || q->nr_timers > q->limit)
		return 0;
	for (unsigned int i = 1; i <= q->size; i++) {
		if (q->heap[i]->heap_offset != i || q->heap[i]->cpu != cpu)
			return 0;
		if (i > 1 && q->heap[i]->expires < q->heap[i / 2]->expires)
			return 0;
	}
	return 1;
}

static void kill_all(unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		kill_timer(&tm[i]);
	CHECK_EQ(per_cpu(timer_queue, 0).size, 0);
	CHECK_EQ(per_cpu(timer_queue, 0).nr_timers, 0);
}

static void test_basic(void)
{
	fake_now = 1000;
	reset_record();
	init_timer(&tm[0], record, (void *)0, 0);
	init_timer(&tm[1], record, (void *)1, 0);
	init_timer(&tm[2], record, (void *)2, 0);
	CHECK(!timer_is_active(&tm[0]));
	set_timer(&tm[0], 1030);
	CHECK_EQ(armed[0], 1030);
	set_timer(&tm[1], 1010);
	CHECK_EQ(armed[0], 1010);
	set_timer(&tm[2], 1020);
	CHECK_EQ(armed[0], 1010); /* not the head: no change */
	CHECK(timer_is_active(&tm[2]));
	stop_timer(&tm[1]); /* head stopped: re-armed later */
	CHECK(!timer_is_active(&tm[1]));
	CHECK_EQ(armed[0], 1020);
	set_timer(&tm[0], 1005); /* moved to the front */
	CHECK_EQ(armed[0], 1005);
	fake_now = 1004;
	timer_interrupt_action(); /* early interrupt: nothing due */
	CHECK_EQ(nr_fired, 0);
	CHECK_EQ(armed[0], 1005);
	fake_now = 1025;
	timer_interrupt_action();
	CHECK_EQ(nr_fired, 2);
	CHECK_EQ(order[0], 0);
	CHECK_EQ(order[1], 2);
	CHECK_EQ(fired[1], 0);
	CHECK_EQ(armed[0], STIME_MAX);
	kill_all(3);
}

/* Many random timers, moved and stopped at random, fired in steps. */
static void test_random(unsigned int n, unsigned int seed)
{
	s_time_t expect[MAX_T];
	bool live[MAX_T];
	unsigned int want = 0;

	srand(seed);
	fake_now = 0;
	reset_record();
	for (unsigned int i = 0; i < n; i++) {
		init_timer(&tm[i], record, (void *)(uintptr_t)i, 0);
		expect[i] = 1 + rand() % (n * 4); /* plenty of equal expiries */
		set_timer(&tm[i], expect[i]);
		live[i] = true;
	}
	CHECK(heap_ok(0));
	for (unsigned int k = 0; k < 2 * n; k++) {
		unsigned int i = rand() % n;

		if (rand() % 3 == 0) {
			stop_timer(&tm[i]);
			live[i] = false;
		} else {
			expect[i] = 1 + rand() % (n * 4);
			set_timer(&tm[i], expect[i]);
			live[i] = true;
		}
	}
	CHECK(heap_ok(0));
	CHECK_EQ(armed[0], per_cpu(timer_queue, 0).heap[1]->expires);
	for (unsigned int i = 0; i < n; i++)
		want += live[i];
	CHECK_EQ(per_cpu(timer_queue, 0).size, want);

	/* Advance time in random steps; each step fires exactly what is due. */
	while (fake_now < (s_time_t)n * 4 + 1) {
		fake_now += 1 + rand() % 50;
		timer_interrupt_action();
		CHECK(heap_ok(0));
		if (per_cpu(timer_queue, 0).size)
			CHECK(per_cpu(timer_queue, 0).heap[1]->expires >
			      fake_now);
		CHECK_EQ(armed[0], heap_first(&per_cpu(timer_queue, 0)));
	}
	CHECK_EQ(nr_fired, want);
	for (unsigned int j = 1; j < nr_fired; j++)
		CHECK(fired_at_expiry[j - 1] <= fired_at_expiry[j]);
	for (unsigned int i = 0; i < n; i++) {
		CHECK_EQ(fired[i], live[i] ? 1 : 0);
		if (live[i])
			CHECK_EQ(tm[i].expires, expect[i]);
	}
	kill_all(n);
}

/* ---- callbacks acting on timers ---- */
static unsigned int periodic_runs;
static void periodic(void *data)
{
	periodic_runs++;
	set_timer(&tm[0], fake_now); /* due again at once */
}

static void stop_other(void *data)
{
	record(data);
	stop_timer(&tm[2]); /* due in this same batch */
	kill_timer(&tm[1]); /* kill myself */
}

static void test_callbacks(void)
{
	/* A timer re-arming itself into the past runs once per interrupt. */
	fake_now = 100;
	periodic_runs = 0;
	init_timer(&tm[0], periodic, NULL, 0);
	set_timer(&tm[0], 50);
	CHECK_EQ(armed[0], 50);
	timer_interrupt_action();
	CHECK_EQ(periodic_runs, 1);
	CHECK(timer_is_active(&tm[0]));
	CHECK_EQ(armed[0], 100); /* immediate re-fire requested */
	timer_interrupt_action();
	CHECK_EQ(periodic_runs, 2);
	kill_timer(&tm[0]);
	CHECK_EQ(armed[0], STIME_MAX);

	/* A callback stopping a due timer and killing itself. */
	reset_record();
	init_timer(&tm[1], stop_other, (void *)1, 0);
	init_timer(&tm[2], record, (void *)2, 0);
	init_timer(&tm[3], record, (void *)3, 0);
	set_timer(&tm[1], 110);
	set_timer(&tm[2], 120);
	set_timer(&tm[3], 130);
	fake_now = 200;
	timer_interrupt_action();
	CHECK_EQ(nr_fired, 2);
	CHECK_EQ(order[0], 1);
	CHECK_EQ(order[1], 3);
	CHECK_EQ(fired[2], 0);
	CHECK(tm[1].killed);
	set_timer(&tm[1], 300); /* ignored once killed */
	CHECK(!timer_is_active(&tm[1]));
	init_timer(&tm[1], record, (void *)1, 0); /* revived */
	set_timer(&tm[1], 300);
	CHECK(timer_is_active(&tm[1]));
	kill_timer(&tm[1]);
	kill_timer(&tm[1]); /* twice is harmless */
	kill_timer(&tm[2]);
	kill_timer(&tm[3]);
	CHECK_EQ(per_cpu(timer_queue, 0).nr_timers, 0);
	CHECK(heap_ok(0));
}

/* Growth from the first 64 slots to thousands, with timers queued. */
static void test_growth(void)
{
	struct timer_queue *q = &per_cpu(timer_queue, 0);

	fake_now = 0;
	for (unsigned int i = 0; i < MAX_T; i++) {
		init_timer(&tm[i], record, (void *)(uintptr_t)i, 0);
		set_timer(&tm[i], MAX_T - i);
		CHECK_EQ(armed[0], MAX_T - i);
	}
	CHECK(q->limit >= MAX_T);
	CHECK_EQ(q->size, MAX_T);
	CHECK(heap_ok(0));
	reset_record();
	fake_now = MAX_T;
	timer_interrupt_action();
	CHECK_EQ(nr_fired, MAX_T);
	for (unsigned int j = 0; j < MAX_T; j++)
		CHECK_EQ(order[j], MAX_T - 1 - j);
	kill_all(MAX_T);
}

/* ---- a second CPU ---- */
static struct timer_queue *cpu1_area;

static void test_remote(void)
{
	struct timer r[3];
	unsigned int before = nr_reprograms;

	cpu1_area = calloc(1, sizeof(*cpu1_area));
	__per_cpu_offset[1] =
		(unsigned long)cpu1_area - (unsigned long)&per_cpu__timer_queue;
	fake_now = 0;
	reset_record();
	for (unsigned int i = 0; i < 3; i++)
		init_timer(&r[i], record, (void *)(uintptr_t)i, 1);
	set_timer(&r[0], 100); /* new head on CPU 1: kick */
	CHECK_EQ(nr_kicks[1], 1);
	set_timer(&r[1], 200); /* behind the head: no kick */
	CHECK_EQ(nr_kicks[1], 1);
	set_timer(&r[2], 50);
	CHECK_EQ(nr_kicks[1], 2);
	stop_timer(&r[2]); /* later head: CPU 1 copes */
	CHECK_EQ(nr_kicks[1], 2);
	CHECK_EQ(nr_reprograms, before); /* CPU 0's timer untouched */
	CHECK(heap_ok(1));
	CHECK_EQ(per_cpu(timer_queue, 0).size, 0);

	test_cpu = 1; /* the kicked CPU looks */
	timer_interrupt_action();
	CHECK_EQ(armed[1], 100);
	test_cpu = 0;
	for (unsigned int i = 0; i < 3; i++)
		kill_timer(&r[i]);
	CHECK_EQ(cpu1_area->nr_timers, 0);
}

/* kill_timer() from CPU 0 must wait for the callback running on CPU 1. */
static volatile int slow_started, slow_done;
static void slow(void *data)
{
	slow_started = 1;
	usleep(100 * 1000);
	slow_done = 1;
}

static void *cpu1_thread(void *arg)
{
	test_cpu = 1;
	timer_interrupt_action();
	return NULL;
}

static void test_kill_waits(void)
{
	static struct timer s;
	pthread_t th;

	fake_now = 1000;
	init_timer(&s, slow, NULL, 1);
	set_timer(&s, 500);
	pthread_create(&th, NULL, cpu1_thread, NULL);
	while (!slow_started)
		usleep(1000);
	kill_timer(&s);
	CHECK(slow_done);
	pthread_join(th, NULL);
	CHECK_EQ(cpu1_area->nr_timers, 0);
}

int main(void)
{
	timer_subsys_init();
	CHECK_EQ(armed[0], STIME_MAX);
	test_basic();
	test_random(10, 1);
	test_random(1000, 2);
	test_random(MAX_T, 3);
	test_callbacks();
	test_growth();
	test_remote();
	test_kill_waits();
	return unit_finish("timer");
}
