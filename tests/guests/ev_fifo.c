/*
 * ev_fifo: the FIFO event channel ABI (EVTCHNOP_init_control,
 * expand_array, set_priority), as Linux uses it by default.  Bad
 * init_control arguments (vCPU, offset, alignment, frames that are not
 * ours or are page tables) change nothing and the domain stays 2-level
 * (expand_array -EOPNOTSUPP, set_priority -ENOSYS); a good one answers
 * link_bits 17 and a second one for the vCPU is -EINVAL.  Ports pending
 * before the switch or before their array page exists are raised when the
 * page arrives.  Events are consumed from the control block as Linux
 * does: highest priority first, FIFO within a priority, masked words stay
 * pending until EVTCHNOP_unmask relinks them, a closed port that is still
 * queued is not handed out again, IPIs, loopback interdomain ports and
 * the timer VIRQ (through SCHEDOP_poll) arrive through the queues, the
 * upcall fires, expand_array stops at 128 pages (-ENOSPC), ports above
 * 2-level's 4095 work, and EVTCHNOP_reset returns the domain to 2-level.
 */
#include "guest.h"

const char test_name[] = "ev_fifo";

#define WP	    (1u << EVTCHN_FIFO_PENDING)
#define WM	    (1u << EVTCHN_FIFO_MASKED)
#define WL	    (1u << EVTCHN_FIFO_LINKED)
#define CB_OFFSET   64
#define ARRAY_PAGES 128 /* 2^17 ports / 1024 words per page */
#define MAX_ORDER   16

static uint8_t spare_frame[PAGE_SIZE] __page_aligned_bss;
static evtchn_port_t got[MAX_ORDER]; /* ports consumed, in order */
static unsigned n_got;

static void record(evtchn_port_t port)
{
	check(n_got < MAX_ORDER, "too many events");
	got[n_got++] = port;
}

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

static void expect_got(unsigned n, const evtchn_port_t *want)
{
	check(n_got == n, "%u events consumed, expected %u (first %u)", n_got,
	      n, n_got ? got[0] : 0);
	for (unsigned i = 0; i < n; i++)
		check(got[i] == want[i], "event #%u is port %u, expected %u", i,
		      got[i], want[i]);
	n_got = 0;
}

static evtchn_port_t bind_ipi(void)
{
	struct evtchn_bind_ipi b = {.vcpu = 0};

	EXPECT(evop(EVTCHNOP_bind_ipi, &b), 0);
	return b.port;
}

static void send(evtchn_port_t port)
{
	struct evtchn_send s = {.port = port};

	EXPECT(evop(EVTCHNOP_send, &s), 0);
}

static long set_prio(evtchn_port_t port, uint32_t prio)
{
	struct evtchn_set_priority sp = {.port = port, .priority = prio};

	return evop(EVTCHNOP_set_priority, &sp);
}

static long init_control(uint64_t gfn, uint32_t offset, uint32_t vcpu)
{
	struct evtchn_init_control ic = {
		.control_gfn = gfn, .offset = offset, .vcpu = vcpu};

	return evop(EVTCHNOP_init_control, &ic);
}

static long expand(uint64_t gfn)
{
	struct evtchn_expand_array ea = {.array_gfn = gfn};

	return evop(EVTCHNOP_expand_array, &ea);
}

/* Every bad init_control leaves the domain 2-level. */
static void bad_init(evtchn_port_t bound)
{
	uint64_t gfn = virt_to_mfn(fifo_cb_frame);
	uint64_t l4 = virt_to_mfn(kernel_l4());

	EXPECT(init_control(gfn, 0, 99), -XEN_ENOENT);
	EXPECT(init_control(gfn, 0, 1), -XEN_ENOENT);
	EXPECT(init_control(gfn, 4, 0), -XEN_EINVAL);
	EXPECT(init_control(gfn, PAGE_SIZE - 72 + 8, 0), -XEN_EINVAL);
	EXPECT(init_control(gfn, PAGE_SIZE, 0), -XEN_EINVAL);
	EXPECT(init_control(~0ULL, 0, 0), -XEN_EINVAL);
	EXPECT(init_control(1ULL << 40, 0, 0), -XEN_EINVAL);
	EXPECT(init_control(l4, 0, 0), -XEN_EINVAL); /* a page table */
	EXPECT(expand(virt_to_mfn(fifo_array)), -XEN_EOPNOTSUPP);
	EXPECT(set_prio(bound, 3), -XEN_ENOSYS);
	EXPECT(set_prio(4000, 3), -XEN_EINVAL);
}

