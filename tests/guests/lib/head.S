/*
 * Entry point, ELF notes, hypercall page and the assembly half of the
 * hypercall, trap and callback paths of the test guests.
 *
 * Entry contract (linux-pv-abi.md §1.9): 64-bit guest kernel mode at CPL3,
 * RSI = VA of start_info, RSP on the builder's boot stack, events masked.
 * We clear .bss, switch to our own stack and call guest_start(start_info).
 *
 * Bounce frames (§2.6), lowest address first: RCX, R11, [error code], RIP,
 * CS, RFLAGS, RSP, SS.  Every entry stub pops RCX/R11, makes the frame
 * uniform (vector, error code, RIP, CS, RFLAGS, RSP, SS), saves all general
 * registers as struct trap_regs and calls trap_dispatch(); on return the
 * (possibly edited) frame is resumed with the iret hypercall (§2.8).
 */
#include <public/elfnote.h>
#include <public/xen.h>
#include "layout.h"

/* One "Xen" ELF note: name "Xen", type, descriptor. */
.macro elfnote type, desc:vararg
	.pushsection .note.Xen, "a", @note
	.balign 4
	.long 2f - 1f		/* namesz */
	.long 4f - 3f		/* descsz */
	.long \type
1:	.asciz "Xen"
2:	.balign 4
3:	\desc
4:	.balign 4
	.popsection
.endm

	elfnote XEN_ELFNOTE_GUEST_OS, .asciz "ourguest"
	elfnote XEN_ELFNOTE_GUEST_VERSION, .asciz "1"
	elfnote XEN_ELFNOTE_XEN_VERSION, .asciz "xen-3.0"
	elfnote XEN_ELFNOTE_LOADER, .asciz "generic"
	elfnote XEN_ELFNOTE_VIRT_BASE, .quad GUEST_VIRT_BASE
	elfnote XEN_ELFNOTE_PADDR_OFFSET, .quad 0
	elfnote XEN_ELFNOTE_ENTRY, .quad _start
	elfnote XEN_ELFNOTE_HYPERCALL_PAGE, .quad hypercall_page
	elfnote XEN_ELFNOTE_FEATURES, .asciz "pae_pgdir_above_4gb"
	/* XENFEAT_dom0 (bit 11): Xen refuses a dom0 kernel without it. */
	elfnote XEN_ELFNOTE_SUPPORTED_FEATURES, .long (1 << 11)

	.section .text.head, "ax"
	.code64
	.globl _start
_start:
	cld
	mov	%rsi, %r12		/* start_info survives the bss clear */
	lea	__bss_start(%rip), %rdi
	lea	__bss_end(%rip), %rcx
	sub	%rdi, %rcx
	xor	%eax, %eax
	rep stosb
	lea	boot_stack_top(%rip), %rsp
	mov	%r12, %rdi
	call	guest_start
	ud2

/*
 * The hypercall page: the builder overwrites it with 32-byte stubs (stub n
 * at n*32).  Until then every slot is "ud2", so an unfilled page is
 * noticed (guest_start checks the first bytes).
 */
	.text
	.balign 4096
	.globl hypercall_page
hypercall_page:
	.rept 4096 / 2
	ud2
	.endr

/*
 * long hypercall_via_page(nr, a1, a2, a3, a4, a5)
 * long hypercall_via_syscall(nr, a1, a2, a3, a4, a5)
 * SysV arguments rdi, rsi, rdx, rcx, r8, r9 -> hypercall rax=nr, rdi, rsi,
 * rdx, r10, r8.  RCX and R11 are clobbered (caller-saved anyway).
 */
	.globl hypercall_via_page
hypercall_via_page:
	mov	%rdi, %rax
	shl	$5, %rax
	lea	hypercall_page(%rip), %r11
	add	%rax, %r11
	mov	%rsi, %rdi
	mov	%rdx, %rsi
	mov	%rcx, %rdx
	mov	%r8, %r10
	mov	%r9, %r8
	call	*%r11
	ret

	.globl hypercall_via_syscall
hypercall_via_syscall:
	mov	%rdi, %rax
	mov	%rsi, %rdi
	mov	%rdx, %rsi
	mov	%rcx, %rdx
	mov	%r8, %r10
	mov	%r9, %r8
	syscall
	ret

/* Exception stubs for vectors 0-19 and the table set_trap_table uses. */
.macro trap_stub vec
	.balign 16
trap_\vec:
	pop	%rcx
	pop	%r11
	.if !((\vec == 8) || (\vec == 10) || (\vec == 11) || (\vec == 12) || (\vec == 13) || (\vec == 14) || (\vec == 17))
	push	$0			/* no error code: make one */
	.endif
	push	$\vec
	jmp	trap_common
