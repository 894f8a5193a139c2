/* System time and one-shot timers. */
#ifndef XEN_TIME_H
#define XEN_TIME_H

#include <xen/types.h>

#define NANOSECS(n)  ((s_time_t)(n))
#define MICROSECS(u) ((s_time_t)(u) * 1000ULL)
#define MILLISECS(m) ((s_time_t)(m) * 1000000ULL)
#define SECONDS(s)   ((s_time_t)(s) * 1000000000ULL)
#define STIME_MAX    ((s_time_t)~0ULL)

/* Monotonic ns since time_init(); identical on all CPUs. (arch) */
s_time_t NOW(void);
void time_init(void);		    /* BSP: calibrate TSC and LAPIC timer */
void time_init_ap(void);	    /* AP: join the BSP's time base */
const char *time_source_name(void); /* "HPET", "PIT", ... */
u64 cpu_khz_tsc(void);
void udelay(unsigned long us);
void mdelay(unsigned long ms);
/*
 * Arm this CPU's one-shot deadline (STIME_MAX or 0 = disarm); a deadline
 * already past fires at once.  Call with interrupts off. (arch)
 */
void reprogram_timer(s_time_t deadline);

/*
 * Timer queue (common/timer.c): per-CPU one-shot timers.  Callbacks run on
 * the timer's CPU with interrupts off and no lock held; they may set,
 * stop or kill timers, including their own.  The fields are private to
 * common/timer.c and guarded by the owning CPU's queue lock.
 */
struct timer {
	s_time_t expires;	  /* absolute system time, when queued */
	void (*fn)(void *data);	  /* callback */
	void *data;		  /* its argument */
	unsigned int cpu;	  /* CPU whose queue holds it, fixed */
	unsigned int heap_offset; /* slot in that CPU's heap; 0 = not queued */
	bool killed;		  /* kill_timer()ed: set_timer() ignored */
};

void timer_subsys_init(void);
/* cpu must have its per-CPU area; t must not be queued. */
void init_timer(struct timer *t, void (*fn)(void *), void *data,
		unsigned int cpu);
void set_timer(struct timer *t, s_time_t expires);
void stop_timer(struct timer *t);
/* Disarm for good; waits for t's callback running on another CPU. */
void kill_timer(struct timer *t);
bool timer_is_active(const struct timer *t);
/* Called from the timer interrupt: run expired timers, re-arm. */
void timer_interrupt_action(void);
/*
 * selftest=timer: arm, move and stop a few timers, print one verdict
 * line.  Needs interrupts on; takes about 50 ms. (arch)
 */
void timer_selftest(void);

#endif
