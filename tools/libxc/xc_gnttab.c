/*
 * libxc's grant mappings: one page another domain granted us, mapped
 * through Linux's /dev/xen/gntdev.
 *
 * Interface: see xc.h.  xc_gnttab_map() returns the page or NULL with
 * errno set; xc_gnttab_unmap() takes exactly what a map returned.  The
 * device is opened on first use.
 *
 * Invariants: a mapping's gntdev offset is found again from its address
 * (IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR), so callers keep nothing but the
 * pointer; munmap() precedes UNMAP_GRANT_REF as the driver requires.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "xc.h"
#include "xc_linux_ev.h"

#define XC_GNT_PAGE 4096

static int gntdev_fd(struct xc *xc)
{
	int fd;

	if (xc->gntdev >= 0)
		return xc->gntdev;
	fd = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	xc->gntdev = fd;
	return fd;
}

void *xc_gnttab_map(struct xc *xc, uint32_t domid, uint32_t ref, int prot)
{
	struct xc_ioctl_gntdev_map_grant_ref m = {1, 0, 0, {{domid, ref}}};
	struct xc_ioctl_gntdev_unmap_grant_ref u = {0, 1, 0};
	int fd = gntdev_fd(xc), saved;
	void *p;

	if (fd < 0)
		return NULL;
	if (ioctl(fd, XC_IOCTL_GNTDEV_MAP_GRANT_REF, &m) < 0)
		return NULL;
	p = mmap(NULL, XC_GNT_PAGE, prot, MAP_SHARED, fd, (off_t)m.index);
	if (p == MAP_FAILED) {
		saved = errno;
		u.index = m.index;
		ioctl(fd, XC_IOCTL_GNTDEV_UNMAP_GRANT_REF, &u);
		errno = saved;
		return NULL;
	}
	return p;
}

int xc_gnttab_unmap(struct xc *xc, void *addr)
{
	struct xc_ioctl_gntdev_get_offset_for_vaddr q = {0};
	struct xc_ioctl_gntdev_unmap_grant_ref u = {0, 1, 0};
	int fd = xc->gntdev;

	if (fd < 0 || !addr)
		return -(errno = EINVAL);
	q.vaddr = (uint64_t)(uintptr_t)addr;
	if (ioctl(fd, XC_IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, &q) < 0)
		return -errno;
	if (munmap(addr, (size_t)q.count * XC_GNT_PAGE) < 0)
		return -errno;
	u.index = q.offset;
	u.count = q.count;
	if (ioctl(fd, XC_IOCTL_GNTDEV_UNMAP_GRANT_REF, &u) < 0)
		return -errno;
	return 0;
}
