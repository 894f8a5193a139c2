/*
 * CPUID facts about the time-stamp counter and the LAPIC timer modes it
 * drives (Intel SDM vol. 2A, CPUID; vol. 3A 11.5.4.1 TSC-deadline mode).
 */
#ifndef ASM_TSC_H
#define ASM_TSC_H

#define CPUID_LEAF_FEATURES	0x1	   /* basic feature flags */
#define CPUID1_ECX_TSC_DEADLINE (1U << 24) /* LVT timer TSC-deadline mode */
#define CPUID_LEAF_EXT_MAX	0x80000000 /* EAX: highest extended leaf */
#define CPUID_LEAF_APM		0x80000007 /* advanced power management */
#define CPUID_APM_EDX_INVARIANT (1U << 8)  /* TSC rate is constant */

#define LAPIC_COUNT_MAX 0xffffffffU /* 32-bit initial count */

#endif
