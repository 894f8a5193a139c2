/*
 * hostile_relinquish_tlb: a frame another domain unmapped while the
 * owner's memory was being relinquished must not stay reachable through
 * a stale TLB entry once it is freed (TWO_ENDS: dom0 and domU 1 "peer",
 * 16 MiB, one CPU so that nothing else reloads dom0's CR3).
 *
 * domU: passes and idles until it is destroyed.
 * dom0: maps the domU's last pfn read-only with mmu_update foreigndom 1,
 * then destroys the domU.  XEN_DOMCTL_destroydomain frees 16 MiB in
 * chunks, returning to dom0 between them (hypercall continuations);
 * an event dom0 left pending is delivered at the first of those exits,
 * once the first chunk is relinquished (the domU's tot_pages dropped).
 * Its handler reads the frame (the translation enters the TLB) and
 * unmaps it with mmu_update, flushing nothing, as a guest may.  The
 * frame now has only its allocation reference and is freed in a later
 * chunk.  After destroydomain, reading the old address must fault: the
 * hypervisor flushed the TLB before the frame went back to the heap.
 */
#include "guest.h"
#include <public/domctl.h>

const char test_name[] = "hostile_relinquish_tlb";

#define PEER	 1
#define GRACE_NS 500000000UL

static struct xen_domctl dc;
static char win[PAGE_SIZE] __page_aligned_bss; /* dom0: the mapping */
static const unsigned long ro = _PAGE_PRESENT | _PAGE_ACCESSED;
static const unsigned long rw =
	_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;
static uint64_t win_pte;	   /* machine address of win's L1 entry */
static long start_pages;	   /* the domU's tot_pages before */
static volatile bool unmapped;	   /* the handler unmapped win */
static volatile long seen_pages;   /* the domU's, at the upcall */
static volatile long unmap_rc = 1; /* its mmu_update's result */
static volatile char sink;

static long domctl(uint32_t cmd, domid_t dom)
{
	memset(&dc, 0, sizeof(dc));
	dc.cmd = cmd;
	dc.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	dc.domain = dom;
	return hypercall(__HYPERVISOR_domctl, (unsigned long)&dc, 0, 0, 0, 0);
}

static long map_win(unsigned long mfn, unsigned long flags, unsigned dom)
{
	struct mmu_update u = {.ptr = win_pte | MMU_NORMAL_PT_UPDATE,
			       .val = (mfn << PAGE_SHIFT) | flags};

	return hc_mmu_update(&u, 1, NULL, dom);
}

/* The domU's frame for our last pfn: the M2P names it, foreign maps it. */
static unsigned long find_peer_frame(void)
{
	domid_t id = PEER;
	unsigned long pfn = hc_memory_op(XENMEM_maximum_reservation, &id) - 1;
	long max = hc_memory_op(XENMEM_maximum_ram_page, NULL);

	for (unsigned long mfn = 0x100; mfn < (unsigned long)max; mfn++)
		if (m2p()[mfn] == pfn && mfn != p2m[pfn] &&
		    !map_win(mfn, ro, PEER))
			return mfn;
	fail("dom0: the domU's frame for pfn %lx was not found", pfn);
}

/*
 * The domU's tot_pages, dying or not (getdomaininfo; its own struct: the
 * destroydomain being continued rereads dc).  -1 once it is gone.
 */
static long peer_pages(void)
{
	static struct xen_domctl info;

	memset(&info, 0, sizeof(info));
	info.cmd = XEN_DOMCTL_getdomaininfo;
	info.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	info.domain = PEER;
	if (hypercall(__HYPERVISOR_domctl, (unsigned long)&info, 0, 0, 0, 0) ||
	    info.domain != PEER)
		return -1;
	return (long)info.u.getdomaininfo.tot_pages;
}

/* The IPI event, delivered at destroydomain's first continuation. */
static void first_exit(evtchn_port_t port)
{
	(void)port;
	seen_pages = peer_pages();
	if (unmapped || seen_pages < 0 || seen_pages >= start_pages)
		return;
	sink = win[0]; /* the translation is in the TLB now */
	unmap_rc = map_win(0, 0, DOMID_SELF);
	unmapped = true;
}

static bool read_faults(const volatile char *p)
{
	unsigned before = last_trap.count;

	__asm__ __volatile__("rl_at: movb (%0), %%al\n\trl_end:\n\t" FIXUP(
				     "rl_at", "rl_end")::"r"(p)
			     : "rax", "memory");
	return last_trap.count != before && last_trap.vector == X86_EXC_PF;
}

static void dom0_side(void)
{
	struct evtchn_bind_ipi bi = {.vcpu = 0};
	struct evtchn_send send;
	unsigned long own = virt_to_mfn(win), mfn;
	long rc;

	install_callbacks();
	sleep_ns(GRACE_NS); /* the domU reports first */
	win_pte = pte_maddr((unsigned long)win);
	mfn = find_peer_frame();
	start_pages = peer_pages();
	check(start_pages > 1024, "domU has %ld pages", start_pages);
	check(hc_event_channel_op(EVTCHNOP_bind_ipi, &bi) == 0, "bind_ipi");
	evtchn_set_handler(bi.port, first_exit);
	/* Pending but masked; unmasked with no hypercall before the domctl,
	 * so the upcall comes at its first exit: its first continuation. */
	events_disable();
	send.port = bi.port;
	check(hc_event_channel_op(EVTCHNOP_send, &send) == 0, "send");
	sink = win[0];
	vcpu0()->evtchn_upcall_mask = 0;
	barrier();
	rc = domctl(XEN_DOMCTL_destroydomain, PEER);
	check(rc == 0, "destroydomain returned %ld", rc);
	check(unmapped, "dom0: the upcall came with the domU at %ld pages",
	      seen_pages);
	check(unmap_rc == 0, "dom0: unmap in the handler returned %ld",
	      unmap_rc);
	printf("dom0: frame %lx unmapped during the teardown (domU at %ld "
	       "of %ld pages)\n",
	       mfn, seen_pages, start_pages);
	check(read_faults(win),
	      "dom0: the freed frame still reads through a stale TLB entry");
	check(remap_page(win, own, rw) == 0, "dom0: restore the window");
	printf("dom0: no stale translation of the freed frame\n");
	pass_and_idle();
}

void guest_main(void)
{
	map_shared_info();
	install_traps();
	if (start_info->flags & SIF_INITDOMAIN)
		dom0_side();
	pass_and_idle();
}
