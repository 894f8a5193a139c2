/*
 * Guest system time from vcpu_info.time (pvclock, linux-pv-abi.md §6.1).
 *
 * Interface: system_time_ns() and sleep_ns() after map_shared_info().
 * Invariants: a reading is taken only from a stable, even version.
 */
#include "guest.h"

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

uint64_t system_time_ns(void)
{
	volatile struct vcpu_time_info *t = &vcpu0()->time;
	uint32_t version;
	uint64_t ns;

	do {
		version = t->version;
		barrier();
		uint64_t delta = rdtsc() - t->tsc_timestamp;
		int8_t shift = t->tsc_shift;

		if (shift >= 0)
			delta <<= shift;
		else
			delta >>= -shift;
		ns = t->system_time + (uint64_t)(((unsigned __int128)delta *
						  t->tsc_to_system_mul) >>
						 32);
		barrier();
	} while ((version & 1) || version != t->version);
	return ns;
}

void sleep_ns(uint64_t ns)
{
	uint64_t end = system_time_ns() + ns;
	struct sched_poll p = {.nr_ports = 0};
	long rc;

	while (system_time_ns() < end) {
		p.timeout = end;
		rc = hc_sched_op(SCHEDOP_poll, &p);
		check(rc == 0, "SCHEDOP_poll (sleep) returned %ld", rc);
	}
}
