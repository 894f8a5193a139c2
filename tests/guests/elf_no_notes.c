/*
 * elf_no_notes: an ELF kernel with no Xen note, no SHT_NOTE section and
 * no __xen_guest section (elf_no_notes.lds).  Xen 4.17 refuses it ("Not
 * a Xen-ELF image"); so must we.  Booted as a domU under the "hello"
 * dom0 (tests/qemu/test_guests.py REFUSED): the hypervisor must log the
 * refusal, build no domain 1 and run dom0 to its PASS.  Should it boot
 * after all, it reports FAIL.
 */
#include "guest.h"

const char test_name[] = "elf_no_notes";

void guest_main(void)
{
	fail("a kernel without any Xen ELF note was booted");
}
