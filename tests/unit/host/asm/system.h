/* Host stand-in for arch/x86/include/asm/system.h (unit tests only). */
#ifndef ASM_SYSTEM_H
#define ASM_SYSTEM_H
static inline void cpu_relax(void) {}
static inline unsigned long arch_local_irq_save(void) { return 0; }
static inline void arch_local_irq_restore(unsigned long f) { (void)f; }
static inline void local_irq_disable(void) {}
static inline void local_irq_enable(void) {}
static inline void smp_mb(void) { __sync_synchronize(); }
#endif
