/*
 * 16550 serial console (COM1 by default).
 *
 * Interface: serial_init() once on the BSP after the command line is
 * parsed; output then goes through the console driver list.
 * Invariants: the console lock serialises all register access; polling
 * loops are bounded so a missing UART can never hang the hypervisor.
 */
#include <xen/lib.h>
#include <xen/console.h>
#include <xen/cmdline.h>
#include <asm/io.h>
#include <asm/uart.h>
#include <asm/serial.h>

static u16 uart_base = UART_DEFAULT_BASE;
static bool uart_present;

static void uart_putc(char c)
{
	/* ~1 ms at 115200 is ~12 characters; 100k polls is far longer. */
	for (unsigned int i = 0; i < 100000; i++)
		if (inb(uart_base + UART_LSR) & UART_LSR_THRE)
			break;
	outb((u8)c, uart_base + UART_THR);
}

static void uart_puts(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}

static int uart_getc(void)
{
	if (!(inb(uart_base + UART_LSR) & UART_LSR_DR))
		return -1;
	return inb(uart_base + UART_RBR);
}

static struct console_driver uart_console = {
	.name = "com1",
	.puts = uart_puts,
	.getc = uart_getc,
};

static u8 lcr_value(const struct com_opt *c)
{
	u8 lcr = (u8)(c->data_bits - 5);            /* word length 5..8 */
	if (c->stop_bits == 2)
		lcr |= 0x04;
	switch (c->parity) {
	case 'o': lcr |= 0x08; break;
	case 'e': lcr |= 0x18; break;
	case 'm': lcr |= 0x28; break;
	case 's': lcr |= 0x38; break;
	default: break;
	}
	return lcr;
}

/* Program the UART; keep the firmware's divisor for baud "auto" (0). */
static void uart_setup(const struct com_opt *c)
{
	u8 lcr = lcr_value(c);

	outb(0, uart_base + UART_IER);               /* polled mode */
	if (c->baud) {
		u16 div = (u16)(UART_CLOCK_HZ / 16 / c->baud);
		outb(UART_LCR_DLAB, uart_base + UART_LCR);
		outb(div & 0xff, uart_base + UART_DLL);
		outb(div >> 8, uart_base + UART_DLM);
	}
	outb(lcr, uart_base + UART_LCR);
	outb(UART_FCR_ENABLE | UART_FCR_CLEAR, uart_base + UART_FCR);
	outb(UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2, uart_base + UART_MCR);
}

void serial_init(void)
{
	if (!opt_console_com1)
		return;
	if (opt_com1.io_base)
		uart_base = (u16)opt_com1.io_base;
	/* A floating bus reads 0xff: no UART there. */
	if (inb(uart_base + UART_LSR) == 0xff)
		return;
	uart_setup(&opt_com1);
	uart_present = true;
	console_register(&uart_console);
}

/* Raw output for the earliest messages, before serial_init(). */
void serial_early_puts(const char *s)
{
	uart_puts(s, strlen(s));
}

bool serial_present(void)
{
	return uart_present;
}
