/*
 * HPET (IA-PC High Precision Event Timer, spec rev 1.0a) register block
 * and the small driver in arch/x86/hpet.c that uses only its main counter
 * as a calibration reference.
 */
#ifndef ASM_HPET_H
#define ASM_HPET_H

#include <xen/types.h>

#define HPET_MMIO_SIZE	     0x400	 /* register block length */
#define HPET_ID		     0x000	 /* general capabilities and id */
#define HPET_ID_COUNT_64     (1UL << 13) /* main counter is 64 bits wide */
#define HPET_ID_PERIOD_SHIFT 32		 /* bits 63:32: tick period in fs */
#define HPET_CFG	     0x010	 /* general configuration */
#define HPET_CFG_ENABLE	     (1UL << 0)	 /* main counter runs */
#define HPET_CFG_LEGACY	     (1UL << 1)	 /* timers 0/1 replace PIT/RTC IRQs */
#define HPET_COUNTER	     0x0f0	 /* main counter value */

#define HPET_MAX_PERIOD_FS 100000000ULL	       /* spec: at most 100 ns a tick */
#define FS_PER_SEC	   1000000000000000ULL /* femtoseconds in 1 s */

/*
 * Map the HPET at acpi_platform.hpet_base and start its main counter if
 * the firmware left it stopped.  Returns false (and leaves no state) when
 * there is no HPET or its capabilities are implausible.
 */
bool hpet_init(void);
/* Low 32 bits of the main counter; only valid after hpet_init(). */
u32 hpet_read32(void);
/* Main counter frequency in Hz; only valid after hpet_init(). */
u64 hpet_hz(void);

#endif
