/*
 * x86 side of SMP: logical CPU <-> APIC id, online-state updates, the
 * IPI handlers' set-up, and bounded waits that work before the time
 * code has calibrated anything.
 */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#include <xen/compiler.h>
#include <xen/time.h>
#include <xen/types.h>
#include <asm/config.h>
#include <asm/processor.h>
#include <asm/system.h>

/*
 * TSC rate assumed until cpu_khz_tsc() knows better.  Deliberately
 * faster than any real part, so a wait is never shorter than asked,
 * only longer.
 */
#define SMP_ASSUMED_TSC_KHZ 5000000ULL

/* APIC id of each logical CPU; valid while the CPU is online. */
extern u32 x86_cpu_to_apicid[NR_CPUS];

/* Atomically set or clear cpu's online bit and count (arch/x86/smpboot.c). */
void cpu_set_online(unsigned int cpu);    /* by cpu itself, once */
void cpu_set_offline(unsigned int cpu);   /* idempotent */

/* First C code on an AP, reached from the trampoline; never returns. */
__noreturn void start_secondary(void);

/* Register the IPI handlers (arch/x86/smp.c); once, on the BSP. */
void smp_intr_init(void);

/*
 * NMI hook for do_trap(): if a stop was requested by another CPU, park
 * this CPU (never returns); otherwise return false (the NMI is not ours).
 */
bool smp_handle_nmi(void);

/* A TSC value us microseconds from now, for bounded polling loops. */
static inline u64 smp_deadline_us(unsigned long us)
{
	u64 khz = cpu_khz_tsc();

	return rdtsc_ordered() + us * (khz ? khz : SMP_ASSUMED_TSC_KHZ) / 1000;
}

static inline bool smp_deadline_passed(u64 deadline)
{
	return (s64)(rdtsc_ordered() - deadline) >= 0;
}

/* Spin for at least us microseconds (see SMP_ASSUMED_TSC_KHZ). */
static inline void smp_delay_us(unsigned long us)
{
	u64 deadline = smp_deadline_us(us);

	while (!smp_deadline_passed(deadline))
		cpu_relax();
}

#endif
