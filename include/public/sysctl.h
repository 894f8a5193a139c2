/*
 * sysctl (hypercall 35, dom0 only): sysctl(struct xen_sysctl *).  System
 * management for the toolstack: the hypervisor's console ring, the host's
 * CPUs, memory and NUMA layout, the list of domains, the scheduler.
 * Every call carries XEN_SYSCTL_INTERFACE_VERSION (Xen 4.17's value); Xen
 * checks it first (-EACCES), then the caller's privilege (-EPERM).
 * Array arguments are guest handles with an element count beside them;
 * the count is IN (room in the array) and OUT (entries written, or the
 * number wanted when the handle is NULL, for cputopoinfo and numainfo).
 */
#ifndef PUBLIC_SYSCTL_H
#define PUBLIC_SYSCTL_H

#include "xen.h"
#include "domctl.h" /* struct xen_domctl_getdomaininfo, XEN_SCHEDULER_* */

#define XEN_SYSCTL_INTERFACE_VERSION 0x00000015

/* Commands (xen_sysctl.cmd) and the union member each one uses. */
#define XEN_SYSCTL_readconsole		  1 /* readconsole */
#define XEN_SYSCTL_tbuf_op		  2 /* trace buffers */
#define XEN_SYSCTL_physinfo		  3 /* physinfo */
#define XEN_SYSCTL_sched_id		  4 /* sched_id */
#define XEN_SYSCTL_perfc_op		  5 /* performance counters */
#define XEN_SYSCTL_getdomaininfolist	  6 /* getdomaininfolist */
#define XEN_SYSCTL_debug_keys		  7 /* debug key presses */
#define XEN_SYSCTL_getcpuinfo		  8 /* getcpuinfo */
#define XEN_SYSCTL_availheap		  9 /* availheap */
#define XEN_SYSCTL_get_pmstat		  10
#define XEN_SYSCTL_cpu_hotplug		  11
#define XEN_SYSCTL_pm_op		  12
#define XEN_SYSCTL_page_offline_op	  14
#define XEN_SYSCTL_lockprof_op		  15
#define XEN_SYSCTL_cputopoinfo		  16 /* cputopoinfo */
#define XEN_SYSCTL_numainfo		  17 /* numainfo */
#define XEN_SYSCTL_cpupool_op		  18
#define XEN_SYSCTL_scheduler_op		  19
#define XEN_SYSCTL_coverage_op		  20
#define XEN_SYSCTL_psr_cmt_op		  21
#define XEN_SYSCTL_pcitopoinfo		  22
#define XEN_SYSCTL_psr_alloc		  23
#define XEN_SYSCTL_get_cpu_levelling_caps 25
#define XEN_SYSCTL_get_cpu_featureset	  26
#define XEN_SYSCTL_livepatch_op		  27
#define XEN_SYSCTL_get_cpu_policy	  29

#ifndef __ASSEMBLER__

/*
 * XEN_SYSCTL_readconsole: copy the hypervisor's console ring out.  Ring
 * positions are free-running 32-bit byte counts.  Reading starts at the
 * oldest byte kept (or at index, if incremental and index is inside the
 * kept part) and stops at the newest byte or when count bytes are copied.
 */
struct xen_sysctl_readconsole {
	uint8_t clear;	     /* IN: forget what was read (oldest := end) */
	uint8_t incremental; /* IN: start at index */
	uint8_t pad0, pad1;
	uint32_t index; /* IN: start position; OUT: end position */
	XEN_GUEST_HANDLE(char) buffer; /* IN: where the bytes go */
	uint32_t count; /* IN: room in buffer; OUT: bytes copied */
};
XEN_ABI_SIZE(struct xen_sysctl_readconsole, 24);
XEN_ABI_OFFSET(struct xen_sysctl_readconsole, incremental, 1);
XEN_ABI_OFFSET(struct xen_sysctl_readconsole, index, 4);
XEN_ABI_OFFSET(struct xen_sysctl_readconsole, buffer, 8);
XEN_ABI_OFFSET(struct xen_sysctl_readconsole, count, 16);

