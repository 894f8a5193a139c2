/*
 * domctl (hypercall 36): domctl(struct xen_domctl *).  Domain management
 * for the control domain's toolstack: create, destroy, pause, inspect and
 * configure domains.  Layouts and numbers are those of Xen 4.17, whose
 * XEN_DOMCTL_INTERFACE_VERSION is 0x15; a caller passing another version
 * gets -EACCES.  Only the sub-operations the hypervisor implements or that
 * tools commonly probe get a structure here; the others keep their number
 * so that a grep finds them.
 *
 * Every argument is one struct xen_domctl of 144 bytes: a header (cmd,
 * interface_version, domain) and a 128-byte union of per-command payloads.
 * The hypervisor copies the whole struct in once and, for commands with
 * OUT fields, copies the whole struct back.
 */
#ifndef PUBLIC_DOMCTL_H
#define PUBLIC_DOMCTL_H

#include "xen.h"     /* struct xenctl_bitmap */
#include "version.h" /* xen_domain_handle_t */

#define XEN_DOMCTL_INTERFACE_VERSION 0x00000015

/* Sub-commands (xen_domctl.cmd); missing numbers are retired. */
#define XEN_DOMCTL_createdomain		   1 /* xen_domctl_createdomain */
#define XEN_DOMCTL_destroydomain	   2 /* no payload; may be -ERESTART */
#define XEN_DOMCTL_pausedomain		   3 /* no payload */
#define XEN_DOMCTL_unpausedomain	   4 /* no payload */
#define XEN_DOMCTL_getdomaininfo	   5 /* xen_domctl_getdomaininfo (OUT) */
#define XEN_DOMCTL_setvcpuaffinity	   9 /* xen_domctl_vcpuaffinity */
#define XEN_DOMCTL_shadow_op		   10
#define XEN_DOMCTL_max_mem		   11 /* xen_domctl_max_mem */
#define XEN_DOMCTL_setvcpucontext	   12 /* xen_domctl_vcpucontext */
#define XEN_DOMCTL_getvcpucontext	   13 /* xen_domctl_vcpucontext */
#define XEN_DOMCTL_getvcpuinfo		   14 /* xen_domctl_getvcpuinfo */
#define XEN_DOMCTL_max_vcpus		   15 /* xen_domctl_max_vcpus */
#define XEN_DOMCTL_scheduler_op		   16 /* xen_domctl_scheduler_op */
#define XEN_DOMCTL_setdomainhandle	   17
#define XEN_DOMCTL_setdebugging		   18
#define XEN_DOMCTL_irq_permission	   19 /* xen_domctl_irq_permission */
#define XEN_DOMCTL_iomem_permission	   20 /* xen_domctl_iomem_permission */
#define XEN_DOMCTL_ioport_permission	   21 /* xen_domctl_ioport_permission */
#define XEN_DOMCTL_hypercall_init	   22
#define XEN_DOMCTL_settimeoffset	   24 /* xen_domctl_settimeoffset */
#define XEN_DOMCTL_getvcpuaffinity	   25 /* xen_domctl_vcpuaffinity */
#define XEN_DOMCTL_resumedomain		   27
#define XEN_DOMCTL_sendtrigger		   28
#define XEN_DOMCTL_subscribe		   29
#define XEN_DOMCTL_gethvmcontext	   33
#define XEN_DOMCTL_sethvmcontext	   34
#define XEN_DOMCTL_set_address_size	   35 /* xen_domctl_address_size */
#define XEN_DOMCTL_get_address_size	   36 /* xen_domctl_address_size */
#define XEN_DOMCTL_assign_device	   37
#define XEN_DOMCTL_bind_pt_irq		   38
#define XEN_DOMCTL_memory_mapping	   39
#define XEN_DOMCTL_ioport_mapping	   40
#define XEN_DOMCTL_set_ext_vcpucontext	   42
#define XEN_DOMCTL_get_ext_vcpucontext	   43
#define XEN_DOMCTL_test_assign_device	   45
#define XEN_DOMCTL_set_target		   46
#define XEN_DOMCTL_deassign_device	   47
#define XEN_DOMCTL_unbind_pt_irq	   48
#define XEN_DOMCTL_get_device_group	   50
#define XEN_DOMCTL_debug_op		   54
#define XEN_DOMCTL_gettscinfo		   59
#define XEN_DOMCTL_settscinfo		   60
#define XEN_DOMCTL_getpageframeinfo3	   61
#define XEN_DOMCTL_setvcpuextstate	   62
#define XEN_DOMCTL_getvcpuextstate	   63
#define XEN_DOMCTL_set_virq_handler	   66
#define XEN_DOMCTL_setnodeaffinity	   68
#define XEN_DOMCTL_getnodeaffinity	   69
/*
 * 70 was set_max_evtchn (struct { uint32_t max_port; }); Xen 4.17 retired
 * it in favour of createdomain.max_evtchn_port and answers -ENOSYS, as for
 * every unknown command.  Kept so that tests can name the number.
 */
