/*
 * Entry from a Multiboot 1 or Multiboot 2 loader.
 *
 * Contract on entry (both protocols): 32-bit protected mode, paging off,
 * flat CS/DS, interrupts off, EAX = loader magic, EBX = physical address
 * of the loader's information structure.  We run at physical addresses
 * until paging is on, so every symbol is used as (sym - XEN_VIRT_START).
 *
 * Steps: check for long mode, load the static boot page tables (identity
 * + image + direct map of the first 4 GiB, 2 MiB pages), enable PAE, LME,
 * NXE when present, paging, jump to 64-bit code, move to the high image
 * address, zero .bss, switch to CPU 0's stack and call
 * __start_xen(magic, info_paddr), which never returns.
 */
#include <asm/config.h>
#include <asm/x86-defns.h>
#include <asm/msr-index.h>
#include <asm-offsets.h>

#define PA(x) ((x) - XEN_VIRT_START)

#define MB1_MAGIC        0x1badb002
#define MB1_FLAGS        0x00010003  /* page-align modules, mem info, address fields */
#define MB2_MAGIC        0xe85250d6
#define MB2_ARCH_I386    0
#define MB2_TAG_END      0
#define MB2_TAG_ADDRESS  2
#define MB2_TAG_ENTRY    3
#define MB2_TAG_MODALIGN 6

/* 2 MiB page flags: P, RW, A, D, PS; uncached for the MMIO gigabyte. */
#define PDE_2M    0x0e3
#define PDE_2M_UC 0x0fb
#define PTE_TABLE 0x063

	.section .text.head, "ax", @progbits
	.code32

	.balign 4
	.globl multiboot1_header
multiboot1_header:
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long -(MB1_MAGIC + MB1_FLAGS)
	.long PA(multiboot1_header)      /* header_addr */
	.long PA(__image_start)          /* load_addr */
	.long PA(__load_end)             /* load_end_addr */
	.long PA(__bss_end)              /* bss_end_addr */
	.long PA(start)                  /* entry_addr */

	.balign 8
multiboot2_header:
	.long MB2_MAGIC
	.long MB2_ARCH_I386
	.long multiboot2_header_end - multiboot2_header
	.long -(MB2_MAGIC + MB2_ARCH_I386 + (multiboot2_header_end - multiboot2_header))
	.balign 8
	.short MB2_TAG_ADDRESS, 0
	.long 24
	.long PA(multiboot2_header)      /* header_addr */
	.long PA(__image_start)          /* load_addr */
	.long PA(__load_end)             /* load_end_addr */
	.long PA(__bss_end)              /* bss_end_addr */
	.balign 8
	.short MB2_TAG_ENTRY, 0
	.long 12
	.long PA(start)
	.balign 8
	.short MB2_TAG_MODALIGN, 0
	.long 8
	.balign 8
	.short MB2_TAG_END, 0
	.long 8
multiboot2_header_end:

	.globl start
start:
	cli
	cld
	mov	%eax, %edi                /* loader magic, kept for C */
	mov	%ebx, %esi                /* loader info, kept for C */
	mov	$PA(cpu0_stack) + STACK_SIZE - CPUINFO_sizeof, %esp

	/* Long mode and (optionally) NX are reported by extended leaf 1. */
	mov	$0x80000000, %eax
	cpuid
	cmp	$0x80000001, %eax
	jb	.Lno_long_mode
	mov	$0x80000001, %eax
	cpuid
	bt	$29, %edx                 /* LM */
	jnc	.Lno_long_mode
	xor	%ebp, %ebp
	bt	$20, %edx                 /* NX */
	jnc	1f
	mov	$EFER_NXE, %ebp
1:
	mov	$PA(boot_l4), %eax
	mov	%eax, %cr3
	mov	$(X86_CR4_PAE | X86_CR4_PSE), %eax
	mov	%eax, %cr4
	mov	$MSR_EFER, %ecx
	rdmsr
	or	$(EFER_LME | EFER_SCE), %eax
	or	%ebp, %eax
	wrmsr
	mov	$(X86_CR0_PG | X86_CR0_WP | X86_CR0_NE | X86_CR0_ET | X86_CR0_MP | X86_CR0_PE), %eax
	mov	%eax, %cr0
	lgdt	PA(boot_gdtr)
	ljmp	$0x08, $PA(start64)

.Lno_long_mode:
	mov	$PA(no_lm_msg), %ebx
1:	movb	(%ebx), %al
	test	%al, %al
	jz	2f
	mov	$0x3f8, %dx
	outb	%al, %dx
	inc	%ebx
	jmp	1b
2:	hlt
	jmp	2b

	.code64
start64:
	/* Still at the physical address; continue at the linked one. */
	movabs	$high64, %rax
	jmp	*%rax
high64:
	mov	$0x10, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	xor	%eax, %eax
	mov	%eax, %fs
	mov	%eax, %gs
	mov	%edi, %r12d               /* magic (callee-saved) */
	mov	%esi, %r13d               /* info */
	/* Zero .bss (loaders are supposed to; do not rely on it). */
	lea	__bss_start(%rip), %rdi
	lea	__bss_end(%rip), %rcx
	sub	%rdi, %rcx
	shr	$3, %rcx
	xor	%eax, %eax
	rep	stosq
	lea	cpu0_stack(%rip), %rsp
	add	$STACK_SIZE - CPUINFO_sizeof, %rsp
	xor	%ebp, %ebp                /* terminates backtraces */
	mov	%r12d, %edi
	mov	%r13d, %esi
	call	__start_xen
	ud2

	.section .rodata
no_lm_msg:
	.asciz "ERROR: this CPU has no 64-bit long mode; cannot boot.\r\n"

	.data
	.balign 8
boot_gdt:
	.quad 0x0000000000000000          /* null */
	.quad 0x00af9a000000ffff          /* 0x08: 64-bit ring-0 code */
	.quad 0x00cf92000000ffff          /* 0x10: flat ring-0 data */
boot_gdt_end:
boot_gdtr:
	.short boot_gdt_end - boot_gdt - 1
	.long PA(boot_gdt)

	.section .data.page_aligned, "aw", @progbits
	.balign 4096
	/* One L3 maps the first 4 GiB; shared by identity, image and direct map. */
	.globl boot_l4
boot_l4:
	.quad PA(boot_l3) + PTE_TABLE                 /* slot 0: identity */
	.fill L4_SLOT(XEN_VIRT_START) - 1, 8, 0
	.quad PA(boot_l3) + PTE_TABLE                 /* image */
	.quad PA(boot_l3) + PTE_TABLE                 /* direct map */
	.fill 511 - L4_SLOT(DIRECTMAP_VIRT_START), 8, 0
	.globl boot_l3
boot_l3:
	.quad PA(boot_l2) + PTE_TABLE
	.quad PA(boot_l2) + 0x1000 + PTE_TABLE
	.quad PA(boot_l2) + 0x2000 + PTE_TABLE
	.quad PA(boot_l2) + 0x3000 + PTE_TABLE
	.fill 508, 8, 0
	.globl boot_l2
boot_l2:
	.set i, 0
	.rept 1536
	.quad (i << 21) + PDE_2M
	.set i, i + 1
	.endr
	.rept 512
	.quad (i << 21) + PDE_2M_UC
	.set i, i + 1
	.endr

	/* cpu0_stack (STACK_SIZE aligned) is placed by the link script. */
