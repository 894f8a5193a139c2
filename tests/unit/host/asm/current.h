/*
 * Host stand-in: unit tests run as CPU 0; `current` (xen/sched.h) reads
 * host_cpu_info, which a test that uses it defines.
 */
#ifndef ASM_CURRENT_H
#define ASM_CURRENT_H
struct vcpu;
struct cpu_info {
	struct vcpu *current_vcpu;
};
extern struct cpu_info host_cpu_info;
static inline struct cpu_info *get_cpu_info(void) { return &host_cpu_info; }
#define smp_processor_id() 0u
#endif
