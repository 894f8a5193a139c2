/* Arch hooks the scheduler calls (arch/x86/domain.c). */
#ifndef XEN_ARCH_SCHED_H
#define XEN_ARCH_SCHED_H

#include <xen/types.h>

struct vcpu;

/* Runstates are the ABI's RUNSTATE_* (public/vcpu.h). */
#include <public/vcpu.h>

/*
 * Switch this CPU from prev to next: save prev's guest state, load
 * next's (registers into the stack-top frame, page tables, segment
 * bases, FPU) and set current.  Returns on the same stack.
 */
void context_switch(struct vcpu *prev, struct vcpu *next);
bool is_idle_vcpu(const struct vcpu *v);

#endif