/* Switch with a port pending in 2-level and one raised before its page. */
static void switch_to_fifo(evtchn_port_t early, evtchn_port_t late)
{
	struct evtchn_init_control ic = {
		.control_gfn = virt_to_mfn(fifo_cb_frame), .offset = CB_OFFSET};

	send(early);
	check(evtchn_is_pending(early), "2-level send not pending");
	vcpu0()->evtchn_upcall_pending = 0;
	EXPECT(evop(EVTCHNOP_init_control, &ic), 0);
	check(ic.link_bits == EVTCHN_FIFO_LINK_BITS, "link_bits %u",
	      ic.link_bits);
	fifo_cb = (void *)(fifo_cb_frame + CB_OFFSET);
	EXPECT(init_control(virt_to_mfn(fifo_cb_frame), 0, 0), -XEN_EINVAL);
	EXPECT(init_control(virt_to_mfn(spare_frame), 0, 0), -XEN_EINVAL);
	send(late);
	check(!fifo_cb->ready && !vcpu0()->evtchn_upcall_pending,
	      "event delivered with no event array");
	EXPECT(expand(~0ULL), -XEN_EINVAL);
	EXPECT(expand(virt_to_mfn(kernel_l4())), -XEN_EINVAL);
	EXPECT(expand(virt_to_mfn(fifo_array)), 0);
	check(fifo_cb->ready == 1u << EVTCHN_FIFO_PRIORITY_DEFAULT &&
		      fifo_cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT] == early,
	      "ready %x head %u after expand", fifo_cb->ready,
	      fifo_cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT]);
	check(fifo_word(early) == (WP | WL | late) &&
		      fifo_word(late) == (WP | WL),
	      "words %x %x", fifo_word(early), fifo_word(late));
	check(vcpu0()->evtchn_upcall_pending, "no upcall flag");
	vcpu0()->evtchn_upcall_pending = 0;
	fifo_consume();
	expect_got(2, (evtchn_port_t[]){early, late});
}

static void priorities(void)
{
	evtchn_port_t lo = bind_ipi(), hi = bind_ipi(), mid = bind_ipi();
	evtchn_port_t a = bind_ipi(), b = bind_ipi();

	EXPECT(set_prio(lo, 10), 0);
	EXPECT(set_prio(hi, EVTCHN_FIFO_PRIORITY_MAX), 0);
	EXPECT(set_prio(mid, EVTCHN_FIFO_PRIORITY_MIN + 1), -XEN_EINVAL);
	EXPECT(set_prio(mid, 0xffffffffu), -XEN_EINVAL);
	EXPECT(set_prio(4000, 1), -XEN_EINVAL);
	EXPECT(set_prio(63, 1), -XEN_EACCES); /* never bound */
	send(lo);
	send(b);
	send(mid);
	send(a);
	send(hi);
	send(mid); /* already pending: no second link */
	check(fifo_cb->ready == ((1u << 10) | (1u << 7) | 1u), "ready %x",
	      fifo_cb->ready);
	fifo_consume();
	expect_got(5, (evtchn_port_t[]){hi, b, mid, a, lo});
	check(!(fifo_word(lo) & (WP | WL)), "consumed word %x", fifo_word(lo));
}

/* Masked words stay pending and unqueued until EVTCHNOP_unmask. */
static void masking(void)
{
	evtchn_port_t p = bind_ipi();
	struct evtchn_unmask u = {.port = p};

	__atomic_fetch_or(&fifo_array[p], WM, __ATOMIC_SEQ_CST);
	send(p);
	check(fifo_word(p) == (WP | WM) && !fifo_cb->ready,
	      "masked send: word %x", fifo_word(p));
	EXPECT(evop(EVTCHNOP_unmask, &u), 0);
	check(fifo_word(p) == (WP | WL) && fifo_cb->ready,
	      "unmask: word %x ready %x", fifo_word(p), fifo_cb->ready);
	fifo_consume();
	expect_got(1, &p);
	/* A guest-side unmask of a quiet word needs no hypercall. */
	__atomic_fetch_or(&fifo_array[p], WM, __ATOMIC_SEQ_CST);
	__atomic_fetch_and(&fifo_array[p], ~WM, __ATOMIC_SEQ_CST);
	send(p);
	fifo_consume();
	expect_got(1, &p);
}

/* A closed port whose word is still queued is not allocated again. */
static void busy_port(void)
{
	evtchn_port_t p = bind_ipi(), q;
	struct evtchn_close c = {.port = p};

	send(p);
	EXPECT(evop(EVTCHNOP_close, &c), 0);
	check(fifo_word(p) == WL, "closed word %x", fifo_word(p));
	q = bind_ipi();
	check(q != p, "queued port %u handed out again", p);
	fifo_consume(); /* unlinks p, which is no longer pending */
	expect_got(0, NULL);
	check(bind_ipi() == p, "unlinked port not reused");
	c.port = q;
	EXPECT(evop(EVTCHNOP_close, &c), 0);
}

