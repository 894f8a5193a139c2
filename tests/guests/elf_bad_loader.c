/*
 * elf_bad_loader: Xen notes that Xen 4.17 refuses: GUEST_OS "ourguest"
 * (not "linux"), no LOADER "generic", XEN_VERSION "xen-3.0", ELF entry
 * and layout as elf_minimal.  Booted as a domU under the "hello" dom0
 * (tests/qemu/test_guests.py REFUSED): the hypervisor must refuse it
 * ("only images for the generic loader ... or Linux"), build no domain 1
 * and run dom0 to its PASS.  Should it boot after all, it reports FAIL.
 */
#include "guest.h"
#include <public/elfnote.h>

#define STR_(x) #x
#define STR(x)	STR_(x)

const char test_name[] = "elf_bad_loader";

/* clang-format off */
__asm__(".macro minnote type, desc:vararg\n"
	".pushsection .note.min, \"\", @note\n"
	".balign 4\n"
	".long 2f - 1f\n.long 4f - 3f\n.long \\type\n"
	"1: .asciz \"Xen\"\n2: .balign 4\n3: \\desc\n4: .balign 4\n"
	".popsection\n"
	".endm\n"
	"minnote " STR(XEN_ELFNOTE_GUEST_OS) ", .asciz \"ourguest\"\n"
	"minnote " STR(XEN_ELFNOTE_XEN_VERSION) ", .asciz \"xen-3.0\"\n"
	"minnote " STR(XEN_ELFNOTE_HYPERCALL_PAGE) ", .quad hypercall_page\n");
/* clang-format on */

void guest_main(void)
{
	fail("a kernel with neither LOADER generic nor GUEST_OS linux booted");
}
