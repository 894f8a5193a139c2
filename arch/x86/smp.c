/*
 * Inter-processor interrupts: cross-CPU function calls, event-check
 * kicks, stopping the other CPUs, and the selftest=smp check.
 *
 * Interface: smp_intr_init() once on the BSP (from smp_boot_cpus());
 * then from any online CPU: smp_call_function() (interrupts enabled, not
 * from an interrupt handler), smp_send_event_check(), smp_send_stop()
 * (any context, interrupts on or off).  do_trap() calls smp_handle_nmi()
 * for vector 2.
 *
 * Invariants: call_lock serialises callers; `call` changes only under it
 * and only while no CPU has call_pending set.  A target takes its request
 * by exchanging call_pending[cpu] to false.  The target acknowledges by
 * storing the call's sequence number in call_done[cpu] (before running fn
 * when the caller does not wait).  A caller never gives up on a target:
 * the calls are TLB flushes a freed or retyped page depends on, so going
 * on without one would leave another CPU a stale (maybe writable)
 * translation.  A target slow for CALL_TIMEOUT_US is reported and waited
 * for; one silent for CALL_GIVEUP_US is a hung CPU and the machine panics.
 * stop_owner is the one CPU allowed to stop the others; once set it never
 * changes.
 */
#include <xen/lib.h>
#include <xen/time.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <asm/apic.h>
#include <asm/current.h>
#include <asm/irq.h>
#include <asm/smp.h>
#include <asm/system.h>

#define CALL_TIMEOUT_US      1000000  /* slow enough to report */
#define CALL_GIVEUP_US       30000000 /* a CPU silent for 30 s is hung */
#define STOP_IPI_TIMEOUT_US  10000    /* idle CPUs answer in microseconds */
#define STOP_NMI_TIMEOUT_US  100000
#define NO_STOP_OWNER        (~0U)

struct call_data {
	void (*fn)(void *data);   /* function to run on the targets */
	void *data;               /* its argument */
	bool wait;                /* acknowledge after fn, not before */
	unsigned long seq;        /* number of this call, never 0 */
};

static DEFINE_SPINLOCK(call_lock);
static struct call_data call;                  /* under call_lock */
static bool call_pending[NR_CPUS];             /* request for this CPU */
static unsigned long call_done[NR_CPUS];       /* last call seq acknowledged */
static unsigned int stop_owner = NO_STOP_OWNER;

/* Park this CPU for good: interrupts off, only NMI/INIT can wake it. */
static __noreturn void stop_this_cpu(void)
{
	local_irq_disable();
	cpu_set_offline(smp_processor_id());
	for (;;)
		halt();
}

static bool stop_requested_for_me(void)
{
	unsigned int owner = __atomic_load_n(&stop_owner, __ATOMIC_ACQUIRE);

	return owner != NO_STOP_OWNER && owner != smp_processor_id();
}

bool smp_handle_nmi(void)
{
	if (!stop_requested_for_me())
		return false;
	stop_this_cpu();
}

/*
 * Wakes a CPU from hlt (its softirqs run on the way out), honours a
 * pending stop, and re-arms the timer: another CPU may have queued an
 * earlier timer here (common/timer.c kicks us for exactly that).
 */
static void event_check_interrupt(struct cpu_regs *regs)
{
	apic_eoi();
	if (stop_requested_for_me())
		stop_this_cpu();
	timer_interrupt_action();
}

static void call_function_interrupt(struct cpu_regs *regs)
{
	unsigned int cpu = smp_processor_id();
	struct call_data c;

	apic_eoi();
	if (stop_requested_for_me())
		stop_this_cpu();
	if (!__atomic_exchange_n(&call_pending[cpu], false, __ATOMIC_ACQUIRE))
		return;   /* no request: a repeated IPI for a call already taken */
	c = call;
	if (!c.wait)
		__atomic_store_n(&call_done[cpu], c.seq, __ATOMIC_RELEASE);
	c.fn(c.data);
	if (c.wait)
		__atomic_store_n(&call_done[cpu], c.seq, __ATOMIC_RELEASE);
}

