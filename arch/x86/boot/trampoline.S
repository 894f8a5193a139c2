/*
 * AP start-up trampoline: real mode -> protected mode -> long mode.
 *
 * This is a template: smpboot.c copies trampoline_start..trampoline_end
 * to a page below 1 MiB and fills in the parameter block
 * (struct trampoline_info, asm/trampoline.h).  It is never run in place.
 *
 * Contract on entry (STARTUP IPI): real mode, CS = page >> 4, IP = 0,
 * interrupts off, no stack.  Because the page's address is only known at
 * run time, every address is (symbol - trampoline_start) plus the page
 * base, kept in EBX/RBX from the first instructions on.  The AP writes
 * the absolute GDT base and far-jump targets into its own page (every AP
 * writes the same values).
 *
 * Paging uses idle_pg_table (TRAMP_cr3), whose L4 slot 0 identity-maps
 * the first 4 GiB, so the low page stays reachable once paging is on.
 * In 64-bit mode the AP claims its stack by exchanging TRAMP_stack with
 * 0; if it finds 0 the BSP has withdrawn the offer and the AP parks here
 * with interrupts off.  Otherwise it calls TRAMP_entry (start_secondary,
 * which never returns) with RSP = that stack and RBP = 0 (end of
 * backtraces).
 */
#include <asm/x86-defns.h>
#include <asm/msr-index.h>
#include <asm/trampoline.h>
#include <asm-offsets.h>

#define OFF(sym)   ((sym) - trampoline_start)
#define INFO(fld)  (OFF(trampoline_info) + (fld))

/* Selectors in the temporary GDT below. */
#define TRAMP_CS32 0x08
#define TRAMP_CS64 0x10
#define TRAMP_DS   0x18

/* Same CR0/CR4 as the BSP's boot path (head.S); C refines CR4 later. */
#define TRAMP_CR0 (X86_CR0_PG | X86_CR0_WP | X86_CR0_NE | X86_CR0_ET | \
		   X86_CR0_MP | X86_CR0_PE)
#define TRAMP_CR4 (X86_CR4_PAE | X86_CR4_PSE)

	.section .rodata.trampoline, "a", @progbits
	.balign 16

	.code16
	.globl trampoline_start
trampoline_start:
	cli
	cld
	mov	%cs, %ax
	mov	%ax, %ds
	xor	%ebx, %ebx
	mov	%ax, %bx
	shl	$4, %ebx                  /* EBX = physical base of this page */

	lea	OFF(tramp_gdt)(%ebx), %eax
	mov	%eax, OFF(tramp_gdtr) + 2
	lea	OFF(tramp_pm)(%ebx), %eax
	mov	%eax, OFF(tramp_pm_ptr)
	lea	OFF(tramp_lm)(%ebx), %eax
	mov	%eax, OFF(tramp_lm_ptr)

	lgdtl	OFF(tramp_gdtr)
	mov	%cr0, %eax
	or	$X86_CR0_PE, %eax
	mov	%eax, %cr0
	ljmpl	*OFF(tramp_pm_ptr)

	.code32
tramp_pm:
	mov	$TRAMP_DS, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	$TRAMP_CR4, %eax
	mov	%eax, %cr4
	mov	INFO(TRAMP_cr3)(%ebx), %eax
	mov	%eax, %cr3
	mov	$MSR_EFER, %ecx
	mov	INFO(TRAMP_efer)(%ebx), %eax
	xor	%edx, %edx
	wrmsr
	mov	$TRAMP_CR0, %eax          /* also clears CD/NW left by INIT */
	mov	%eax, %cr0
	ljmp	*OFF(tramp_lm_ptr)(%ebx)

	.code64
tramp_lm:
	mov	%ebx, %ebx                /* upper half undefined after compat mode */
	xor	%eax, %eax
	xchg	%rax, INFO(TRAMP_stack)(%rbx)   /* implicitly locked */
	test	%rax, %rax
	jz	.Lpark
	mov	%rax, %rsp
	mov	INFO(TRAMP_entry)(%rbx), %rax
	xor	%ebp, %ebp
	call	*%rax
.Lpark:
	cli
	hlt
	jmp	.Lpark

	.balign 8
tramp_gdt:
	.quad 0x0000000000000000          /* null */
	.quad 0x00cf9a000000ffff          /* 0x08: flat 32-bit ring-0 code */
	.quad 0x00af9a000000ffff          /* 0x10: 64-bit ring-0 code */
	.quad 0x00cf92000000ffff          /* 0x18: flat ring-0 data */
tramp_gdt_end:

	.balign 8
	.short 0                          /* align the base field */
tramp_gdtr:
	.short tramp_gdt_end - tramp_gdt - 1
	.long 0                           /* base: patched with the page base */

	/* m16:32 far pointers; offsets patched with the page base. */
tramp_pm_ptr:
	.long 0
	.short TRAMP_CS32
tramp_lm_ptr:
	.long 0
	.short TRAMP_CS64

	.balign 8
	.globl trampoline_info
trampoline_info:
	.skip TRAMP_sizeof                /* struct trampoline_info */

	.globl trampoline_end
trampoline_end:

