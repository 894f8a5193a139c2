/*
 * int_spin: a CPU-bound domain is preempted, never starved.  As a domU it
 * counts loop iterations for SPIN_MS milliseconds of pvclock system time
 * without ever yielding, and reports the count, the system-time window it
 * ran in and how often it saw the clock jump by more than GAP_NS (it was
 * descheduled).  The QEMU test runs two such domUs on one CPU and checks
 * that both made progress and that their windows overlap, which needs
 * preemption; it never looks at ratios.  As dom0 it reports at once and
 * stays up (blocked), so that it takes no CPU time from the domUs.
 */
#include "guest.h"

const char test_name[] = "int_spin";

#define MS	1000000ULL
#define SPIN_MS 300
#define GAP_NS	(2 * MS)

void guest_main(void)
{
	uint64_t start, now, last, end, iters = 0, gaps = 0;

	install_traps();
	map_shared_info();
	if (start_info->flags & SIF_INITDOMAIN) {
		printf("int_spin: dom0 stays blocked\n");
		pass_and_idle();
	}
	check(vcpu0()->time.tsc_to_system_mul != 0,
	      "pvclock not running (vcpu_info.time.tsc_to_system_mul is 0)");
	start = last = system_time_ns();
	end = start + SPIN_MS * MS;
	do {
		for (int i = 0; i < 1000; i++)
			barrier();
		iters++;
		now = system_time_ns();
		check(now >= last, "system time went back: %lu then %lu", last,
		      now);
		if (now - last > GAP_NS)
			gaps++;
		last = now;
	} while (now < end);
	printf("int_spin: %lu iterations, window %lu-%lu ns, %lu gaps\n", iters,
	       start, now, gaps);
	check(iters > 0, "no progress");
}
