/*
 * vcpu_op (hypercall 24): vcpu_op(cmd, vcpuid, arg).  Bringing vCPUs up
 * and down, per-vCPU timers, and where the hypervisor writes a vCPU's
 * vcpu_info, runstate and time information.
 */
#ifndef PUBLIC_VCPU_H
#define PUBLIC_VCPU_H

#include "xen.h"

#define VCPUOP_initialise		      0	 /* vcpu_guest_context */
#define VCPUOP_up			      1	 /* no arg */
#define VCPUOP_down			      2	 /* no arg */
#define VCPUOP_is_up			      3	 /* no arg; returns 0/1 */
#define VCPUOP_get_runstate_info	      4	 /* vcpu_runstate_info */
#define VCPUOP_register_runstate_memory_area  5	 /* ..._memory_area */
#define VCPUOP_set_periodic_timer	      6	 /* vcpu_set_periodic_timer */
#define VCPUOP_stop_periodic_timer	      7	 /* no arg */
#define VCPUOP_set_singleshot_timer	      8	 /* vcpu_set_singleshot_timer */
#define VCPUOP_stop_singleshot_timer	      9	 /* no arg */
#define VCPUOP_register_vcpu_info	      10 /* vcpu_register_vcpu_info */
#define VCPUOP_send_nmi			      11 /* no arg */
#define VCPUOP_get_physid		      12 /* vcpu_get_physid (dom0) */
#define VCPUOP_register_vcpu_time_memory_area 13 /* ..._time_memory_area */
#define VCPUOP_register_runstate_phys_area    14 /* by guest physical addr */
#define VCPUOP_register_vcpu_time_phys_area   15 /* by guest physical addr */

/* vcpu_runstate_info.state */
#define RUNSTATE_running  0 /* on a physical CPU */
#define RUNSTATE_runnable 1 /* wants to run, waiting for a CPU */
#define RUNSTATE_blocked  2 /* waiting for an event */
#define RUNSTATE_offline  3 /* down or paused */

/*
 * Set in state_entry_time while the hypervisor rewrites the area, if the
 * guest enabled VMASST_TYPE_runstate_update_flag.
 */
#define XEN_RUNSTATE_UPDATE (XEN_UL(1) << 63)

/* vcpu_set_singleshot_timer.flags */
#define _VCPU_SSHOTTMR_future 0
/* fail with -ETIME if the time passed */
#define VCPU_SSHOTTMR_future  (1U << _VCPU_SSHOTTMR_future)

#ifndef __ASSEMBLER__

/* Time a vCPU has spent in each RUNSTATE_*. */
struct vcpu_runstate_info {
	int32_t state;		   /* RUNSTATE_* now */
	uint64_t state_entry_time; /* system time of the last change */
	uint64_t time[4];	   /* ns spent in each state */
};

XEN_ABI_SIZE(struct vcpu_runstate_info, 48);
XEN_ABI_OFFSET(struct vcpu_runstate_info, state, 0);
XEN_ABI_OFFSET(struct vcpu_runstate_info, state_entry_time, 8);
XEN_ABI_OFFSET(struct vcpu_runstate_info, time, 16);

XEN_DEFINE_GUEST_HANDLE(vcpu_runstate_info, struct vcpu_runstate_info);

/*
 * VCPUOP_register_runstate_memory_area: the hypervisor keeps a copy of
 * the runstate at this guest VA, updating it on every change.
 */
struct vcpu_register_runstate_memory_area {
	union {
		XEN_GUEST_HANDLE(vcpu_runstate_info) h;
		struct vcpu_runstate_info *v;
		uint64_t p;
	} addr; /* guest VA of the area */
};

XEN_ABI_SIZE(struct vcpu_register_runstate_memory_area, 8);
XEN_ABI_OFFSET(struct vcpu_register_runstate_memory_area, addr, 0);
XEN_ABI_OFFSET(struct vcpu_register_runstate_memory_area, addr.h, 0);
XEN_ABI_OFFSET(struct vcpu_register_runstate_memory_area, addr.v, 0);
XEN_ABI_OFFSET(struct vcpu_register_runstate_memory_area, addr.p, 0);

struct vcpu_set_periodic_timer {
	uint64_t period_ns; /* period */
};

XEN_ABI_SIZE(struct vcpu_set_periodic_timer, 8);
XEN_ABI_OFFSET(struct vcpu_set_periodic_timer, period_ns, 0);

struct vcpu_set_singleshot_timer {
	uint64_t timeout_abs_ns; /* absolute system time to fire at */
	uint32_t flags;		 /* VCPU_SSHOTTMR_* */
};

XEN_ABI_SIZE(struct vcpu_set_singleshot_timer, 16);
XEN_ABI_OFFSET(struct vcpu_set_singleshot_timer, timeout_abs_ns, 0);
XEN_ABI_OFFSET(struct vcpu_set_singleshot_timer, flags, 8);

/*
 * VCPUOP_register_vcpu_info: move this vCPU's vcpu_info out of
 * shared_info into a guest frame.
 */
struct vcpu_register_vcpu_info {
	uint64_t mfn;	 /* frame holding the new vcpu_info */
	uint32_t offset; /* byte offset in it; must not cross the page */
	uint32_t rsvd;	 /* must be zero */
};

XEN_ABI_SIZE(struct vcpu_register_vcpu_info, 16);
XEN_ABI_OFFSET(struct vcpu_register_vcpu_info, mfn, 0);
XEN_ABI_OFFSET(struct vcpu_register_vcpu_info, offset, 8);
XEN_ABI_OFFSET(struct vcpu_register_vcpu_info, rsvd, 12);

struct vcpu_get_physid {
	uint64_t phys_id; /* APIC id in bits 0-31, ACPI id in 32-63 */
};

XEN_ABI_SIZE(struct vcpu_get_physid, 8);
XEN_ABI_OFFSET(struct vcpu_get_physid, phys_id, 0);

/*
 * VCPUOP_register_vcpu_time_memory_area: an extra copy of vcpu_time_info,
 * meant to be mapped into user space for a vDSO clock.
 */
struct vcpu_register_time_memory_area {
	union {
		XEN_GUEST_HANDLE(vcpu_time_info) h;
		struct vcpu_time_info *v;
		uint64_t p;
	} addr; /* guest VA of the area */
};

XEN_ABI_SIZE(struct vcpu_register_time_memory_area, 8);
XEN_ABI_OFFSET(struct vcpu_register_time_memory_area, addr, 0);
XEN_ABI_OFFSET(struct vcpu_register_time_memory_area, addr.h, 0);
XEN_ABI_OFFSET(struct vcpu_register_time_memory_area, addr.v, 0);
XEN_ABI_OFFSET(struct vcpu_register_time_memory_area, addr.p, 0);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_VCPU_H */
