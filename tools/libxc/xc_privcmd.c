/*
 * libxc's access to /dev/xen/privcmd: the handle, raw hypercalls, domctl
 * and sysctl with Xen 4.17's interface versions, and foreign mappings
 * (frames of another domain, or its resources such as grant frames).
 *
 * Interface: xc_open() first; every other call takes the opened handle.
 * Results are >= 0 or -errno, with errno set as well (xc.h).
 * Invariants: a domctl/sysctl goes to the hypervisor from a copy on our
 * stack (touched memory) and is copied back whatever the result, as the
 * hypervisor may have written OUT fields; a mapping is either complete or
 * unmapped again before NULL is returned.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "xc_private.h"
#include "xc_linux.h"

long xc_ret(long rc)
{
	if (rc < 0)
		errno = (int)-rc;
	return rc;
}

void xc_touch(void *p, size_t len)
{
	uintptr_t a = (uintptr_t)p, end = a + len;

	/* One byte of each page, rewritten: a write fault breaks COW. */
	for (; a < end; a = (a | (XC_PAGE_SIZE - 1)) + 1) {
		volatile unsigned char *b = (volatile unsigned char *)a;
		*b = *b;
	}
}

int xc_open(struct xc *xc)
{
	xc->evtchn = -1;
	xc->gntdev = -1;
	xc->privcmd = open(XC_PRIVCMD_PATH, O_RDWR | O_CLOEXEC);
	if (xc->privcmd < 0)
		return (int)xc_ret(errno == EACCES ? -EACCES : -ENOENT);
	return 0;
}

void xc_close(struct xc *xc)
{
	if (xc->privcmd >= 0)
		close(xc->privcmd);
	if (xc->evtchn >= 0)
		close(xc->evtchn);
	if (xc->gntdev >= 0)
		close(xc->gntdev);
	xc->privcmd = xc->evtchn = xc->gntdev = -1;
}

long xc_hypercall(struct xc *xc, unsigned int op, uint64_t a1, uint64_t a2,
		  uint64_t a3, uint64_t a4, uint64_t a5)
{
	struct xc_privcmd_hypercall h = {.op = op, .arg = {a1, a2, a3, a4, a5}};
	long rc;

	if (xc->privcmd < 0)
		return xc_ret(-EBADF);
	rc = ioctl(xc->privcmd, XC_IOCTL_PRIVCMD_HYPERCALL, &h);
	return rc < 0 ? xc_ret(-errno) : rc;
}

int xc_domctl(struct xc *xc, struct xen_domctl *op)
{
	struct xen_domctl copy = *op;
	long rc;

	copy.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	rc = xc_hypercall(xc, __HYPERVISOR_domctl, (uintptr_t)&copy, 0, 0, 0,
			  0);
	*op = copy;
	return (int)rc;
}

int xc_sysctl(struct xc *xc, struct xen_sysctl *op)
{
	struct xen_sysctl copy = *op;
	long rc;

	copy.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	rc = xc_hypercall(xc, __HYPERVISOR_sysctl, (uintptr_t)&copy, 0, 0, 0,
			  0);
	*op = copy;
	return (int)rc;
}

/* A privcmd mmap() area of n pages: the VMA the map ioctls fill. */
static void *privcmd_area(struct xc *xc, int prot, unsigned int n)
{
	void *p = mmap(NULL, (size_t)n << XC_PAGE_SHIFT, prot, MAP_SHARED,
		       xc->privcmd, 0);

	return p == MAP_FAILED ? NULL : p;
}

void *xc_map_foreign(struct xc *xc, uint32_t domid, int prot,
		     const xen_pfn_t *frames, int *errs, unsigned int n)
{
	struct xc_privcmd_mmapbatch_v2 m = {
		.num = n, .dom = (domid_t)domid, .arr = frames, .err = errs};
	void *p;
	int e;

	if (!n || xc->privcmd < 0) {
		errno = n ? EBADF : EINVAL;
		return NULL;
	}
	memset(errs, 0, n * sizeof(*errs));
	p = privcmd_area(xc, prot, n);
	if (!p)
		return NULL;
	m.addr = (uintptr_t)p;
	if (ioctl(xc->privcmd, XC_IOCTL_PRIVCMD_MMAPBATCH_V2, &m) < 0 &&
	    errno != ENOENT) {
		/* ENOENT: some frames failed, errs[] says which. */
		e = errno;
		munmap(p, (size_t)n << XC_PAGE_SHIFT);
		errno = e;
		return NULL;
	}
	return p;
}

void *xc_map_resource(struct xc *xc, uint32_t domid, unsigned int type,
		      unsigned int id, unsigned int idx, unsigned int n,
		      int prot)
{
	struct xc_privcmd_mmap_resource r = {.dom = (domid_t)domid,
					     .type = type,
					     .id = id,
					     .idx = idx,
					     .num = n};
	void *p;
	int e;

	if (!n || xc->privcmd < 0) {
		errno = n ? EBADF : EINVAL;
		return NULL;
	}
	p = privcmd_area(xc, prot, n);
	if (!p)
		return NULL;
	r.addr = (uintptr_t)p;
	if (ioctl(xc->privcmd, XC_IOCTL_PRIVCMD_MMAP_RESOURCE, &r) < 0) {
		e = errno;
		munmap(p, (size_t)n << XC_PAGE_SHIFT);
		errno = e;
		return NULL;
	}
	return p;
}

int xc_unmap(void *addr, unsigned int n)
{
	if (munmap(addr, (size_t)n << XC_PAGE_SHIFT) < 0)
		return (int)xc_ret(-errno);
	return 0;
}
