/*
 * grant_table_op (hypercall 20): grant_table_op(cmd, args, count).
 *
 * A domain grants another domain access to one of its frames by filling
 * an entry of its grant table (an array of grant_entry_v1 in frames the
 * hypervisor provides, see GNTTABOP_setup_table); the other domain then
 * maps or copies that frame by (domid, grant_ref_t).  Every op takes an
 * array of "count" argument structs and reports per-entry status in them.
 */
#ifndef PUBLIC_GRANT_TABLE_H
#define PUBLIC_GRANT_TABLE_H

#include "xen.h"

#define GNTTABOP_map_grant_ref	   0  /* gnttab_map_grant_ref[] */
#define GNTTABOP_unmap_grant_ref   1  /* gnttab_unmap_grant_ref[] */
#define GNTTABOP_setup_table	   2  /* gnttab_setup_table */
#define GNTTABOP_dump_table	   3  /* gnttab_dump_table */
#define GNTTABOP_transfer	   4  /* gnttab_transfer[] */
#define GNTTABOP_copy		   5  /* gnttab_copy[] */
#define GNTTABOP_query_size	   6  /* gnttab_query_size */
#define GNTTABOP_unmap_and_replace 7  /* gnttab_unmap_and_replace[] */
#define GNTTABOP_set_version	   8  /* gnttab_set_version */
#define GNTTABOP_get_status_frames 9  /* gnttab_get_status_frames (v2) */
#define GNTTABOP_get_version	   10 /* gnttab_get_version */
#define GNTTABOP_swap_grant_ref	   11 /* gnttab_swap_grant_ref[] */
#define GNTTABOP_cache_flush	   12 /* gnttab_cache_flush[] (Arm) */

/* Entries a toolstack fills in before the guest boots. */
#define GNTTAB_NR_RESERVED_ENTRIES 8
#define GNTTAB_RESERVED_CONSOLE	   0 /* console ring, for the backend */
#define GNTTAB_RESERVED_XENSTORE   1 /* xenstore ring, for xenstored */

/*
 * grant_entry_v1.flags.  Bits 0-1 say what the entry is; the granting
 * domain writes those and GTF_readonly and the cache bits, the
 * hypervisor sets/clears GTF_reading/GTF_writing while the frame is in
 * use.  A granter may only revoke an entry when both are clear.
 */
#define GTF_invalid		(0U << 0) /* entry not in use */
#define GTF_permit_access	(1U << 0) /* domid may map/copy frame */
#define GTF_accept_transfer	(2U << 0) /* domid may transfer a frame here */
#define GTF_transitive		(3U << 0) /* v2 only */
#define GTF_type_mask		(3U << 0)
#define _GTF_readonly		2
#define GTF_readonly		(1U << _GTF_readonly) /* only read-only access */
#define _GTF_reading		3
#define GTF_reading		(1U << _GTF_reading) /* in use for reading (hv) */
#define _GTF_writing		4
#define GTF_writing		(1U << _GTF_writing) /* in use for writing (hv) */
#define _GTF_PWT		5
#define GTF_PWT			(1U << _GTF_PWT) /* cache attribute of mappings */
#define _GTF_PCD		6
#define GTF_PCD			(1U << _GTF_PCD)
#define _GTF_PAT		7
#define GTF_PAT			(1U << _GTF_PAT)
#define _GTF_sub_page		8
#define GTF_sub_page		(1U << _GTF_sub_page) /* v2 only */
/* For GTF_accept_transfer entries: */
#define _GTF_transfer_committed 2
#define GTF_transfer_committed	(1U << _GTF_transfer_committed)
#define _GTF_transfer_completed 3
#define GTF_transfer_completed	(1U << _GTF_transfer_completed)

/* gnttab_map_grant_ref.flags */
#define _GNTMAP_device_map	0
#define GNTMAP_device_map	(1 << _GNTMAP_device_map) /* for DMA */
#define _GNTMAP_host_map	1
#define GNTMAP_host_map		(1 << _GNTMAP_host_map) /* map for the CPU */
#define _GNTMAP_readonly	2
#define GNTMAP_readonly		(1 << _GNTMAP_readonly) /* read-only */
#define _GNTMAP_application_map 3
#define GNTMAP_application_map	(1 << _GNTMAP_application_map) /* user PTE */
#define _GNTMAP_contains_pte	4
/* host_addr is the MA of a PTE */
#define GNTMAP_contains_pte	(1 << _GNTMAP_contains_pte)
#define _GNTMAP_guest_avail0	16
#define GNTMAP_guest_avail_mask ((uint32_t)~0 << _GNTMAP_guest_avail0)

/* gnttab_copy.flags */
#define _GNTCOPY_source_gref 0
#define GNTCOPY_source_gref  (1 << _GNTCOPY_source_gref) /* source.u.ref */
#define _GNTCOPY_dest_gref   1
#define GNTCOPY_dest_gref    (1 << _GNTCOPY_dest_gref) /* dest.u.ref */

