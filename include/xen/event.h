/*
 * Event channels (common/event_channel.c) and per-vCPU timers and state
 * (common/vcpu_op.c): the interface the rest of the hypervisor uses to
 * raise events in guests and to set up and tear down that state.
 */
#ifndef XEN_EVENT_H
#define XEN_EVENT_H

#include <xen/types.h>

struct domain;
struct vcpu;

/* VIRQ numbers are the ABI's VIRQ_* (public/xen.h). */
#include <public/xen.h>

/* Port table of d (none for the idle domain); 0 or -ENOMEM. */
int evtchn_domain_init(struct domain *d);
/* Close every port of d (peers become unbound) and free the table. */
void evtchn_domain_destroy(struct domain *d);
/*
 * Highest port d may allocate (XEN_DOMCTL_createdomain's max_evtchn_port,
 * XEN_DOMCTL_set_max_evtchn); values above EVTCHN_MAX_PORT_UNLIMITED are
 * clamped to it, which leaves only the ABI's own limit (4095 for 2-level).
 * Ports already bound above it stay.  0, or -EINVAL if d has no ports.
 * Allocation beyond the limit fails with -ENOSPC.
 */
#define EVTCHN_MAX_PORT_UNLIMITED 0x7fffffffu /* INT_MAX, as Xen */
int evtchn_set_max_port(struct domain *d, unsigned int max_port);
/* Raise a per-vCPU VIRQ (timer, debug) if the guest bound it.  Any context. */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
/* Raise a global VIRQ (console, dom_exc) on the domain's bound vCPU. */
void send_guest_global_virq(struct domain *d, unsigned int virq);
/*
 * Mark port pending in v's domain, v being the port's notify vCPU, and
 * kick v (2-level bitmaps, or the FIFO queues once the domain has called
 * EVTCHNOP_init_control).  Caller holds v->domain's event lock.
 */
void evtchn_set_pending(struct vcpu *v, unsigned int port);
/* SCHEDOP_poll: block until one of the ports is pending or timeout. */
long sched_poll(unsigned long arg);
/* Bind v's poll_timer (SCHEDOP_poll timeout) to v->processor. */
void evtchn_poll_timer_init(struct vcpu *v);

/*
 * common/vcpu_op.c: per-vCPU timers and the shared_info vcpu_info slot,
 * set up when a non-idle vCPU is created and released when its domain is
 * destroyed (before the domain's memory is returned).
 */
void vcpu_op_vcpu_init(struct vcpu *v);
void vcpu_op_vcpu_destroy(struct vcpu *v);

/*
 * arch/x86/pv/time.c.  runstate_update: copy v's runstate to its
 * registered guest area, if any; v must be current (its page tables are
 * loaded).  pv_time_update: rewrite v's vcpu_info.time (pvclock) from
 * this CPU's TSC; v must be current or not running.  pv_time_init_domain:
 * the wallclock (CMOS RTC at boot, or as dom0 last set it) into d's
 * shared_info.
 */
void runstate_update(struct vcpu *v);
void pv_time_update(struct vcpu *v);
void pv_time_init_domain(struct domain *d);
/*
 * Set the wallclock of every domain: wall time secs.nsecs was current at
 * system time system_time (ns).  Lock order: before domlist_lock.
 */
void pv_time_set_wallclock(u64 secs, u32 nsecs, u64 system_time);
/*
 * arch/x86/pv/vcpu_context.c: load a vcpu_guest_context into a vCPU that
 * is not up (VCPUOP_initialise); 0 or a negative errno, v unchanged then.
 */
struct vcpu_guest_context;
int arch_initialise_vcpu(struct vcpu *v, const struct vcpu_guest_context *c);
/* Load c into initialised, not running v, keeping its tables, or reset v
 * to "never initialised" (XEN_DOMCTL_setvcpucontext). */
int arch_reload_vcpu(struct vcpu *v, const struct vcpu_guest_context *c);
void arch_reset_vcpu(struct vcpu *v);

#endif
