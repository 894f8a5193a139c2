/* Compiler helpers shared by every translation unit. */
#ifndef XEN_COMPILER_H
#define XEN_COMPILER_H

#define __packed          __attribute__((__packed__))
#define __aligned(a)      __attribute__((__aligned__(a)))
#define __section(s)      __attribute__((__section__(s)))
#define __noreturn        __attribute__((__noreturn__))
#define __used            __attribute__((__used__))
#define __unused          __attribute__((__unused__))
#define __printf(a, b)    __attribute__((__format__(__printf__, a, b)))
#define __init            __section(".init.text")
#define __initdata        __section(".init.data")

#define likely(x)         __builtin_expect(!!(x), 1)
#define unlikely(x)       __builtin_expect(!!(x), 0)
#define barrier()         __asm__ __volatile__("" ::: "memory")

#define ARRAY_SIZE(a)     (sizeof(a) / sizeof((a)[0]))
#define offsetof(t, m)    __builtin_offsetof(t, m)
#define container_of(p, t, m) ((t *)((char *)(p) - offsetof(t, m)))

#define BUILD_BUG_ON(c)   _Static_assert(!(c), #c)

#define ROUNDUP(x, a)     (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define ROUNDDOWN(x, a)   ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)  (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define MIN(a, b)         ((a) < (b) ? (a) : (b))
#define MAX(a, b)         ((a) > (b) ? (a) : (b))

#define READ_ONCE(x)      (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)  (*(volatile __typeof__(x) *)&(x) = (v))

#endif
