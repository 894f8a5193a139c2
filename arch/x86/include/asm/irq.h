/* Interrupt vectors owned by the hypervisor and handler registration. */
#ifndef ASM_IRQ_H
#define ASM_IRQ_H

#include <asm/regs.h>

#define SPURIOUS_APIC_VECTOR  0xff
#define ERROR_APIC_VECTOR     0xfe
#define LOCAL_TIMER_VECTOR    0xfd  /* LAPIC one-shot timer */
#define CALL_FUNCTION_VECTOR  0xfc  /* smp_call_function IPI */
#define EVENT_CHECK_VECTOR    0xfb  /* "look at your softirqs" IPI */
#define FIRST_DYNAMIC_VECTOR  0x30  /* IO-APIC / MSI vectors from here */
#define LAST_DYNAMIC_VECTOR   0xef

typedef void (*intr_handler_t)(struct cpu_regs *regs);

/*
 * Route a vector >= 32 to fn.  The handler runs with interrupts off and
 * must send its own EOI (apic_eoi()) when the vector came from an APIC.
 */
void set_intr_handler(unsigned int vector, intr_handler_t fn);

#endif
