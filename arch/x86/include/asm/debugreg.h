/* Debug registers DR0-DR7 (Intel SDM vol. 3 ch. 18, AMD APM vol. 2 13.1). */
#ifndef ASM_DEBUGREG_H
#define ASM_DEBUGREG_H

#include <xen/types.h>

/* DR6: status. */
#define X86_DR6_B_MASK	  0x0000000fUL /* B0-B3: breakpoint n matched */
#define X86_DR6_BD	  (1UL << 13)  /* general detect */
#define X86_DR6_BS	  (1UL << 14)  /* single-step trap */
#define X86_DR6_DEFAULT	  0xffff0ff0UL /* reset value: reserved bits set */
#define X86_DR6_RSVD_ZERO (1UL << 12)  /* reserved, reads as 0 */

/* DR7: control. */
#define X86_DR7_ENABLE_MASK 0x000000ffUL /* L0/G0 .. L3/G3 */
#define X86_DR7_RSVD_ONE    (1UL << 10)	 /* reserved, reads as 1 */
#define X86_DR7_RSVD_ZERO   0x0000d800UL /* bits 11, 12, 14, 15 */
#define X86_DR7_GD	    (1UL << 13)	 /* general detect enable */
#define X86_DR7_DEFAULT	    0x00000400UL /* reset value */
#define X86_DR7_RW_SHIFT    16		 /* R/W0, LEN0, R/W1, ... 4 bits each */
#define X86_DR7_RW_IO	    2 /* R/W = 10b: I/O breakpoint (CR4.DE) */
#define X86_DR7_RW_EXEC	    0 /* R/W = 00b: instruction fetch */

#define DEFINE_DR(n)                                                           \
	static inline unsigned long read_dr##n(void)                           \
	{                                                                      \
		unsigned long v;                                               \
		__asm__ __volatile__("mov %%db" #n ", %0" : "=r"(v));          \
		return v;                                                      \
	}                                                                      \
	static inline void write_dr##n(unsigned long v)                        \
	{                                                                      \
		__asm__ __volatile__("mov %0, %%db" #n ::"r"(v));              \
	}
DEFINE_DR(0)
DEFINE_DR(1)
DEFINE_DR(2)
DEFINE_DR(3)
DEFINE_DR(6)
DEFINE_DR(7)
#undef DEFINE_DR

#endif
