/*
 * sched_shutdown: SCHEDOP_remote_shutdown and SCHEDOP_shutdown_code, run
 * as dom0 and as domU 1 ("peer") at once.
 * The domU: remote_shutdown is -EFAULT for a bad pointer, -ESRCH for a
 * domain that does not exist and -EPERM for dom0 (Xen's order);
 * shutdown_code(0x104: watchdog in the 8 bits Xen keeps) then
 * shutdown_code(crash) succeed, the first one sticking.
 * It reports, then blocks for good.  Both: SCHEDOP_watchdog and
 * SCHEDOP_pin_override (not offered) and unknown commands are -ENOSYS.
 * dom0: the same errors for a bad pointer and an unknown domain (also
 * with an unknown reason, which remote_shutdown takes as Xen); after giving the domU a second, remote_shutdown
 * (peer, poweroff) succeeds and the domain goes away (remote_shutdown
 * then says -ESRCH).  The QEMU test checks that the domain's shutdown
 * reported the code it set (watchdog), as in Xen: a preset code wins over
 * the reason of the shutdown itself.
 */
#include "guest.h"

const char test_name[] = "sched_shutdown";

#define PEER	  1  /* the domU's id */
#define NO_DOMAIN 77 /* no such domain */
#define GRACE_NS  1000000000UL
#define GONE_NS	  10000000000UL
#define POLL_NS	  20000000UL

static long remote(domid_t dom, unsigned reason)
{
	struct sched_remote_shutdown r = {.domain_id = dom, .reason = reason};

	return hc_sched_op(SCHEDOP_remote_shutdown, &r);
}

static long code(unsigned reason)
{
	struct sched_shutdown s = {.reason = reason};

	return hc_sched_op(SCHEDOP_shutdown_code, &s);
}

static void expect_rc(const char *what, long rc, long want)
{
	check(rc == want, "%s returned %ld, expected %ld", what, rc, want);
}

static void common_errors(void)
{
	expect_rc("remote_shutdown(bad pointer)",
		  hc_sched_op(SCHEDOP_remote_shutdown, (void *)BAD_PTR_HV),
		  -XEN_EFAULT);
	expect_rc("remote_shutdown(no such domain)",
		  remote(NO_DOMAIN, SHUTDOWN_poweroff), -XEN_ESRCH);
	expect_rc("shutdown_code(bad pointer)",
		  hc_sched_op(SCHEDOP_shutdown_code, (void *)BAD_PTR_HV),
		  -XEN_EFAULT);
	/* Not offered: Linux's xen_wdt and dom0's firmware calls cope. */
	expect_rc("SCHEDOP_watchdog", hc_sched_op(SCHEDOP_watchdog, NULL),
		  -XEN_ENOSYS);
	expect_rc("SCHEDOP_pin_override",
		  hc_sched_op(SCHEDOP_pin_override, NULL), -XEN_ENOSYS);
	expect_rc("sched_op 99", hc_sched_op(99, NULL), -XEN_ENOSYS);
}

static void domu_side(void)
{
	common_errors();
	expect_rc("remote_shutdown(dom0) from a domU",
		  remote(0, SHUTDOWN_poweroff), -XEN_EPERM);
	expect_rc("remote_shutdown(dom0, reason 99) from a domU",
		  remote(0, 99), -XEN_EPERM);
	/* As Xen: any reason, truncated to 8 bits (0x104: watchdog). */
	expect_rc("shutdown_code(0x104)", code(0x100 | SHUTDOWN_watchdog), 0);
	expect_rc("shutdown_code(crash)", code(SHUTDOWN_crash), 0);
	printf("domU: shutdown code set, waiting for dom0\n");
	pass_and_idle();
}

static void dom0_side(void)
{
	uint64_t end;
	long rc;

	map_shared_info();
	common_errors();
	/* As Xen: no reason is refused; the lookup comes first. */
	expect_rc("remote_shutdown(no domain, reason 99)",
		  remote(NO_DOMAIN, 99), -XEN_ESRCH);
	sleep_ns(GRACE_NS); /* the domU runs its checks meanwhile */
	expect_rc("remote_shutdown(peer, poweroff)",
		  remote(PEER, SHUTDOWN_poweroff), 0);
	end = system_time_ns() + GONE_NS;
	do {
		sleep_ns(POLL_NS);
		rc = remote(PEER, SHUTDOWN_poweroff);
	} while (rc == 0 && system_time_ns() < end);
	expect_rc("remote_shutdown(peer) once it is gone", rc, -XEN_ESRCH);
	printf("dom0: peer shut down remotely and gone\n");
	pass_and_idle();
}

void guest_main(void)
{
	install_traps();
	if (start_info->flags & SIF_INITDOMAIN)
		dom0_side();
	domu_side();
}
