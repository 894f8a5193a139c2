/*
 * The Linux user-space interface of /dev/xen/privcmd, written here from
 * the kernel's UAPI facts (include/uapi/xen/privcmd.h): a hypercall on
 * the caller's behalf, foreign frames mapped into a privcmd mmap() area
 * (MMAPBATCH_V2), and a domain's resource frames (MMAP_RESOURCE).
 *
 * Interface: included by tools/libxc/xc_privcmd.c only.
 * Invariants: sizes, offsets and ioctl numbers are checked at compile
 * time against the values of the x86-64 kernel ABI.
 */
#ifndef TOOLS_XC_LINUX_H
#define TOOLS_XC_LINUX_H

#include <stdint.h>

#include <public/xen.h>

/* _IOC(_IOC_NONE, type, nr, size): direction bits 0. */
#define XC_LINUX_IOC(type, nr, size)                                           \
	(((unsigned long)(size) << 16) | ((unsigned long)(type) << 8) | (nr))

/* IOCTL_PRIVCMD_HYPERCALL: the ioctl returns the hypercall's result. */
struct xc_privcmd_hypercall {
	uint64_t op;	 /* __HYPERVISOR_* */
	uint64_t arg[5]; /* rdi, rsi, rdx, r10, r8 */
};
XEN_ABI_SIZE(struct xc_privcmd_hypercall, 48);
XEN_ABI_OFFSET(struct xc_privcmd_hypercall, arg, 8);

/*
 * IOCTL_PRIVCMD_MMAPBATCH_V2: map num frames of dom at addr, a privcmd
 * mmap() area of num pages; err[i] gets each frame's result (0/-errno).
 */
struct xc_privcmd_mmapbatch_v2 {
	uint32_t num;	      /* frames */
	domid_t dom;	      /* their owner */
	uint64_t addr;	      /* start of the mmap() area */
	const xen_pfn_t *arr; /* the frames (MFNs of a PV domain) */
	int *err;	      /* OUT: per-frame result */
};
XEN_ABI_SIZE(struct xc_privcmd_mmapbatch_v2, 32);
XEN_ABI_OFFSET(struct xc_privcmd_mmapbatch_v2, dom, 4);
XEN_ABI_OFFSET(struct xc_privcmd_mmapbatch_v2, addr, 8);
XEN_ABI_OFFSET(struct xc_privcmd_mmapbatch_v2, arr, 16);
XEN_ABI_OFFSET(struct xc_privcmd_mmapbatch_v2, err, 24);

/*
 * IOCTL_PRIVCMD_MMAP_RESOURCE: XENMEM_acquire_resource(dom, type, id,
 * frames idx..idx+num-1) mapped at addr (a privcmd mmap() area of num
 * pages); addr 0 and num 0 ask the resource's size (returned in num).
 */
struct xc_privcmd_mmap_resource {
	domid_t dom;   /* owner */
	uint32_t type; /* XENMEM_resource_* */
	uint32_t id;   /* instance (XENMEM_resource_grant_table_id_*) */
	uint32_t idx;  /* first frame */
	uint64_t num;  /* frames */
	uint64_t addr; /* start of the mmap() area */
};
XEN_ABI_SIZE(struct xc_privcmd_mmap_resource, 32);
XEN_ABI_OFFSET(struct xc_privcmd_mmap_resource, type, 4);
XEN_ABI_OFFSET(struct xc_privcmd_mmap_resource, id, 8);
XEN_ABI_OFFSET(struct xc_privcmd_mmap_resource, idx, 12);
XEN_ABI_OFFSET(struct xc_privcmd_mmap_resource, num, 16);
XEN_ABI_OFFSET(struct xc_privcmd_mmap_resource, addr, 24);

#define XC_IOCTL_PRIVCMD_HYPERCALL                                             \
	XC_LINUX_IOC('P', 0, sizeof(struct xc_privcmd_hypercall))
#define XC_IOCTL_PRIVCMD_MMAPBATCH_V2                                          \
	XC_LINUX_IOC('P', 4, sizeof(struct xc_privcmd_mmapbatch_v2))
#define XC_IOCTL_PRIVCMD_MMAP_RESOURCE                                         \
	XC_LINUX_IOC('P', 7, sizeof(struct xc_privcmd_mmap_resource))

_Static_assert(XC_IOCTL_PRIVCMD_HYPERCALL == 0x305000, "privcmd ioctl");
_Static_assert(XC_IOCTL_PRIVCMD_MMAPBATCH_V2 == 0x205004, "privcmd ioctl");
_Static_assert(XC_IOCTL_PRIVCMD_MMAP_RESOURCE == 0x205007, "privcmd ioctl");

#define XC_PRIVCMD_PATH "/dev/xen/privcmd"

#endif /* TOOLS_XC_LINUX_H */
