/*
 * Unit test for common/event_fifo.c on the host, with a buffer standing
 * in for guest frames: init_control/expand_array/set_priority answers and
 * the frame references they take (all returned by evtchn_fifo_destroy),
 * then a two-thread stress run of the queue protocol.  A "hypervisor"
 * thread raises random ports (and changes their priorities) under the
 * event lock while a "guest" thread consumes on upcalls exactly as
 * Linux's events_fifo.c does, masking and unmasking ports meanwhile
 * (Linux's clear_masked_cond, EVTCHNOP_unmask when the word is pending).
 * Every raised port must be delivered, no queue may name a port that was
 * not linked, and at the end no word is left pending or linked.
 */
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include "check.h"
#include "../../common/event_fifo.c"

#define FRAMES	   160
#define CB_MFN	   1
#define ARRAY_MFN  2
#define ALIAS_MFN  3   /* the 127 further array pages (ports >= 1024) */
#define FOREIGN	   150 /* not the domain's */
#define PAGE_TABLE 151 /* cannot take a writable type */
#define NP	   40  /* ports 1..NP bound */
#define ROUNDS	   100000

extern unsigned char *host_ram; /* host_lib.c */
struct page_info *frame_table;
unsigned long max_page;
struct cpu_info host_cpu_info;
static struct page_info ft[FRAMES];
static int refs[FRAMES];

static struct domain dom;
static struct vcpu vcpu0;
static struct vcpu *vcpus[1] = {&vcpu0};
static struct evtchn_domain *ed;
static volatile int upcall, done, errors, guest_up;
static unsigned delivered[NP + 1], sent[NP + 1];

int get_page_and_type(struct page_info *pg, struct domain *d,
		      unsigned long type)
{
	unsigned long mfn = pg - frame_table;

	if (d != &dom || type != PGT_writable_page || mfn == FOREIGN ||
	    mfn == PAGE_TABLE)
		return -EINVAL;
	__atomic_add_fetch(&refs[mfn], 1, __ATOMIC_SEQ_CST);
	return 0;
}

void put_page_and_type(struct page_info *pg)
{
	CHECK(__atomic_sub_fetch(&refs[pg - frame_table], 1,
				 __ATOMIC_SEQ_CST) >= 0);
}

void *xzalloc_unshared_bytes(size_t n)
{
	return calloc(1, n);
}

void xfree(void *p)
{
	free(p);
}

void evtchn_check_pollers(struct domain *d, unsigned int port)
{
	(void)d;
	(void)port;
}

void evtchn_mark_events_pending(struct vcpu *v)
{
	(void)v;
	__atomic_store_n(&upcall, 1, __ATOMIC_SEQ_CST);
}

static event_word_t *words(void)
{
	return (event_word_t *)(host_ram + ARRAY_MFN * PAGE_SIZE);
}

static struct evtchn_fifo_control_block *cb(void)
{
	return (void *)(host_ram + CB_MFN * PAGE_SIZE + 8);
}

static void setup(void)
{
	host_ram = aligned_alloc(PAGE_SIZE, FRAMES * PAGE_SIZE);
	memset(host_ram, 0, FRAMES * PAGE_SIZE);
	frame_table = ft;
	max_page = FRAMES;
	dom.max_vcpus = 1;
	dom.vcpu = vcpus;
	vcpu0.domain = &dom;
	host_cpu_info.current_vcpu = &vcpu0;
	ed = calloc(1, sizeof(*ed));
	spin_lock_init(&ed->lock);
	ed->bucket[0] = calloc(PORTS_PER_BUCKET, sizeof(struct evtchn));
	for (unsigned p = 1; p <= NP; p++)
		ed->bucket[0][p].state = EVTCHNSTAT_ipi;
	dom.evtchn = ed;
}

static long init(u64 gfn, u32 offset, u32 vcpu)
{
	struct evtchn_init_control c = {
		.control_gfn = gfn, .offset = offset, .vcpu = vcpu};
	long rc = evtchn_fifo_init_control(&c);

	if (!rc)
		CHECK_EQ(c.link_bits, 17);
	return rc;
}

