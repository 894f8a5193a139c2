/*
 * Per-CPU data areas.
 *
 * Interface: percpu_alloc(cpu) before the CPU starts; CPU 0 uses the
 * linked section itself (offset 0).
 * Invariants: __per_cpu_offset[cpu] never changes once the CPU is up.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/percpu.h>

extern char __per_cpu_start[], __per_cpu_end[];
unsigned long __per_cpu_offset[NR_CPUS];

int percpu_alloc(unsigned int cpu)
{
	size_t size = __per_cpu_end - __per_cpu_start;
	char *p;

	if (!cpu)
		return 0;
	p = xzalloc_bytes(size ? size : 1);
	if (!p)
		return -ENOMEM;
	__per_cpu_offset[cpu] = (unsigned long)p - (unsigned long)__per_cpu_start;
	return 0;
}
