/*
 * elf_minimal: a PV kernel with only the notes Xen 4.17 requires, as XTF
 * builds them: GUEST_OS, LOADER "generic", XEN_VERSION "xen-3.0" and
 * HYPERCALL_PAGE, found through an SHT_NOTE section (no PT_NOTE), no
 * ENTRY, VIRT_BASE or PADDR_OFFSET (elf_minimal.lds).  Xen boots it at
 * e_entry with the bootstrap region from virtual address 0, so the image
 * runs where it was linked (2 MiB), start_info and the page tables follow
 * it in low memory, and the hypercall page is filled.
 */
#include "guest.h"
#include <public/elfnote.h>

#define STR_(x) #x
#define STR(x)	STR_(x)

const char test_name[] = "elf_minimal";

/* The notes: name "Xen", non-allocated (only the section table has them). */
/* clang-format off */
__asm__(".macro minnote type, desc:vararg\n"
	".pushsection .note.min, \"\", @note\n"
	".balign 4\n"
	".long 2f - 1f\n.long 4f - 3f\n.long \\type\n"
	"1: .asciz \"Xen\"\n2: .balign 4\n3: \\desc\n4: .balign 4\n"
	".popsection\n"
	".endm\n"
	"minnote " STR(XEN_ELFNOTE_GUEST_OS) ", .asciz \"minimal\"\n"
	"minnote " STR(XEN_ELFNOTE_LOADER) ", .asciz \"generic\"\n"
	"minnote " STR(XEN_ELFNOTE_XEN_VERSION) ", .asciz \"xen-3.0\"\n"
	"minnote " STR(XEN_ELFNOTE_HYPERCALL_PAGE) ", .quad hypercall_page\n"
	/* dom0: Xen wants XENFEAT_dom0 once SUPPORTED_FEATURES exists */
	"minnote " STR(XEN_ELFNOTE_SUPPORTED_FEATURES) ", .long 1 << "
	STR(XENFEAT_dom0) "\n");
/* clang-format on */

extern char _start[];

void guest_main(void)
{
	static const unsigned char ud2[2] = {0x0f, 0x0b};
	unsigned long here = (unsigned long)guest_main;

	check(here >= 0x200000 && here < 0x1000000,
	      "running at %lx, not where linked", here);
	check((unsigned long)start_info > here &&
		      (unsigned long)start_info < 0x40000000,
	      "start_info at %p: not after the image in the low region",
	      start_info);
	check(start_info->pt_base > (unsigned long)__image_end &&
		      start_info->pt_base < 0x40000000,
	      "page tables at %lx", (unsigned long)start_info->pt_base);
	check(memcmp(hypercall_page, ud2, 2) != 0,
	      "the hypercall page was not filled");
	hypercall_use_page = 1;
	check(console_write("via the page\n", 13) == 0,
	      "console_io through the hypercall page failed");
	hypercall_use_page = 0;
	/* Page 0 is mapped too (the region starts at VIRT_BASE 0). */
	check(((volatile unsigned char *)0x1000)[0] == 0,
	      "page 1 of the region is not zeroed memory");
	printf("elf_minimal: entry %p, start_info %p\n", _start, start_info);
}
