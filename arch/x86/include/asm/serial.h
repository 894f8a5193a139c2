/* Serial and VGA console drivers (arch/x86/serial.c, vga.c). */
#ifndef ASM_SERIAL_H
#define ASM_SERIAL_H

#include <xen/types.h>

void serial_init(void);
void serial_early_puts(const char *s);
bool serial_present(void);
void vga_init(void);

#endif
