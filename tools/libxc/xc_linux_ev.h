/*
 * The Linux user-space interfaces of /dev/xen/evtchn and /dev/xen/gntdev,
 * written here from the kernel's UAPI facts (include/uapi/xen/evtchn.h,
 * include/uapi/xen/gntdev.h): struct layouts and ioctl numbers, each
 * checked at compile time.
 *
 * /dev/xen/evtchn: the bind ioctls return the local port; read() gives
 * fired ports (uint32_t each), which stay masked until written back;
 * write() of ports unmasks them.
 * /dev/xen/gntdev: MAP_GRANT_REF reserves an offset ("index") for count
 * grants; mmap() at that offset maps them; munmap(), then UNMAP_GRANT_REF.
 *
 * Interface: constants and structs only (libxc's xc_evtchn.c, xc_gnttab.c).
 * Invariants: every size and number equals the kernel's (asserted below).
 */
#ifndef TOOLS_XC_LINUX_EV_H
#define TOOLS_XC_LINUX_EV_H

#include <stdint.h>

#include <public/xen.h>

/* _IOC(_IOC_NONE, type, nr, size): direction bits 0 */
#define XC_LINUX_IOC(type, nr, size)                                           \
	(((unsigned long)(size) << 16) | ((unsigned long)(type) << 8) | (nr))

/* ---- /dev/xen/evtchn ('E') ---- */
struct xc_ioctl_evtchn_bind_virq {
	uint32_t virq; /* IN: VIRQ_* */
};
struct xc_ioctl_evtchn_bind_interdomain {
	uint32_t remote_domain; /* IN */
	uint32_t remote_port;	/* IN */
};
struct xc_ioctl_evtchn_bind_unbound_port {
	uint32_t remote_domain; /* IN */
};
struct xc_ioctl_evtchn_port {
	uint32_t port; /* IN: local port (unbind, notify) */
};
struct xc_ioctl_evtchn_restrict_domid {
	domid_t domid; /* IN */
};
XEN_ABI_SIZE(struct xc_ioctl_evtchn_bind_virq, 4);
XEN_ABI_SIZE(struct xc_ioctl_evtchn_bind_interdomain, 8);
XEN_ABI_OFFSET(struct xc_ioctl_evtchn_bind_interdomain, remote_port, 4);
XEN_ABI_SIZE(struct xc_ioctl_evtchn_bind_unbound_port, 4);
XEN_ABI_SIZE(struct xc_ioctl_evtchn_port, 4);
XEN_ABI_SIZE(struct xc_ioctl_evtchn_restrict_domid, 2);

#define XC_IOCTL_EVTCHN_BIND_VIRQ                                              \
	XC_LINUX_IOC('E', 0, sizeof(struct xc_ioctl_evtchn_bind_virq))
#define XC_IOCTL_EVTCHN_BIND_INTERDOMAIN                                       \
	XC_LINUX_IOC('E', 1, sizeof(struct xc_ioctl_evtchn_bind_interdomain))
#define XC_IOCTL_EVTCHN_BIND_UNBOUND_PORT                                      \
	XC_LINUX_IOC('E', 2, sizeof(struct xc_ioctl_evtchn_bind_unbound_port))
#define XC_IOCTL_EVTCHN_UNBIND                                                 \
	XC_LINUX_IOC('E', 3, sizeof(struct xc_ioctl_evtchn_port))
#define XC_IOCTL_EVTCHN_NOTIFY                                                 \
	XC_LINUX_IOC('E', 4, sizeof(struct xc_ioctl_evtchn_port))
#define XC_IOCTL_EVTCHN_RESET XC_LINUX_IOC('E', 5, 0)
#define XC_IOCTL_EVTCHN_RESTRICT_DOMID                                         \
	XC_LINUX_IOC('E', 6, sizeof(struct xc_ioctl_evtchn_restrict_domid))

_Static_assert(XC_IOCTL_EVTCHN_BIND_VIRQ == 0x44500, "evtchn ioctl");
_Static_assert(XC_IOCTL_EVTCHN_BIND_INTERDOMAIN == 0x84501, "evtchn ioctl");
_Static_assert(XC_IOCTL_EVTCHN_BIND_UNBOUND_PORT == 0x44502, "evtchn ioctl");
_Static_assert(XC_IOCTL_EVTCHN_UNBIND == 0x44503, "evtchn ioctl");
_Static_assert(XC_IOCTL_EVTCHN_NOTIFY == 0x44504, "evtchn ioctl");
_Static_assert(XC_IOCTL_EVTCHN_RESET == 0x4505, "evtchn ioctl");
_Static_assert(XC_IOCTL_EVTCHN_RESTRICT_DOMID == 0x24506, "evtchn ioctl");

