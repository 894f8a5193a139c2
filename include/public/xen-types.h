/*
 * Scalar types, guest handles and layout-check helpers used by every
 * header in include/public/.
 *
 * include/public/ is the Xen PV hypercall ABI for 64-bit x86 guests, written
 * for this project from the documented numbers and layouts.  Three kinds of
 * code include it: the hypervisor (freestanding, -nostdinc), our test guest
 * kernels and dom0 tools (hosted).  So these headers include <stdint.h> and
 * each other, nothing else, and depend on no compiler feature beyond GNU C11
 * (_Static_assert, anonymous unions, __builtin_offsetof).
 *
 * Assembly files may include any of these headers: everything that is not a
 * plain number is hidden behind __ASSEMBLER__.
 */
#ifndef PUBLIC_XEN_TYPES_H
#define PUBLIC_XEN_TYPES_H

#if !defined(__x86_64__)
#error "include/public/ describes the 64-bit x86 PV ABI only"
#endif

/* An unsigned 64-bit constant usable from both C and assembly. */
#ifdef __ASSEMBLER__
#define XEN_UL(x) x
#else
#define XEN_UL(x) x##UL
#endif

#ifndef __ASSEMBLER__

#include <stdint.h>

/*
 * The ABI was defined in terms of C "unsigned long"; on x86-64 that is
 * always 64 bits, so we spell it as a fixed-width type.
 */
typedef uint64_t xen_ulong_t;
typedef uint64_t xen_pfn_t;	/* frame number; a PV guest passes MFNs */
typedef uint16_t domid_t;	/* domain id, or one of the DOMID_* values */
typedef uint32_t evtchn_port_t; /* event channel port number */
typedef uint32_t grant_ref_t;	/* index into a grant table */

/*
 * Guest handles.
 *
 * A handle is a guest virtual address of an array of "type", carried in
 * hypercall argument structures.  It is wrapped in a one-member struct so
 * that it cannot be mixed up with an ordinary pointer or integer by
 * accident; the struct is exactly one 64-bit word, as the ABI requires.
 * Guests and tools store into it with xen_set_guest_handle().  The
 * hypervisor must never dereference .p: it hands the whole handle to its
 * checked copy_from_guest()/copy_to_guest() accessors.
 *
 * XEN_DEFINE_GUEST_HANDLE(name, type) makes xen_handle_<name>_t and
 * xen_handle_const_<name>_t; XEN_GUEST_HANDLE(name) names the first,
 * XEN_GUEST_HANDLE(const_<name>) the second.
 */
#define XEN_DEFINE_GUEST_HANDLE(name, type)                                    \
	typedef struct {                                                       \
		type *p;                                                       \
	} xen_handle_##name##_t;                                               \
	typedef struct {                                                       \
		const type *p;                                                 \
	} xen_handle_const_##name##_t
#define XEN_GUEST_HANDLE(name)	       xen_handle_##name##_t
#define xen_set_guest_handle(hnd, val) ((hnd).p = (val))

XEN_DEFINE_GUEST_HANDLE(void, void);
XEN_DEFINE_GUEST_HANDLE(char, char);
XEN_DEFINE_GUEST_HANDLE(uint8, uint8_t);
XEN_DEFINE_GUEST_HANDLE(uint32, uint32_t);
XEN_DEFINE_GUEST_HANDLE(uint64, uint64_t);
XEN_DEFINE_GUEST_HANDLE(int, int);
XEN_DEFINE_GUEST_HANDLE(xen_pfn, xen_pfn_t);
XEN_DEFINE_GUEST_HANDLE(xen_ulong, xen_ulong_t);
XEN_DEFINE_GUEST_HANDLE(evtchn_port, evtchn_port_t);

/*
 * Compile-time layout checks.  Every structure a guest shares with the
 * hypervisor is followed by these for its size and for the offset of each
 * member, with the numbers of the real x86-64 ABI.
 */
#define XEN_ABI_SIZE(type, size)                                               \
	_Static_assert(sizeof(type) == (size), "ABI size of " #type)
#define XEN_ABI_OFFSET(type, member, off)                                      \
	_Static_assert(__builtin_offsetof(type, member) == (off),              \
		       "ABI offset of " #type "." #member)

XEN_ABI_SIZE(XEN_GUEST_HANDLE(void), 8);
XEN_ABI_SIZE(XEN_GUEST_HANDLE(const_uint8), 8);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_XEN_TYPES_H */
