/*
 * libxc's memory operations on a domain: populate_physmap and
 * decrease_reservation (memory_op), page-table and M2P writes
 * (mmu_update), pins and flushes (mmuext_op), the host's highest frame,
 * and the hypercall form of an unbound event channel.
 *
 * Interface: xc.h; xc_open() first.  Batches are the caller's arrays.
 * Invariants: every array handed to the hypervisor is touched first
 * (xc_touch); populate/decrease return how many extents were done, so a
 * short count is the caller's to judge.
 */
#include <errno.h>
#include <string.h>

#include "xc_private.h"

static long reservation(struct xc *xc, unsigned int cmd, uint32_t domid,
			unsigned long nr, unsigned int order, xen_pfn_t *frames)
{
	struct xen_memory_reservation r;

	if (!nr)
		return 0;
	xc_touch(frames, nr * sizeof(*frames));
	memset(&r, 0, sizeof(r));
	xen_set_guest_handle(r.extent_start, frames);
	r.nr_extents = nr;
	r.extent_order = order;
	r.domid = (domid_t)domid;
	return xc_hypercall(xc, __HYPERVISOR_memory_op, cmd, (uintptr_t)&r, 0,
			    0, 0);
}

int xc_populate_physmap(struct xc *xc, uint32_t domid, unsigned long nr,
			unsigned int order, xen_pfn_t *gpfns)
{
	return (int)reservation(xc, XENMEM_populate_physmap, domid, nr, order,
				gpfns);
}

int xc_decrease_reservation(struct xc *xc, uint32_t domid, unsigned long nr,
			    xen_pfn_t *frames)
{
	return (int)reservation(xc, XENMEM_decrease_reservation, domid, nr, 0,
				frames);
}

int xc_mmu_update(struct xc *xc, uint32_t foreigndom, struct mmu_update *req,
		  unsigned int n)
{
	unsigned int done = 0;

	xc_touch(req, n * sizeof(*req));
	return (int)xc_hypercall(xc, __HYPERVISOR_mmu_update, (uintptr_t)req, n,
				 (uintptr_t)&done, foreigndom, 0);
}

int xc_mmuext_op(struct xc *xc, uint32_t foreigndom, struct mmuext_op *op,
		 unsigned int n)
{
	unsigned int done = 0;

	xc_touch(op, n * sizeof(*op));
	return (int)xc_hypercall(xc, __HYPERVISOR_mmuext_op, (uintptr_t)op, n,
				 (uintptr_t)&done, foreigndom, 0);
}

long xc_maximum_ram_page(struct xc *xc)
{
	return xc_hypercall(xc, __HYPERVISOR_memory_op, XENMEM_maximum_ram_page,
			    0, 0, 0, 0);
}

int xc_evtchn_alloc_unbound(struct xc *xc, uint32_t domid, uint32_t remote)
{
	struct evtchn_alloc_unbound a;
	long rc;

	memset(&a, 0, sizeof(a));
	a.dom = (domid_t)domid;
	a.remote_dom = (domid_t)remote;
	rc = xc_hypercall(xc, __HYPERVISOR_event_channel_op,
			  EVTCHNOP_alloc_unbound, (uintptr_t)&a, 0, 0, 0);
	return rc < 0 ? (int)rc : (int)a.port;
}
