/*
 * xc_dom_build(): a Linux PV kernel into a created, paused, empty domain
 * -- load and unpack the kernel, plan the layout, populate the memory,
 * allocate the console and xenstore event channels, write everything
 * through one foreign mapping, seed grant entries 0 and 1 for the
 * backends, mask events in shared_info, pin the page tables, and load
 * vcpu 0 (the others stay down for the kernel to bring up).
 *
 * Interface: xc_dom_build() (xc.h).  On failure the domain is left as it
 * is for the caller to destroy, err names the problem in one line.
 * Invariants: the M2P entries of the new frames are set by
 * populate_physmap itself (as in Xen for a PV domain), so no
 * MMU_MACHPHYS_UPDATE is needed; every foreign mapping is gone before
 * the pin (page-table frames must have no writable mapping then).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "xc_dom.h"

#define POPULATE_BATCH 4096 /* frames per populate_physmap call */

int xc_dom_fail(struct xc_dom *dom, int rc, const char *fmt, ...)
{
	va_list ap;

	if (dom->errlen && !dom->err[0]) {
		va_start(ap, fmt);
		vsnprintf(dom->err, dom->errlen, fmt, ap);
		va_end(ap);
	}
	errno = -rc;
	return rc;
}

void *xc_dom_pfn_ptr(const struct xc_dom *dom, unsigned long pfn)
{
	return dom->map + ((pfn - dom->map_first) << XC_PAGE_SHIFT);
}

uint64_t xc_dom_pfn_va(const struct xc_dom *dom, unsigned long pfn)
{
	return dom->elf.virt_base + ((uint64_t)pfn << XC_PAGE_SHIFT);
}

/* The domain must exist and own nothing yet. */
static int check_domain(struct xc_dom *dom)
{
	struct xen_domctl_getdomaininfo info;
	int rc = xc_domain_getinfo(dom->xc, dom->domid, &info);

	if (rc < 0)
		return xc_dom_fail(dom, rc, "domain %u: %s", dom->domid,
				   strerror(-rc));
	if (info.tot_pages)
		return xc_dom_fail(dom, -EEXIST, "domain %u already has memory",
				   dom->domid);
	dom->shared_info_mfn = info.shared_info_frame;
	return 0;
}

static int allocate_memory(struct xc_dom *dom)
{
	unsigned long n = dom->nr_pages;

	dom->p2m = malloc(n * sizeof(*dom->p2m));
	if (!dom->p2m)
		return xc_dom_fail(dom, -ENOMEM, "out of memory in dom0");
	for (unsigned long i = 0; i < n; i++)
		dom->p2m[i] = i;
	for (unsigned long i = 0; i < n; i += POPULATE_BATCH) {
		unsigned long k =
			n - i < POPULATE_BATCH ? n - i : POPULATE_BATCH;
		int rc = xc_populate_physmap(dom->xc, dom->domid, k, 0,
					     dom->p2m + i);

		if (rc < 0 || (unsigned long)rc != k)
			return xc_dom_fail(
				dom, rc < 0 ? rc : -ENOMEM,
				"cannot allocate %lu MiB for domain "
				"%u: the hypervisor is out of memory",
				n >> 8, dom->domid);
	}
	return 0;
}

static int alloc_ports(struct xc_dom *dom)
{
	int c = xc_evtchn_alloc_unbound(dom->xc, dom->domid,
					dom->cfg->console_domid);
	int s = c < 0 ? c
		      : xc_evtchn_alloc_unbound(dom->xc, dom->domid,
						dom->cfg->store_domid);

	if (c < 0 || s < 0)
		return xc_dom_fail(dom, c < 0 ? c : s,
				   "cannot allocate an event channel: %s",
				   strerror(-(c < 0 ? c : s)));
	dom->cons_port = c;
	dom->store_port = s;
	return 0;
}

/* Map pfns [kern_pfn, used_pfn): every frame the builder writes. */
static int map_used(struct xc_dom *dom)
{
	unsigned long n = dom->used_pfn - dom->kern_pfn;
	int *errs = calloc(n, sizeof(*errs));

	if (!errs)
		return xc_dom_fail(dom, -ENOMEM, "out of memory in dom0");
	dom->map_first = dom->kern_pfn;
	dom->map = xc_map_foreign(dom->xc, dom->domid, PROT_READ | PROT_WRITE,
				  dom->p2m + dom->kern_pfn, errs, n);
	for (unsigned long i = 0; dom->map && i < n; i++)
		if (errs[i]) {
			xc_unmap(dom->map, n);
			dom->map = NULL;
			errno = -errs[i];
		}
	free(errs);
	if (!dom->map)
		return xc_dom_fail(dom, -errno,
				   "cannot map the memory of "
				   "domain %u: %s",
				   dom->domid, strerror(errno));
	dom->map_pages = n;
	return 0;
}

static void unmap_used(struct xc_dom *dom)
{
	if (dom->map)
		xc_unmap(dom->map, dom->map_pages);
	dom->map = NULL;
}

/* Entries 0 and 1 let the backends map the console and xenstore rings. */
static int seed_grants(struct xc_dom *dom)
{
	struct grant_entry_v1 *g;

	g = xc_map_resource(dom->xc, dom->domid, XENMEM_resource_grant_table,
			    XENMEM_resource_grant_table_id_shared, 0, 1,
			    PROT_READ | PROT_WRITE);
	if (!g)
		return xc_dom_fail(dom, -errno,
				   "cannot map the grant table of "
				   "domain %u: %s",
				   dom->domid, strerror(errno));
	g[GNTTAB_RESERVED_CONSOLE].domid = (domid_t)dom->cfg->console_domid;
	g[GNTTAB_RESERVED_CONSOLE].frame = (uint32_t)dom->p2m[dom->cons_pfn];
	g[GNTTAB_RESERVED_XENSTORE].domid = (domid_t)dom->cfg->store_domid;
	g[GNTTAB_RESERVED_XENSTORE].frame = (uint32_t)dom->p2m[dom->store_pfn];
	__atomic_thread_fence(__ATOMIC_RELEASE); /* frame before flags */
	g[GNTTAB_RESERVED_CONSOLE].flags = GTF_permit_access;
	g[GNTTAB_RESERVED_XENSTORE].flags = GTF_permit_access;
	xc_unmap(g, 1);
	return 0;
}

/*
 * Events masked on every vcpu until the kernel sets up its callback, as
 * Xen's builder does: Xen leaves a new domain's shared_info zeroed, and
 * an event (xenstored's first notify) would otherwise be delivered to
 * event callback 0 and crash the domain.
 */
static int init_shared_info(struct xc_dom *dom)
{
	xen_pfn_t mfn = dom->shared_info_mfn;
	struct shared_info *sh;
	int err = 0;

	sh = xc_map_foreign(dom->xc, dom->domid, PROT_READ | PROT_WRITE, &mfn,
			    &err, 1);
	if (!sh || err) {
		if (sh)
			xc_unmap(sh, 1);
		return xc_dom_fail(
			dom, err ? err : -errno,
			"cannot map the shared_info of domain %u: %s",
			dom->domid, strerror(err ? -err : errno));
	}
	for (unsigned int i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
		sh->vcpu_info[i].evtchn_upcall_mask = 1;
	xc_unmap(sh, 1);
	return 0;
}

static int write_domain(struct xc_dom *dom)
{
	int rc;

	if ((rc = map_used(dom)))
		return rc;
	xc_dom_load_segments(dom);
	xc_dom_write_image(dom);
	rc = xc_dom_write_page_tables(dom);
	unmap_used(dom);
	return rc;
}

static int check_config(struct xc_dom *dom)
{
	const struct xc_dom_config *c = dom->cfg;

	if (!c->kernel)
		return xc_dom_fail(dom, -EINVAL, "no kernel given");
	if (c->mem_kb < 4096 || c->mem_kb / 4 > (1UL << 28))
		return xc_dom_fail(dom, -EINVAL,
				   "memory of %llu KiB is out of "
				   "range",
				   (unsigned long long)c->mem_kb);
	if (c->cmdline && strlen(c->cmdline) >= MAX_GUEST_CMDLINE)
		return xc_dom_fail(dom, -E2BIG,
				   "the kernel command line is "
				   "longer than %d bytes",
				   MAX_GUEST_CMDLINE - 1);
	dom->nr_pages = c->mem_kb >> (XC_PAGE_SHIFT - 10);
	return 0;
}

static int build(struct xc_dom *dom)
{
	int rc;

	if ((rc = check_config(dom)) || (rc = xc_dom_load_kernel(dom)) ||
	    (rc = xc_dom_parse_elf(dom)) || (rc = xc_dom_load_ramdisk(dom)) ||
	    (rc = check_domain(dom)) || (rc = xc_dom_plan(dom)) ||
	    (rc = allocate_memory(dom)) || (rc = alloc_ports(dom)) ||
	    (rc = write_domain(dom)) || (rc = seed_grants(dom)) ||
	    (rc = init_shared_info(dom)) || (rc = xc_dom_pin_and_boot(dom)))
		return rc;
	return 0;
}

int xc_dom_build(struct xc *xc, uint32_t domid, const struct xc_dom_config *cfg,
		 struct xc_dom_result *res, char *err, size_t errlen)
{
	struct xc_dom dom;
	int rc;

	memset(&dom, 0, sizeof(dom));
	dom.xc = xc;
	dom.domid = domid;
	dom.cfg = cfg;
	dom.err = err;
	dom.errlen = errlen;
	if (errlen)
		err[0] = 0;
	rc = build(&dom);
	if (!rc) {
		res->console_mfn = dom.p2m[dom.cons_pfn];
		res->console_port = dom.cons_port;
		res->store_mfn = dom.p2m[dom.store_pfn];
		res->store_port = dom.store_port;
		res->virt_entry = dom.elf.entry;
	}
	unmap_used(&dom);
	free(dom.kernel);
	free(dom.ramdisk);
	free(dom.p2m);
	return rc;
}
