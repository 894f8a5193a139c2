/*
 * The Linux user-space interfaces xenstored uses in dom0, written here
 * from the kernel's UAPI facts (include/uapi/xen/evtchn.h, gntdev.h,
 * include/xen/xenbus_dev.h): /dev/xen/evtchn (bind, notify, unbind; read()
 * returns fired ports, write() unmasks them), /dev/xen/gntdev (map a
 * domain's grant, then mmap it at the returned offset) and
 * /dev/xen/xenbus_backend (dom0's own xenstore page by mmap, its unbound
 * port by ioctl).
 */
#ifndef XS_LINUX_H
#define XS_LINUX_H

#include <stdint.h>

#include <public/xen.h>

/* _IOC(_IOC_NONE, type, nr, size) */
#define XS_LINUX_IOC(type, nr, size)                                           \
	(((unsigned long)(size) << 16) | ((unsigned long)(type) << 8) | (nr))

struct xs_evtchn_bind_interdomain {
	uint32_t remote_domain; /* IN */
	uint32_t remote_port;	/* IN; the ioctl returns the local port */
};
struct xs_evtchn_port {
	uint32_t port; /* IN: unbind / notify */
};
XEN_ABI_SIZE(struct xs_evtchn_bind_interdomain, 8);
XEN_ABI_SIZE(struct xs_evtchn_port, 4);

#define XS_IOCTL_EVTCHN_BIND_INTERDOMAIN                                       \
	XS_LINUX_IOC('E', 1, sizeof(struct xs_evtchn_bind_interdomain))
#define XS_IOCTL_EVTCHN_UNBIND                                                 \
	XS_LINUX_IOC('E', 3, sizeof(struct xs_evtchn_port))
#define XS_IOCTL_EVTCHN_NOTIFY                                                 \
	XS_LINUX_IOC('E', 4, sizeof(struct xs_evtchn_port))

struct xs_gntdev_map_one {
	uint32_t count; /* IN: 1 */
	uint32_t pad;
	uint64_t index; /* OUT: mmap offset */
	uint32_t domid; /* IN: granting domain */
	uint32_t ref;	/* IN: its grant reference */
};
struct xs_gntdev_unmap {
	uint64_t index; /* IN: offset from the map */
	uint32_t count; /* IN: 1 */
	uint32_t pad;
};
XEN_ABI_SIZE(struct xs_gntdev_map_one, 24);
XEN_ABI_OFFSET(struct xs_gntdev_map_one, index, 8);
XEN_ABI_OFFSET(struct xs_gntdev_map_one, domid, 16);
XEN_ABI_SIZE(struct xs_gntdev_unmap, 16);

#define XS_IOCTL_GNTDEV_MAP_GRANT_REF                                          \
	XS_LINUX_IOC('G', 0, sizeof(struct xs_gntdev_map_one))
#define XS_IOCTL_GNTDEV_UNMAP_GRANT_REF                                        \
	XS_LINUX_IOC('G', 1, sizeof(struct xs_gntdev_unmap))

#define XS_IOCTL_XENBUS_BACKEND_EVTCHN XS_LINUX_IOC('B', 0, 0)

_Static_assert(XS_IOCTL_EVTCHN_BIND_INTERDOMAIN == 0x84501, "evtchn ioctl");
_Static_assert(XS_IOCTL_EVTCHN_NOTIFY == 0x44504, "evtchn ioctl");
_Static_assert(XS_IOCTL_GNTDEV_MAP_GRANT_REF == 0x184700, "gntdev ioctl");
_Static_assert(XS_IOCTL_GNTDEV_UNMAP_GRANT_REF == 0x104701, "gntdev ioctl");
_Static_assert(XS_IOCTL_XENBUS_BACKEND_EVTCHN == 0x4200, "xenbus ioctl");

#endif /* XS_LINUX_H */
