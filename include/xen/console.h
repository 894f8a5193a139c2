/* The hypervisor console: output drivers, in-memory ring, input. */
#ifndef XEN_CONSOLE_H
#define XEN_CONSOLE_H

#include <xen/types.h>

struct console_driver {
	const char *name;
	void (*puts)(const char *s, size_t n);  /* may be called with irqs off */
	int (*getc)(void);                       /* -1 when nothing pending */
	struct console_driver *next;
};

void console_register(struct console_driver *drv);
/* Copy ring bytes from *idx on; returns bytes copied, advances *idx. */
size_t console_ring_read(char *buf, size_t len, u64 *idx);
u64 console_ring_head(void);
/*
 * The part of the ring XEN_SYSCTL_readconsole shows: [*first, *head),
 * positions counted in bytes ever written.  console_ring_clear(upto)
 * hides what lies before upto (ignored unless inside the window).
 */
void console_ring_window(u64 *first, u64 *head);
void console_ring_clear(u64 upto);
/*
 * Guest console_io output: dom0's goes to the console as is (it is
 * dom0's terminal); other domains' lines get a "(dN) " prefix.
 */
void console_guest_write(unsigned int domid, bool is_dom0, const char *s,
			 size_t n);
/* Characters typed on the console, for dom0's CONSOLEIO_read. */
size_t console_read_input(char *buf, size_t len);
/* Start polling the input drivers (needs timers); once, on the BSP. */
void console_input_start(void);
/* Input arrived: tell dom0 (VIRQ_CONSOLE).  Implemented in common/kernel.c. */
void console_input_notify(void);
/* Called on panic/fatal exceptions: never block on the console lock. */
void console_force_unlock(void);

#endif
