/*
 * VGA text-mode console (console=vga): 80x25 at 0xb8000, scrolls.
 *
 * Interface: vga_init() once on the BSP; output via the console driver.
 * Invariants: only touched under the console lock.
 */
#include <xen/lib.h>
#include <xen/console.h>
#include <xen/cmdline.h>
#include <asm/page.h>
#include <asm/serial.h>

#define VGA_TEXT_PADDR 0xb8000
#define VGA_COLS 80
#define VGA_ROWS 25
#define VGA_ATTR 0x0700   /* light grey on black */

static volatile u16 *vga_mem;
static unsigned int col, row;

static void vga_newline(void)
{
	col = 0;
	if (++row < VGA_ROWS)
		return;
	for (unsigned int i = 0; i < (VGA_ROWS - 1) * VGA_COLS; i++)
		vga_mem[i] = vga_mem[i + VGA_COLS];
	for (unsigned int i = 0; i < VGA_COLS; i++)
		vga_mem[(VGA_ROWS - 1) * VGA_COLS + i] = VGA_ATTR | ' ';
	row = VGA_ROWS - 1;
}

static void vga_puts(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n') {
			vga_newline();
			continue;
		}
		vga_mem[row * VGA_COLS + col] = VGA_ATTR | (u8)s[i];
		if (++col == VGA_COLS)
			vga_newline();
	}
}

static struct console_driver vga_console = {
	.name = "vga",
	.puts = vga_puts,
};

void vga_init(void)
{
	if (!opt_console_vga)
		return;
	vga_mem = maddr_to_virt(VGA_TEXT_PADDR);
	for (unsigned int i = 0; i < VGA_ROWS * VGA_COLS; i++)
		vga_mem[i] = VGA_ATTR | ' ';
	console_register(&vga_console);
}
