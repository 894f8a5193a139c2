/*
 * Per-CPU variables.  Rule: they start zeroed on every CPU (the BSP uses
 * the section itself, APs get zeroed copies), so give them no initialiser.
 */
#ifndef XEN_PERCPU_H
#define XEN_PERCPU_H

#include <asm/current.h>
#include <asm/config.h>

extern unsigned long __per_cpu_offset[NR_CPUS];

#define DEFINE_PER_CPU(type, name) \
	__attribute__((__section__(".bss.percpu"))) __typeof__(type) per_cpu__##name
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) per_cpu__##name

#define per_cpu(name, cpu) \
	(*(__typeof__(&per_cpu__##name))((unsigned long)&per_cpu__##name + __per_cpu_offset[cpu]))
#define this_cpu(name) per_cpu(name, smp_processor_id())

/* Allocate and zero cpu's copy (arch/x86/percpu.c); 0 or -ENOMEM. */
int percpu_alloc(unsigned int cpu);

#endif
