/*
 * The 8254 programmable interval timer and the port-0x61 control bits
 * that gate its channel 2.  Only channel 2 is used, as a one-shot
 * calibration reference (channel 0 and its IRQ 0 stay unused).
 */
#ifndef ASM_PIT_H
#define ASM_PIT_H

#define PIT_HZ	      1193182U /* input clock, 14.31818 MHz / 12 */
#define PIT_MAX_COUNT 0xffffU  /* 16-bit counters */
#define PIT_CH2	      0x42     /* channel 2 data port */
#define PIT_MODE      0x43     /* mode/command port */
#define PIT_SEL_CH2   0x80     /* bits 7:6 = 10: select channel 2 */
#define PIT_RW_LOHI   0x30     /* bits 5:4 = 11: LSB then MSB */
#define PIT_MODE_0    0x00     /* bits 3:1 = 000: interrupt on count */
#define PIT_BINARY    0x00     /* bit 0 = 0: binary, not BCD */

#define NMI_SC_PORT    0x61 /* NMI status and control */
#define NMI_SC_GATE2   0x01 /* channel 2 gate input */
#define NMI_SC_SPEAKER 0x02 /* channel 2 output to the speaker */
#define NMI_SC_OUT2    0x20 /* channel 2 output level (read only) */

#endif