#define XEN_DOMCTL_set_max_evtchn	   70
#define XEN_DOMCTL_cacheflush		   71
#define XEN_DOMCTL_get_vcpu_msrs	   72
#define XEN_DOMCTL_set_vcpu_msrs	   73
#define XEN_DOMCTL_setvnumainfo		   74
#define XEN_DOMCTL_soft_reset		   79
#define XEN_DOMCTL_get_cpu_policy	   82
#define XEN_DOMCTL_set_cpu_policy	   83
#define XEN_DOMCTL_get_paging_mempool_size 85
#define XEN_DOMCTL_set_paging_mempool_size 86

/* createdomain.flags */
#define XEN_DOMCTL_CDF_hvm	    (1U << 0) /* HVM guest (refused here) */
#define XEN_DOMCTL_CDF_hap	    (1U << 1) /* hardware paging (HVM) */
#define XEN_DOMCTL_CDF_s3_integrity (1U << 2) /* tboot S3 check */
#define XEN_DOMCTL_CDF_oos_off	    (1U << 3) /* shadow out-of-sync off */
#define XEN_DOMCTL_CDF_xs_domain    (1U << 4) /* a xenstore domain */
#define XEN_DOMCTL_CDF_iommu	    (1U << 5) /* may use the IOMMU */
#define XEN_DOMCTL_CDF_nested_virt  (1U << 6) /* nested virtualisation */
#define XEN_DOMCTL_CDF_vpmu	    (1U << 7) /* expose the vPMU */
#define XEN_DOMCTL_CDF_MAX	    XEN_DOMCTL_CDF_vpmu

/* createdomain.iommu_opts */
#define XEN_DOMCTL_IOMMU_no_sharept (1U << 0)
#define XEN_DOMCTL_IOMMU_MAX	    XEN_DOMCTL_IOMMU_no_sharept

/* createdomain.grant_opts: grant table version in the low 4 bits. */
#define XEN_DOMCTL_GRANT_version_mask 0xf
#define XEN_DOMCTL_GRANT_version(v)   ((v)&XEN_DOMCTL_GRANT_version_mask)

/* getdomaininfo.flags */
#define XEN_DOMINF_dying	 (1U << 0) /* being destroyed */
#define XEN_DOMINF_hvm_guest	 (1U << 1) /* HVM, not PV */
#define XEN_DOMINF_shutdown	 (1U << 2) /* guest has shut down */
#define XEN_DOMINF_paused	 (1U << 3) /* paused by the toolstack */
#define XEN_DOMINF_blocked	 (1U << 4) /* all vcpus blocked on events */
#define XEN_DOMINF_running	 (1U << 5) /* some vcpu is on a CPU now */
#define XEN_DOMINF_debugged	 (1U << 6) /* being debugged */
#define XEN_DOMINF_xs_domain	 (1U << 7) /* a xenstore domain */
#define XEN_DOMINF_hap		 (1U << 8) /* hardware assisted paging */
/* The SHUTDOWN_* reason, valid while XEN_DOMINF_shutdown is set. */
#define XEN_DOMINF_shutdownmask	 255
#define XEN_DOMINF_shutdownshift 16

