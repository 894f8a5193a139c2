/* Host stand-in for arch/x86/include/asm/domain.h (unit tests only). */
#ifndef ASM_DOMAIN_H
#define ASM_DOMAIN_H
struct arch_vcpu {
	int unused;
};
struct arch_domain {
	int unused;
};
#endif
