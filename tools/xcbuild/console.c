/*
 * Drain a domain's console ring (include/public/io/console.h) to stdout
 * while it runs: the ring is foreign-mapped by its MFN and polled (the
 * domain's hvc driver retries when the ring is full, so polling loses
 * nothing).
 *
 * Interface: xcb_console().
 * Invariants: out_cons is only advanced past bytes already written to
 * stdout; reads of out_prod are followed by a barrier before the data.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <public/io/console.h>

#include "xcbuild.h"

#define POLL_US 10000

static bool drain(volatile struct xencons_interface *r)
{
	XENCONS_RING_IDX cons = r->out_cons, prod = r->out_prod;
	bool any = cons != prod;

	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (prod - cons > sizeof(r->out))
		cons = prod - sizeof(r->out); /* a confused guest: resync */
	for (; cons != prod; cons++)
		putchar(r->out[MASK_XENCONS_IDX(cons, r->out)]);
	fflush(stdout);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	r->out_cons = cons;
	return any;
}

static bool finished(const struct xen_domctl_getdomaininfo *info)
{
	return info->flags & (XEN_DOMINF_shutdown | XEN_DOMINF_dying);
}

int xcb_console(struct xc *xc, uint32_t domid, uint64_t mfn,
		unsigned int timeout_s, struct xen_domctl_getdomaininfo *info)
{
	xen_pfn_t frame = mfn;
	int err = 0;
	volatile struct xencons_interface *r;
	time_t end = time(NULL) + timeout_s;

	r = xc_map_foreign(xc, domid, PROT_READ | PROT_WRITE, &frame, &err, 1);
	if (!r || err) {
		if (r)
			xc_unmap((void *)r, 1);
		return err ? err : -errno;
	}
	for (;;) {
		int rc = xc_domain_getinfo(xc, domid, info);

		drain(r);
		if (rc < 0 || finished(info) || time(NULL) >= end)
			break;
		usleep(POLL_US);
	}
	drain(r);
	xc_unmap((void *)r, 1);
	return 0;
}
