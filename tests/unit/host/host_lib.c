/*
 * Host implementations of the few library hooks common/ code calls
 * (printk, panic, BUG), so real hypervisor sources link into unit tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <xen/types.h>

unsigned char *host_ram;
int unit_quiet = 1;   /* tests set 0 to see printk output */

void vprintk(const char *fmt, va_list ap);
void vprintk(const char *fmt, va_list ap)
{
	if (fmt[0] == '<' && fmt[1] && fmt[2] == '>')
		fmt += 3;
	if (!unit_quiet)
		vprintf(fmt, ap);
}

void printk(const char *fmt, ...);
void printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...);
void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "panic: ");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	abort();
}

void bug_fail(const char *file, int line, const char *cond);
void bug_fail(const char *file, int line, const char *cond)
{
	fprintf(stderr, "BUG at %s:%d: %s\n", file, line, cond);
	abort();
}

/* glibc 2.36 has no strlcpy; the hypervisor's semantics. */
size_t strlcpy(char *d, const char *s, size_t n);
size_t strlcpy(char *d, const char *s, size_t n)
{
	size_t len = strlen(s);

	if (n) {
		size_t c = len < n - 1 ? len : n - 1;
		memcpy(d, s, c);
		d[c] = '\0';
	}
	return len;
}
