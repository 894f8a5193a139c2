/* STUB (being replaced): local APIC. */
#include <xen/lib.h>
#include <asm/apic.h>

u32 apic_read(unsigned int reg) { return 0; }
void apic_write(unsigned int reg, u32 v) {}
void apic_eoi(void) {}
u32 get_apic_id(void) { return 0; }
void apic_init_bsp(void) {}
void apic_init_ap(void) {}
void apic_send_ipi(u32 dest_apic_id, unsigned int vector) {}