/* getdomaininfo.max_vcpu_id of a domain without vcpus. */
#define XEN_INVALID_MAX_VCPU_ID (~0U)

/* vcpuaffinity.flags */
#define XEN_VCPUAFFINITY_HARD  (1U << 0) /* set/get the hard affinity */
#define XEN_VCPUAFFINITY_SOFT  (1U << 1) /* set/get the soft affinity */
#define XEN_VCPUAFFINITY_FORCE (1U << 2) /* also undo SCHEDOP_pin_override */

/* scheduler_op.sched_id */
#define XEN_SCHEDULER_CREDIT   5
#define XEN_SCHEDULER_CREDIT2  6
#define XEN_SCHEDULER_ARINC653 7
#define XEN_SCHEDULER_RTDS     8
#define XEN_SCHEDULER_NULL     9

/* scheduler_op.cmd */
#define XEN_DOMCTL_SCHEDOP_putinfo     0 /* set the domain's params */
#define XEN_DOMCTL_SCHEDOP_getinfo     1 /* read them */
#define XEN_DOMCTL_SCHEDOP_putvcpuinfo 2 /* per-vcpu (RTDS only) */
#define XEN_DOMCTL_SCHEDOP_getvcpuinfo 3 /* per-vcpu (RTDS only) */

#ifndef __ASSEMBLER__

/* x86 part of createdomain / getdomaininfo; both 0 for a PV guest. */
struct xen_arch_domainconfig {
	uint32_t emulation_flags; /* XEN_X86_EMU_* (HVM devices) */
	uint32_t misc_flags;	  /* XEN_X86_MSR_RELAXED */
};

XEN_ABI_SIZE(struct xen_arch_domainconfig, 8);

/*
 * createdomain: xen_domctl.domain is IN/OUT; 0 or a reserved id asks the
 * hypervisor to choose one.  Negative grant limits mean "the default".
 */
struct xen_domctl_createdomain {
	uint32_t ssidref;		   /* XSM label (ignored) */
	xen_domain_handle_t handle;	   /* toolstack's UUID */
	uint32_t flags;			   /* XEN_DOMCTL_CDF_* */
	uint32_t iommu_opts;		   /* XEN_DOMCTL_IOMMU_* */
	uint32_t max_vcpus;		   /* vcpus to allocate, >= 1 */
	uint32_t max_evtchn_port;	   /* highest event channel port */
	int32_t max_grant_frames;	   /* grant table frames, <0: default */
	int32_t max_maptrack_frames;	   /* maptrack frames, <0: default */
	uint32_t grant_opts;		   /* XEN_DOMCTL_GRANT_version() */
	uint32_t vmtrace_size;		   /* per-vcpu trace buffer, 0: none */
	uint32_t cpupool_id;		   /* CPU pool, 0: the default */
	struct xen_arch_domainconfig arch; /* x86 emulation choices */
};

XEN_ABI_SIZE(struct xen_domctl_createdomain, 64);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, ssidref, 0);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, handle, 4);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, flags, 20);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, iommu_opts, 24);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, max_vcpus, 28);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, max_evtchn_port, 32);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, max_grant_frames, 36);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, max_maptrack_frames, 40);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, grant_opts, 44);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, vmtrace_size, 48);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, cpupool_id, 52);
XEN_ABI_OFFSET(struct xen_domctl_createdomain, arch, 56);