/* Per-entry status codes (int16_t status fields). */
#define GNTST_okay		0
#define GNTST_general_error	(-1)
#define GNTST_bad_domain	(-2)
#define GNTST_bad_gntref	(-3)
#define GNTST_bad_handle	(-4)
#define GNTST_bad_virt_addr	(-5)
#define GNTST_bad_dev_addr	(-6)
#define GNTST_no_device_space	(-7)
#define GNTST_permission_denied (-8)
#define GNTST_bad_page		(-9)
#define GNTST_bad_copy_arg	(-10)
#define GNTST_address_too_big	(-11)
#define GNTST_eagain		(-12)
#define GNTST_no_space		(-13)

#ifndef __ASSEMBLER__

typedef uint32_t grant_handle_t; /* names one mapping made by map */

/* One grant table entry, version 1. */
struct grant_entry_v1 {
	uint16_t flags; /* GTF_* */
	domid_t domid;	/* domain allowed access */
	uint32_t frame; /* the granted frame (transfer: filled by hv) */
};

XEN_ABI_SIZE(struct grant_entry_v1, 8);
XEN_ABI_OFFSET(struct grant_entry_v1, flags, 0);
XEN_ABI_OFFSET(struct grant_entry_v1, domid, 2);
XEN_ABI_OFFSET(struct grant_entry_v1, frame, 4);

/* GNTTABOP_map_grant_ref: map a foreign granted frame. */
struct gnttab_map_grant_ref {
	uint64_t host_addr;    /* IN: VA, or PTE MA with contains_pte */
	uint32_t flags;	       /* IN: GNTMAP_* */
	grant_ref_t ref;       /* IN: entry in dom's table */
	domid_t dom;	       /* IN: granting domain */
	int16_t status;	       /* OUT: GNTST_* */
	grant_handle_t handle; /* OUT: for unmap */
	uint64_t dev_bus_addr; /* OUT: bus address with device_map */
};

XEN_ABI_SIZE(struct gnttab_map_grant_ref, 32);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, host_addr, 0);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, flags, 8);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, ref, 12);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, dom, 16);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, status, 18);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, handle, 20);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, dev_bus_addr, 24);

/* GNTTABOP_unmap_grant_ref */
struct gnttab_unmap_grant_ref {
	uint64_t host_addr;    /* IN: as given to map (0: none) */
	uint64_t dev_bus_addr; /* IN: as returned by map (0: none) */
	grant_handle_t handle; /* IN */
	int16_t status;	       /* OUT: GNTST_* */
};

XEN_ABI_SIZE(struct gnttab_unmap_grant_ref, 24);
XEN_ABI_OFFSET(struct gnttab_unmap_grant_ref, host_addr, 0);
XEN_ABI_OFFSET(struct gnttab_unmap_grant_ref, dev_bus_addr, 8);
XEN_ABI_OFFSET(struct gnttab_unmap_grant_ref, handle, 16);
XEN_ABI_OFFSET(struct gnttab_unmap_grant_ref, status, 20);

/*
 * GNTTABOP_setup_table: grow the caller's table to nr_frames and get the
 * frames that hold it.
 */
struct gnttab_setup_table {
	domid_t dom;			      /* IN: DOMID_SELF */
	uint32_t nr_frames;		      /* IN */
	int16_t status;			      /* OUT: GNTST_* */
	XEN_GUEST_HANDLE(xen_pfn) frame_list; /* OUT: nr_frames MFNs */
};

XEN_ABI_SIZE(struct gnttab_setup_table, 24);
XEN_ABI_OFFSET(struct gnttab_setup_table, dom, 0);
XEN_ABI_OFFSET(struct gnttab_setup_table, nr_frames, 4);
XEN_ABI_OFFSET(struct gnttab_setup_table, status, 8);
XEN_ABI_OFFSET(struct gnttab_setup_table, frame_list, 16);

/* GNTTABOP_dump_table: print a table on the hypervisor console. */
struct gnttab_dump_table {
	domid_t dom;	/* IN */
	int16_t status; /* OUT */
};

XEN_ABI_SIZE(struct gnttab_dump_table, 4);
XEN_ABI_OFFSET(struct gnttab_dump_table, dom, 0);
XEN_ABI_OFFSET(struct gnttab_dump_table, status, 2);

/* GNTTABOP_transfer: give one of our frames to another domain. */
struct gnttab_transfer {
	xen_pfn_t mfn;	 /* IN: frame given away */
	domid_t domid;	 /* IN: receiver */
	grant_ref_t ref; /* IN: receiver's accept_transfer entry */
	int16_t status;	 /* OUT */
};

XEN_ABI_SIZE(struct gnttab_transfer, 24);
XEN_ABI_OFFSET(struct gnttab_transfer, mfn, 0);
XEN_ABI_OFFSET(struct gnttab_transfer, domid, 8);
XEN_ABI_OFFSET(struct gnttab_transfer, ref, 12);
XEN_ABI_OFFSET(struct gnttab_transfer, status, 16);

/*
 * GNTTABOP_copy: copy bytes between frames, each named either by a
 * grant reference (flag set) or by a local frame number.
 */