/* xen_sysctl_physinfo.capabilities: what the host can run. */
#define XEN_SYSCTL_PHYSCAP_hvm		      (1u << 0) /* HVM guests */
#define XEN_SYSCTL_PHYSCAP_pv		      (1u << 1) /* PV guests */
#define XEN_SYSCTL_PHYSCAP_directio	      (1u << 2) /* IOMMU passthrough */
#define XEN_SYSCTL_PHYSCAP_hap		      (1u << 3) /* hardware paging */
#define XEN_SYSCTL_PHYSCAP_shadow	      (1u << 4) /* shadow paging */
#define XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share (1u << 5)
#define XEN_SYSCTL_PHYSCAP_vmtrace	      (1u << 6)
#define XEN_SYSCTL_PHYSCAP_vpmu		      (1u << 7)
#define XEN_SYSCTL_PHYSCAP_gnttab_v1	      (1u << 8) /* grant tables v1 */
#define XEN_SYSCTL_PHYSCAP_gnttab_v2	      (1u << 9) /* grant tables v2 */
#define XEN_SYSCTL_PHYSCAP_MAX		      XEN_SYSCTL_PHYSCAP_gnttab_v2

/* XEN_SYSCTL_physinfo: the host machine (all OUT). */
struct xen_sysctl_physinfo {
	uint32_t threads_per_core;  /* siblings of CPU 0's core */
	uint32_t cores_per_socket;  /* cores in CPU 0's package */
	uint32_t nr_cpus;	    /* CPUs online */
	uint32_t max_cpu_id;	    /* largest possible CPU number */
	uint32_t nr_nodes;	    /* NUMA nodes online */
	uint32_t max_node_id;	    /* largest possible node number */
	uint32_t cpu_khz;	    /* CPU (TSC) frequency */
	uint32_t capabilities;	    /* XEN_SYSCTL_PHYSCAP_* */
	uint32_t arch_capabilities; /* none defined for x86 in 4.17 */
	uint32_t pad;
	uint64_t total_pages;	    /* RAM frames of the host */
	uint64_t free_pages;	    /* frames free for domains */
	uint64_t scrub_pages;	    /* frames waiting to be scrubbed */
	uint64_t outstanding_pages; /* frames claimed, not yet allocated */
	uint64_t max_mfn;	    /* largest possible frame number */
	uint32_t hw_cap[8];	    /* CPUID featureset words 0-7 */
};
XEN_ABI_SIZE(struct xen_sysctl_physinfo, 112);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, nr_cpus, 8);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, nr_nodes, 16);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, cpu_khz, 24);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, capabilities, 28);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, arch_capabilities, 32);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, total_pages, 40);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, free_pages, 48);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, scrub_pages, 56);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, outstanding_pages, 64);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, max_mfn, 72);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, hw_cap, 80);

/* XEN_SYSCTL_sched_id: the scheduler in use (XEN_SCHEDULER_*, domctl.h). */
struct xen_sysctl_sched_id {
	uint32_t sched_id; /* OUT */
};
XEN_ABI_SIZE(struct xen_sysctl_sched_id, 4);

/*
 * XEN_SYSCTL_getdomaininfolist: XEN_DOMCTL_getdomaininfo's record for
 * each domain with an id >= first_domain, in id order, at most
 * max_domains of them.
 */
struct xen_sysctl_getdomaininfolist {
	domid_t first_domain;				   /* IN */
	uint32_t max_domains;				   /* IN */
	XEN_GUEST_HANDLE(xen_domctl_getdomaininfo) buffer; /* IN */
	uint32_t num_domains;				   /* OUT */
};
XEN_ABI_SIZE(struct xen_sysctl_getdomaininfolist, 24);
XEN_ABI_OFFSET(struct xen_sysctl_getdomaininfolist, max_domains, 4);
XEN_ABI_OFFSET(struct xen_sysctl_getdomaininfolist, buffer, 8);
XEN_ABI_OFFSET(struct xen_sysctl_getdomaininfolist, num_domains, 16);

/*
 * XEN_SYSCTL_getcpuinfo: nanoseconds each CPU has spent idle, for CPUs
 * 0 .. min(max_cpus, possible CPUs) - 1.
 */
struct xen_sysctl_cpuinfo {
	uint64_t idletime; /* ns */
};
XEN_ABI_SIZE(struct xen_sysctl_cpuinfo, 8);
XEN_DEFINE_GUEST_HANDLE(xen_sysctl_cpuinfo, struct xen_sysctl_cpuinfo);

struct xen_sysctl_getcpuinfo {
	uint32_t max_cpus;			   /* IN: room in info */
	XEN_GUEST_HANDLE(xen_sysctl_cpuinfo) info; /* IN */
	uint32_t nr_cpus;			   /* OUT: entries written */
};
XEN_ABI_SIZE(struct xen_sysctl_getcpuinfo, 24);
XEN_ABI_OFFSET(struct xen_sysctl_getcpuinfo, info, 8);
XEN_ABI_OFFSET(struct xen_sysctl_getcpuinfo, nr_cpus, 16);

