/* Interrupt-flag control and CPU relax hints. */
#ifndef ASM_SYSTEM_H
#define ASM_SYSTEM_H

#include <xen/types.h>
#include <asm/x86-defns.h>

static inline void cpu_relax(void) { __asm__ __volatile__("pause" ::: "memory"); }
static inline void local_irq_disable(void) { __asm__ __volatile__("cli" ::: "memory"); }
static inline void local_irq_enable(void) { __asm__ __volatile__("sti" ::: "memory"); }

static inline unsigned long arch_local_save_flags(void)
{
	unsigned long f;
	__asm__ __volatile__("pushf; pop %0" : "=r"(f) :: "memory");
	return f;
}

static inline unsigned long arch_local_irq_save(void)
{
	unsigned long f = arch_local_save_flags();
	local_irq_disable();
	return f;
}

static inline void arch_local_irq_restore(unsigned long f)
{
	if (f & X86_EFLAGS_IF)
		local_irq_enable();
}

static inline bool local_irq_is_enabled(void)
{
	return arch_local_save_flags() & X86_EFLAGS_IF;
}

static inline void halt(void) { __asm__ __volatile__("hlt" ::: "memory"); }
static inline void safe_halt(void) { __asm__ __volatile__("sti; hlt" ::: "memory"); }
static inline void mb(void) { __asm__ __volatile__("mfence" ::: "memory"); }
static inline void smp_mb(void) { mb(); }

#endif
