/*
 * memory_op (hypercall 12): memory_op(cmd, arg).  Reservation changes
 * (balloon, swiotlb-xen exchange), the memory maps a guest boots with, and
 * where the machine-to-phys table lives.
 */
#ifndef PUBLIC_MEMORY_H
#define PUBLIC_MEMORY_H

#include "xen.h"

/* Sub-commands; unlisted numbers are unassigned or retired (8). */
#define XENMEM_increase_reservation	  0  /* xen_memory_reservation */
#define XENMEM_decrease_reservation	  1  /* xen_memory_reservation */
#define XENMEM_maximum_ram_page		  2  /* no arg; returns max_page (highest MFN + 1) */
#define XENMEM_current_reservation	  3  /* domid_t *; returns pages */
#define XENMEM_maximum_reservation	  4  /* domid_t *; returns page limit */
#define XENMEM_machphys_mfn_list	  5  /* xen_machphys_mfn_list */
#define XENMEM_populate_physmap		  6  /* xen_memory_reservation */
#define XENMEM_add_to_physmap		  7  /* xen_add_to_physmap (HVM) */
#define XENMEM_memory_map		  9  /* xen_memory_map: own map */
#define XENMEM_machine_memory_map	  10 /* xen_memory_map: host E820 */
#define XENMEM_exchange			  11 /* xen_memory_exchange */
#define XENMEM_machphys_mapping		  12 /* xen_machphys_mapping */
#define XENMEM_set_memory_map		  13 /* tools: set a domain's map */
#define XENMEM_maximum_gpfn		  14 /* domid_t *; returns highest pfn */
#define XENMEM_remove_from_physmap	  15 /* HVM */
#define XENMEM_set_pod_target		  16 /* tools */
#define XENMEM_get_pod_target		  17 /* tools */
#define XENMEM_get_sharing_freed_pages	  18 /* tools */
#define XENMEM_get_sharing_shared_pages	  19 /* tools */
#define XENMEM_paging_op		  20 /* tools */
#define XENMEM_access_op		  21 /* tools */
#define XENMEM_sharing_op		  22 /* tools */
#define XENMEM_add_to_physmap_batch	  23 /* HVM / foreign mapping */
#define XENMEM_claim_pages		  24 /* tools */
#define XENMEM_machphys_compat_mfn_list	  25 /* 32-bit guests' M2P */
#define XENMEM_get_vnumainfo		  26 /* vNUMA topology */
#define XENMEM_reserved_device_memory_map 27 /* tools */
#define XENMEM_acquire_resource		  28 /* xen_mem_acquire_resource */

/*
 * xen_memory_reservation.mem_flags: bits 0-7 limit the machine address
 * width of the frames handed out (0 = no limit); bits 8-15 hold a NUMA
 * node + 1.
 */
#define XENMEMF_address_bits(x)	    (x)
#define XENMEMF_get_address_bits(x) ((x)&0xffu)
#define XENMEMF_node(x)		    (((x) + 1) << 8)
#define XENMEMF_get_node(x)	    ((((x) >> 8) - 1) & 0xffu)
#define XENMEMF_populate_on_demand  (1 << 16)
#define XENMEMF_exact_node_request  (1 << 17)
#define XENMEMF_exact_node(n)	    (XENMEMF_node(n) | XENMEMF_exact_node_request)
#define XENMEMF_vnode		    (1 << 18)

/* xen_add_to_physmap.space */
#define XENMAPSPACE_shared_info	     0
#define XENMAPSPACE_grant_table	     1
#define XENMAPSPACE_gmfn	     2
#define XENMAPSPACE_gmfn_range	     3
#define XENMAPSPACE_gmfn_foreign     4
#define XENMAPSPACE_dev_mmio	     5
#define XENMAPIDX_grant_table_status 0x80000000U

/* xen_mem_acquire_resource.type and .id */
#define XENMEM_resource_ioreq_server	      0
#define XENMEM_resource_grant_table	      1
#define XENMEM_resource_vmtrace_buf	      2
#define XENMEM_resource_grant_table_id_shared 0
#define XENMEM_resource_grant_table_id_status 1

/* e820 type values seen in xen_e820_entry.type */
#define XEN_E820_RAM	  1
#define XEN_E820_RESERVED 2
#define XEN_E820_ACPI	  3
#define XEN_E820_NVS	  4
#define XEN_E820_UNUSABLE 5

#ifndef __ASSEMBLER__

/*
 * increase/decrease_reservation and populate_physmap.  extent_start lists
 * nr_extents extents of 2^extent_order pages: pfns for populate_physmap
 * and decrease_reservation, and for increase_reservation the hypervisor
 * writes the MFNs it allocated.  The return value is the number of
 * extents done.
 */
struct xen_memory_reservation {
	XEN_GUEST_HANDLE(xen_pfn) extent_start; /* array of frames, in/out */
	xen_ulong_t nr_extents;			/* length of that array */
	uint32_t extent_order;			/* log2 pages per extent */
	uint32_t mem_flags;			/* XENMEMF_* */
	domid_t domid;				/* usually DOMID_SELF */
};

XEN_ABI_SIZE(struct xen_memory_reservation, 32);
XEN_ABI_OFFSET(struct xen_memory_reservation, extent_start, 0);
XEN_ABI_OFFSET(struct xen_memory_reservation, nr_extents, 8);
XEN_ABI_OFFSET(struct xen_memory_reservation, extent_order, 16);
XEN_ABI_OFFSET(struct xen_memory_reservation, mem_flags, 20);
XEN_ABI_OFFSET(struct xen_memory_reservation, domid, 24);

XEN_DEFINE_GUEST_HANDLE(xen_memory_reservation, struct xen_memory_reservation);

