/*
 * mm_foreign: dom0 acting on a domU's memory as privcmd and the domain
 * builder do (TWO_ENDS: the same image runs as dom0 and as domU 1).
 *
 * domU: checks that it may name no other domain (mmu_update and
 * mmuext_op naming dom0: -EPERM; naming none or its own id: -ESRCH;
 * reservation changes for dom0: 0 extents), gives back its page `spare`
 * (room for dom0 to populate one page), writes MARKER into `page_m`,
 * waits for dom0's ACK there and passes, which destroys it.
 * dom0: finds the domU's `page_m` (the M2P names the same pfn as ours)
 * and maps it into its own L1 with mmu_update foreigndom 1, reads MARKER;
 * refused, each changing nothing: a frame the domU does not own (ours:
 * -EBUSY; the hypervisor's: -EBUSY), no domain or our own id (-ESRCH),
 * an upper-level entry to a foreign frame (-EINVAL); MACHPHYS_UPDATE of
 * the domU's frame (0) and of ours for the domU (-EINVAL), with the
 * tables' owner foreign (-EPERM).  Then it populates one page for the
 * domU at spare's pfn (current_reservation + 1, M2P set; one more is
 * beyond its max_pages: 0 extents), pins it as the domU's L4 and updates
 * that table as its owner's (foreigndom high half), unpins it and takes
 * it back with decrease_reservation.  It writes ACK through a writable
 * mapping, waits for the domU to be gone, still reads MARKER through the
 * mapping (the frame outlives its domain), then unmaps it, which frees
 * the frame and the domain (see EXPECT_LOG).
 */
#include "guest.h"

const char test_name[] = "mm_foreign";

#define DOMU_ID	    1
#define MAX_ROUNDS  20000
#define HV_MFN	    0x200UL /* a frame of the hypervisor */
#define ACK_OFF	    2048
#define MARKER	    "foreign marker of d1"
#define ACK	    "dom0 saw the marker"
#define PT_OWNER(d) ((unsigned)((d) + 1) << 16) /* foreigndom high half */

static char page_m[PAGE_SIZE] __page_aligned_bss; /* domU: read by dom0 */
static char spare[PAGE_SIZE] __page_aligned_bss;  /* domU: given back */
static char win[PAGE_SIZE] __page_aligned_bss;	  /* dom0: map window */
static const unsigned long ro = _PAGE_PRESENT | _PAGE_ACCESSED;
static const unsigned long rw =
	_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;

static void expect_rc(const char *what, long rc, long want)
{
	check(rc == want, "%s returned %ld, expected %ld", what, rc, want);
}

static void yield(void)
{
	hc_sched_op(SCHEDOP_yield, NULL);
}

static long mmu1(uint64_t ptr, uint64_t val, unsigned dom)
{
	struct mmu_update r = {.ptr = ptr, .val = val};

	return hc_mmu_update(&r, 1, NULL, dom);
}

static long ext1(unsigned cmd, unsigned long mfn, unsigned dom)
{
	struct mmuext_op op = {.cmd = cmd, .arg1.mfn = mfn};

	return hc_mmuext_op(&op, 1, NULL, dom);
}

static long reservation(int cmd, unsigned long *list, domid_t dom)
{
	struct xen_memory_reservation r = {.nr_extents = 1, .domid = dom};

	xen_set_guest_handle(r.extent_start, list);
	return hc_memory_op(cmd, &r);
}

static long query(int cmd, domid_t id)
{
	return hc_memory_op(cmd, &id);
}

/* ---- domU ---- */

