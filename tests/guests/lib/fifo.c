/*
 * The FIFO event channel ABI on the guest side, as Linux's events_fifo.c
 * uses it: one control block for vCPU 0 and one event array page (ports
 * below 1024), events taken from the queue heads, highest priority first.
 *
 * Interface: fifo_setup() switches the domain (init_control, then one
 * expand_array); fifo_consume() takes every queued event, counting it in
 * evtchn_count[] and passing it to fifo_event if set; fifo_upcall is an
 * upcall_hook that does that.  fifo_cb, fifo_array and fifo_cb_frame are
 * the guest memory the hypervisor writes.
 * Invariants: only vCPU 0 consumes, with events masked; a word is
 * unlinked with one compare-and-swap, as the ABI requires.
 */
#include "guest.h"

#define WP (1u << EVTCHN_FIFO_PENDING)
#define WM (1u << EVTCHN_FIFO_MASKED)
#define WL (1u << EVTCHN_FIFO_LINKED)

uint8_t fifo_cb_frame[PAGE_SIZE] __page_aligned_bss;
event_word_t fifo_array[FIFO_PORTS] __page_aligned_bss;
struct evtchn_fifo_control_block *fifo_cb;
void (*fifo_event)(evtchn_port_t port);
static uint32_t qhead[EVTCHN_FIFO_MAX_QUEUES]; /* our place in each queue */

long fifo_setup(uint32_t cb_offset)
{
	struct evtchn_init_control ic = {
		.control_gfn = virt_to_mfn(fifo_cb_frame), .offset = cb_offset};
	struct evtchn_expand_array ea = {.array_gfn = virt_to_mfn(fifo_array)};
	long rc = hc_event_channel_op(EVTCHNOP_init_control, &ic);

	if (rc)
		return rc;
	if (ic.link_bits != EVTCHN_FIFO_LINK_BITS)
		fail("init_control: link_bits %u", ic.link_bits);
	fifo_cb = (void *)(fifo_cb_frame + cb_offset);
	memset(qhead, 0, sizeof(qhead));
	return hc_event_channel_op(EVTCHNOP_expand_array, &ea);
}

uint32_t fifo_word(evtchn_port_t p)
{
	return __atomic_load_n(&fifo_array[p], __ATOMIC_SEQ_CST);
}

/* Clear LINKED and the link of a head word (Linux's clear_linked). */
static uint32_t unlink_word(evtchn_port_t p)
{
	uint32_t old = fifo_word(p), new;

	do {
		new = old & ~(WL | EVTCHN_FIFO_LINK_MASK);
	} while (!__atomic_compare_exchange_n(&fifo_array[p], &old, new, false,
					      __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
	return old & EVTCHN_FIFO_LINK_MASK;
}

/* Take one event off queue q (Linux's consume_one_event). */
static void consume_one(unsigned q, uint32_t *ready)
{
	uint32_t port = qhead[q], next;

	if (!port)
		port = __atomic_load_n(&fifo_cb->head[q], __ATOMIC_SEQ_CST);
	if (!port || port >= FIFO_PORTS)
		fail("FIFO queue %u head %u", q, port);
	next = unlink_word(port);
	if (!next)
		*ready &= ~(1u << q);
	if ((fifo_word(port) & (WP | WM)) == WP) {
		__atomic_fetch_and(&fifo_array[port], ~WP, __ATOMIC_SEQ_CST);
		evtchn_count[port]++;
		if (fifo_event)
			fifo_event(port);
	}
	qhead[q] = next;
}

void fifo_consume(void)
{
	uint32_t ready =
		__atomic_exchange_n(&fifo_cb->ready, 0, __ATOMIC_SEQ_CST);

	while (ready) {
		consume_one(__builtin_ctz(ready), &ready);
		ready |= __atomic_exchange_n(&fifo_cb->ready, 0,
					     __ATOMIC_SEQ_CST);
	}
}

/* As Linux: clear the upcall flag first, then drain the queues. */
void fifo_upcall(void)
{
	while (vcpu0()->evtchn_upcall_pending) {
		vcpu0()->evtchn_upcall_pending = 0;
		barrier();
		fifo_consume();
	}
}