.endm

	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19
	trap_stub \v
	.endr

	.section .rodata
	.balign 8
	.globl trap_stubs
trap_stubs:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19
	.quad trap_\v
	.endr
	.text

/* Event upcall: frame RCX, R11, RIP, CS, RFLAGS, RSP, SS. */
	.globl event_callback_entry
event_callback_entry:
	pop	%rcx
	pop	%r11
	push	$0
	push	$VEC_EVENT
	jmp	trap_common

/* SYSCALL from guest user mode: same frame as the event upcall (§2.5). */
	.globl syscall_callback_entry
syscall_callback_entry:
	pop	%rcx
	pop	%r11
	push	$0
	push	$VEC_SYSCALL
	jmp	trap_common

/* Failsafe: RCX, R11, DS, ES, FS, GS, RIP, CS, RFLAGS, RSP, SS (§2.9). */
	.globl failsafe_callback_entry
failsafe_callback_entry:
	pop	%rcx
	pop	%r11
	add	$32, %rsp		/* drop the four selectors */
	push	$0
	push	$VEC_FAILSAFE
	jmp	trap_common

/* Must match struct trap_regs in guest.h.  Global: tests add stubs. */
	.globl trap_common
trap_common:
	push	%rax
	push	%rbx
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%rbp
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, %rdi
	mov	%rsp, %rbx		/* callee-saved: the frame */
	and	$-16, %rsp
	call	trap_dispatch
	mov	%rbx, %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rbp
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rbx
	pop	%rax
	add	$16, %rsp		/* vector, error code */
	/* fall through: RSP -> RIP, CS, RFLAGS, RSP, SS */

/*
 * iret_to_frame: RSP points at RIP, CS, RFLAGS, RSP, SS; every register
 * holds the value to resume with.  Completes struct iret_context (flags,
 * RCX, R11, RAX below it) and makes hypercall 23, by the same flavour as
 * other hypercalls.  Does not return.
 */
	.globl iret_to_frame
iret_to_frame:
	push	$0			/* iret_context.flags */
	cmpb	$0, hypercall_use_page(%rip)
	jne	1f
	push	%rcx
	push	%r11
	push	%rax
	mov	$__HYPERVISOR_iret, %eax
	syscall
	ud2
1:	jmp	hypercall_page + __HYPERVISOR_iret * 32	/* pushes RCX, R11, RAX */

/*
 * long iret_raw(const struct iret_context *ctx)
 * Copies the whole struct iret_context onto an aligned spot of our stack
 * and makes the iret hypercall with it: for tests that build hostile frames.  With the
 * syscall flavour it returns if the hypervisor fails the iret hypercall
 * (RAX = error); through the hypercall page there is no way back.
 */
	.globl iret_raw
iret_raw:
	push	%rbx
	push	%rbp
	mov	%rsp, %rbp
	and	$-16, %rsp
	sub	$80, %rsp
	mov	%rdi, %rsi
	mov	%rsp, %rdi
	mov	$9, %ecx
	rep movsq			/* struct iret_context at RSP */
	cmpb	$0, hypercall_use_page(%rip)
	jne	1f
	mov	$__HYPERVISOR_iret, %eax
	syscall
	jmp	2f
1:	mov	0(%rsp), %rax		/* the stub pushes RCX, R11, RAX */
	mov	8(%rsp), %r11
	mov	16(%rsp), %rcx
	add	$24, %rsp
	jmp	hypercall_page + __HYPERVISOR_iret * 32	/* no way back */
2:	mov	%rbp, %rsp
	pop	%rbp
	pop	%rbx
	ret

/*
 * long enter_user(unsigned long rip, unsigned long rsp)
 * Saves the callee-saved registers, then irets to guest user mode
 * (CS = FLAT_USER_CS, RPL 3; events enabled).  "Returns" when a handler
 * calls leave_user(value).
 */
	.globl enter_user
enter_user:
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, user_return_rsp(%rip)
	push	$FLAT_USER_SS
	push	%rsi
	push	$0x202			/* IF: events enabled in user mode */
	push	$FLAT_USER_CS
	push	%rdi
	xor	%eax, %eax
	xor	%ecx, %ecx
	xor	%r11d, %r11d
	jmp	iret_to_frame

/* void leave_user(long value): back into enter_user's caller, kernel mode. */
	.globl leave_user
leave_user:
	mov	%rdi, %rax
	mov	user_return_rsp(%rip), %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	ret

	.bss
	.balign 16
	.globl user_return_rsp
user_return_rsp:
	.skip 8
	.balign 4096
boot_stack:
	.skip BOOT_STACK_SIZE
boot_stack_top:
