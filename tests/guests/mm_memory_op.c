/*
 * mm_memory_op: the memory_op (12) sub-ops mm_balloon leaves out, run as
 * dom0 and as domU 1 at once.
 *  - maximum_ram_page is the highest machine frame (>= ours);
 *    current/maximum_reservation and maximum_gpfn of DOMID_SELF and of
 *    our own id agree with start_info; another domain's are -EPERM for a
 *    domU, -ESRCH for dom0 naming no domain;
 *  - machphys_mfn_list returns one MFN per 2 MiB of M2P (none with
 *    max_extents 0);
 *  - increase_reservation, after a frame was given back, returns a new
 *    frame; decrease_reservation takes it; as Xen, naming a domain the
 *    caller may not change (a domU: dom0) or none (dom0: 77) does nothing
 *    and reports 0 extents (mm_foreign covers dom0 changing a domU);
 *  - exchange swaps an unmapped frame of ours for a new one with the
 *    asked pfn (nr_exchanged 1, M2P set, contents zero); refused with
 *    -EINVAL and nothing changed: nr_exchanged not 0, in and out sizes
 *    that differ, a frame still mapped; another domain -EPERM (domU);
 *  - add_to_physmap with an unreadable argument is -EFAULT (gnttab tests
 *    the PV answer, -EACCES); an unknown sub-op is -ENOSYS.
 * dom0 stays up after its result so that the domU can report.
 */
#include "guest.h"

const char test_name[] = "mm_memory_op";

#define PEER 1 /* the domU's id */

static char page[PAGE_SIZE] __page_aligned_bss;
static char spare[PAGE_SIZE] __page_aligned_bss;
static const unsigned long rw =
	_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;

static void expect_rc(const char *what, long rc, long want)
{
	check(rc == want, "%s returned %ld, expected %ld", what, rc, want);
}

static long query(int cmd, domid_t id)
{
	return hc_memory_op(cmd, &id);
}

static long reservation(int cmd, unsigned long *list, domid_t dom)
{
	struct xen_memory_reservation r = {
		.nr_extents = 1,
		.extent_order = 0,
		.domid = dom,
	};

	xen_set_guest_handle(r.extent_start, list);
	return hc_memory_op(cmd, &r);
}

static void queries(bool dom0, domid_t self)
{
	long cur = query(XENMEM_current_reservation, DOMID_SELF);

	check(query(XENMEM_maximum_ram_page, 0) >= (long)virt_to_mfn(page),
	      "maximum_ram_page below one of our frames");
	check(cur > 0 && cur <= (long)start_info->nr_pages + 16,
	      "current_reservation %ld, nr_pages %lu", cur,
	      (unsigned long)start_info->nr_pages);
	expect_rc("current_reservation(own id)",
		  query(XENMEM_current_reservation, self), cur);
	check(query(XENMEM_maximum_reservation, DOMID_SELF) >= cur,
	      "maximum_reservation below current");
	check(query(XENMEM_maximum_gpfn, DOMID_SELF) >=
		      (long)start_info->nr_pages - 1,
	      "maximum_gpfn %ld", query(XENMEM_maximum_gpfn, DOMID_SELF));
	if (dom0) {
		expect_rc("dom0: no such domain",
			  query(XENMEM_maximum_reservation, 77), -XEN_ESRCH);
	} else {
		expect_rc("domU: dom0's reservation",
			  query(XENMEM_current_reservation, 0), -XEN_EPERM);
		expect_rc("domU: dom0's maximum_gpfn",
			  query(XENMEM_maximum_gpfn, 0), -XEN_EPERM);
	}
}

static void mfn_list(void)
{
	unsigned long mfns[4] = {0};
	struct xen_machphys_mfn_list l = {.max_extents = 4};

	xen_set_guest_handle(l.extent_start, mfns);
	expect_rc("machphys_mfn_list",
		  hc_memory_op(XENMEM_machphys_mfn_list, &l), 0);
	check(l.nr_extents >= 1 && l.nr_extents <= 4 && mfns[0] != 0,
	      "machphys_mfn_list: %u extents, first %lx", l.nr_extents,
	      mfns[0]);
	l.max_extents = 0;
	mfns[0] = 0;
	expect_rc("machphys_mfn_list(0)",
		  hc_memory_op(XENMEM_machphys_mfn_list, &l), 0);
	check(l.nr_extents == 0 && mfns[0] == 0, "max_extents 0 wrote");
}