/* getdomaininfo: all OUT.  Also the element of sysctl getdomaininfolist. */
struct xen_domctl_getdomaininfo {
	domid_t domain; /* the domain's id */
	uint16_t pad1;
	uint32_t flags;		    /* XEN_DOMINF_* and shutdown reason */
	uint64_t tot_pages;	    /* pages the domain owns */
	uint64_t max_pages;	    /* its allocation limit */
	uint64_t outstanding_pages; /* claimed, not yet allocated */
	uint64_t shr_pages;	    /* shared pages (mem sharing) */
	uint64_t paged_pages;	    /* paged-out pages (mem paging) */
	uint64_t shared_info_frame; /* MFN of its shared_info page */
	uint64_t cpu_time;	    /* ns run, summed over vcpus */
	uint32_t nr_online_vcpus;   /* vcpus that are up */
	uint32_t max_vcpu_id;	    /* highest vcpu id, or INVALID */
	uint32_t ssidref;	    /* XSM label */
	xen_domain_handle_t handle; /* toolstack's UUID */
	uint32_t cpupool;	    /* its CPU pool */
	uint8_t gpaddr_bits;	    /* guest physical address bits */
	uint8_t pad2[7];
	struct xen_arch_domainconfig arch_config; /* as created */
};

XEN_ABI_SIZE(struct xen_domctl_getdomaininfo, 112);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, domain, 0);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, flags, 4);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, tot_pages, 8);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, max_pages, 16);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, outstanding_pages, 24);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, shr_pages, 32);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, paged_pages, 40);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, shared_info_frame, 48);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, cpu_time, 56);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, nr_online_vcpus, 64);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, max_vcpu_id, 68);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, ssidref, 72);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, handle, 76);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, cpupool, 92);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, gpaddr_bits, 96);
XEN_ABI_OFFSET(struct xen_domctl_getdomaininfo, arch_config, 104);

XEN_DEFINE_GUEST_HANDLE(xen_domctl_getdomaininfo,
			struct xen_domctl_getdomaininfo);

/* max_mem: the domain's allocation limit in KiB (rounded down to pages). */
struct xen_domctl_max_mem {
	uint64_t max_memkb; /* limit in KiB */
};

XEN_ABI_SIZE(struct xen_domctl_max_mem, 8);

/* setvcpucontext / getvcpucontext */
struct xen_domctl_vcpucontext {
	uint32_t vcpu;				   /* IN: vcpu id */
	XEN_GUEST_HANDLE(vcpu_guest_context) ctxt; /* IN/OUT */
};

XEN_ABI_SIZE(struct xen_domctl_vcpucontext, 16);
XEN_ABI_OFFSET(struct xen_domctl_vcpucontext, vcpu, 0);
XEN_ABI_OFFSET(struct xen_domctl_vcpucontext, ctxt, 8);

/* getvcpuinfo */
struct xen_domctl_getvcpuinfo {
	uint32_t vcpu;	   /* IN: vcpu id */
	uint8_t online;	   /* OUT: up (not down or hot-unplugged) */
	uint8_t blocked;   /* OUT: blocked waiting for an event */
	uint8_t running;   /* OUT: on a CPU now */
	uint64_t cpu_time; /* OUT: ns run */
	uint32_t cpu;	   /* OUT: CPU it last ran on */
};

XEN_ABI_SIZE(struct xen_domctl_getvcpuinfo, 24);
XEN_ABI_OFFSET(struct xen_domctl_getvcpuinfo, vcpu, 0);
XEN_ABI_OFFSET(struct xen_domctl_getvcpuinfo, online, 4);
XEN_ABI_OFFSET(struct xen_domctl_getvcpuinfo, blocked, 5);
XEN_ABI_OFFSET(struct xen_domctl_getvcpuinfo, running, 6);
XEN_ABI_OFFSET(struct xen_domctl_getvcpuinfo, cpu_time, 8);
XEN_ABI_OFFSET(struct xen_domctl_getvcpuinfo, cpu, 16);

