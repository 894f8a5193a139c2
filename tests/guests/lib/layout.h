/*
 * Constants shared by the guest runtime's C and assembly: where the guest
 * lives and the pseudo-vectors of callbacks in struct trap_regs.vector.
 */
#ifndef GUEST_LAYOUT_H
#define GUEST_LAYOUT_H

#define GUEST_VIRT_BASE 0xffffffff80000000 /* XEN_ELFNOTE_VIRT_BASE */
#define BOOT_STACK_SIZE 16384

#define NR_TRAP_STUBS 20  /* exception vectors 0-19 */
#define VEC_EVENT     256 /* event upcall (CALLBACKTYPE_event) */
#define VEC_FAILSAFE  257 /* CALLBACKTYPE_failsafe */
#define VEC_SYSCALL   258 /* CALLBACKTYPE_syscall from user mode */

#endif