/* ---- /dev/xen/gntdev ('G') ---- */
struct xc_ioctl_gntdev_grant_ref {
	uint32_t domid; /* granting domain */
	uint32_t ref;	/* its grant reference */
};
/* The kernel's struct ends in refs[1]; one grant is all libxc maps. */
struct xc_ioctl_gntdev_map_grant_ref {
	uint32_t count; /* IN: grants in refs[] */
	uint32_t pad;
	uint64_t index; /* OUT: the offset to mmap() */
	struct xc_ioctl_gntdev_grant_ref refs[1];
};
struct xc_ioctl_gntdev_unmap_grant_ref {
	uint64_t index; /* IN: as returned by the map */
	uint32_t count; /* IN: pages */
	uint32_t pad;
};
struct xc_ioctl_gntdev_get_offset_for_vaddr {
	uint64_t vaddr;	 /* IN: start of a mapping */
	uint64_t offset; /* OUT: its index */
	uint32_t count;	 /* OUT: its pages */
	uint32_t pad;
};
struct xc_ioctl_gntdev_set_max_grants {
	uint32_t count; /* IN */
};
struct xc_ioctl_gntdev_unmap_notify {
	uint64_t index;		     /* IN: offset of a byte of the page */
	uint32_t action;	     /* IN: XC_GNTDEV_UNMAP_NOTIFY_* */
	uint32_t event_channel_port; /* IN */
};
#define XC_GNTDEV_UNMAP_NOTIFY_CLEAR_BYTE 0x1
#define XC_GNTDEV_UNMAP_NOTIFY_SEND_EVENT 0x2

XEN_ABI_SIZE(struct xc_ioctl_gntdev_grant_ref, 8);
XEN_ABI_SIZE(struct xc_ioctl_gntdev_map_grant_ref, 24);
XEN_ABI_OFFSET(struct xc_ioctl_gntdev_map_grant_ref, index, 8);
XEN_ABI_OFFSET(struct xc_ioctl_gntdev_map_grant_ref, refs, 16);
XEN_ABI_SIZE(struct xc_ioctl_gntdev_unmap_grant_ref, 16);
XEN_ABI_OFFSET(struct xc_ioctl_gntdev_unmap_grant_ref, count, 8);
XEN_ABI_SIZE(struct xc_ioctl_gntdev_get_offset_for_vaddr, 24);
XEN_ABI_OFFSET(struct xc_ioctl_gntdev_get_offset_for_vaddr, count, 16);
XEN_ABI_SIZE(struct xc_ioctl_gntdev_set_max_grants, 4);
XEN_ABI_SIZE(struct xc_ioctl_gntdev_unmap_notify, 16);
XEN_ABI_OFFSET(struct xc_ioctl_gntdev_unmap_notify, action, 8);

#define XC_IOCTL_GNTDEV_MAP_GRANT_REF                                          \
	XC_LINUX_IOC('G', 0, sizeof(struct xc_ioctl_gntdev_map_grant_ref))
#define XC_IOCTL_GNTDEV_UNMAP_GRANT_REF                                        \
	XC_LINUX_IOC('G', 1, sizeof(struct xc_ioctl_gntdev_unmap_grant_ref))
#define XC_IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR                                   \
	XC_LINUX_IOC('G', 2,                                                   \
		     sizeof(struct xc_ioctl_gntdev_get_offset_for_vaddr))
#define XC_IOCTL_GNTDEV_SET_MAX_GRANTS                                         \
	XC_LINUX_IOC('G', 3, sizeof(struct xc_ioctl_gntdev_set_max_grants))
#define XC_IOCTL_GNTDEV_SET_UNMAP_NOTIFY                                       \
	XC_LINUX_IOC('G', 7, sizeof(struct xc_ioctl_gntdev_unmap_notify))

_Static_assert(XC_IOCTL_GNTDEV_MAP_GRANT_REF == 0x184700, "gntdev ioctl");
_Static_assert(XC_IOCTL_GNTDEV_UNMAP_GRANT_REF == 0x104701, "gntdev ioctl");
_Static_assert(XC_IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR == 0x184702,
	       "gntdev ioctl");
_Static_assert(XC_IOCTL_GNTDEV_SET_MAX_GRANTS == 0x44703, "gntdev ioctl");
_Static_assert(XC_IOCTL_GNTDEV_SET_UNMAP_NOTIFY == 0x104707, "gntdev ioctl");

#endif /* TOOLS_XC_LINUX_EV_H */
