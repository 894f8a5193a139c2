/*
 * mca (hypercall 48, __HYPERVISOR_mca; dom0 only): mca(struct xen_mc *).
 * Machine-check telemetry for dom0's mcelog, a description of every
 * physical CPU, and error injection for testing.  Every call carries
 * XEN_MCA_INTERFACE_VERSION; a mismatch fails with -EACCES.  The
 * hypervisor raises VIRQ_MCA when telemetry is queued.
 */
#ifndef PUBLIC_ARCH_X86_XEN_MCA_H
#define PUBLIC_ARCH_X86_XEN_MCA_H

#include "../xen.h"

#define XEN_MCA_INTERFACE_VERSION 0x01ecc003

/* Commands (xen_mc.cmd) and the union member each one uses. */
#define XEN_MC_fetch	    1 /* mc_fetch */
#define XEN_MC_notifydomain 2 /* mc_notifydomain */
#define XEN_MC_physcpuinfo  3 /* mc_physcpuinfo */
#define XEN_MC_msrinject    4 /* mc_msrinject */
#define XEN_MC_mceinject    5 /* mc_mceinject */
#define XEN_MC_inject_v2    6 /* mc_inject_v2 (toolstack) */

/* xen_mc_fetch.flags, IN: which queue, and whether this is an ack. */
#define XEN_MC_NONURGENT 0x0001 /* polled/CMCI telemetry */
#define XEN_MC_URGENT	 0x0002 /* #MC telemetry */
#define XEN_MC_ACK	 0x0004 /* ack fetch_id, fetched earlier */

/* xen_mc_fetch.flags, OUT. */
#define XEN_MC_OK	   0x0
#define XEN_MC_FETCHFAILED 0x1 /* could not copy the record out */
#define XEN_MC_NODATA	   0x2 /* queue empty */
#define XEN_MC_NOMATCH	   0x4 /* no telemetry for fetch_id */

/* xen_mc_notifydomain.flags, OUT. */
#define XEN_MC_CANNOTHANDLE 0x8
#define XEN_MC_NOTDELIVERED 0x10

#define XEN_MC_VCPUID_INVALID 0xffff

/* mcinfo_common.type: the kinds of record in mc_info.mi_data. */
#define MC_TYPE_GLOBAL	 0 /* mcinfo_global */
#define MC_TYPE_BANK	 1 /* mcinfo_bank */
#define MC_TYPE_EXTENDED 2 /* mcinfo_extended */
#define MC_TYPE_RECOVERY 3 /* mcinfo_recovery */

/* mcinfo_global.mc_flags */
#define MC_FLAG_CORRECTABLE   (1 << 0)
#define MC_FLAG_UNCORRECTABLE (1 << 1)
#define MC_FLAG_RECOVERABLE   (1 << 2)
#define MC_FLAG_POLLED	      (1 << 3)
#define MC_FLAG_RESET	      (1 << 4)
#define MC_FLAG_CMCI	      (1 << 5)
#define MC_FLAG_MCE	      (1 << 6)

/* mcinfo_recovery.action_flags / action_types */
#define REC_ACTION_RECOVERED   0x1
#define REC_ACTION_NONE	       0x2
#define REC_ACTION_NEED_RESET  0x4
#define MC_ACTION_PAGE_OFFLINE 0x1
#define MC_ACTION_CPU_OFFLINE  0x2
#define MC_ACTION_CACHE_SHRINK 0x4

/* mc_info sizes */
#define MCINFO_HYPERCALLSIZE	1024
#define MCINFO_MAXSIZE		768
#define MCINFO_FLAGS_UNCOMPLETE 0x1 /* mc_info.flags: records lost */

/* mcinfo_logical_cpu */
#define MC_MSR_ARRAYSIZE 8 /* mc_msrvalues entries */
#define MC_NCAPS	 7 /* mc_cpu_caps words: */
#define MC_CAPS_STD_EDX	 0 /* CPUID 1 EDX */
#define MC_CAPS_AMD_EDX	 1 /* CPUID 0x80000001 EDX */
#define MC_CAPS_TM	 2 /* CPUID 0x80860001 (Transmeta) */
#define MC_CAPS_LINUX	 3 /* Linux-defined */
#define MC_CAPS_STD_ECX	 4 /* CPUID 1 ECX */
#define MC_CAPS_VIA	 5 /* CPUID 0xc0000001 */
#define MC_CAPS_AMD_ECX	 6 /* CPUID 0x80000001 ECX */

