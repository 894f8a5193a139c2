/* Trap handling interface (arch/x86/traps.c). */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <asm/regs.h>

void do_trap(struct cpu_regs *regs);
void show_registers(const struct cpu_regs *regs);
void show_backtrace(unsigned long rip, unsigned long rbp);
__noreturn void fatal_trap(const struct cpu_regs *regs, const char *why);
/* An APIC vector with no handler: count, EOI, rate-limited warning. */
void unexpected_interrupt(unsigned int vector);

#endif
