/* CPU numbering, online map and cross-CPU calls. */
#ifndef XEN_SMP_H
#define XEN_SMP_H

#include <xen/types.h>
#include <asm/current.h>   /* smp_processor_id() */

extern unsigned int nr_cpu_ids;          /* logical CPU numbers in use */
extern unsigned int num_online_cpus_;    /* CPUs running */
extern u64 cpu_online_mask[];            /* bit per logical CPU */
static inline unsigned int num_online_cpus(void) { return num_online_cpus_; }
static inline bool cpu_online(unsigned int cpu)
{
	return cpu_online_mask[cpu / 64] & (1ULL << (cpu % 64));
}
#define for_each_online_cpu(c) \
	for ((c) = 0; (c) < nr_cpu_ids; (c)++) if (cpu_online(c))

void smp_boot_cpus(unsigned int max_cpus);   /* bring up APs (arch) */
/*
 * Run fn(data) on every other online CPU, in interrupt context with
 * interrupts off there; wait for completion if asked (else only until
 * every target has picked the call up).  Call with interrupts enabled,
 * never from an interrupt handler.  Waits are bounded (1 s): a CPU that
 * does not answer is reported, not waited for forever.
 */
void smp_call_function(void (*fn)(void *), void *data, bool wait);
/* Only the CPUs with want[cpu] set (want == NULL: every other CPU). */
void smp_call_function_many(const bool *want, void (*fn)(void *), void *data,
			    bool wait);
void smp_send_event_check(unsigned int cpu); /* kick a CPU out of hlt */
void smp_send_stop(void);                    /* park all other CPUs */
/* selftest=smp: every online CPU answers a cross-CPU call. */
void smp_selftest(void);

#endif
