/*
 * The Linux user-space interface xenstored uses in dom0 besides libxc's
 * (evtchn, gntdev, privcmd: tools/libxc), written here from the kernel's
 * UAPI facts (include/xen/xenbus_dev.h): /dev/xen/xenbus_backend gives
 * dom0's own xenstore page by mmap and its unbound port by ioctl.
 */
#ifndef XS_LINUX_H
#define XS_LINUX_H

/* _IOC(_IOC_NONE, type, nr, size) */
#define XS_LINUX_IOC(type, nr, size)                                           \
	(((unsigned long)(size) << 16) | ((unsigned long)(type) << 8) | (nr))

#define XS_IOCTL_XENBUS_BACKEND_EVTCHN XS_LINUX_IOC('B', 0, 0)

_Static_assert(XS_IOCTL_XENBUS_BACKEND_EVTCHN == 0x4200, "xenbus ioctl");

#endif /* XS_LINUX_H */
