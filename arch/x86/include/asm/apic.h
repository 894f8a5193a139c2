/* Local APIC registers (xAPIC MMIO layout) and access functions. */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <xen/types.h>

#define APIC_DEFAULT_PHYS_BASE 0xfee00000UL
#define APIC_ID        0x020
#define APIC_LVR       0x030
#define APIC_TASKPRI   0x080
#define APIC_EOI       0x0b0
#define APIC_LDR       0x0d0
#define APIC_DFR       0x0e0
#define APIC_SPIV      0x0f0  /* spurious vector; bit 8 = software enable */
#define  APIC_SPIV_ENABLE 0x100
#define APIC_ESR       0x280
#define APIC_ICR       0x300
#define APIC_ICR2      0x310
#define  APIC_DM_FIXED    0x00000
#define  APIC_DM_NMI      0x00400
#define  APIC_DM_INIT     0x00500
#define  APIC_DM_STARTUP  0x00600
#define  APIC_ICR_BUSY    0x01000
#define  APIC_INT_LEVELTRIG 0x08000
#define  APIC_INT_ASSERT  0x04000
#define  APIC_DEST_SELF   0x40000
#define  APIC_DEST_ALLBUT 0xc0000
#define APIC_LVTT      0x320  /* timer LVT */
#define  APIC_LVT_MASKED  0x10000
#define  APIC_TIMER_ONESHOT 0x00000
#define  APIC_TIMER_PERIODIC 0x20000
#define  APIC_TIMER_TSC_DEADLINE 0x40000
#define APIC_LVTTHMR   0x330
#define APIC_LVTPC     0x340
#define APIC_LVT0      0x350
#define APIC_LVT1      0x360
#define APIC_LVTERR    0x370
#define APIC_TMICT     0x380  /* timer initial count */
#define APIC_TMCCT     0x390  /* timer current count */
#define APIC_TDCR      0x3e0  /* timer divide configuration */
#define  APIC_TDR_DIV_1   0xb

/* Implemented in arch/x86/apic.c. */
u32 apic_read(unsigned int reg);
void apic_write(unsigned int reg, u32 v);
void apic_eoi(void);
u32 get_apic_id(void);
void apic_init_bsp(void);      /* map + enable the BSP's LAPIC */
void apic_init_ap(void);       /* enable an AP's LAPIC */
/* Raw ICR write (INIT/SIPI/NMI...): waits for the previous IPI first. */
void apic_send_icr(u32 dest_apic_id, u32 icr_low);
/* Send a fixed-mode IPI with vector to the CPU whose APIC id is dest. */
void apic_send_ipi(u32 dest_apic_id, unsigned int vector);

#endif
