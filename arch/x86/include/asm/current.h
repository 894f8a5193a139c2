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
	struct vcpu *current_vcpu;   /* vcpu running here (NULL = idle) */
	unsigned long pad;           /* keep the block 16-byte sized */
};

static inline struct cpu_info *get_cpu_info(void)
{
	unsigned long sp;
	__asm__("mov %%rsp, %0" : "=r"(sp));
	return (struct cpu_info *)((sp | (STACK_SIZE - 1)) + 1) - 1;
}

#define smp_processor_id() (get_cpu_info()->processor_id)

#endif
