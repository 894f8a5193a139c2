/*
 * Event channels (common/event_channel.c): the interface the rest of the
 * hypervisor uses to raise events in guests.
 */
#ifndef XEN_EVENT_H
#define XEN_EVENT_H

#include <xen/types.h>

struct domain;
struct vcpu;

/* VIRQ numbers (the ABI's VIRQ_*). */
#define VIRQ_TIMER_   0
#define VIRQ_DEBUG_   1
#define VIRQ_CONSOLE_ 2
#define VIRQ_DOM_EXC_ 3

int evtchn_domain_init(struct domain *d);
void evtchn_domain_destroy(struct domain *d);
/* Raise a per-vCPU VIRQ (timer, debug) if the guest bound it. */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
/* Raise a global VIRQ (console, dom_exc) on the domain's bound vCPU. */
void send_guest_global_virq(struct domain *d, unsigned int virq);
/* Mark port pending in d and kick the notified vCPU (2-level ABI). */
void evtchn_set_pending(struct vcpu *v, unsigned int port);
/* SCHEDOP_poll: block until one of the ports is pending or timeout. */
long sched_poll(unsigned long arg);

#endif
