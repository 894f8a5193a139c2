/*
 * mm_va_otherdomain: update_va_mapping_otherdomain (22), Xen 4.17's
 * update_va_mapping with the frame's owner named (TWO_ENDS: dom0 and
 * domU 1 "peer").
 *
 * domU: naming dom0 is -EPERM; naming no domain or its own id -ESRCH
 * (Xen's get_pg_owner); DOMID_SELF maps its own frame (0).  It writes
 * MARKER into page_m, signals (gives back a page), waits for dom0's ACK
 * there and passes.
 * dom0: once signalled, finds the domU's page_m (the M2P names our
 * pfn) by mapping candidates with domid 1, reads MARKER; refused, each
 * changing nothing: the domU's frame as our own (-EBUSY), our frame as
 * the domU's (-EBUSY), no domain or our own id (-ESRCH), a hypervisor
 * address (-EINVAL), flush type 3 (-EINVAL).  It writes ACK through a
 * writable mapping, unmaps it, waits for the domU to be gone and passes.
 */
#include "guest.h"

const char test_name[] = "mm_va_otherdomain";

#define PEER	    1
#define NO_DOMAIN   77
#define WAIT_ROUNDS 1000
#define POLL_NS	    10000000UL
#define ACK_OFF	    2048
#define MARKER	    "va_otherdomain marker of d1"
#define ACK	    "dom0 saw it"

static char page_m[PAGE_SIZE] __page_aligned_bss; /* domU: read by dom0 */
static char spare[PAGE_SIZE] __page_aligned_bss;  /* domU: the signal */
static char win[PAGE_SIZE] __page_aligned_bss;	  /* the map window */
static const unsigned long ro = _PAGE_PRESENT | _PAGE_ACCESSED;
static const unsigned long rw =
	_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;

static void expect_rc(const char *what, long rc, long want)
{
	check(rc == want, "%s returned %ld, expected %ld", what, rc, want);
}

static long va_other(void *va, unsigned long mfn, unsigned long flags,
		     unsigned long uvmf, unsigned dom)
{
	return hypercall(__HYPERVISOR_update_va_mapping_otherdomain,
			 (unsigned long)va, (mfn << PAGE_SHIFT) | flags, uvmf,
			 dom, 0);
}

static long peer_pages(void)
{
	domid_t id = PEER;

	return hc_memory_op(XENMEM_current_reservation, &id);
}

static void domU_side(void)
{
	unsigned long own = virt_to_mfn(win), mfn = virt_to_mfn(spare);
	struct xen_memory_reservation r = {.nr_extents = 1,
					   .domid = DOMID_SELF};
	int i;

	expect_rc("domU: naming dom0", va_other(win, own, ro, UVMF_INVLPG, 0),
		  -XEN_EPERM);
	expect_rc("domU: naming no domain",
		  va_other(win, own, ro, UVMF_INVLPG, NO_DOMAIN), -XEN_ESRCH);
	expect_rc("domU: naming itself",
		  va_other(win, own, ro, UVMF_INVLPG, PEER), -XEN_ESRCH);
	expect_rc("domU: DOMID_SELF",
		  va_other(win, own, rw, UVMF_INVLPG, DOMID_SELF), 0);
	memcpy(page_m, MARKER, sizeof(MARKER));
	xen_set_guest_handle(r.extent_start, &mfn);
	expect_rc("unmap the signal page",
		  hc_update_va_mapping((unsigned long)spare, 0, UVMF_INVLPG),
		  0);
	expect_rc("give back the signal page",
		  hc_memory_op(XENMEM_decrease_reservation, &r), 1);
	for (i = 0;
	     i < WAIT_ROUNDS && memcmp(page_m + ACK_OFF, ACK, sizeof(ACK)); i++)
		sleep_ns(POLL_NS);
	check(i < WAIT_ROUNDS, "domU: dom0 never acknowledged");
	pass();
}

/* The domU's page_m: a frame of d1 that our pfn names and that is marked. */
static unsigned long dom0_find(void)
{
	unsigned long pfn = virt_to_pfn(page_m), own = virt_to_mfn(page_m);
	long max = hc_memory_op(XENMEM_maximum_ram_page, NULL);

	for (unsigned long mfn = 0x100; mfn < (unsigned long)max; mfn++)
		if (m2p()[mfn] == pfn && mfn != own &&
		    !va_other(win, mfn, ro, UVMF_INVLPG, PEER) &&
		    !memcmp(win, MARKER, sizeof(MARKER)))
			return mfn;
	fail("dom0: the domU's marked page was not found");
}

static void dom0_refused(unsigned long mfn)
{
	unsigned long ours = virt_to_mfn(page_m);

	expect_rc("the domU's frame as ours",
		  va_other(win, mfn, ro, UVMF_INVLPG, DOMID_SELF), -XEN_EBUSY);
	expect_rc("our frame as the domU's",
		  va_other(win, ours, ro, UVMF_INVLPG, PEER), -XEN_EBUSY);
	expect_rc("no domain", va_other(win, mfn, ro, UVMF_INVLPG, NO_DOMAIN),
		  -XEN_ESRCH);
	expect_rc("our own id", va_other(win, mfn, ro, UVMF_INVLPG, 0),
		  -XEN_ESRCH);
	expect_rc("a hypervisor address",
		  va_other((void *)BAD_PTR_HV, mfn, ro, UVMF_INVLPG, PEER),
		  -XEN_EINVAL);
	expect_rc("flush type 3", va_other(win, mfn, ro, 3, PEER), -XEN_EINVAL);
	check(!memcmp(win, MARKER, sizeof(MARKER)),
	      "dom0: a refused update changed the window");
}

static void dom0_side(void)
{
	domid_t id = PEER;
	long before = hc_memory_op(XENMEM_maximum_reservation, &id);
	unsigned long mfn;
	int i;

	for (i = 0; i < WAIT_ROUNDS && peer_pages() == before; i++)
		sleep_ns(POLL_NS);
	check(i < WAIT_ROUNDS, "dom0: the domU never signalled");
	mfn = dom0_find();
	printf("dom0: domU's frame %lx mapped, marker read\n", mfn);
	dom0_refused(mfn);
	expect_rc("map it writable", va_other(win, mfn, rw, UVMF_INVLPG, PEER),
		  0);
	memcpy(win + ACK_OFF, ACK, sizeof(ACK));
	expect_rc("unmap it", remap_page(win, virt_to_mfn(win), rw), 0);
	for (i = 0; i < WAIT_ROUNDS && peer_pages() != -XEN_ESRCH; i++)
		sleep_ns(POLL_NS);
	check(i < WAIT_ROUNDS, "dom0: the domU never went away");
	pass_and_idle();
}

void guest_main(void)
{
	map_shared_info();
	install_traps();
	if (start_info->flags & SIF_INITDOMAIN)
		dom0_side();
	else
		domU_side();
}
