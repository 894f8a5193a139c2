/*
 * Structure offsets for assembly.  Compiled to .s only; the Makefile turns
 * each "->NAME value" marker into a #define in asm-offsets.h.
 */
#include <xen/compiler.h>
#include <asm/regs.h>
#include <asm/current.h>
#include <asm/trampoline.h>

#define DEFINE(sym, val) \
	__asm__ __volatile__("\n.ascii \"->" #sym " %c0\"" :: "i"(val))
#define OFFSET(sym, str, mem) DEFINE(sym, offsetof(struct str, mem))

void asm_offsets(void);
void asm_offsets(void)
{
	OFFSET(UREGS_r15, cpu_regs, r15);
	OFFSET(UREGS_r14, cpu_regs, r14);
	OFFSET(UREGS_r13, cpu_regs, r13);
	OFFSET(UREGS_r12, cpu_regs, r12);
	OFFSET(UREGS_rbp, cpu_regs, rbp);
	OFFSET(UREGS_rbx, cpu_regs, rbx);
	OFFSET(UREGS_r11, cpu_regs, r11);
	OFFSET(UREGS_r10, cpu_regs, r10);
	OFFSET(UREGS_r9, cpu_regs, r9);
	OFFSET(UREGS_r8, cpu_regs, r8);
	OFFSET(UREGS_rax, cpu_regs, rax);
	OFFSET(UREGS_rcx, cpu_regs, rcx);
	OFFSET(UREGS_rdx, cpu_regs, rdx);
	OFFSET(UREGS_rsi, cpu_regs, rsi);
	OFFSET(UREGS_rdi, cpu_regs, rdi);
	OFFSET(UREGS_error_code, cpu_regs, error_code);
	OFFSET(UREGS_entry_vector, cpu_regs, entry_vector);
	OFFSET(UREGS_rip, cpu_regs, rip);
	OFFSET(UREGS_cs, cpu_regs, cs);
	OFFSET(UREGS_rflags, cpu_regs, rflags);
	OFFSET(UREGS_rsp, cpu_regs, rsp);
	OFFSET(UREGS_ss, cpu_regs, ss);
	DEFINE(UREGS_sizeof, sizeof(struct cpu_regs));
	DEFINE(CPUINFO_sizeof, sizeof(struct cpu_info));
	OFFSET(CPUINFO_processor_id, cpu_info, processor_id);
	OFFSET(CPUINFO_guest_rax, cpu_info, guest_rax);
	OFFSET(TRAMP_cr3, trampoline_info, cr3);
	OFFSET(TRAMP_efer, trampoline_info, efer);
	OFFSET(TRAMP_stack, trampoline_info, stack);
	OFFSET(TRAMP_entry, trampoline_info, entry);
	DEFINE(TRAMP_sizeof, sizeof(struct trampoline_info));
	BUILD_BUG_ON(sizeof(struct cpu_info) % 16);
}