/* mcinfo_logical_cpu.mc_vendor: Linux's x86 vendor numbers. */
#define MC_VENDOR_INTEL	  0
#define MC_VENDOR_AMD	  2
#define MC_VENDOR_CENTAUR 5
#define MC_VENDOR_HYGON	  9
#define MC_VENDOR_ZHAOXIN 10
#define MC_VENDOR_UNKNOWN 0xff

/* xen_mc_msrinject.mcinj_flags */
#define MC_MSRINJ_MAXMSRS     8
#define MC_MSRINJ_F_INTERPOSE 0x1 /* only the hypervisor's view */
#define MC_MSRINJ_F_GPADDR    0x2 /* values are guest addresses */

/* xen_mc_inject_v2.flags */
#define XEN_MC_INJECT_TYPE_MASK	    0x7
#define XEN_MC_INJECT_TYPE_MCE	    0x0
#define XEN_MC_INJECT_TYPE_CMCI	    0x1
#define XEN_MC_INJECT_TYPE_LMCE	    0x2
#define XEN_MC_INJECT_CPU_BROADCAST 0x8

#ifndef __ASSEMBLER__

/* Header of every record in mc_info.mi_data. */
struct mcinfo_common {
	uint16_t type; /* MC_TYPE_* */
	uint16_t size; /* of the whole record, bytes */
};

XEN_ABI_SIZE(struct mcinfo_common, 4);
XEN_ABI_OFFSET(struct mcinfo_common, type, 0);
XEN_ABI_OFFSET(struct mcinfo_common, size, 2);

/* The CPU and domain an error hit. */
struct mcinfo_global {
	struct mcinfo_common common;
	uint16_t mc_domid;	   /* domain running at the time */
	uint16_t mc_vcpuid;	   /* its vCPU */
	uint32_t mc_socketid;	   /* physical package */
	uint16_t mc_coreid;	   /* core in the package */
	uint16_t mc_core_threadid; /* thread in the core */
	uint32_t mc_apicid;
	uint32_t mc_flags;   /* MC_FLAG_* */
	uint64_t mc_gstatus; /* MCG_STATUS */
};

XEN_ABI_SIZE(struct mcinfo_global, 32);
XEN_ABI_OFFSET(struct mcinfo_global, mc_domid, 4);
XEN_ABI_OFFSET(struct mcinfo_global, mc_vcpuid, 6);
XEN_ABI_OFFSET(struct mcinfo_global, mc_socketid, 8);
XEN_ABI_OFFSET(struct mcinfo_global, mc_coreid, 12);
XEN_ABI_OFFSET(struct mcinfo_global, mc_core_threadid, 14);
XEN_ABI_OFFSET(struct mcinfo_global, mc_apicid, 16);
XEN_ABI_OFFSET(struct mcinfo_global, mc_flags, 20);
XEN_ABI_OFFSET(struct mcinfo_global, mc_gstatus, 24);

/* One machine-check bank's registers. */
struct mcinfo_bank {
	struct mcinfo_common common;
	uint16_t mc_bank;   /* bank number */
	uint16_t mc_domid;  /* owner of mc_addr (dom0 view only) */
	uint64_t mc_status; /* MCi_STATUS */
	uint64_t mc_addr;   /* MCi_ADDR, valid if MCi_STATUS.ADDRV */
	uint64_t mc_misc;   /* MCi_MISC */
	uint64_t mc_ctrl2;  /* MCi_CTL2 */
	uint64_t mc_tsc;    /* TSC when read */
};

