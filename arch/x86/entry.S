/*
 * Exception and interrupt entry for the hypervisor.
 *
 * One 16-byte stub per vector (generated below).  Each leaves a
 * struct cpu_regs on the stack: the stub makes the hardware's
 * error-code slot uniform (pushing 0 where the CPU pushes none) and
 * stores the vector in its upper half; common_interrupt pushes the
 * general registers and calls do_trap(regs) with interrupts still off.
 * On return the registers are restored from the (possibly modified)
 * frame and IRETQ resumes.  Stack contract: entered on the current stack
 * (CPL0) or the IST stack for #DF/NMI/#MC; both lie inside the CPU's
 * STACK_SIZE-aligned block so get_cpu_info() works everywhere.
 */
#include <asm-offsets.h>

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERRCODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
			(v) == 21 || (v) == 29 || (v) == 30)

	.section .text.entry, "ax", @progbits
	.code64

/* Push the general registers in struct cpu_regs order (r15 lowest). */
.macro SAVE_GPRS
	push	%rdi
	push	%rsi
	push	%rdx
	push	%rcx
	push	%rax
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
.endm


	.globl common_interrupt
common_interrupt:
	cld
	SAVE_GPRS
	mov	%rsp, %rdi
	/* Frame pointer chain for backtraces: link to the interrupted rbp. */
	mov	%rsp, %rbp
	call	do_trap
	testb	$3, UREGS_cs(%rsp)        /* back to a guest? */
	jnz	return_to_guest
	.globl restore_all
restore_all:
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rax
	pop	%rcx
	pop	%rdx
	pop	%rsi
	pop	%rdi
	add	$8, %rsp                  /* error code + vector */
	.globl restore_all_iretq
restore_all_iretq:
	iretq
	/* A guest frame the CPU refuses or cannot read yet: pv_iret_fault. */
	.pushsection .ex_table, "a"
	.quad	restore_all_iretq, .Liret_fault
	.popsection

/*
 * The IRETQ above faulted on a guest frame.  The fault handler returned
 * here (CPL0, interrupts off) with RSP at that frame's RIP slot, which is
 * the guest frame at the stack top, and the guest's registers live again
 * (the handler saved and restored them; their slots in the frame were
 * overwritten by the fault's own frame).  Rebuild the frame's register
 * part and let pv_iret_fault() decide; it does not return.
 */
.Liret_fault:
	sub	$8, %rsp                  /* error code + vector slot */
	SAVE_GPRS
	mov	%rsp, %rdi
	xor	%ebp, %ebp
	call	pv_iret_fault
	ud2

	.section .rodata
	.balign 8
	.globl entry_stubs
entry_stubs:
	.section .text.entry, "ax", @progbits
	.balign 16
	.set vec, 0
	.rept 256
	.balign 16
1:
	.if !HAS_ERRCODE(vec)
	push	$0
	.endif
	movl	$vec, 4(%rsp)
	jmp	common_interrupt
	.section .rodata
	.quad	1b
	.section .text.entry, "ax", @progbits
	.set vec, vec + 1
	.endr

/*
 * Guest SYSCALL (64-bit, from guest kernel = hypercall, or guest user =
 * system call for the guest kernel).  Entered from this CPU's stub
 * (pv_syscall_stub_init) with: RAX = guest RSP, guest RAX saved in
 * cpu_info.guest_rax, RSP = this CPU's guest-frame top (just below
 * cpu_info), RCX = guest RIP, R11 = guest RFLAGS, interrupts off (SFMASK).
 * Builds the same struct cpu_regs an exception from the guest would.
 */
#define TRAP_SYSCALL 0x100
#define GUEST_CS64 0xe033
#define GUEST_SS   0xe02b

	.section .text.entry, "ax", @progbits
	.globl lstar_common
lstar_common:
	pushq	$GUEST_SS                 /* ss */
	pushq	%rax                      /* rsp */
	pushq	%r11                      /* rflags */
	pushq	$GUEST_CS64               /* cs */
	pushq	%rcx                      /* rip */
	pushq	$0
	movl	$TRAP_SYSCALL, 4(%rsp)    /* error code 0, vector marker */
	mov	8*6 + CPUINFO_guest_rax(%rsp), %rax
	cld
	SAVE_GPRS
	mov	%rsp, %rdi
	xor	%ebp, %ebp
	call	do_guest_syscall
	/* fall through */

/*
 * Exit to the guest whose frame is at RSP (the stack-top frame).  C code
 * handles softirqs (possibly switching vCPU: the frame is rewritten) and
 * event delivery with interrupts off, then we IRET.
 */
	.globl return_to_guest
return_to_guest:
	cli
	mov	%rsp, %rdi
	call	pv_exit_to_guest
	jmp	restore_all

/* reset_stack_and_jump(fn): RDI = new RSP, RSI = target. No return. */
	.globl reset_stack_and_jump_asm
reset_stack_and_jump_asm:
	mov	%rdi, %rsp
	xor	%ebp, %ebp
	jmp	*%rsi

/* Per-CPU SYSCALL entry stubs, written by pv_syscall_init_cpu(). */
#include <asm/config.h>
	.section .text.stubs, "ax", @progbits
	.balign 32
	.globl syscall_stubs
syscall_stubs:
	.fill NR_CPUS * 32, 1, 0xcc

