/* Fixed-width integers and the typed frame numbers used across the hypervisor. */
#ifndef XEN_TYPES_H
#define XEN_TYPES_H

#include <xen/compiler.h>
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef u64 paddr_t;          /* machine (host-physical) byte address */
typedef u64 s_time_t;         /* system time in ns since boot */

/*
 * Frame numbers get a struct wrapper so that a machine frame can never be
 * passed where a guest frame is expected (or added to a byte address).
 */
typedef struct { unsigned long m; } mfn_t;   /* machine frame number */
typedef struct { unsigned long g; } gfn_t;   /* guest (pseudo-physical) frame */

static inline mfn_t _mfn(unsigned long m) { return (mfn_t){ m }; }
static inline unsigned long mfn_x(mfn_t m) { return m.m; }
static inline gfn_t _gfn(unsigned long g) { return (gfn_t){ g }; }
static inline unsigned long gfn_x(gfn_t g) { return g.g; }
static inline bool mfn_eq(mfn_t a, mfn_t b) { return a.m == b.m; }
static inline mfn_t mfn_add(mfn_t m, unsigned long n) { return _mfn(m.m + n); }

#define INVALID_MFN_RAW (~0UL)
#define INVALID_MFN     _mfn(INVALID_MFN_RAW)

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))

static inline paddr_t mfn_to_maddr(mfn_t m) { return (paddr_t)m.m << PAGE_SHIFT; }
static inline mfn_t maddr_to_mfn(paddr_t a) { return _mfn(a >> PAGE_SHIFT); }

#endif