XEN_ABI_SIZE(struct mcinfo_bank, 48);
XEN_ABI_OFFSET(struct mcinfo_bank, mc_bank, 4);
XEN_ABI_OFFSET(struct mcinfo_bank, mc_domid, 6);
XEN_ABI_OFFSET(struct mcinfo_bank, mc_status, 8);
XEN_ABI_OFFSET(struct mcinfo_bank, mc_addr, 16);
XEN_ABI_OFFSET(struct mcinfo_bank, mc_misc, 24);
XEN_ABI_OFFSET(struct mcinfo_bank, mc_ctrl2, 32);
XEN_ABI_OFFSET(struct mcinfo_bank, mc_tsc, 40);

struct mcinfo_msr {
	uint64_t reg;	/* MSR number */
	uint64_t value; /* its value */
};

XEN_ABI_SIZE(struct mcinfo_msr, 16);
XEN_ABI_OFFSET(struct mcinfo_msr, reg, 0);
XEN_ABI_OFFSET(struct mcinfo_msr, value, 8);

/* Extra MSRs read at the time of the error. */
struct mcinfo_extended {
	struct mcinfo_common common;
	uint32_t mc_msrs; /* valid entries in mc_msr */
	struct mcinfo_msr mc_msr[32];
};

XEN_ABI_SIZE(struct mcinfo_extended, 520);
XEN_ABI_OFFSET(struct mcinfo_extended, mc_msrs, 4);
XEN_ABI_OFFSET(struct mcinfo_extended, mc_msr, 8);

/* A recovery action the hypervisor took. */
struct mcinfo_recovery {
	struct mcinfo_common common;
	uint16_t mc_bank;
	uint8_t action_flags; /* REC_ACTION_* */
	uint8_t action_types; /* MC_ACTION_* */
	union {
		struct {
			uint64_t mfn; /* the page taken offline */
			uint64_t status;
		} page_retire;
		struct {
			uint32_t mc_socketid; /* the CPU taken offline */
			uint16_t mc_coreid;
			uint16_t mc_core_threadid;
		} cpu_offline;
		uint8_t pad[16];
	} action_info;
};

XEN_ABI_SIZE(struct mcinfo_recovery, 24);
XEN_ABI_OFFSET(struct mcinfo_recovery, mc_bank, 4);
XEN_ABI_OFFSET(struct mcinfo_recovery, action_flags, 6);
XEN_ABI_OFFSET(struct mcinfo_recovery, action_types, 7);
XEN_ABI_OFFSET(struct mcinfo_recovery, action_info, 8);

/* One telemetry record: mi_nentries mcinfo_* records, back to back. */
struct mc_info {
	uint32_t mi_nentries;
	uint32_t flags; /* MCINFO_FLAGS_* */
	uint64_t mi_data[(MCINFO_MAXSIZE - 1) / 8];
};

XEN_ABI_SIZE(struct mc_info, 768);
XEN_ABI_OFFSET(struct mc_info, mi_nentries, 0);
XEN_ABI_OFFSET(struct mc_info, flags, 4);
XEN_ABI_OFFSET(struct mc_info, mi_data, 8);

XEN_DEFINE_GUEST_HANDLE(mc_info, struct mc_info);

/* XEN_MC_physcpuinfo: one physical CPU as the hypervisor saw it. */
struct mcinfo_logical_cpu {
	uint32_t mc_cpunr;    /* hypervisor CPU number */
	uint32_t mc_chipid;   /* package */
	uint16_t mc_coreid;   /* core in the package */
	uint16_t mc_threadid; /* thread in the core */
	uint32_t mc_apicid;
	uint32_t mc_clusterid;	   /* initial APIC id (CPUID 1 EBX[31:24]) */
	uint32_t mc_ncores;	   /* cores per package */
	uint32_t mc_ncores_active; /* of those, running */
	uint32_t mc_nthreads;	   /* threads per core */
	int32_t mc_cpuid_level;	   /* highest basic CPUID leaf */
	uint32_t mc_family;
	uint32_t mc_vendor; /* MC_VENDOR_* */
	uint32_t mc_model;
	uint32_t mc_step;
	char mc_vendorid[16]; /* CPUID vendor string, NUL-terminated */
	char mc_brandid[64];  /* CPUID brand string, NUL-terminated */
	uint32_t mc_cpu_caps[MC_NCAPS]; /* MC_CAPS_* */
	uint32_t mc_cache_size;		/* KiB */
	uint32_t mc_cache_alignment;	/* bytes */
	int32_t mc_nmsrvals;		/* valid entries in mc_msrvalues */
	struct mcinfo_msr mc_msrvalues[MC_MSR_ARRAYSIZE]; /* MCG_CAP first */
};

