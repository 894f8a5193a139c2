/* Core library interface: logging, assertions, string helpers. */
#ifndef XEN_LIB_H
#define XEN_LIB_H

#include <xen/compiler.h>
#include <xen/types.h>

/*
 * Log levels, written as a "<n>" prefix on the format string like
 * printk(XENLOG_WARNING "...").  Lines above the console threshold
 * (loglvl=) still go to the in-memory ring but not to the serial line.
 */
#define XENLOG_ERR     "<0>"
#define XENLOG_WARNING "<1>"
#define XENLOG_INFO    "<2>"
#define XENLOG_DEBUG   "<3>"
#define XENLOG_G_ERR     "<4>"  /* guest-triggered variants, guest_loglvl= */
#define XENLOG_G_WARNING "<5>"
#define XENLOG_G_INFO    "<6>"
#define XENLOG_G_DEBUG   "<7>"

__printf(1, 2) void printk(const char *fmt, ...);
void vprintk(const char *fmt, va_list args);
__printf(1, 2) __noreturn void panic(const char *fmt, ...);

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
__printf(3, 4) int snprintf(char *buf, size_t size, const char *fmt, ...);

/* Arch: print a backtrace of the caller (no register dump). */
void dump_execution_state(void);
/* End the machine after a fatal error: halt with noreboot, else reboot. */
__noreturn void machine_crash_stop(void);

__noreturn void bug_fail(const char *file, int line, const char *cond);
#define BUG() bug_fail(__FILE__, __LINE__, "BUG")
#define BUG_ON(c) do { if (unlikely(c)) bug_fail(__FILE__, __LINE__, #c); } while (0)
#ifdef CONFIG_DEBUG
#define ASSERT(c) BUG_ON(!(c))
#else
#define ASSERT(c) do { if (0 && (c)) {} } while (0)
#endif

void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
size_t strlcpy(char *d, const char *s, size_t n);
unsigned long long simple_strtoull(const char *s, const char **end, int base);

/* Highest / lowest set bit, 1-based; 0 when x == 0. */
static inline int fls64(u64 x) { return x ? 64 - __builtin_clzll(x) : 0; }
static inline int ffs64(u64 x) { return __builtin_ffsll(x); }

#endif
