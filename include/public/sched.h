/*
 * sched_op (hypercall 29): sched_op(cmd, arg).  Yielding, blocking until
 * an event, polling ports, and shutting a domain down.
 */
#ifndef PUBLIC_SCHED_H
#define PUBLIC_SCHED_H

#include "xen.h"

#define SCHEDOP_yield		0 /* no arg: give up the CPU */
/* no arg: unmask events and sleep until one is pending */
#define SCHEDOP_block		1
#define SCHEDOP_shutdown	2 /* sched_shutdown */
#define SCHEDOP_poll		3 /* sched_poll */
#define SCHEDOP_remote_shutdown 4 /* sched_remote_shutdown */
/* sched_shutdown: record the reason without shutting down yet */
#define SCHEDOP_shutdown_code	5
#define SCHEDOP_watchdog	6 /* sched_watchdog */
#define SCHEDOP_pin_override	7 /* sched_pin_override (dom0) */

/* Shutdown reasons. */
#define SHUTDOWN_poweroff   0 /* domain exited normally */
#define SHUTDOWN_reboot	    1 /* restart it */
#define SHUTDOWN_suspend    2 /* save state, may be resumed */
#define SHUTDOWN_crash	    3 /* domain crashed */
#define SHUTDOWN_watchdog   4 /* a domain watchdog expired */
#define SHUTDOWN_soft_reset 5 /* restart, keeping memory */
#define SHUTDOWN_MAX	    5

#ifndef __ASSEMBLER__

struct sched_shutdown {
	uint32_t reason; /* SHUTDOWN_* */
};

XEN_ABI_SIZE(struct sched_shutdown, 4);
XEN_ABI_OFFSET(struct sched_shutdown, reason, 0);

/*
 * Block until one of the ports is pending or until the absolute system
 * time "timeout" (ns; 0 = none) passes.
 */
struct sched_poll {
	XEN_GUEST_HANDLE(evtchn_port) ports; /* array of ports */
	uint32_t nr_ports;		     /* its length */
	uint64_t timeout;		     /* absolute ns, 0 = forever */
};

XEN_ABI_SIZE(struct sched_poll, 24);
XEN_ABI_OFFSET(struct sched_poll, ports, 0);
XEN_ABI_OFFSET(struct sched_poll, nr_ports, 8);
XEN_ABI_OFFSET(struct sched_poll, timeout, 16);

struct sched_remote_shutdown {
	domid_t domain_id; /* domain to shut down */
	uint32_t reason;   /* SHUTDOWN_* */
};

XEN_ABI_SIZE(struct sched_remote_shutdown, 8);
XEN_ABI_OFFSET(struct sched_remote_shutdown, domain_id, 0);
XEN_ABI_OFFSET(struct sched_remote_shutdown, reason, 4);

struct sched_watchdog {
	uint32_t id;	  /* 0 to create a new one, else its id */
	uint32_t timeout; /* seconds; 0 destroys it */
};

XEN_ABI_SIZE(struct sched_watchdog, 8);
XEN_ABI_OFFSET(struct sched_watchdog, id, 0);
XEN_ABI_OFFSET(struct sched_watchdog, timeout, 4);

struct sched_pin_override {
	int32_t pcpu; /* physical CPU to pin to, or -1 to undo */
};

XEN_ABI_SIZE(struct sched_pin_override, 4);
XEN_ABI_OFFSET(struct sched_pin_override, pcpu, 0);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_SCHED_H */
