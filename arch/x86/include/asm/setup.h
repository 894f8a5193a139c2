/* Arch boot hooks called from xen/setup.c. */
#ifndef ASM_SETUP_H
#define ASM_SETUP_H

/*
 * Called after the frame table exists and before the boot allocator hands
 * its memory to the heap: take the low (< 1 MiB) pages that AP start-up
 * needs (arch/x86/smpboot.c).
 */
void arch_early_reserve(void);

/* Per-CPU feature and entry setup (CR4, SYSCALL MSRs); every CPU. */
void cpu_init_local(unsigned int cpu);

struct boot_info;
/* Build dom0 and the boot-time domUs, then make them runnable. */
void create_boot_domains(const struct boot_info *bi);
/* For the "memory back to its boot value" report when domUs exit. */
extern unsigned long boot_heap_before_domus;
extern unsigned int boot_domus_alive;

#endif
