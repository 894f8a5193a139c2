/*
 * Link script for the hypervisor image.  One loadable segment, laid out
 * linearly in the file, so the Multiboot "address fields" (a.out kludge)
 * can describe it: loaders copy [load, load_end) from the file to
 * XEN_IMAGE_PADDR and zero up to bss_end.  Virtual = XEN_VIRT_START + phys.
 */
#include <asm/config.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(start_phys)

PHDRS
{
	image PT_LOAD FLAGS(7);
}

SECTIONS
{
	. = XEN_VIRT_START + XEN_IMAGE_PADDR;
	__image_start = .;

	.text : AT(ADDR(.text) - XEN_VIRT_START) {
		*(.text.head)          /* multiboot headers + 32-bit entry first */
		*(.text.entry)
		*(.text .text.*)
		. = ALIGN(4096);
		__init_begin = .;
		*(.init.text)
	} :image

	.rodata : AT(ADDR(.rodata) - XEN_VIRT_START) {
		. = ALIGN(16);
		__ex_table_start = .;
		*(.ex_table)           /* (fault rip, fixup rip) pairs */
		__ex_table_end = .;
		*(.rodata .rodata.*)
	} :image

	.data : AT(ADDR(.data) - XEN_VIRT_START) {
		. = ALIGN(4096);
		*(.data.page_aligned)
		*(.data .data.*)
		*(.init.data)
		. = ALIGN(4096);
		__load_end = .;
	} :image

	.bss : AT(ADDR(.bss) - XEN_VIRT_START) {
		__bss_start = .;
		. = ALIGN(4096);
		*(.bss.page_aligned)
		. = ALIGN(64);
		__per_cpu_start = .;
		*(.bss.percpu)
		. = ALIGN(64);
		__per_cpu_end = .;
		*(.bss .bss.* COMMON)
		/* Aligned here, not in an input section, so the segment keeps
		 * 4 KiB alignment and the Multiboot header stays near the
		 * start of the file. */
		. = ALIGN(STACK_SIZE);
		cpu0_stack = .;
		. += STACK_SIZE;
		. = ALIGN(4096);
		__bss_end = .;
	} :image

	__image_end = .;
	start_phys = start - XEN_VIRT_START;

	/DISCARD/ : {
		*(.comment) *(.note.*) *(.eh_frame) *(.interp) *(.dynsym)
		*(.dynstr) *(.hash) *(.gnu.hash) *(.dynamic)
	}
}

ASSERT(__image_end - XEN_VIRT_START < 0x40000000, "image must fit in the first GiB")
