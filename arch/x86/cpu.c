/*
 * Per-CPU processor setup shared by the BSP and APs.
 * Interface: cpu_init_local(cpu) on each CPU once its descriptors are
 * loaded and before it runs guests.
 */
#include <xen/lib.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/setup.h>

void cpu_init_local(unsigned int cpu)
{
	/* Guests use SSE; their state is switched with FXSAVE/FXRSTOR. */
	write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
	pv_syscall_init_cpu(cpu);
	gdt_window_init(cpu);   /* GDTR -> per-CPU window (arch/x86/desc.c) */
}
