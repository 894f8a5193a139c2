/*
 * ev_fifo_smp: FIFO queues are per vCPU.  Booted with 2 CPUs (dom0 gets
 * two vCPUs; vCPU 1 is never brought up, vCPU 0 reads its control block
 * and consumes its queues for it).  An event for a vCPU without a
 * control block is dropped (as Xen); after init_control for vCPU 1 its
 * IPIs and ports moved to it with bind_vcpu are queued in its control
 * block, not vCPU 0's, and raise its upcall flag.  A port moved back to
 * vCPU 0 while it was the tail of vCPU 1's queue must not stay that
 * tail: the next event for vCPU 1 starts a new queue instead of being
 * linked behind a word that is now in vCPU 0's queue.
 */
#include "guest.h"

const char test_name[] = "ev_fifo_smp";

#define WP (1u << EVTCHN_FIFO_PENDING)
#define WL (1u << EVTCHN_FIFO_LINKED)
#define Q7 (1u << EVTCHN_FIFO_PRIORITY_DEFAULT)

static uint8_t cb1_frame[PAGE_SIZE] __page_aligned_bss;
static struct evtchn_fifo_control_block *cb1;
static evtchn_port_t got[8];
static unsigned n_got;

static long evop(int cmd, void *arg)
{
	return hc_event_channel_op(cmd, arg);
}

#define EXPECT(call, want)                                                     \
	do {                                                                   \
		long rc_ = (call);                                             \
		check(rc_ == (want), "%s returned %ld, expected %ld", #call,   \
		      rc_, (long)(want));                                      \
	} while (0)

static void record(evtchn_port_t port)
{
	check(n_got < ARRAY_SIZE(got), "too many events");
	got[n_got++] = port;
}

/* Drain one vCPU's queues (each drain empties them all). */
static void consume_on(struct evtchn_fifo_control_block *cb)
{
	struct evtchn_fifo_control_block *own = fifo_cb;

	fifo_cb = cb;
	fifo_consume();
	fifo_cb = own;
}

static void expect_got(unsigned n, const evtchn_port_t *want)
{
	check(n_got == n, "%u events consumed, expected %u", n_got, n);
	for (unsigned i = 0; i < n; i++)
		check(got[i] == want[i], "event #%u is port %u, expected %u", i,
		      got[i], want[i]);
	n_got = 0;
}

static void send(evtchn_port_t port)
{
	struct evtchn_send s = {.port = port};

	EXPECT(evop(EVTCHNOP_send, &s), 0);
}

static void move(evtchn_port_t port, uint32_t vcpu)
{
	struct evtchn_bind_vcpu bv = {.port = port, .vcpu = vcpu};

	EXPECT(evop(EVTCHNOP_bind_vcpu, &bv), 0);
}

void guest_main(void)
{
	struct evtchn_bind_ipi ipi = {.vcpu = 1};
	struct evtchn_alloc_unbound au = {.dom = DOMID_SELF,
					  .remote_dom = DOMID_SELF};
	struct evtchn_bind_interdomain bi = {.remote_dom = DOMID_SELF};
	struct evtchn_init_control ic = {
		.control_gfn = virt_to_mfn(cb1_frame), .offset = 8, .vcpu = 1};
	evtchn_port_t a;

	map_shared_info();
	install_traps();
	install_callbacks();
	fifo_event = record;
	EXPECT(fifo_setup(0), 0);
	EXPECT(evop(EVTCHNOP_bind_ipi, &ipi), 0);
	send(ipi.port);
	check(!fifo_word(ipi.port) && !fifo_cb->ready,
	      "event for a vCPU with no control block: word %x",
	      fifo_word(ipi.port));
	EXPECT(evop(EVTCHNOP_init_control, &ic), 0);
	EXPECT(evop(EVTCHNOP_init_control, &ic), -XEN_EINVAL);
	cb1 = (void *)(cb1_frame + 8);
	shared_info->vcpu_info[1].evtchn_upcall_pending = 0;

	EXPECT(evop(EVTCHNOP_alloc_unbound, &au), 0);
	bi.remote_port = au.port;
	EXPECT(evop(EVTCHNOP_bind_interdomain, &bi), 0);
	a = bi.local_port;
	fifo_consume(); /* the bind raised a on vCPU 0 */
	expect_got(1, &a);
	move(a, 1);
	send(ipi.port);
	send(au.port); /* raises a, now on vCPU 1 */
	check(cb1->ready == Q7 && cb1->head[7] == ipi.port && !fifo_cb->ready,
	      "vCPU 1 ready %x head %u, vCPU 0 ready %x", cb1->ready,
	      cb1->head[7], fifo_cb->ready);
	check(fifo_word(ipi.port) == (WP | WL | a), "ipi word %x",
	      fifo_word(ipi.port));
	check(shared_info->vcpu_info[1].evtchn_upcall_pending,
	      "no upcall flag for vCPU 1");
	consume_on(cb1);
	expect_got(2, (evtchn_port_t[]){ipi.port, a});

	/* a was vCPU 1's tail; moved back, the next vCPU 1 event is a head. */
	move(a, 0);
	send(au.port);
	send(ipi.port);
	check(fifo_word(a) == (WP | WL), "word of a %x: linked to vCPU 1's",
	      fifo_word(a));
	check(cb1->head[7] == ipi.port && fifo_cb->head[7] == a,
	      "heads %u (vCPU 1) %u (vCPU 0)", cb1->head[7], fifo_cb->head[7]);
	fifo_consume();
	expect_got(1, &a);
	consume_on(cb1);
	expect_got(1, &ipi.port);
}