void smp_intr_init(void)
{
	set_intr_handler(CALL_FUNCTION_VECTOR, call_function_interrupt);
	set_intr_handler(EVENT_CHECK_VECTOR, event_check_interrupt);
}

/* Spin until cpu acknowledged call seq or deadline passed; true if it did. */
static bool call_answered(unsigned int cpu, unsigned long seq, u64 deadline)
{
	while (__atomic_load_n(&call_done[cpu], __ATOMIC_ACQUIRE) != seq) {
		if (smp_deadline_passed(deadline))
			return false;
		cpu_relax();
	}
	return true;
}

/*
 * Wait for every target to acknowledge call seq: a slow one is reported
 * once and still waited for; one that stays silent is a hung CPU.
 */
static void wait_for_call(const bool *target, unsigned long seq)
{
	u64 deadline = smp_deadline_us(CALL_TIMEOUT_US);

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (!target[cpu] || call_answered(cpu, seq, deadline))
			continue;
		printk(XENLOG_WARNING "Warning: CPU %u (APIC id %u) %s a cross-CPU call after %u ms; waiting\n",
		       cpu, x86_cpu_to_apicid[cpu],
		       __atomic_load_n(&call_pending[cpu], __ATOMIC_ACQUIRE) ?
		       "has not taken" : "is still running",
		       CALL_TIMEOUT_US / 1000);
		if (!call_answered(cpu, seq, smp_deadline_us(CALL_GIVEUP_US)))
			panic("CPU %u did not answer a cross-CPU call in %u s",
			      cpu, (CALL_TIMEOUT_US + CALL_GIVEUP_US) / 1000000);
		printk(XENLOG_WARNING "CPU %u answered the cross-CPU call late\n", cpu);
		deadline = smp_deadline_us(CALL_TIMEOUT_US);
	}
}

void smp_call_function(void (*fn)(void *), void *data, bool wait)
{
	smp_call_function_many(NULL, fn, data, wait);
}

/* As smp_call_function, for the online CPUs with want[cpu] (NULL: all). */
void smp_call_function_many(const bool *want, void (*fn)(void *), void *data,
			    bool wait)
{
	bool target[NR_CPUS] = { false };
	unsigned int cpu, me = smp_processor_id();

	/*
	 * Not irqsave: a CPU spinning here must still answer the holder's
	 * IPI, or the two would wait for each other until the timeout.
	 */
	spin_lock(&call_lock);
	call.fn = fn;
	call.data = data;
	call.wait = wait;
	call.seq++;
	for_each_online_cpu(cpu) {
		if (cpu == me || (want && !want[cpu]))
			continue;
		target[cpu] = true;
		__atomic_store_n(&call_pending[cpu], true, __ATOMIC_RELEASE);
	}
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (target[cpu])
			apic_send_ipi(x86_cpu_to_apicid[cpu], CALL_FUNCTION_VECTOR);
	wait_for_call(target, call.seq);
	spin_unlock(&call_lock);
}

void smp_send_event_check(unsigned int cpu)
{
	if (cpu < nr_cpu_ids && cpu_online(cpu))
		apic_send_ipi(x86_cpu_to_apicid[cpu], EVENT_CHECK_VECTOR);
}

/* Wait until only this CPU is online; true if that happened in time. */
static bool wait_others_stopped(unsigned long us)
{
	u64 deadline = smp_deadline_us(us);

	while (__atomic_load_n(&num_online_cpus_, __ATOMIC_ACQUIRE) > 1) {
		if (smp_deadline_passed(deadline))
			return false;
		cpu_relax();
	}
	return true;
}

/* Send icr_low to every other online CPU, one by one (never "all"). */
static void send_to_others(u32 icr_low)
{
	unsigned int cpu, me = smp_processor_id();

	for_each_online_cpu(cpu)
		if (cpu != me)
			apic_send_icr(x86_cpu_to_apicid[cpu], icr_low);
}

