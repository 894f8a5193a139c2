/*
 * callback_op (hypercall 30): callback_op(cmd, arg).  Registers the guest
 * entry points the hypervisor jumps to: event upcall, failsafe (bad
 * segment on return), SYSCALL from user mode, NMI.
 */
#ifndef PUBLIC_CALLBACK_H
#define PUBLIC_CALLBACK_H

#include "xen.h"

#define CALLBACKTYPE_event		 0 /* event upcall */
#define CALLBACKTYPE_failsafe		 1 /* segment reload failed */
#define CALLBACKTYPE_syscall		 2 /* 64-bit SYSCALL from user */
#define CALLBACKTYPE_sysenter_deprecated 3 /* old number, do not use */
#define CALLBACKTYPE_nmi		 4 /* NMI */
#define CALLBACKTYPE_sysenter		 5 /* SYSENTER from 32-bit user */
#define CALLBACKTYPE_syscall32		 7 /* SYSCALL from 32-bit user */

/* callback_register.flags */
#define _CALLBACKF_mask_events 0
/* mask events while it runs */
#define CALLBACKF_mask_events  (1U << _CALLBACKF_mask_events)

#define CALLBACKOP_register   0 /* callback_register */
#define CALLBACKOP_unregister 1 /* callback_unregister */

#ifndef __ASSEMBLER__

struct callback_register {
	uint16_t type;		/* CALLBACKTYPE_* */
	uint16_t flags;		/* CALLBACKF_* */
	xen_callback_t address; /* entry point */
};

XEN_ABI_SIZE(struct callback_register, 16);
XEN_ABI_OFFSET(struct callback_register, type, 0);
XEN_ABI_OFFSET(struct callback_register, flags, 2);
XEN_ABI_OFFSET(struct callback_register, address, 8);

struct callback_unregister {
	uint16_t type; /* CALLBACKTYPE_* */
	uint16_t _unused;
};

XEN_ABI_SIZE(struct callback_unregister, 4);
XEN_ABI_OFFSET(struct callback_unregister, type, 0);
XEN_ABI_OFFSET(struct callback_unregister, _unused, 2);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_CALLBACK_H */