static void domU_hostile(void)
{
	uint64_t pte = pte_maddr((unsigned long)spare) | MMU_NORMAL_PT_UPDATE;
	uint64_t val = (virt_to_mfn(spare) << PAGE_SHIFT) | rw;
	unsigned long mfn = 0;

	expect_rc("domU: mmu_update for dom0", mmu1(pte, val, 0), -XEN_EPERM);
	expect_rc("domU: mmu_update for no domain", mmu1(pte, val, 77),
		  -XEN_ESRCH);
	expect_rc("domU: mmu_update naming itself", mmu1(pte, val, DOMU_ID),
		  -XEN_ESRCH);
	expect_rc("domU: mmu_update as dom0's tables",
		  mmu1(pte, val, PT_OWNER(0) | DOMID_SELF), -XEN_EPERM);
	expect_rc("domU: MACHPHYS_UPDATE for dom0",
		  mmu1((virt_to_mfn(spare) << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE,
		       virt_to_pfn(spare), 0),
		  -XEN_EPERM);
	expect_rc("domU: mmuext_op for dom0",
		  ext1(MMUEXT_PIN_L4_TABLE, virt_to_mfn(spare), 0), -XEN_EPERM);
	expect_rc("domU: populate for dom0",
		  reservation(XENMEM_populate_physmap, &mfn, 0), 0);
	expect_rc("domU: increase for dom0",
		  reservation(XENMEM_increase_reservation, &mfn, 0), 0);
	check(pte_read((unsigned long)spare) & _PAGE_PRESENT,
	      "domU: a refused request changed our mapping");
}

static void domU_side(void)
{
	unsigned long mfn = virt_to_mfn(spare);
	int i;

	domU_hostile();
	expect_rc("domU: unmap spare",
		  hc_update_va_mapping((unsigned long)spare, 0, UVMF_INVLPG),
		  0);
	expect_rc("domU: give spare back",
		  reservation(XENMEM_decrease_reservation, &mfn, DOMID_SELF),
		  1);
	memcpy(page_m, MARKER, sizeof(MARKER));
	for (i = 0; i < MAX_ROUNDS; i++) {
		if (!memcmp((const void *)(page_m + ACK_OFF), ACK, sizeof(ACK)))
			break;
		barrier();
		yield();
	}
	check(i < MAX_ROUNDS, "domU: dom0 never acknowledged the marker");
	printf("domU: dom0 acknowledged the marker\n");
	pass();
}

/* ---- dom0 ---- */

static long map_win(unsigned long mfn, unsigned long flags, unsigned dom)
{
	return mmu1(pte_maddr((unsigned long)win) | MMU_NORMAL_PT_UPDATE,
		    (mfn << PAGE_SHIFT) | flags, dom);
}

static bool win_marked(void)
{
	return !memcmp(win, MARKER, sizeof(MARKER));
}

/* The domU's page_m: a frame the M2P gives our pfn of page_m. */
static unsigned long dom0_find(void)
{
	unsigned long pfn = virt_to_pfn(page_m), own = virt_to_mfn(page_m);
	long max = hc_memory_op(XENMEM_maximum_ram_page, NULL);

	check(max > (long)own, "maximum_ram_page %ld, our frame %lx", max, own);
	for (int i = 0; i < MAX_ROUNDS; i++) {
		for (unsigned long mfn = 0x100; mfn < (unsigned long)max; mfn++)
			if (m2p()[mfn] == pfn && mfn != own &&
			    !map_win(mfn, ro, DOMU_ID) && win_marked())
				return mfn;
		yield();
	}
	fail("dom0: the domU's marked page never appeared");
}

static void dom0_hostile(unsigned long mfn)
{
	unsigned long ours = virt_to_mfn(page_m);
	uint64_t l4 = virt_to_mfn(kernel_l4()) << PAGE_SHIFT;
	uint64_t mp = MMU_MACHPHYS_UPDATE;

	expect_rc("map our frame as the domU's", map_win(ours, ro, DOMU_ID),
		  -XEN_EBUSY);
	expect_rc("map the hypervisor's frame as the domU's",
		  map_win(HV_MFN, ro, DOMU_ID), -XEN_EBUSY);
	expect_rc("map for no domain", map_win(mfn, ro, 77), -XEN_ESRCH);
	expect_rc("map naming our own id", map_win(mfn, ro, 0), -XEN_ESRCH);
	expect_rc("map without foreigndom", map_win(mfn, ro, DOMID_SELF),
		  -XEN_EBUSY);
	expect_rc("L4 entry to a foreign frame",
		  mmu1(l4 + 200 * 8, (mfn << PAGE_SHIFT) | rw, DOMU_ID),
		  -XEN_EINVAL);
	check(win_marked(), "dom0: a refused map changed the window");
	expect_rc("MACHPHYS_UPDATE for the domU",
		  mmu1((mfn << PAGE_SHIFT) | mp, virt_to_pfn(page_m), DOMU_ID),
		  0);
	check(m2p()[mfn] == virt_to_pfn(page_m), "M2P of the domU's frame");
	expect_rc("MACHPHYS_UPDATE of our frame for the domU",
		  mmu1((ours << PAGE_SHIFT) | mp, 5, DOMU_ID), -XEN_EINVAL);
	expect_rc("MACHPHYS_UPDATE with foreign tables",
		  mmu1((mfn << PAGE_SHIFT) | mp, virt_to_pfn(page_m),
		       PT_OWNER(DOMU_ID) | DOMU_ID),
		  -XEN_EPERM);
	check(m2p()[ours] == virt_to_pfn(page_m), "our M2P entry changed");
}

/* Build-style work on a page populated for the domU. */
static void dom0_table_for_domU(unsigned long mfn)
{
	uint64_t slot0 = (mfn << PAGE_SHIFT) | MMU_NORMAL_PT_UPDATE;
	unsigned long ours = virt_to_mfn(win);

	expect_rc("pin the domU's L4", ext1(MMUEXT_PIN_L4_TABLE, mfn, DOMU_ID),
		  0);
	expect_rc("pin our frame as the domU's",
		  ext1(MMUEXT_PIN_L4_TABLE, ours, DOMU_ID), -XEN_EINVAL);
	expect_rc("NEW_BASEPTR for the domU",
		  ext1(MMUEXT_NEW_BASEPTR, mfn, DOMU_ID), -XEN_EPERM);
	expect_rc("update the domU's L4 as its owner",
		  mmu1(slot0, 0, PT_OWNER(DOMU_ID) | DOMU_ID), 0);
	expect_rc("the domU's L4 to our frame",
		  mmu1(slot0, (ours << PAGE_SHIFT) | rw,
		       PT_OWNER(DOMU_ID) | DOMU_ID),
		  -XEN_EINVAL);
	expect_rc("the domU's L4 without naming its owner",
		  mmu1(slot0, 0, DOMU_ID), -XEN_EINVAL);
	expect_rc("unpin the domU's L4", ext1(MMUEXT_UNPIN_TABLE, mfn, DOMU_ID),
		  0);
}

static void dom0_reservation(void)
{
	unsigned long pfn = virt_to_pfn(spare), mfn = pfn, more = pfn + 1;
	long max = query(XENMEM_maximum_reservation, DOMU_ID), cur;

	cur = query(XENMEM_current_reservation, DOMU_ID);
	check(cur == max - 1, "domU: %ld of %ld pages (gave one back?)", cur,
	      max);
	expect_rc("populate for the domU",
		  reservation(XENMEM_populate_physmap, &mfn, DOMU_ID), 1);
	check(mfn != pfn && m2p()[mfn] == pfn, "populated mfn %lx", mfn);
	expect_rc("domU's reservation after populate",
		  query(XENMEM_current_reservation, DOMU_ID), cur + 1);
	expect_rc("populate beyond the domU's max",
		  reservation(XENMEM_populate_physmap, &more, DOMU_ID), 0);
	expect_rc("domU's reservation at max",
		  query(XENMEM_current_reservation, DOMU_ID), max);
	check(query(XENMEM_maximum_gpfn, DOMU_ID) >= (long)pfn,
	      "domU's maximum_gpfn below the populated pfn");
	dom0_table_for_domU(mfn);
	expect_rc("decrease for the domU",
		  reservation(XENMEM_decrease_reservation, &mfn, DOMU_ID), 1);
	expect_rc("domU's reservation after decrease",
		  query(XENMEM_current_reservation, DOMU_ID), cur);
}

static void dom0_outlive(unsigned long mfn)
{
	int i;

	expect_rc("map the domU's page writable", map_win(mfn, rw, DOMU_ID), 0);
	memcpy(win + ACK_OFF, ACK, sizeof(ACK));
	for (i = 0; i < MAX_ROUNDS; i++) {
		if (query(XENMEM_current_reservation, DOMU_ID) == -XEN_ESRCH)
			break;
		yield();
	}
	check(i < MAX_ROUNDS, "dom0: the domU never went away");
	sleep_ns(100000000); /* let the teardown finish (relinquish) */
	check(win_marked(), "dom0: dead domU's page reads '%.20s'", win);
	printf("dom0: dead domU's frame still reads the marker\n");
	expect_rc("unmap the dead domU's frame",
		  remap_page(win, virt_to_mfn(win), rw), 0);
	printf("dom0: unmapped the dead domU's frame\n");
}

static void dom0_side(void)
{
	unsigned long mfn = dom0_find();

	printf("dom0: domU's frame %lx mapped with foreigndom, marker read\n",
	       mfn);
	dom0_hostile(mfn);
	dom0_reservation();
	dom0_outlive(mfn);
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