/*
 * First a fixed IPI, which parks every CPU with interrupts enabled; then
 * an NMI for any CPU still running (interrupts off, e.g. spinning).  CPUs
 * are addressed one by one so that CPUs which never came online (parked
 * in the trampoline without an IDT) are not woken.  If another CPU is
 * already stopping the machine, this CPU parks itself instead.
 */
void smp_send_stop(void)
{
	unsigned int me = smp_processor_id(), owner = NO_STOP_OWNER;
	unsigned long flags = arch_local_irq_save();

	if (!__atomic_compare_exchange_n(&stop_owner, &owner, me, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) &&
	    owner != me)
		stop_this_cpu();
	send_to_others(APIC_DM_FIXED | EVENT_CHECK_VECTOR);
	if (!wait_others_stopped(STOP_IPI_TIMEOUT_US)) {
		send_to_others(APIC_DM_NMI);
		if (!wait_others_stopped(STOP_NMI_TIMEOUT_US))
			printk(XENLOG_WARNING "Warning: %u CPUs did not stop\n",
			       num_online_cpus() - 1);
	}
	arch_local_irq_restore(flags);
}

/* ---- selftest=smp ---- */

static unsigned int selftest_hits;          /* CPUs that ran the test fn */
static u32 selftest_apic[NR_CPUS];          /* APIC id each CPU reported */
static bool selftest_seen[NR_CPUS];         /* CPU ran the test fn */

static void selftest_fn(void *data)
{
	const struct cpu_info *info = get_cpu_info();

	selftest_apic[info->processor_id] = get_apic_id();
	__atomic_store_n(&selftest_seen[info->processor_id], true,
			 __ATOMIC_RELEASE);
	__atomic_fetch_add(&selftest_hits, 1, __ATOMIC_SEQ_CST);
}

/* One round: every online CPU (this one directly) runs selftest_fn. */
static unsigned int selftest_round(bool wait)
{
	u64 deadline;

	memset(selftest_seen, 0, sizeof(selftest_seen));
	__atomic_store_n(&selftest_hits, 0, __ATOMIC_SEQ_CST);
	selftest_fn(NULL);
	smp_call_function(selftest_fn, NULL, wait);
	deadline = smp_deadline_us(CALL_TIMEOUT_US);
	while (__atomic_load_n(&selftest_hits, __ATOMIC_SEQ_CST) <
	       num_online_cpus() && !smp_deadline_passed(deadline))
		cpu_relax();
	return __atomic_load_n(&selftest_hits, __ATOMIC_SEQ_CST);
}

/* Each online CPU must have answered, and reported the APIC id we know. */
static bool selftest_check(bool report)
{
	unsigned int cpu;
	bool ok = true;

	for_each_online_cpu(cpu) {
		bool seen = __atomic_load_n(&selftest_seen[cpu], __ATOMIC_ACQUIRE);

		if (report && seen)
			printk("SMP self-test: CPU %u (APIC id %u) answered\n",
			       cpu, selftest_apic[cpu]);
		if (!seen || selftest_apic[cpu] != x86_cpu_to_apicid[cpu]) {
			printk("SMP self-test: CPU %u (APIC id %u) %s\n", cpu,
			       x86_cpu_to_apicid[cpu],
			       seen ? "reported a different APIC id" : "did not answer");
			ok = false;
		}
	}
	return ok;
}

void smp_selftest(void)
{
	unsigned int cpu, hits, online = num_online_cpus();
	bool ok;

	hits = selftest_round(true);
	ok = hits == online && selftest_check(true);
	hits = selftest_round(false);
	ok = hits == online && selftest_check(false) && ok;
	for_each_online_cpu(cpu)
		smp_send_event_check(cpu);   /* must not upset anyone */
	printk("SMP self-test: %s (%u CPUs answered)\n", ok ? "passed" : "FAILED",
	       hits);
}