/* XEN_SYSCTL_availheap: free bytes of frames within an address range. */
struct xen_sysctl_availheap {
	uint32_t min_bitwidth; /* IN: lowest address width, 0 = any */
	uint32_t max_bitwidth; /* IN: highest address width, 0 = any */
	int32_t node;	       /* IN: NUMA node, -1 = all */
	uint64_t avail_bytes;  /* OUT (at 16: 4 bytes of padding before) */
};
XEN_ABI_SIZE(struct xen_sysctl_availheap, 24);
XEN_ABI_OFFSET(struct xen_sysctl_availheap, node, 8);
XEN_ABI_OFFSET(struct xen_sysctl_availheap, avail_bytes, 16);

/* Ids of absent CPUs and nodes in cputopoinfo / numainfo. */
#define XEN_INVALID_CORE_ID   (~0u)
#define XEN_INVALID_SOCKET_ID (~0u)
#define XEN_INVALID_NODE_ID   (~0u)
#define XEN_INVALID_MEM_SZ    (~0u)
#define XEN_INVALID_NODE_DIST (~0u)

/*
 * XEN_SYSCTL_cputopoinfo: core, socket and node of each CPU number.  A
 * NULL cputopo asks for the number of entries (num_cpus OUT); otherwise
 * num_cpus entries at most are written and num_cpus says how many there
 * are in all when that differs.
 */
struct xen_sysctl_cputopo {
	uint32_t core;
	uint32_t socket;
	uint32_t node;
};
XEN_ABI_SIZE(struct xen_sysctl_cputopo, 12);
XEN_DEFINE_GUEST_HANDLE(xen_sysctl_cputopo, struct xen_sysctl_cputopo);

struct xen_sysctl_cputopoinfo {
	uint32_t num_cpus;			      /* IN/OUT */
	XEN_GUEST_HANDLE(xen_sysctl_cputopo) cputopo; /* IN, may be NULL */
};
XEN_ABI_SIZE(struct xen_sysctl_cputopoinfo, 16);
XEN_ABI_OFFSET(struct xen_sysctl_cputopoinfo, cputopo, 8);

/*
 * XEN_SYSCTL_numainfo: memory of each node and the node distance matrix
 * (distance[i * N + j], N the number of nodes returned).  Both handles
 * NULL asks for the number of nodes; the count works as in cputopoinfo.
 */
struct xen_sysctl_meminfo {
	uint64_t memsize; /* bytes */
	uint64_t memfree; /* bytes */
};
XEN_ABI_SIZE(struct xen_sysctl_meminfo, 16);
XEN_DEFINE_GUEST_HANDLE(xen_sysctl_meminfo, struct xen_sysctl_meminfo);

struct xen_sysctl_numainfo {
	uint32_t num_nodes;			      /* IN/OUT */
	XEN_GUEST_HANDLE(xen_sysctl_meminfo) meminfo; /* IN, may be NULL */
	XEN_GUEST_HANDLE(uint32) distance;	      /* IN, may be NULL */
};
XEN_ABI_SIZE(struct xen_sysctl_numainfo, 24);
XEN_ABI_OFFSET(struct xen_sysctl_numainfo, meminfo, 8);
XEN_ABI_OFFSET(struct xen_sysctl_numainfo, distance, 16);

struct xen_sysctl {
	uint32_t cmd;		    /* XEN_SYSCTL_* */
	uint32_t interface_version; /* XEN_SYSCTL_INTERFACE_VERSION */
	union {
		struct xen_sysctl_readconsole readconsole;
		struct xen_sysctl_physinfo physinfo;
		struct xen_sysctl_sched_id sched_id;
		struct xen_sysctl_getdomaininfolist getdomaininfolist;
		struct xen_sysctl_getcpuinfo getcpuinfo;
		struct xen_sysctl_availheap availheap;
		struct xen_sysctl_cputopoinfo cputopoinfo;
		struct xen_sysctl_numainfo numainfo;
		uint8_t pad[128]; /* the union's size in the ABI */
	} u;
};
XEN_ABI_SIZE(struct xen_sysctl, 136);
XEN_ABI_OFFSET(struct xen_sysctl, interface_version, 4);
XEN_ABI_OFFSET(struct xen_sysctl, u, 8);
XEN_ABI_OFFSET(struct xen_sysctl, u.physinfo.max_mfn, 80);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_SYSCTL_H */
