/* STUB (being replaced): AP bring-up and IPIs. */
#include <xen/lib.h>
#include <xen/smp.h>
#include <asm/setup.h>

unsigned int nr_cpu_ids = 1;
unsigned int num_online_cpus_ = 1;
u64 cpu_online_mask[NR_CPUS / 64] = { 1 };

void arch_early_reserve(void) {}
void smp_boot_cpus(unsigned int max_cpus) {}
void smp_call_function(void (*fn)(void *), void *data, bool wait) {}
void smp_send_event_check(unsigned int cpu) {}
void smp_send_stop(void) {}
