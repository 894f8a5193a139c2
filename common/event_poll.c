/*
 * SCHEDOP_poll: a vCPU blocks until one of a set of its domain's event
 * channel ports is pending, or a timeout; split from event_channel.c.
 *
 * Interface: sched_poll() for SCHEDOP_poll of current;
 * evtchn_poll_timer_init() when a vCPU is created;
 * evtchn_check_pollers() whenever a port becomes pending (both ABIs).
 * Invariants: v->poll_ports points at v's bitmap in ed->poll_bits while
 * v polls, NULL otherwise; whoever swaps it to NULL (an event, the
 * timeout, the poll itself) ends the poll and unblocks v, exactly once.
 * Only ports below 4096 can be polled.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/sched.h>
#include <asm/guest_access.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include "event_channel.h"

#define POLL_MAX_PORTS 128 /* sched_poll.nr_ports limit */

/* End v's SCHEDOP_poll (once: whoever clears poll_ports wakes it). */
static void poll_wake(struct vcpu *v)
{
	if (__atomic_exchange_n(&v->poll_ports, NULL, __ATOMIC_SEQ_CST)) {
		stop_timer(&v->poll_timer);
		vcpu_unblock(v);
	}
}

void evtchn_check_pollers(struct domain *d, unsigned int port)
{
	if (port >= NR_EVENT_CHANNELS)
		return; /* FIFO port no poll can name */
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];
		unsigned long *bits = v ? READ_ONCE(v->poll_ports) : NULL;

		if (bits && (READ_ONCE(bits[port / BITS_PER_WORD]) &
			     (1UL << (port % BITS_PER_WORD))))
			poll_wake(v);
	}
}

/* Poll timeout (timer context): end the poll if it is still on. */
static void poll_timeout(void *data)
{
	poll_wake(data);
}

void evtchn_poll_timer_init(struct vcpu *v)
{
	init_timer(&v->poll_timer, poll_timeout, v, v->processor);
}

/* Is a port of bits pending?  FIFO words are read under d's lock. */
static bool any_pending(struct domain *d, const unsigned long *bits)
{
	const struct shared_info *sh = d->shared_info;
	unsigned long flags = evtchn_lock_one(d);
	bool hit = false;

	for (unsigned int w = 0; w < NR_EVENT_CHANNELS / BITS_PER_WORD && !hit;
	     w++) {
		unsigned long m = bits[w];

		if (!d->evtchn->fifo)
			hit = m & READ_ONCE(sh->evtchn_pending[w]);
		for (; m && d->evtchn->fifo && !hit; m &= m - 1)
			hit = evtchn_fifo_is_pending(d->evtchn,
						     w * BITS_PER_WORD +
							     __builtin_ctzl(m));
	}
	evtchn_unlock_one(d, flags);
	return hit;
}

/* Copy in and check the port list; fill v's poll bitmap. */
static long poll_read_ports(struct vcpu *v, const struct sched_poll *p,
			    unsigned long *bits)
{
	evtchn_port_t ports[POLL_MAX_PORTS];

	if (p->nr_ports > POLL_MAX_PORTS)
		return -EINVAL;
	if (copy_from_guest(ports, (unsigned long)p->ports.p,
			    p->nr_ports * sizeof(ports[0])))
		return -EFAULT;
	memset(bits, 0, BITS_PER_WORD * sizeof(*bits));
	for (unsigned int i = 0; i < p->nr_ports; i++) {
		if (ports[i] >= NR_EVENT_CHANNELS)
			return -EINVAL;
		bits[ports[i] / BITS_PER_WORD] |= 1UL
						  << (ports[i] % BITS_PER_WORD);
	}
	return 0;
}

long sched_poll(unsigned long arg)
{
	struct vcpu *v = current;
	struct domain *d = v->domain;
	struct vcpu_info *vi = v->vcpu_info;
	struct sched_poll p;
	unsigned long *bits;
	long rc;

	if (!d->evtchn || !d->shared_info)
		return -ENOSYS;
	if (copy_from_guest(&p, arg, sizeof(p)))
		return -EFAULT;
	/* A poll that ended by an upcall may have left these behind. */
	poll_wake(v);
	stop_timer(&v->poll_timer);
	bits = d->evtchn->poll_bits + (size_t)v->vcpu_id * BITS_PER_WORD;
	if ((rc = poll_read_ports(v, &p, bits)))
		return rc;
	/* Blocked and listed first, then look: a racing send sees us. */
	vcpu_block();
	__atomic_store_n(&v->poll_ports, bits, __ATOMIC_SEQ_CST);
	if (any_pending(d, bits) ||
	    (vi && READ_ONCE(vi->evtchn_upcall_pending) &&
	     !READ_ONCE(vi->evtchn_upcall_mask))) {
		poll_wake(v);
		return 0;
	}
	if (p.timeout)
		set_timer(&v->poll_timer, p.timeout);
	return 0;
}
