/*
 * tm_oneshot: the one-shot timer and the pvclock (linux-pv-abi.md §6).
 * vcpu_time_info is sane and advances at the rate of real time against
 * the wallclock's second; VCPUOP_set_singleshot_timer and set_timer_op
 * raise VIRQ_TIMER no earlier than asked, woken from SCHEDOP_block;
 * VCPU_SSHOTTMR_future refuses a past deadline with -ETIME;
 * stop_singleshot_timer and set_timer_op(0) cancel; the runstate area
 * is filled in.
 */
#include "guest.h"

const char test_name[] = "tm_oneshot";

#define MS	   1000000ULL
#define LATE_LIMIT (2000 * MS)

static volatile uint64_t fired_at;
static struct vcpu_runstate_info runstate;

static void on_timer(evtchn_port_t port)
{
	fired_at = system_time_ns();
}

/* Block until the timer fires or system time reaches limit. */
static void block_until(uint64_t limit)
{
	for (int i = 0; i < 200 && !fired_at && system_time_ns() < limit; i++) {
		hc_sched_op(SCHEDOP_block, NULL);
		events_enable();
	}
}

static void expect_fire(const char *what, uint64_t deadline)
{
	for (int i = 0; i < 50 && !fired_at; i++) {
		check(hc_sched_op(SCHEDOP_block, NULL) == 0, "block");
		events_enable();
	}
	check(fired_at, "%s: never fired", what);
	check(fired_at >= deadline, "%s: %lu ns early", what,
	      deadline - fired_at);
	check(fired_at - deadline < LATE_LIMIT, "%s: %lu ns late", what,
	      fired_at - deadline);
	printf("%s: +%lu us\n", what, (fired_at - deadline) / 1000);
	fired_at = 0;
}

static void check_time_info(void)
{
	struct vcpu_time_info *ti = &vcpu0()->time;
	uint64_t a, b;

	check(!(ti->version & 1) && ti->version, "time version %u",
	      ti->version);
	check(ti->tsc_to_system_mul, "tsc_to_system_mul is 0");
	a = system_time_ns();
	b = system_time_ns();
	check(a && b >= a, "pvclock not monotonic: %lu, %lu", a, b);
	check(shared_info->wc_sec > 1500000000u &&
		      !(shared_info->wc_version & 1),
	      "wallclock %u s (version %u)", shared_info->wc_sec,
	      shared_info->wc_version);
	printf("pvclock %lu ns (mul %u shift %d), wallclock %u s\n", a,
	       ti->tsc_to_system_mul, ti->tsc_shift, shared_info->wc_sec);
}

void guest_main(void)
{
	struct evtchn_bind_virq bv = {.virq = VIRQ_TIMER, .vcpu = 0};
	struct vcpu_set_singleshot_timer t = {0};
	struct vcpu_register_runstate_memory_area ra;
	uint64_t deadline;
	long rc;

	map_shared_info();
	install_traps();
	install_callbacks();
	check_time_info();
	ra.addr.v = &runstate;
	check(hc_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &ra) == 0,
	      "register_runstate_memory_area");
	check(runstate.state == RUNSTATE_running, "runstate %d",
	      runstate.state);
	check(hc_event_channel_op(EVTCHNOP_bind_virq, &bv) == 0, "bind_virq");
	rc = hc_event_channel_op(EVTCHNOP_bind_virq, &bv);
	check(rc == -XEN_EEXIST, "second bind_virq(TIMER) returned %ld", rc);
	evtchn_set_handler(bv.port, on_timer);
	check(hc_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL) == 0,
	      "stop_periodic");
	events_enable();

	deadline = t.timeout_abs_ns = system_time_ns() + 15 * MS;
	check(hc_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t) == 0,
	      "singleshot");
	expect_fire("singleshot 15ms", deadline);
	check(runstate.time[RUNSTATE_blocked] > 0,
	      "runstate: no blocked time after blocking");

	deadline = system_time_ns() + 5 * MS;
	check(hc_set_timer_op(deadline) == 0, "set_timer_op");
	expect_fire("set_timer_op 5ms", deadline);

	t.timeout_abs_ns = system_time_ns() - MS;
	t.flags = VCPU_SSHOTTMR_future;
	rc = hc_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t);
	check(rc == -XEN_ETIME, "past deadline with _future returned %ld", rc);
	t.flags = 0;
	deadline = t.timeout_abs_ns;
	check(hc_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t) == 0, "past");
	expect_fire("singleshot in the past", deadline);

	/* Cancelled timers stay silent (set_timer_op(0) too). */
	t.timeout_abs_ns = system_time_ns() + 5 * MS;
	check(hc_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t) == 0, "arm");
	check(hc_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL) == 0, "stop");
	check(hc_set_timer_op(system_time_ns() + 5 * MS) == 0, "arm 2");
	check(hc_set_timer_op(0) == 0, "cancel");
	deadline = system_time_ns() + 30 * MS;
	/* Only a guard timer well after the cancelled ones may fire. */
	check(hc_set_timer_op(deadline) == 0, "guard");
	block_until(deadline + LATE_LIMIT);
	check(fired_at >= deadline,
	      "a cancelled timer fired at %lu (guard %lu)", fired_at, deadline);
}