XEN_ABI_SIZE(struct mcinfo_logical_cpu, 304);
XEN_ABI_OFFSET(struct mcinfo_logical_cpu, mc_cpunr, 0);
XEN_ABI_OFFSET(struct mcinfo_logical_cpu, mc_chipid, 4);
XEN_ABI_OFFSET(struct mcinfo_logical_cpu, mc_coreid, 8);
XEN_ABI_OFFSET(struct mcinfo_logical_cpu, mc_threadid, 10);
XEN_ABI_OFFSET(struct mcinfo_logical_cpu, mc_apicid, 12);
XEN_ABI_OFFSET(struct mcinfo_logical_cpu, mc_clusterid, 16);
XEN_ABI_OFFSET(struct mcinfo_logical_cpu, mc_ncores, 20);
XEN_ABI_OFFSET(struct mcinfo_logical_cpu, mc_ncores_active, 24);
XEN_ABI_OFFSET(struct mcinfo_logical_cpu, mc_nthreads, 28);
XEN_ABI_OFFSET(struct mcinfo_logical_cpu, mc_cpuid_level, 32);
XEN_ABI_OFFSET(struct mcinfo_logical_cpu, mc_family, 36);
XEN_ABI_OFFSET(struct mcinfo_logical_cpu, mc_vendor, 40);
XEN_ABI_OFFSET(struct mcinfo_logical_cpu, mc_model, 44);
XEN_ABI_OFFSET(struct mcinfo_logical_cpu, mc_step, 48);
XEN_ABI_OFFSET(struct mcinfo_logical_cpu, mc_vendorid, 52);
XEN_ABI_OFFSET(struct mcinfo_logical_cpu, mc_brandid, 68);
XEN_ABI_OFFSET(struct mcinfo_logical_cpu, mc_cpu_caps, 132);
XEN_ABI_OFFSET(struct mcinfo_logical_cpu, mc_cache_size, 160);
XEN_ABI_OFFSET(struct mcinfo_logical_cpu, mc_cache_alignment, 164);
XEN_ABI_OFFSET(struct mcinfo_logical_cpu, mc_nmsrvals, 168);
XEN_ABI_OFFSET(struct mcinfo_logical_cpu, mc_msrvalues, 176);

XEN_DEFINE_GUEST_HANDLE(mcinfo_logical_cpu, struct mcinfo_logical_cpu);

/* XEN_MC_fetch: take the oldest record of a queue, or ack one. */
struct xen_mc_fetch {
	uint32_t flags; /* IN: XEN_MC_(NON)URGENT [| XEN_MC_ACK];
			   OUT: XEN_MC_OK / FETCHFAILED / NODATA / NOMATCH */
	uint32_t _pad0;
	uint64_t fetch_id;		/* OUT: id to ack; IN (ack): the id */
	XEN_GUEST_HANDLE(mc_info) data; /* OUT: the record */
};

XEN_ABI_SIZE(struct xen_mc_fetch, 24);
XEN_ABI_OFFSET(struct xen_mc_fetch, flags, 0);
XEN_ABI_OFFSET(struct xen_mc_fetch, fetch_id, 8);
XEN_ABI_OFFSET(struct xen_mc_fetch, data, 16);

/* XEN_MC_notifydomain (never supported by Xen: -EINVAL). */
struct xen_mc_notifydomain {
	uint16_t mc_domid;  /* IN */
	uint16_t mc_vcpuid; /* IN */
	uint32_t flags;	    /* IN/OUT */
};

XEN_ABI_SIZE(struct xen_mc_notifydomain, 8);
XEN_ABI_OFFSET(struct xen_mc_notifydomain, mc_domid, 0);
XEN_ABI_OFFSET(struct xen_mc_notifydomain, mc_vcpuid, 2);
XEN_ABI_OFFSET(struct xen_mc_notifydomain, flags, 4);