/* Give spare's frame back: unmapped, decrease_reservation. */
static unsigned long free_spare(void)
{
	unsigned long mfn = virt_to_mfn(spare);

	expect_rc("unmap spare",
		  hc_update_va_mapping((unsigned long)spare, 0, UVMF_INVLPG),
		  0);
	expect_rc("decrease(spare)",
		  reservation(XENMEM_decrease_reservation, &mfn, DOMID_SELF),
		  1);
	return mfn;
}

static void increase(void)
{
	long before = query(XENMEM_current_reservation, DOMID_SELF);
	unsigned long mfn = 0;

	expect_rc("increase_reservation",
		  reservation(XENMEM_increase_reservation, &mfn, DOMID_SELF),
		  1);
	check(mfn != 0, "increase_reservation wrote no frame");
	expect_rc("current after increase",
		  query(XENMEM_current_reservation, DOMID_SELF), before + 1);
	expect_rc("decrease(new frame)",
		  reservation(XENMEM_decrease_reservation, &mfn, DOMID_SELF),
		  1);
	/* Another domain: none (dom0), or forbidden (domU): 0 extents. */
	if (start_info->flags & SIF_INITDOMAIN)
		expect_rc("dom0: increase for no domain",
			  reservation(XENMEM_increase_reservation, &mfn, 77),
			  0);
	else
		expect_rc("domU: increase for dom0",
			  reservation(XENMEM_increase_reservation, &mfn, 0),
			  0);
	expect_rc("current after refused increase",
		  query(XENMEM_current_reservation, DOMID_SELF), before);
}

static long exchange(unsigned long *in, unsigned long *out, unsigned n_out,
		     unsigned long done)
{
	struct xen_memory_exchange x = {
		.in = {.nr_extents = 1, .domid = DOMID_SELF},
		.out = {.nr_extents = n_out, .domid = DOMID_SELF},
		.nr_exchanged = done,
	};
	long rc;

	xen_set_guest_handle(x.in.extent_start, in);
	xen_set_guest_handle(x.out.extent_start, out);
	rc = hc_memory_op(XENMEM_exchange, &x);
	check(rc != 0 || x.nr_exchanged == 1, "exchange: nr_exchanged %lu",
	      (unsigned long)x.nr_exchanged);
	return rc;
}

static void exchange_page(void)
{
	unsigned long pfn = virt_to_pfn(page), old = virt_to_mfn(page);
	unsigned long in = old, out[2] = {pfn, pfn};
	long before = query(XENMEM_current_reservation, DOMID_SELF);

	page[0] = 'p';
	expect_rc("exchange of a mapped frame", exchange(&in, out, 1, 0),
		  -XEN_EINVAL);
	check(m2p()[old] == pfn && page[0] == 'p', "refused exchange changed");
	expect_rc("unmap page",
		  hc_update_va_mapping((unsigned long)page, 0, UVMF_INVLPG), 0);
	expect_rc("exchange 1 for 2", exchange(&in, out, 2, 0), -XEN_EINVAL);
	expect_rc("exchange, nr_exchanged 1", exchange(&in, out, 1, 1),
		  -XEN_EINVAL);
	expect_rc("exchange", exchange(&in, out, 1, 0), 0);
	check(out[0] != old && m2p()[out[0]] == pfn, "exchange: out %lx",
	      out[0]);
	expect_rc("current after exchange",
		  query(XENMEM_current_reservation, DOMID_SELF), before);
	p2m[pfn] = out[0];
	expect_rc("map the new frame", remap_page(page, out[0], rw), 0);
	check(page[0] == 0, "exchanged frame not zeroed");
	if (!(start_info->flags & SIF_INITDOMAIN)) {
		struct xen_memory_exchange x = {.in = {.domid = 0}};
		expect_rc("domU exchange for dom0",
			  hc_memory_op(XENMEM_exchange, &x), -XEN_EPERM);
	}
}

void guest_main(void)
{
	bool dom0 = start_info->flags & SIF_INITDOMAIN;
	domid_t self = dom0 ? 0 : PEER;

	install_traps();
	queries(dom0, self);
	mfn_list();
	free_spare();
	increase();
	exchange_page();
	expect_rc("add_to_physmap", hc_memory_op(XENMEM_add_to_physmap, NULL),
		  -XEN_EFAULT);
	expect_rc("sub-op 63", hc_memory_op(63, NULL), -XEN_ENOSYS);
	if (dom0)
		pass_and_idle();
}