static long expand(u64 gfn)
{
	struct evtchn_expand_array e = {.array_gfn = gfn};

	return evtchn_fifo_expand_array(&e);
}

static long prio(u32 port, u32 priority)
{
	struct evtchn_set_priority s = {.port = port, .priority = priority};

	return evtchn_fifo_set_priority(&s);
}

static void test_hypercalls(void)
{
	CHECK_EQ(init(CB_MFN, 8, 1), -ENOENT);
	CHECK_EQ(init(CB_MFN, 4, 0), -EINVAL);
	CHECK_EQ(init(CB_MFN, PAGE_SIZE - 72 + 8, 0), -EINVAL);
	CHECK_EQ(init(FRAMES, 8, 0), -EINVAL);
	CHECK_EQ(init(FOREIGN, 8, 0), -EINVAL);
	CHECK_EQ(init(PAGE_TABLE, 8, 0), -EINVAL);
	CHECK_EQ(expand(ARRAY_MFN), -EOPNOTSUPP);
	CHECK_EQ(prio(1, 3), -ENOSYS);
	CHECK(!ed->fifo);
	CHECK_EQ(init(CB_MFN, PAGE_SIZE - 72, 0), 0);
	CHECK(ed->fifo);
	CHECK_EQ(init(CB_MFN, 8, 0), -EINVAL);
	CHECK_EQ(refs[CB_MFN], 1);
	CHECK_EQ(expand(FOREIGN), -EINVAL);
	CHECK_EQ(expand(ARRAY_MFN), 0);
	for (unsigned i = 1; i < MAX_ARRAY_PAGES; i++)
		CHECK_EQ(expand(ALIAS_MFN), 0);
	CHECK_EQ(expand(ALIAS_MFN), -ENOSPC);
	CHECK_EQ(expand(FOREIGN), -ENOSPC);
	CHECK_EQ(refs[ALIAS_MFN], MAX_ARRAY_PAGES - 1);
	CHECK_EQ(prio(NP + 1, 3), -EACCES);
	CHECK_EQ(prio(PORTS_PER_BUCKET, 3), -EINVAL);
	CHECK_EQ(prio(1, 16), -EINVAL);
	CHECK_EQ(prio(1, 15), 0);
	CHECK_EQ(ed->bucket[0][1].priority, 15);
	evtchn_fifo_destroy(&dom);
	CHECK(!ed->fifo);
	CHECK_EQ(refs[CB_MFN] + refs[ARRAY_MFN] + refs[ALIAS_MFN], 0);
}

/* ---- the guest side, as Linux's events_fifo.c ---- */

static u32 qhead[EVTCHN_FIFO_MAX_QUEUES];

