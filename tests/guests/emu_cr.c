/*
 * emu_cr: MOV from/to control registers in guest kernel mode
 * (linux-pv-abi.md §2.12, §5.3): CR0 reads PE|PG with the virtual TS;
 * CR4 shows PAE but never PGE/PSE/SMEP/SMAP/FSGSBASE/OSXSAVE, and a
 * write of it is accepted; CR3 reads the machine address of our L4;
 * CR2 is the vcpu_info copy; CR0 writes that change more than TS and
 * CR3 writes raise #GP.
 */
#include "guest.h"

const char test_name[] = "emu_cr";

#define CR0_PE	      0x1UL
#define CR0_TS	      0x8UL
#define CR0_PG	      0x80000000UL
#define CR4_PSE	      0x10UL
#define CR4_PAE	      0x20UL
#define CR4_PGE	      0x80UL
#define CR4_FORBIDDEN (0x10000UL | 0x40000UL | 0x100000UL | 0x200000UL)

#define READ_CR(n)                                                             \
	({                                                                     \
		unsigned long v_;                                              \
		__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v_));         \
		v_;                                                            \
	})

void guest_main(void)
{
	unsigned long cr0, cr3, cr4;
	unsigned n;

	map_shared_info();
	install_traps();
	cr0 = READ_CR(0);
	check((cr0 & (CR0_PE | CR0_PG)) == (CR0_PE | CR0_PG), "cr0 %lx", cr0);
	check(!(cr0 & CR0_TS), "cr0 %lx has TS after boot", cr0);
	__asm__ __volatile__("mov %0, %%cr0" ::"r"(cr0 | CR0_TS));
	check(READ_CR(0) & CR0_TS, "TS not set by mov to cr0");
	__asm__ __volatile__("clts");
	check(!(READ_CR(0) & CR0_TS), "TS not cleared by clts");

	cr4 = READ_CR(4);
	check(cr4 & CR4_PAE, "cr4 %lx lacks PAE", cr4);
	check(!(cr4 & (CR4_PSE | CR4_PGE | CR4_FORBIDDEN)), "cr4 %lx", cr4);
	__asm__ __volatile__("mov %0, %%cr4" ::"r"(cr4 | CR4_PGE));
	check(READ_CR(4) == cr4, "cr4 write changed it to %lx", READ_CR(4));

	cr3 = READ_CR(3);
	check(cr3 == virt_to_mfn((void *)start_info->pt_base) << PAGE_SHIFT,
	      "cr3 %lx, expected mfn %lx", cr3,
	      virt_to_mfn((void *)start_info->pt_base));
	__asm__ __volatile__("mov %0, %%cr2" ::"r"(0x1234000UL));
	check(vcpu0()->arch.cr2 == 0x1234000UL && READ_CR(2) == 0x1234000UL,
	      "cr2 not virtualised");

	n = last_trap.count;
	__asm__ __volatile__("c0_at: mov %0, %%cr0\n\tc0_end:\n\t" FIXUP(
				     "c0_at", "c0_end")::"r"(cr0 & ~CR0_PG)
			     : "memory");
	check(last_trap.count == n + 1 && last_trap.vector == X86_EXC_GP,
	      "clearing CR0.PG did not #GP");
	n = last_trap.count;
	__asm__ __volatile__("c3_at: mov %0, %%cr3\n\tc3_end:\n\t" FIXUP(
				     "c3_at", "c3_end")::"r"(cr3)
			     : "memory");
	check(last_trap.count == n + 1 && last_trap.vector == X86_EXC_GP,
	      "mov to cr3 did not #GP");
}
