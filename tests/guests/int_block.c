/*
 * int_block: SCHEDOP_block with an event already pending returns at once,
 * and blocking re-enables event delivery (linux-pv-abi.md §2.11; Xen's
 * do_block, Linux's safe_halt rely on it).  No event channel hypercall is
 * needed: the guest marks an (unbound) port pending in shared_info itself,
 * as a sender's hypervisor would.
 *   1. events masked, upcall_pending set, no event callback yet: block
 *      returns 0 at once and leaves the upcall mask clear;
 *   2. event callback registered, events masked, port pending with its
 *      selector bit and upcall_pending: block returns 0 and the upcall is
 *      delivered (our handler sees the port, pending is consumed).
 * A block that does not return hangs the guest: the QEMU test's timeout
 * reports that.  As dom0 it stays up (blocked... on nothing pending) after
 * its result so that domUs running the same test can finish.
 */
#include "guest.h"

const char test_name[] = "int_block";

#define PORT 5 /* never bound: only this guest ever marks it pending */

static void mark_pending(evtchn_port_t port)
{
	struct vcpu_info *vi = vcpu0();

	__atomic_fetch_or(&shared_info->evtchn_pending[port / 64],
			  1UL << (port % 64), __ATOMIC_SEQ_CST);
	__atomic_fetch_or(&vi->evtchn_pending_sel, 1UL << (port / 64),
			  __ATOMIC_SEQ_CST);
	vi->evtchn_upcall_pending = 1;
	barrier();
}

static void block_pending_no_callback(void)
{
	struct vcpu_info *vi = vcpu0();
	long rc;

	events_disable();
	vi->evtchn_upcall_pending = 1;
	barrier();
	rc = hc_sched_op(SCHEDOP_block, NULL);
	check(rc == 0, "block with upcall_pending set returned %ld", rc);
	check(vi->evtchn_upcall_mask == 0,
	      "block left the upcall mask set (%u)", vi->evtchn_upcall_mask);
	events_disable();
	vi->evtchn_upcall_pending = 0;
	printf("int_block: pending, no callback: block returned at once\n");
}

static void block_pending_delivers(void)
{
	struct vcpu_info *vi = vcpu0();
	unsigned before = evtchn_count[PORT];
	long rc;

	install_callbacks();
	events_disable();
	evtchn_unmask_local(PORT);
	evtchn_clear_pending(PORT);
	mark_pending(PORT);
	rc = hc_sched_op(SCHEDOP_block, NULL);
	check(rc == 0, "block with port %d pending returned %ld", PORT, rc);
	check(evtchn_count[PORT] == before + 1,
	      "port %d: %u upcalls after block, expected %u", PORT,
	      evtchn_count[PORT], before + 1);
	check(!evtchn_is_pending(PORT), "port %d still pending", PORT);
	check(vi->evtchn_upcall_pending == 0, "upcall_pending still set");
	printf("int_block: pending port, callback: block returned, upcall "
	       "delivered\n");
}

void guest_main(void)
{
	map_shared_info();
	install_traps();
	block_pending_no_callback();
	block_pending_delivers();
	events_disable();
	if (start_info->flags & SIF_INITDOMAIN)
		pass_and_idle();
}