/*
 * XEN_MC_physcpuinfo: with a NULL info handle, ncpus (OUT) is the number
 * of online physical CPUs; otherwise ncpus (IN) is the room in info and
 * (OUT) how many entries were written.
 */
struct xen_mc_physcpuinfo {
	uint32_t ncpus;
	uint32_t _pad0;
	XEN_GUEST_HANDLE(mcinfo_logical_cpu) info;
};

XEN_ABI_SIZE(struct xen_mc_physcpuinfo, 16);
XEN_ABI_OFFSET(struct xen_mc_physcpuinfo, ncpus, 0);
XEN_ABI_OFFSET(struct xen_mc_physcpuinfo, info, 8);

/* XEN_MC_msrinject: write bank MSRs on a CPU (testing). */
struct xen_mc_msrinject {
	uint32_t mcinj_cpunr; /* target CPU */
	uint32_t mcinj_flags; /* MC_MSRINJ_F_* */
	uint32_t mcinj_count; /* valid entries in mcinj_msr */
	domid_t mcinj_domid;  /* for MC_MSRINJ_F_GPADDR */
	uint16_t _pad0;
	struct mcinfo_msr mcinj_msr[MC_MSRINJ_MAXMSRS];
};

XEN_ABI_SIZE(struct xen_mc_msrinject, 144);
XEN_ABI_OFFSET(struct xen_mc_msrinject, mcinj_cpunr, 0);
XEN_ABI_OFFSET(struct xen_mc_msrinject, mcinj_flags, 4);
XEN_ABI_OFFSET(struct xen_mc_msrinject, mcinj_count, 8);
XEN_ABI_OFFSET(struct xen_mc_msrinject, mcinj_domid, 12);
XEN_ABI_OFFSET(struct xen_mc_msrinject, mcinj_msr, 16);

/* XEN_MC_mceinject: raise #MC on a CPU (testing). */
struct xen_mc_mceinject {
	uint32_t mceinj_cpunr; /* target CPU */
};

XEN_ABI_SIZE(struct xen_mc_mceinject, 4);

/* XEN_MC_inject_v2: #MC, CMCI or LMCE on a set of CPUs (testing). */
struct xen_mc_inject_v2 {
	uint32_t flags; /* XEN_MC_INJECT_* */
	struct xenctl_bitmap cpumap;
};

XEN_ABI_SIZE(struct xen_mc_inject_v2, 24);
XEN_ABI_OFFSET(struct xen_mc_inject_v2, cpumap, 8);

/* Argument of mca. */
struct xen_mc {
	uint32_t cmd;		    /* XEN_MC_* */
	uint32_t interface_version; /* XEN_MCA_INTERFACE_VERSION */
	union {
		struct xen_mc_fetch mc_fetch;
		struct xen_mc_notifydomain mc_notifydomain;
		struct xen_mc_physcpuinfo mc_physcpuinfo;
		struct xen_mc_msrinject mc_msrinject;
		struct xen_mc_mceinject mc_mceinject;
		struct xen_mc_inject_v2 mc_inject_v2;
	} u;
};

XEN_ABI_SIZE(struct xen_mc, 152);
XEN_ABI_OFFSET(struct xen_mc, cmd, 0);
XEN_ABI_OFFSET(struct xen_mc, interface_version, 4);
XEN_ABI_OFFSET(struct xen_mc, u, 8);
XEN_ABI_OFFSET(struct xen_mc, u.mc_fetch.flags, 8);
XEN_ABI_OFFSET(struct xen_mc, u.mc_fetch.fetch_id, 16);
XEN_ABI_OFFSET(struct xen_mc, u.mc_fetch.data, 24);
XEN_ABI_OFFSET(struct xen_mc, u.mc_physcpuinfo.ncpus, 8);
XEN_ABI_OFFSET(struct xen_mc, u.mc_physcpuinfo.info, 16);
XEN_ABI_OFFSET(struct xen_mc, u.mc_msrinject, 8);
XEN_ABI_OFFSET(struct xen_mc, u.mc_mceinject, 8);
XEN_ABI_OFFSET(struct xen_mc, u.mc_inject_v2, 8);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_ARCH_X86_XEN_MCA_H */
