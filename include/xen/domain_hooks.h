/*
 * Hooks between common/domain.c and the subsystems a domain owns
 * (arch state, scheduler data, event channels).  Internal.
 */
#ifndef XEN_DOMAIN_HOOKS_H
#define XEN_DOMAIN_HOOKS_H

struct domain;
struct vcpu;

/* Shutdown reasons are the ABI's SHUTDOWN_* (public/sched.h). */
#include <public/sched.h>

int arch_domain_create(struct domain *d);
int arch_vcpu_create(struct vcpu *v);
void sched_vcpu_init(struct vcpu *v);
const char *shutdown_reason_name(unsigned int reason);
/* dom0 stopped: power off / reboot / halt the machine (noreboot). */
void dom0_shutdown_action(unsigned int reason);
void domain_try_destroy(struct domain *d);
void domain_abort_build(struct domain *d);
/*
 * Release everything d holds (event channels, page tables, memory), then
 * drop the creation reference; domain_free() runs at the last put_domain.
 */
void domain_destroy_resources(struct domain *d);
/* The first part of it: everything but memory and the reference. */
void domain_release_resources(struct domain *d);
void domain_free(struct domain *d);

#endif