/*
 * setvcpuaffinity / getvcpuaffinity.  On set, the maps named in flags are
 * IN and come back OUT as the effective affinity; on get they are OUT.
 */
struct xen_domctl_vcpuaffinity {
	uint32_t vcpu;			  /* IN: vcpu id */
	uint32_t flags;			  /* IN: XEN_VCPUAFFINITY_* */
	struct xenctl_bitmap cpumap_hard; /* IN/OUT: hard affinity */
	struct xenctl_bitmap cpumap_soft; /* IN/OUT: soft affinity */
};

XEN_ABI_SIZE(struct xen_domctl_vcpuaffinity, 40);
XEN_ABI_OFFSET(struct xen_domctl_vcpuaffinity, vcpu, 0);
XEN_ABI_OFFSET(struct xen_domctl_vcpuaffinity, flags, 4);
XEN_ABI_OFFSET(struct xen_domctl_vcpuaffinity, cpumap_hard, 8);
XEN_ABI_OFFSET(struct xen_domctl_vcpuaffinity, cpumap_soft, 24);

/* max_vcpus: must equal createdomain.max_vcpus. */
struct xen_domctl_max_vcpus {
	uint32_t max; /* number of vcpus */
};

XEN_ABI_SIZE(struct xen_domctl_max_vcpus, 4);

/* Parameters of the credit and credit2 schedulers. */
struct xen_domctl_sched_credit {
	uint16_t weight; /* relative share, 1..65535 (default 256) */
	uint16_t cap;	 /* max % of one CPU, 0 = no cap */
};

XEN_ABI_SIZE(struct xen_domctl_sched_credit, 4);
XEN_ABI_OFFSET(struct xen_domctl_sched_credit, cap, 2);

struct xen_domctl_sched_credit2 {
	uint16_t weight; /* relative share */
	uint16_t cap;	 /* max % of one CPU, 0 = no cap */
};

XEN_ABI_SIZE(struct xen_domctl_sched_credit2, 4);

struct xen_domctl_sched_rtds {
	uint32_t period; /* us */
	uint32_t budget; /* us */
	uint32_t flags;	 /* bit 0: may run beyond its budget */
};

XEN_ABI_SIZE(struct xen_domctl_sched_rtds, 12);

/* One element of scheduler_op.u.v.vcpus (per-vcpu commands). */
struct xen_domctl_schedparam_vcpu {
	union {
		struct xen_domctl_sched_credit credit;
		struct xen_domctl_sched_credit2 credit2;
		struct xen_domctl_sched_rtds rtds;
	} u;		 /* params */
	uint32_t vcpuid; /* vcpu id */
};

XEN_ABI_SIZE(struct xen_domctl_schedparam_vcpu, 16);
XEN_ABI_OFFSET(struct xen_domctl_schedparam_vcpu, vcpuid, 12);

XEN_DEFINE_GUEST_HANDLE(xen_domctl_schedparam_vcpu,
			struct xen_domctl_schedparam_vcpu);

/* scheduler_op: sched_id must name the running scheduler, else -EINVAL. */
struct xen_domctl_scheduler_op {
	uint32_t sched_id; /* XEN_SCHEDULER_* */
	uint32_t cmd;	   /* XEN_DOMCTL_SCHEDOP_* */
	union {
		struct xen_domctl_sched_credit credit;
		struct xen_domctl_sched_credit2 credit2;
		struct xen_domctl_sched_rtds rtds;
		struct {
			XEN_GUEST_HANDLE(xen_domctl_schedparam_vcpu) vcpus;
			uint32_t nr_vcpus; /* IN: entries, OUT: done */
			uint32_t padding;
		} v;
	} u; /* IN/OUT */
};

XEN_ABI_SIZE(struct xen_domctl_scheduler_op, 24);
XEN_ABI_OFFSET(struct xen_domctl_scheduler_op, cmd, 4);
XEN_ABI_OFFSET(struct xen_domctl_scheduler_op, u, 8);
XEN_ABI_OFFSET(struct xen_domctl_scheduler_op, u.v.nr_vcpus, 16);

