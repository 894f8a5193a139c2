/*
 * timer: VIRQ_TIMER bound on vCPU 0 fires no earlier than requested, for
 * VCPUOP_set_singleshot_timer and for set_timer_op, and at once for a
 * deadline in the past; SCHEDOP_block wakes up for it (linux-pv-abi.md
 * §6.1, §6.3, §2.11).  System time comes from the pvclock in vcpu_info.
 */
#include "guest.h"

const char test_name[] = "timer";

#define MS	   1000000ULL
#define LATE_LIMIT (2000 * MS) /* generous: QEMU TCG on a busy host */

static volatile uint64_t fired_at;

static void on_timer(evtchn_port_t port)
{
	fired_at = system_time_ns();
}

static uint64_t wait_timer(const char *what, uint64_t deadline)
{
	/* Each block returns after some event; only the timer is bound. */
	for (int i = 0; i < 50 && !fired_at; i++) {
		long rc = hc_sched_op(SCHEDOP_block, NULL);

		check(rc == 0, "%s: SCHEDOP_block returned %ld", what, rc);
		events_enable();
	}
	check(fired_at != 0, "%s: no timer event after 50 blocks", what);
	check(fired_at >= deadline, "%s: fired at %lu, %lu ns early", what,
	      fired_at, deadline - fired_at);
	check(fired_at - deadline < LATE_LIMIT, "%s: fired %lu ns late", what,
	      fired_at - deadline);
	printf("%s: fired %lu ns after the deadline\n", what,
	       fired_at - deadline);
	return fired_at;
}

void guest_main(void)
{
	struct evtchn_bind_virq bv = {.virq = VIRQ_TIMER, .vcpu = 0};
	struct vcpu_set_singleshot_timer t = {0};
	uint64_t t0, t1, deadline;
	long rc;

	map_shared_info();
	install_traps();
	install_callbacks();

	check(!(vcpu0()->time.version & 1), "time version %u is odd",
	      vcpu0()->time.version);
	check(vcpu0()->time.tsc_to_system_mul != 0, "tsc_to_system_mul is 0");
	t0 = system_time_ns();
	t1 = system_time_ns();
	check(t0 > 0 && t1 >= t0, "system time not monotonic: %lu then %lu", t0,
	      t1);
	printf("system time %lu ns, mul %u shift %d\n", t0,
	       vcpu0()->time.tsc_to_system_mul, vcpu0()->time.tsc_shift);

	rc = hc_event_channel_op(EVTCHNOP_bind_virq, &bv);
	check(rc == 0, "bind_virq(VIRQ_TIMER) returned %ld", rc);
	evtchn_set_handler(bv.port, on_timer);
	rc = hc_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
	check(rc == 0, "VCPUOP_stop_periodic_timer returned %ld", rc);
	evtchn_clear_pending(bv.port);
	events_enable();

	deadline = system_time_ns() + 10 * MS;
	t.timeout_abs_ns = deadline;
	rc = hc_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t);
	check(rc == 0, "VCPUOP_set_singleshot_timer returned %ld", rc);
	wait_timer("singleshot 10ms", deadline);

	fired_at = 0;
	deadline = system_time_ns() + 5 * MS;
	rc = hc_set_timer_op(deadline);
	check(rc == 0, "set_timer_op returned %ld", rc);
	wait_timer("set_timer_op 5ms", deadline);

	/* A deadline in the past fires at once (Linux relies on it). */
	fired_at = 0;
	deadline = system_time_ns() - 1 * MS;
	t.timeout_abs_ns = deadline;
	rc = hc_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t);
	check(rc == 0, "set_singleshot_timer(past) returned %ld", rc);
	wait_timer("singleshot in the past", deadline);
}