/*
 * XENMEM_exchange: give back the frames in "in" and receive the frames
 * of "out" (same total size, possibly different extent order and
 * address width).  nr_exchanged counts input extents done so far, so a
 * failed call says how far it got.
 */
struct xen_memory_exchange {
	struct xen_memory_reservation in;  /* frames given up (pfns) */
	struct xen_memory_reservation out; /* frames wanted; MFNs returned */
	xen_ulong_t nr_exchanged;	   /* progress, written by hv */
};

XEN_ABI_SIZE(struct xen_memory_exchange, 72);
XEN_ABI_OFFSET(struct xen_memory_exchange, in, 0);
XEN_ABI_OFFSET(struct xen_memory_exchange, out, 32);
XEN_ABI_OFFSET(struct xen_memory_exchange, nr_exchanged, 64);

/* XENMEM_machphys_mfn_list: the MFNs that back the M2P table. */
struct xen_machphys_mfn_list {
	uint32_t max_extents;			/* room in extent_start */
	XEN_GUEST_HANDLE(xen_pfn) extent_start; /* out: one MFN per 2 MiB */
	uint32_t nr_extents;			/* out: entries written */
};

XEN_ABI_SIZE(struct xen_machphys_mfn_list, 24);
XEN_ABI_OFFSET(struct xen_machphys_mfn_list, max_extents, 0);
XEN_ABI_OFFSET(struct xen_machphys_mfn_list, extent_start, 8);
XEN_ABI_OFFSET(struct xen_machphys_mfn_list, nr_extents, 16);

/* XENMEM_machphys_mapping: where the read-only M2P is mapped. */
struct xen_machphys_mapping {
	xen_ulong_t v_start; /* first VA of the M2P */
	xen_ulong_t v_end;   /* end VA (exclusive) */
	xen_ulong_t max_mfn; /* highest MFN it has an entry for */
};

XEN_ABI_SIZE(struct xen_machphys_mapping, 24);
XEN_ABI_OFFSET(struct xen_machphys_mapping, v_start, 0);
XEN_ABI_OFFSET(struct xen_machphys_mapping, v_end, 8);
XEN_ABI_OFFSET(struct xen_machphys_mapping, max_mfn, 16);

/* XENMEM_add_to_physmap (HVM/auto-translated guests). */
struct xen_add_to_physmap {
	domid_t domid;	 /* target domain */
	uint16_t size;	 /* pages, for XENMAPSPACE_gmfn_range */
	uint32_t space;	 /* XENMAPSPACE_* */
	xen_ulong_t idx; /* index within that space */
	xen_pfn_t gpfn;	 /* where to put it */
};

XEN_ABI_SIZE(struct xen_add_to_physmap, 24);
XEN_ABI_OFFSET(struct xen_add_to_physmap, domid, 0);
XEN_ABI_OFFSET(struct xen_add_to_physmap, size, 2);
XEN_ABI_OFFSET(struct xen_add_to_physmap, space, 4);
XEN_ABI_OFFSET(struct xen_add_to_physmap, idx, 8);
XEN_ABI_OFFSET(struct xen_add_to_physmap, gpfn, 16);

/*
 * XENMEM_memory_map and XENMEM_machine_memory_map.  On entry nr_entries
 * is the room in buffer; on return the number of entries written.
 * buffer holds packed 20-byte e820 entries (struct xen_e820_entry).
 */
struct xen_memory_map {
	uint32_t nr_entries;	       /* in: capacity, out: count */
	XEN_GUEST_HANDLE(void) buffer; /* array of xen_e820_entry */
};

XEN_ABI_SIZE(struct xen_memory_map, 16);
XEN_ABI_OFFSET(struct xen_memory_map, nr_entries, 0);
XEN_ABI_OFFSET(struct xen_memory_map, buffer, 8);

/* One entry of the buffer above, laid out like a BIOS e820 entry. */
struct xen_e820_entry {
	uint64_t addr; /* start address */
	uint64_t size; /* length in bytes */
	uint32_t type; /* XEN_E820_* */
} __attribute__((packed));

XEN_ABI_SIZE(struct xen_e820_entry, 20);
XEN_ABI_OFFSET(struct xen_e820_entry, addr, 0);
XEN_ABI_OFFSET(struct xen_e820_entry, size, 8);
XEN_ABI_OFFSET(struct xen_e820_entry, type, 16);

/* XENMEM_acquire_resource: map a resource of a domain (privcmd). */
struct xen_mem_acquire_resource {
	domid_t domid; /* owner of the resource */
	uint16_t type; /* XENMEM_resource_* */
	uint32_t id;   /* instance, e.g. XENMEM_resource_grant_table_id_* */
	uint32_t nr_frames; /* in: frames wanted (0: ask size); out: got */
	uint32_t pad;	    /* must be zero */
	uint64_t frame;	    /* first frame of the resource to map */
	XEN_GUEST_HANDLE(xen_pfn) frame_list; /* frames to map them at */
};

XEN_ABI_SIZE(struct xen_mem_acquire_resource, 32);
XEN_ABI_OFFSET(struct xen_mem_acquire_resource, domid, 0);
XEN_ABI_OFFSET(struct xen_mem_acquire_resource, type, 2);
XEN_ABI_OFFSET(struct xen_mem_acquire_resource, id, 4);
XEN_ABI_OFFSET(struct xen_mem_acquire_resource, nr_frames, 8);
XEN_ABI_OFFSET(struct xen_mem_acquire_resource, pad, 12);
XEN_ABI_OFFSET(struct xen_mem_acquire_resource, frame, 16);
XEN_ABI_OFFSET(struct xen_mem_acquire_resource, frame_list, 24);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_MEMORY_H */
