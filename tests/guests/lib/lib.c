/*
 * Start of day, result reporting, console output, printf-lite and strings
 * of the test guests.
 *
 * Interface: head.S calls guest_start(); everything else is in guest.h.
 * Invariants: exactly one GUEST-RESULT line per boot (guest_exit prints it
 * at most once); after it the domain only shuts down, yields or blocks.
 */
#include "guest.h"

struct start_info *start_info;
unsigned long *p2m;
uint8_t hypercall_use_page;

long hypercall(unsigned long nr, unsigned long a1, unsigned long a2,
	       unsigned long a3, unsigned long a4, unsigned long a5)
{
	if (hypercall_use_page)
		return hypercall_via_page(nr, a1, a2, a3, a4, a5);
	return hypercall_via_syscall(nr, a1, a2, a3, a4, a5);
}

/* ---- strings ---- */
size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

const char *strstr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!memcmp(hay, needle, n))
			return hay;
	return n ? NULL : hay;
}

void *memset(void *d, int c, size_t n)
{
	unsigned char *p = d;

	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}

bool cmdline_has(const char *word)
{
	const char *s = start_info->cmd_line;
	size_t n = strlen(word);

	for (const char *p = s; (p = strstr(p, word)) != NULL; p++) {
		bool start = p == s || p[-1] == ' ';
		bool end = p[n] == '\0' || p[n] == ' ';

		if (start && end)
			return true;
	}
	return false;
}

/* ---- printf-lite: %d %i %u %x %p %s %c %%, l/ll/z, width, 0 flag ---- */
struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_num(struct out *o, unsigned long v, unsigned base, bool neg,
		    int width, char pad)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	while (width-- > n)
		put(o, pad);
	while (n)
		put(o, tmp[--n]);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = {buf, size, 0};

	for (; *fmt; fmt++) {
		int width = 0, lng = 0;
		char pad = ' ';

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		if (*fmt == '0')
			pad = '0', fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z')
			lng = 1, fmt++;
		switch (*fmt) {
		case 'd':
		case 'i': {
			long v = lng ? va_arg(ap, long) : va_arg(ap, int);

			put_num(&o,
				v < 0 ? -(unsigned long)v : (unsigned long)v,
				10, v < 0, width, pad);
			break;
		}
		case 'u':
			put_num(&o,
				lng ? va_arg(ap, unsigned long)
				    : va_arg(ap, unsigned),
				10, false, width, pad);
			break;
		case 'x':
			put_num(&o,
				lng ? va_arg(ap, unsigned long)
				    : va_arg(ap, unsigned),
				16, false, width, pad);
			break;
		case 'p':
			put(&o, '0'), put(&o, 'x');
			put_num(&o, (unsigned long)va_arg(ap, void *), 16,
				false, 16, '0');
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);

			if (!s)
				s = "(null)";
			width -= (int)strlen(s);
			while (width-- > 0)
				put(&o, ' ');
			while (*s)
				put(&o, *s++);
			break;
		}
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case '%':
			put(&o, '%');
			break;
		default: /* unknown: print it verbatim */
			put(&o, '%');
			if (*fmt)
				put(&o, *fmt);
			else
				fmt--;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void (*console_hook)(const char *s, size_t len);

long console_write(const char *s, size_t len)
{
	if (console_hook)
		console_hook(s, len);
	return hc_console_io(CONSOLEIO_write, len, s);
}

int printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	console_write(buf, n);
	return n;
}

/* ---- results ---- */
static void __noreturn power_off(void)
{
	struct sched_shutdown sd = {.reason = SHUTDOWN_poweroff};

	hc_sched_op(SCHEDOP_shutdown, &sd);
	/* Still here: the hypervisor refused; never spin hard. */
	for (int i = 0; i < 1000; i++)
		hc_sched_op(SCHEDOP_yield, NULL);
	for (;;)
		hc_sched_op(SCHEDOP_block, NULL);
}

void guest_exit(bool ok, const char *reason)
{
	static int reported;

	if (!reported++) {
		if (ok)
			printf("GUEST-RESULT %s: PASS\n", test_name);
		else
			printf("GUEST-RESULT %s: FAIL %s\n", test_name, reason);
	}
	power_off();
}

void pass_and_idle(void)
{
	printf("GUEST-RESULT %s: PASS\n", test_name);
	for (;;)
		hc_sched_op(SCHEDOP_block, NULL);
}

void pass(void)
{
	guest_exit(true, NULL);
}

void fail(const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	guest_exit(false, why);
}

/* ---- start of day ---- */
void __noreturn guest_start(struct start_info *si);

/*
 * Hypercall flavour: "hc=page" on the command line selects the hypercall
 * page, anything else direct SYSCALL (what Linux 6.1.192 does).  An unfilled
 * page still holds our ud2 pattern: then we say so and stay with syscall.
 */
void guest_start(struct start_info *si)
{
	static const unsigned char ud2[2] = {0x0f, 0x0b};
	bool filled = memcmp(hypercall_page, ud2, 2) != 0;

	start_info = si;
	si->cmd_line[MAX_GUEST_CMDLINE - 1] = '\0';
	p2m = (unsigned long *)si->mfn_list;
	hypercall_use_page = 0;
	if (cmdline_has("hc=page")) {
		if (filled)
			hypercall_use_page = 1;
		else
			fail("hc=page but the hypercall page was not filled");
	}
	char magic[sizeof(si->magic) + 1] = {0};

	memcpy(magic, si->magic, sizeof(si->magic));
	printf("guest %s: start_info %p magic '%s' flags %x nr_pages %lu "
	       "cmdline '%s' hypercalls via %s\n",
	       test_name, (void *)si, magic, si->flags,
	       (unsigned long)si->nr_pages, si->cmd_line,
	       hypercall_use_page ? "page" : "syscall");
	guest_main();
	pass();
}