static void loopback_and_timer(void)
{
	struct evtchn_alloc_unbound au = {.dom = DOMID_SELF,
					  .remote_dom = DOMID_SELF};
	struct evtchn_bind_interdomain bi = {.remote_dom = DOMID_SELF};
	struct evtchn_bind_virq bv = {.virq = VIRQ_TIMER, .vcpu = 0};
	struct sched_poll sp = {.nr_ports = 1};

	EXPECT(evop(EVTCHNOP_alloc_unbound, &au), 0);
	bi.remote_port = au.port;
	EXPECT(evop(EVTCHNOP_bind_interdomain, &bi), 0);
	fifo_consume(); /* the bind raises the new port (as Xen) */
	expect_got(1, &bi.local_port);
	send(bi.local_port);
	fifo_consume();
	expect_got(1, &au.port);
	EXPECT(evop(EVTCHNOP_bind_virq, &bv), 0);
	xen_set_guest_handle(sp.ports, &bv.port);
	sp.timeout = system_time_ns() + 2000000000ULL;
	EXPECT(hc_set_timer_op(system_time_ns() + 1000000), 0);
	EXPECT(hc_sched_op(SCHEDOP_poll, &sp), 0);
	check(fifo_word(bv.port) & WP, "poll returned, timer port not pending");
	EXPECT(hc_sched_op(SCHEDOP_poll, &sp), 0); /* pending: at once */
	fifo_consume();
	expect_got(1, &bv.port);
}

static void upcall(void)
{
	evtchn_port_t p = bind_ipi();
	unsigned base = evtchn_count[p];

	upcall_hook = fifo_upcall;
	events_enable();
	send(p);
	for (int i = 0; i < 100 && !n_got; i++)
		hc_xen_version(XENVER_version, NULL);
	events_disable();
	check(evtchn_count[p] == base + 1, "%u upcalls for port %u",
	      evtchn_count[p] - base, p);
	expect_got(1, &p);
}

/* 127 more pages (aliasing words of ports >= 1024, never used), then full. */
static void fill_array(void)
{
	for (unsigned i = 1; i < ARRAY_PAGES; i++)
		EXPECT(expand(virt_to_mfn(spare_frame)), 0);
	EXPECT(expand(virt_to_mfn(spare_frame)), -XEN_ENOSPC);
	EXPECT(expand(~0ULL), -XEN_ENOSPC);
}

/*
 * With 128 pages FIFO names ports beyond 2-level's 4095: bind up to 4100
 * and deliver on it (its word is in the aliased spare frame).
 */
static void high_ports(void)
{
	event_word_t *spare = (event_word_t *)spare_frame;
	evtchn_port_t p = 0;
	struct evtchn_close c;

	for (unsigned n = 0; n < 4200 && p < 4100; n++)
		p = bind_ipi();
	check(p == 4100, "binding stopped at port %u", p);
	spare[p % FIFO_PORTS] = 0;
	send(p);
	check(spare[p % FIFO_PORTS] == (WP | WL) &&
		      fifo_cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT] == p &&
		      fifo_cb->ready == 1u << EVTCHN_FIFO_PRIORITY_DEFAULT,
	      "port %u: word %x head %u ready %x", p, spare[p % FIFO_PORTS],
	      fifo_cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT], fifo_cb->ready);
	/* Consume it by hand (the library's consumer stops at port 1023). */
	spare[p % FIFO_PORTS] = 0;
	fifo_cb->ready = 0;
	fifo_cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT] = 0;
	c.port = p;
	EXPECT(evop(EVTCHNOP_close, &c), 0);
}

/* EVTCHNOP_reset: all ports closed, 2-level again, FIFO can start over. */
static void reset_to_2level(void)
{
	struct evtchn_reset r = {.dom = DOMID_SELF};
	evtchn_port_t p;

	EXPECT(evop(EVTCHNOP_reset, &r), 0);
	EXPECT(expand(virt_to_mfn(fifo_array)), -XEN_EOPNOTSUPP);
	p = bind_ipi();
	EXPECT(set_prio(p, 3), -XEN_ENOSYS);
	evtchn_clear_pending(p);
	send(p);
	check(evtchn_is_pending(p), "2-level delivery after reset");
	memset(fifo_array, 0, FIFO_PORTS * sizeof(fifo_array[0]));
	EXPECT(fifo_setup(CB_OFFSET), 0);
	fifo_consume(); /* the 2-level pending bit carried over */
	expect_got(1, &p);
	EXPECT(evop(EVTCHNOP_reset, &r), 0);
}

void guest_main(void)
{
	evtchn_port_t early, late;

	map_shared_info();
	install_traps();
	install_callbacks();
	fifo_event = record;
	early = bind_ipi();
	late = bind_ipi();
	bad_init(early);
	switch_to_fifo(early, late);
	priorities();
	masking();
	busy_port();
	loopback_and_timer();
	upcall();
	fill_array();
	high_ports();
	reset_to_2level();
}
