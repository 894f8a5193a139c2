/*
 * mm_foreign_shinfo: a domU's shared_info page mapped by dom0 (as
 * xenconsoled and the toolstack do) outlives the domU until dom0 unmaps
 * it, like every other frame (TWO_ENDS: dom0 and domU 1 "peer").
 *
 * domU: writes MARKER into the unused tail of its shared_info page,
 * signals (gives back a page), waits for dom0's ACK there and passes,
 * which destroys it.
 * dom0: finds the domU's shared_info frame with getdomaininfo, maps it
 * writable with mmu_update foreigndom 1 once signalled, reads MARKER and
 * writes ACK.  After the domU is gone it still reads MARKER, writes
 * through the mapping and reads that back (the page is still the dead
 * domU's, not reused), then unmaps it, which frees it (EXPECT_LOG: kept
 * at teardown, freed at the unmap).
 */
#include "guest.h"
#include <public/domctl.h>

const char test_name[] = "mm_foreign_shinfo";

#define PEER	    1
#define TAIL_OFF    3584 /* beyond struct shared_info (3136 bytes) */
#define ACK_OFF	    3840
#define MARKER	    "shared_info marker of d1"
#define ACK	    "dom0 saw the shared_info marker"
#define AFTER	    "written after d1 died"
#define WAIT_ROUNDS 1000
#define POLL_NS	    10000000UL

static char spare[PAGE_SIZE] __page_aligned_bss; /* domU: the signal */
static char win[PAGE_SIZE] __page_aligned_bss;	 /* dom0: the mapping */
static const unsigned long rw =
	_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;

static void expect_rc(const char *what, long rc, long want)
{
	check(rc == want, "%s returned %ld, expected %ld", what, rc, want);
}

static long peer_pages(void)
{
	domid_t id = PEER;

	return hc_memory_op(XENMEM_current_reservation, &id);
}

static void domU_side(void)
{
	char *tail = (char *)shared_info;
	unsigned long mfn = virt_to_mfn(spare);
	struct xen_memory_reservation r = {.nr_extents = 1,
					   .domid = DOMID_SELF};
	int i;

	memcpy(tail + TAIL_OFF, MARKER, sizeof(MARKER));
	xen_set_guest_handle(r.extent_start, &mfn);
	expect_rc("unmap the signal page",
		  hc_update_va_mapping((unsigned long)spare, 0, UVMF_INVLPG),
		  0);
	expect_rc("give back the signal page",
		  hc_memory_op(XENMEM_decrease_reservation, &r), 1);
	for (i = 0; i < WAIT_ROUNDS && memcmp(tail + ACK_OFF, ACK, sizeof(ACK));
	     i++)
		sleep_ns(POLL_NS);
	check(i < WAIT_ROUNDS, "domU: dom0 never acknowledged");
	pass();
}

static unsigned long peer_shared_info(void)
{
	static struct xen_domctl dc;

	dc.cmd = XEN_DOMCTL_getdomaininfo;
	dc.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	dc.domain = PEER;
	expect_rc(
		"getdomaininfo(peer)",
		hypercall(__HYPERVISOR_domctl, (unsigned long)&dc, 0, 0, 0, 0),
		0);
	check(dc.domain == PEER, "getdomaininfo found d%u", dc.domain);
	return dc.u.getdomaininfo.shared_info_frame;
}

static void dom0_side(void)
{
	domid_t id = PEER;
	/* A boot-time domU starts with all of its pages (it may be faster). */
	long before = hc_memory_op(XENMEM_maximum_reservation, &id);
	struct mmu_update u = {.ptr = pte_maddr((unsigned long)win) |
				      MMU_NORMAL_PT_UPDATE};
	unsigned long mfn = peer_shared_info();
	int i;

	for (i = 0; i < WAIT_ROUNDS && peer_pages() == before; i++)
		sleep_ns(POLL_NS);
	check(i < WAIT_ROUNDS, "dom0: the domU never signalled");
	u.val = (mfn << PAGE_SHIFT) | rw;
	expect_rc("map the peer's shared_info",
		  hc_mmu_update(&u, 1, NULL, PEER), 0);
	check(!memcmp(win + TAIL_OFF, MARKER, sizeof(MARKER)),
	      "dom0: no marker in the peer's shared_info");
	memcpy(win + ACK_OFF, ACK, sizeof(ACK));
	for (i = 0; i < WAIT_ROUNDS && peer_pages() != -XEN_ESRCH; i++)
		sleep_ns(POLL_NS);
	check(i < WAIT_ROUNDS, "dom0: the domU never went away");
	sleep_ns(100000000); /* let its teardown finish */
	check(!memcmp(win + TAIL_OFF, MARKER, sizeof(MARKER)),
	      "dom0: dead domU's shared_info reads '%.24s'", win + TAIL_OFF);
	memcpy(win + ACK_OFF, AFTER, sizeof(AFTER));
	sleep_ns(POLL_NS);
	check(!memcmp(win + ACK_OFF, AFTER, sizeof(AFTER)),
	      "dom0: the dead domU's shared_info changed under us");
	printf("dom0: dead domU's shared_info still reads the marker\n");
	expect_rc("unmap it", remap_page(win, virt_to_mfn(win), rw), 0);
	printf("dom0: unmapped the dead domU's shared_info\n");
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