struct gnttab_copy_ptr {
	union {
		grant_ref_t ref; /* with GNTCOPY_*_gref */
		xen_pfn_t gmfn;	 /* otherwise: caller's frame */
	} u;
	domid_t domid;	 /* owner of the frame */
	uint16_t offset; /* byte offset in the frame */
};

XEN_ABI_SIZE(struct gnttab_copy_ptr, 16);
XEN_ABI_OFFSET(struct gnttab_copy_ptr, u, 0);
XEN_ABI_OFFSET(struct gnttab_copy_ptr, u.ref, 0);
XEN_ABI_OFFSET(struct gnttab_copy_ptr, u.gmfn, 0);
XEN_ABI_OFFSET(struct gnttab_copy_ptr, domid, 8);
XEN_ABI_OFFSET(struct gnttab_copy_ptr, offset, 10);

struct gnttab_copy {
	struct gnttab_copy_ptr source; /* IN */
	struct gnttab_copy_ptr dest;   /* IN */
	uint16_t len;		       /* IN: bytes; must not cross a page */
	uint16_t flags;		       /* IN: GNTCOPY_* */
	int16_t status;		       /* OUT: GNTST_* */
};

XEN_ABI_SIZE(struct gnttab_copy, 40);
XEN_ABI_OFFSET(struct gnttab_copy, source, 0);
XEN_ABI_OFFSET(struct gnttab_copy, dest, 16);
XEN_ABI_OFFSET(struct gnttab_copy, len, 32);
XEN_ABI_OFFSET(struct gnttab_copy, flags, 34);
XEN_ABI_OFFSET(struct gnttab_copy, status, 36);

/* GNTTABOP_query_size */
struct gnttab_query_size {
	domid_t dom;		/* IN */
	uint32_t nr_frames;	/* OUT: current size */
	uint32_t max_nr_frames; /* OUT: limit */
	int16_t status;		/* OUT */
};

XEN_ABI_SIZE(struct gnttab_query_size, 16);
XEN_ABI_OFFSET(struct gnttab_query_size, dom, 0);
XEN_ABI_OFFSET(struct gnttab_query_size, nr_frames, 4);
XEN_ABI_OFFSET(struct gnttab_query_size, max_nr_frames, 8);
XEN_ABI_OFFSET(struct gnttab_query_size, status, 12);

/* GNTTABOP_unmap_and_replace */
struct gnttab_unmap_and_replace {
	uint64_t host_addr;    /* IN: mapping to remove */
	uint64_t new_addr;     /* IN: VA whose PTE moves there */
	grant_handle_t handle; /* IN */
	int16_t status;	       /* OUT */
};

XEN_ABI_SIZE(struct gnttab_unmap_and_replace, 24);
XEN_ABI_OFFSET(struct gnttab_unmap_and_replace, host_addr, 0);
XEN_ABI_OFFSET(struct gnttab_unmap_and_replace, new_addr, 8);
XEN_ABI_OFFSET(struct gnttab_unmap_and_replace, handle, 16);
XEN_ABI_OFFSET(struct gnttab_unmap_and_replace, status, 20);

/* GNTTABOP_set_version: choose grant entry format 1 or 2. */
struct gnttab_set_version {
	uint32_t version; /* IN: wanted; OUT: in effect */
};

XEN_ABI_SIZE(struct gnttab_set_version, 4);
XEN_ABI_OFFSET(struct gnttab_set_version, version, 0);

/* GNTTABOP_get_status_frames (v2 only) */
struct gnttab_get_status_frames {
	uint32_t nr_frames;		     /* IN */
	domid_t dom;			     /* IN */
	int16_t status;			     /* OUT */
	XEN_GUEST_HANDLE(uint64) frame_list; /* OUT */
};

XEN_ABI_SIZE(struct gnttab_get_status_frames, 16);
XEN_ABI_OFFSET(struct gnttab_get_status_frames, nr_frames, 0);
XEN_ABI_OFFSET(struct gnttab_get_status_frames, dom, 4);
XEN_ABI_OFFSET(struct gnttab_get_status_frames, status, 6);
XEN_ABI_OFFSET(struct gnttab_get_status_frames, frame_list, 8);

/* GNTTABOP_get_version */
struct gnttab_get_version {
	domid_t dom; /* IN */
	uint16_t pad;
	uint32_t version; /* OUT */
};

XEN_ABI_SIZE(struct gnttab_get_version, 8);
XEN_ABI_OFFSET(struct gnttab_get_version, dom, 0);
XEN_ABI_OFFSET(struct gnttab_get_version, pad, 2);
XEN_ABI_OFFSET(struct gnttab_get_version, version, 4);

/* GNTTABOP_swap_grant_ref */
struct gnttab_swap_grant_ref {
	grant_ref_t ref_a; /* IN */
	grant_ref_t ref_b; /* IN */
	int16_t status;	   /* OUT */
};

XEN_ABI_SIZE(struct gnttab_swap_grant_ref, 12);
XEN_ABI_OFFSET(struct gnttab_swap_grant_ref, ref_a, 0);
XEN_ABI_OFFSET(struct gnttab_swap_grant_ref, ref_b, 4);
XEN_ABI_OFFSET(struct gnttab_swap_grant_ref, status, 8);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_GRANT_TABLE_H */
