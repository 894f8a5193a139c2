/*
 * The ACPI power-management timer (ACPI 6.5, 4.8.3.3): a free-running
 * counter in I/O space, used only as a TSC calibration reference.
 */
#ifndef ASM_PMTIMER_H
#define ASM_PMTIMER_H

#define PMTMR_HZ      3579545U	  /* fixed by the ACPI specification */
#define PMTMR_MASK_24 0x00ffffffU /* TMR_VAL_EXT clear: 24-bit counter */
#define PMTMR_MASK_32 0xffffffffU /* TMR_VAL_EXT set: 32-bit counter */

#endif
