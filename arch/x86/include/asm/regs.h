/* The register frame every exception/interrupt entry stub builds. */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#include <xen/types.h>

/*
 * Pushed by arch/x86/entry.S: hardware frame at the top, then the vector
 * and error code, then the general registers.  Offsets are exported to
 * assembly through asm-offsets; never hand-code them.
 */
struct cpu_regs {
	u64 r15, r14, r13, r12, rbp, rbx;   /* callee-saved */
	u64 r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi;
	u32 error_code;                     /* 0 when the vector has none */
	u32 entry_vector;                   /* vector that brought us here */
	u64 rip, cs, rflags, rsp, ss;       /* hardware interrupt frame */
};

static inline bool regs_from_hypervisor(const struct cpu_regs *r)
{
	return (r->cs & 3) == 0;
}

#endif
