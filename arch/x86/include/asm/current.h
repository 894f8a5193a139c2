/*
 * Per-CPU identity.  The GS base belongs to guests, so the hypervisor
 * finds its per-CPU block at the top of the current (aligned) stack.
 */
#ifndef ASM_CURRENT_H
#define ASM_CURRENT_H

#include <asm/config.h>
#include <asm/regs.h>

struct vcpu;

struct cpu_info {
	unsigned int processor_id;   /* logical CPU number, 0 = BSP */
	unsigned int apic_id;        /* local APIC id of this CPU */
	unsigned long per_cpu_offset;/* added to &per_cpu__x for this CPU */
	struct vcpu *current_vcpu;   /* vcpu running here (idle vcpu if none) */
	unsigned long guest_rax;     /* SYSCALL stub scratch (entry.S) */
	unsigned long pad[2];        /* keep the block a multiple of 16 */
};


static inline struct cpu_info *get_cpu_info(void)
{
	unsigned long sp;
	__asm__("mov %%rsp, %0" : "=r"(sp));
	return (struct cpu_info *)((sp | (STACK_SIZE - 1)) + 1) - 1;
}

/* The guest frame sits right below cpu_info at the top of the stack. */
static inline struct cpu_regs *guest_cpu_regs(void)
{
	return (struct cpu_regs *)get_cpu_info() - 1;
}

#define smp_processor_id() (get_cpu_info()->processor_id)

#endif