/* irq_permission: grant or revoke the use of a physical IRQ (pirq). */
struct xen_domctl_irq_permission {
	uint32_t pirq;	      /* the pirq */
	uint8_t allow_access; /* nonzero: allow, 0: deny */
	uint8_t pad[3];
};

XEN_ABI_SIZE(struct xen_domctl_irq_permission, 8);
XEN_ABI_OFFSET(struct xen_domctl_irq_permission, allow_access, 4);

/* iomem_permission: grant or revoke mapping a range of machine frames. */
struct xen_domctl_iomem_permission {
	uint64_t first_mfn;   /* first frame */
	uint64_t nr_mfns;     /* number of frames (> 0) */
	uint8_t allow_access; /* nonzero: allow, 0: deny */
};

XEN_ABI_SIZE(struct xen_domctl_iomem_permission, 24);
XEN_ABI_OFFSET(struct xen_domctl_iomem_permission, nr_mfns, 8);
XEN_ABI_OFFSET(struct xen_domctl_iomem_permission, allow_access, 16);

/* ioport_permission: grant or revoke access to a range of I/O ports. */
struct xen_domctl_ioport_permission {
	uint32_t first_port;  /* first port */
	uint32_t nr_ports;    /* number of ports */
	uint8_t allow_access; /* nonzero: allow, 0: deny */
};

XEN_ABI_SIZE(struct xen_domctl_ioport_permission, 12);
XEN_ABI_OFFSET(struct xen_domctl_ioport_permission, nr_ports, 4);
XEN_ABI_OFFSET(struct xen_domctl_ioport_permission, allow_access, 8);

/* settimeoffset: seconds added to the wallclock the domain sees. */
struct xen_domctl_settimeoffset {
	int64_t time_offset_seconds; /* offset from host wallclock */
};

XEN_ABI_SIZE(struct xen_domctl_settimeoffset, 8);

/* set_address_size / get_address_size: PV guest width in bits. */
struct xen_domctl_address_size {
	uint32_t size; /* 64 (32 would be a compat guest) */
};

XEN_ABI_SIZE(struct xen_domctl_address_size, 4);

/* The hypercall's argument. */
struct xen_domctl {
	uint32_t cmd;		    /* XEN_DOMCTL_* */
	uint32_t interface_version; /* XEN_DOMCTL_INTERFACE_VERSION */
	domid_t domain;		    /* target (IN/OUT for createdomain) */
	uint16_t _pad[3];
	union {
		struct xen_domctl_createdomain createdomain;
		struct xen_domctl_getdomaininfo getdomaininfo;
		struct xen_domctl_vcpuaffinity vcpuaffinity;
		struct xen_domctl_max_mem max_mem;
		struct xen_domctl_vcpucontext vcpucontext;
		struct xen_domctl_getvcpuinfo getvcpuinfo;
		struct xen_domctl_max_vcpus max_vcpus;
		struct xen_domctl_scheduler_op scheduler_op;
		struct xen_domctl_irq_permission irq_permission;
		struct xen_domctl_iomem_permission iomem_permission;
		struct xen_domctl_ioport_permission ioport_permission;
		struct xen_domctl_settimeoffset settimeoffset;
		struct xen_domctl_address_size address_size;
		uint8_t pad[128]; /* fixes the union's size */
	} u;
};

XEN_ABI_SIZE(struct xen_domctl, 144);
XEN_ABI_OFFSET(struct xen_domctl, interface_version, 4);
XEN_ABI_OFFSET(struct xen_domctl, domain, 8);
XEN_ABI_OFFSET(struct xen_domctl, u, 16);

XEN_DEFINE_GUEST_HANDLE(xen_domctl, struct xen_domctl);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_DOMCTL_H */
