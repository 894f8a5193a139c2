/*
 * xen_version (hypercall 17): xen_version(cmd, arg).  Version strings and
 * the feature bitmap a guest checks first thing at boot.  Calling it with
 * XENVER_version is also the cheapest hypercall, which Linux uses to get
 * pending events delivered.
 */
#ifndef PUBLIC_VERSION_H
#define PUBLIC_VERSION_H

#include "xen.h"
#include "features.h"

#define XENVER_version		   0  /* no arg; returns major << 16 | minor */
#define XENVER_extraversion	   1  /* xen_extraversion_t */
#define XENVER_compile_info	   2  /* xen_compile_info */
#define XENVER_capabilities	   3  /* xen_capabilities_info_t */
#define XENVER_changeset	   4  /* xen_changeset_info_t */
#define XENVER_platform_parameters 5  /* xen_platform_parameters */
#define XENVER_get_features	   6  /* xen_feature_info */
#define XENVER_pagesize		   7  /* no arg; returns the page size */
#define XENVER_guest_handle	   8  /* xen_domain_handle_t (16 bytes) */
#define XENVER_commandline	   9  /* xen_commandline_t (privileged) */
#define XENVER_build_id		   10 /* xen_build_id */
#define XENVER_extraversion2	   11 /* xen_varbuf */
#define XENVER_capabilities2	   12 /* xen_varbuf */
#define XENVER_changeset2	   13 /* xen_varbuf */
#define XENVER_commandline2	   14 /* xen_varbuf (privileged) */

#ifndef __ASSEMBLER__

typedef char xen_extraversion_t[16];	    /* e.g. ".0", NUL padded */
typedef char xen_capabilities_info_t[1024]; /* e.g. "xen-3.0-x86_64 ..." */
typedef char xen_changeset_info_t[64];
typedef char xen_commandline_t[1024];
typedef uint8_t xen_domain_handle_t[16]; /* the domain's UUID */

#define XEN_EXTRAVERSION_LEN	  (sizeof(xen_extraversion_t))
#define XEN_CAPABILITIES_INFO_LEN (sizeof(xen_capabilities_info_t))
#define XEN_CHANGESET_INFO_LEN	  (sizeof(xen_changeset_info_t))

struct xen_compile_info {
	char compiler[64];
	char compile_by[16];
	char compile_domain[32];
	char compile_date[32];
};

XEN_ABI_SIZE(struct xen_compile_info, 144);
XEN_ABI_OFFSET(struct xen_compile_info, compiler, 0);
XEN_ABI_OFFSET(struct xen_compile_info, compile_by, 64);
XEN_ABI_OFFSET(struct xen_compile_info, compile_domain, 80);
XEN_ABI_OFFSET(struct xen_compile_info, compile_date, 112);

struct xen_platform_parameters {
	xen_ulong_t virt_start; /* lowest hypervisor-reserved VA */
};

XEN_ABI_SIZE(struct xen_platform_parameters, 8);
XEN_ABI_OFFSET(struct xen_platform_parameters, virt_start, 0);

/* XENVER_get_features: 32 feature bits per submap. */
struct xen_feature_info {
	uint32_t submap_idx; /* IN: which group of 32 XENFEAT_* bits */
	uint32_t submap;     /* OUT: the bits */
};

XEN_ABI_SIZE(struct xen_feature_info, 8);
XEN_ABI_OFFSET(struct xen_feature_info, submap_idx, 0);
XEN_ABI_OFFSET(struct xen_feature_info, submap, 4);

/*
 * XENVER_build_id: len is the buffer size on entry; the hypervisor
 * writes the id and returns its length.
 */
struct xen_build_id {
	uint32_t len;	     /* IN: room in buf */
	unsigned char buf[]; /* OUT: raw build id bytes */
};

XEN_ABI_SIZE(struct xen_build_id, 4);
XEN_ABI_OFFSET(struct xen_build_id, len, 0);
XEN_ABI_OFFSET(struct xen_build_id, buf, 4);

/* Variable-length answer of the XENVER_*2 commands. */
struct xen_varbuf {
	uint32_t len;	     /* IN: room in buf */
	unsigned char buf[]; /* OUT: string, not NUL terminated */
};

XEN_ABI_SIZE(struct xen_varbuf, 4);
XEN_ABI_OFFSET(struct xen_varbuf, len, 0);
XEN_ABI_OFFSET(struct xen_varbuf, buf, 4);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_VERSION_H */
