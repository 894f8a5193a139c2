/* Ending the machine: power off, reboot, or halt (noreboot). */
#ifndef XEN_SHUTDOWN_H
#define XEN_SHUTDOWN_H

#include <xen/compiler.h>
#include <xen/types.h>

extern bool opt_noreboot;
__noreturn void machine_power_off(void);   /* ACPI S5, then halt */
__noreturn void machine_restart(void);     /* ACPI reset reg / KBC / triple fault */
__noreturn void machine_halt(void);        /* stop all CPUs, console stays */

#endif
