/*
 * Console: log levels, the "(XEN) " line prefix, an in-memory ring of
 * the hypervisor's log (`xm dmesg` via XEN_SYSCTL_readconsole), and
 * fan-out to the registered output drivers (serial, VGA).
 *
 * Interface: printk() from any context, any CPU, with or without
 * interrupts; drivers register once during boot.  panic() and bug_fail()
 * print, then end the machine through arch hooks.
 * Invariants: console_lock guards the ring and the drivers' output so
 * lines from different CPUs never interleave mid-line; the ring keeps
 * every hypervisor and domU message regardless of the console log level,
 * and dom0's output only with console_to_ring (as Xen).
 */
#include <xen/lib.h>
#include <xen/console.h>
#include <xen/cmdline.h>
#include <xen/spinlock.h>
#include <xen/time.h>

#define CONRING_SIZE (64 * 1024)   /* power of two */
#define PRINTK_BUF 512

static char conring[CONRING_SIZE];
static u64 conring_prod;                 /* total bytes ever written */
/* Oldest byte XEN_SYSCTL_readconsole still shows (its "clear" moves it). */
static u64 conring_cons;
static struct console_driver *drivers;
static DEFINE_SPINLOCK(console_lock);
static bool at_line_start = true;

void console_register(struct console_driver *drv)
{
	unsigned long flags;

	spin_lock_irqsave(&console_lock, flags);
	/* Replay what was logged before any output driver existed. */
	if (!drivers && conring_prod <= CONRING_SIZE)
		drv->puts(conring, conring_prod);
	drv->next = drivers;
	drivers = drv;
	spin_unlock_irqrestore(&console_lock, flags);
}

void console_force_unlock(void)
{
	spin_lock_init(&console_lock);
}

static void ring_put(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		conring[(conring_prod + i) & (CONRING_SIZE - 1)] = s[i];
	conring_prod += n;
	if (conring_prod - conring_cons > CONRING_SIZE)
		conring_cons = conring_prod - CONRING_SIZE;
}

u64 console_ring_head(void)
{
	return conring_prod;
}

size_t console_ring_read(char *buf, size_t len, u64 *idx)
{
	unsigned long flags;
	size_t n = 0;

	spin_lock_irqsave(&console_lock, flags);
	if (conring_prod - *idx > CONRING_SIZE)   /* overwritten: skip ahead */
		*idx = conring_prod - CONRING_SIZE;
	while (n < len && *idx < conring_prod)
		buf[n++] = conring[(*idx)++ & (CONRING_SIZE - 1)];
	spin_unlock_irqrestore(&console_lock, flags);
	return n;
}

void console_ring_window(u64 *first, u64 *head)
{
	unsigned long flags;

	spin_lock_irqsave(&console_lock, flags);
	*first = conring_cons;
	*head = conring_prod;
	spin_unlock_irqrestore(&console_lock, flags);
}

void console_ring_clear(u64 upto)
{
	unsigned long flags;

	spin_lock_irqsave(&console_lock, flags);
	if (upto > conring_cons && upto <= conring_prod)
		conring_cons = upto;
	spin_unlock_irqrestore(&console_lock, flags);
}

static void emit(const char *s, size_t n, bool to_drivers)
{
	ring_put(s, n);
	if (!to_drivers)
		return;
	for (struct console_driver *d = drivers; d; d = d->next)
		d->puts(s, n);
}

/* Write text, inserting the prefix at the start of every line. */
static void emit_lines(const char *s, bool to_drivers)
{
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s + 1) : strlen(s);

		if (at_line_start)
			emit("(XEN) ", 6, to_drivers);
		emit(s, n, to_drivers);
		at_line_start = nl != NULL;
		s += n;
	}
}

/* "<n>" prefix -> level and guest flag; unprefixed = warning. */
static const char *strip_level(const char *s, int *lvl, bool *guest)
{
	*lvl = LOGLVL_WARNING;
	*guest = false;
	if (s[0] == '<' && s[1] >= '0' && s[1] <= '7' && s[2] == '>') {
		*lvl = (s[1] - '0') & 3;
		*guest = s[1] >= '4';
		return s + 3;
	}
	return s;
}

void vprintk(const char *fmt, va_list args)
{
	char buf[PRINTK_BUF];
	const char *text;
	unsigned long flags;
	int lvl;
	bool guest, show;

	vsnprintf(buf, sizeof(buf), fmt, args);
	text = strip_level(buf, &lvl, &guest);
	show = lvl <= (guest ? opt_guest_loglvl : opt_loglvl);
	spin_lock_irqsave(&console_lock, flags);
	emit_lines(text, show);
	spin_unlock_irqrestore(&console_lock, flags);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

void console_guest_write(unsigned int domid, bool is_dom0, const char *s,
			 size_t n)
{
	static bool guest_line_start = true;
	unsigned long flags;
	char prefix[16];

	spin_lock_irqsave(&console_lock, flags);
	if (is_dom0) {
		/* As Xen: the ring (`xl dmesg`) is the hypervisor's log. */
		if (opt_console_to_ring)
			ring_put(s, n);
		for (struct console_driver *d = drivers; d; d = d->next)
			d->puts(s, n);
		if (n)
			guest_line_start = s[n - 1] == '\n';
		spin_unlock_irqrestore(&console_lock, flags);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (guest_line_start) {
			int len = snprintf(prefix, sizeof(prefix), "(d%u) ", domid);
			emit(prefix, len, opt_guest_loglvl >= LOGLVL_WARNING);
		}
		emit(&s[i], 1, opt_guest_loglvl >= LOGLVL_WARNING);
		guest_line_start = s[i] == '\n';
	}
	spin_unlock_irqrestore(&console_lock, flags);
}

/*
 * Console input: a timer polls the drivers every INPUT_POLL and queues
 * what was typed; dom0 is told with VIRQ_CONSOLE and drains the queue
 * with CONSOLEIO_read.  Bytes beyond the queue's size are dropped.
 */
#define INPUT_RING 1024   /* power of two */
#define INPUT_POLL MILLISECS(20)

static char input_ring[INPUT_RING];
static unsigned int input_prod, input_cons;   /* guarded by console_lock */
static struct timer input_timer;

static void input_poll(void *unused)
{
	unsigned long flags;
	bool got = false;

	spin_lock_irqsave(&console_lock, flags);
	for (struct console_driver *d = drivers; d; d = d->next) {
		int c;
		for (unsigned int i = 0; d->getc && i < INPUT_RING &&
		     (c = d->getc()) >= 0; i++) {
			if (input_prod - input_cons < INPUT_RING)
				input_ring[input_prod++ & (INPUT_RING - 1)] = (char)c;
			got = true;
		}
	}
	spin_unlock_irqrestore(&console_lock, flags);
	if (got)
		console_input_notify();
	set_timer(&input_timer, NOW() + INPUT_POLL);
}

void console_input_start(void)
{
	init_timer(&input_timer, input_poll, NULL, 0);
	set_timer(&input_timer, NOW() + INPUT_POLL);
}

size_t console_read_input(char *buf, size_t len)
{
	unsigned long flags;
	size_t n = 0;

	spin_lock_irqsave(&console_lock, flags);
	while (n < len && input_cons != input_prod)
		buf[n++] = input_ring[input_cons++ & (INPUT_RING - 1)];
	spin_unlock_irqrestore(&console_lock, flags);
	return n;
}