static u32 clear_linked(event_word_t *w)
{
	u32 old = __atomic_load_n(w, __ATOMIC_SEQ_CST), new;

	do
		new = old & ~(W_LINKED | EVTCHN_FIFO_LINK_MASK);
	while (!__atomic_compare_exchange_n(
		w, &old, new, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
	return old & EVTCHN_FIFO_LINK_MASK;
}

static void consume_one(unsigned q, u32 *ready)
{
	u32 port = qhead[q], next;
	event_word_t *w;

	if (!port)
		port = __atomic_load_n(&cb()->head[q], __ATOMIC_SEQ_CST);
	if (!port || port > NP) {
		errors++;
		*ready &= ~(1u << q);
		return;
	}
	w = &words()[port];
	next = clear_linked(w);
	if (next > NP)
		errors++;
	if (!next)
		*ready &= ~(1u << q);
	if ((__atomic_load_n(w, __ATOMIC_SEQ_CST) & (W_PENDING | W_MASKED)) ==
	    W_PENDING) {
		__atomic_fetch_and(w, ~W_PENDING, __ATOMIC_SEQ_CST);
		delivered[port]++;
	}
	qhead[q] = next;
}

static void consume(void)
{
	u32 ready = __atomic_exchange_n(&cb()->ready, 0, __ATOMIC_SEQ_CST);

	while (ready) {
		consume_one(__builtin_ctz(ready), &ready);
		ready |= __atomic_exchange_n(&cb()->ready, 0, __ATOMIC_SEQ_CST);
	}
}

/* Linux's clear_masked_cond: false if the word is pending (ask Xen). */
static bool clear_masked_cond(event_word_t *w)
{
	u32 old, seen = __atomic_load_n(w, __ATOMIC_SEQ_CST);

	do {
		if (!(seen & W_MASKED))
			return true;
		if (seen & W_PENDING)
			return false;
		old = seen & ~W_BUSY;
		seen = old;
	} while (!__atomic_compare_exchange_n(w, &seen, old & ~W_MASKED, false,
					      __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
	return true;
}

static void unmask(u32 port)
{
	unsigned long flags;

	if (clear_masked_cond(&words()[port]))
		return;
	spin_lock_irqsave(&ed->lock, flags);
	evtchn_fifo_unmask(&dom, &ed->bucket[0][port], port);
	spin_unlock_irqrestore(&ed->lock, flags);
}

static void *guest(void *arg)
{
	unsigned seed = 1, masked = 0;

	(void)arg;
	__atomic_store_n(&guest_up, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&done, __ATOMIC_SEQ_CST)) {
		if (__atomic_exchange_n(&upcall, 0, __ATOMIC_SEQ_CST))
			consume();
		seed = seed * 1103515245 + 12345;
		if (!masked && !(seed >> 24 & 7)) {
			masked = 1 + (seed >> 8) % NP;
			__atomic_fetch_or(&words()[masked], W_MASKED,
					  __ATOMIC_SEQ_CST);
		} else if (masked && !(seed >> 24 & 3)) {
			unmask(masked);
			masked = 0;
		}
	}
	if (masked)
		unmask(masked);
	while (__atomic_exchange_n(&upcall, 0, __ATOMIC_SEQ_CST))
		consume();
	return NULL;
}

static void *hypervisor(void *arg)
{
	static const u8 prios[] = {0, 7, 15};
	unsigned seed = 7;

	(void)arg;
	while (!__atomic_load_n(&guest_up, __ATOMIC_SEQ_CST))
		cpu_relax();
	for (unsigned i = 0; i < ROUNDS; i++) {
		unsigned long flags;
		u32 port;

		seed = seed * 1103515245 + 12345;
		port = 1 + (seed >> 8) % NP;
		spin_lock_irqsave(&ed->lock, flags);
		if (!(seed >> 28))
			ed->bucket[0][port].priority = prios[(seed >> 20) % 3];
		evtchn_fifo_set_pending(&vcpu0, &ed->bucket[0][port], port);
		spin_unlock_irqrestore(&ed->lock, flags);
		sent[port]++;
		/* Often let the guest take the upcall first, to interleave. */
		for (unsigned k = 0; (seed >> 16 & 1) && k < 1000 &&
				     __atomic_load_n(&upcall, __ATOMIC_SEQ_CST);
		     k++)
			sched_yield();
	}
	return NULL;
}

static void test_stress(void)
{
	pthread_t g, h;

	memset(host_ram + CB_MFN * PAGE_SIZE, 0, 2 * PAGE_SIZE);
	for (unsigned p = 1; p <= NP; p++)
		ed->bucket[0][p].priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
	CHECK_EQ(init(CB_MFN, 8, 0), 0);
	CHECK_EQ(expand(ARRAY_MFN), 0);
	pthread_create(&g, NULL, guest, NULL);
	pthread_create(&h, NULL, hypervisor, NULL);
	pthread_join(h, NULL);
	__atomic_store_n(&done, 1, __ATOMIC_SEQ_CST);
	pthread_join(g, NULL);

	CHECK_EQ(errors, 0);
	CHECK_EQ(cb()->ready, 0);
	for (unsigned p = 1; p <= NP; p++) {
		CHECK(!sent[p] || delivered[p]);
		CHECK(delivered[p] <= sent[p]);
		CHECK_EQ(words()[p] & (W_PENDING | W_LINKED | W_BUSY), 0);
	}
	evtchn_fifo_destroy(&dom);
	CHECK_EQ(refs[CB_MFN] + refs[ARRAY_MFN], 0);
}

int main(void)
{
	setup();
	test_hypercalls();
	test_stress();
	return unit_finish("event_fifo");
}
