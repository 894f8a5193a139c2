/* CPUID, control registers, MSR and descriptor-table access. */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <xen/types.h>
#include <asm/x86-defns.h>
#include <asm/msr-index.h>

struct cpuid_leaf { u32 a, b, c, d; };

static inline void cpuid_count(u32 leaf, u32 sub, struct cpuid_leaf *r)
{
	__asm__ __volatile__("cpuid"
			     : "=a"(r->a), "=b"(r->b), "=c"(r->c), "=d"(r->d)
			     : "0"(leaf), "2"(sub));
}
static inline void cpuid(u32 leaf, struct cpuid_leaf *r) { cpuid_count(leaf, 0, r); }

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;
	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}
static inline void wrmsr(u32 msr, u64 v)
{
	__asm__ __volatile__("wrmsr" :: "c"(msr), "a"((u32)v), "d"((u32)(v >> 32)));
}
static inline u64 rdtsc(void)
{
	u32 lo, hi;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}
/* rdtsc ordered against earlier loads (lfence is dispatch serialising). */
static inline u64 rdtsc_ordered(void)
{
	__asm__ __volatile__("lfence" ::: "memory");
	return rdtsc();
}

#define DEFINE_CR(n)                                                       \
	static inline unsigned long read_cr##n(void)                       \
	{                                                                  \
		unsigned long v;                                           \
		__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));      \
		return v;                                                  \
	}                                                                  \
	static inline void write_cr##n(unsigned long v)                    \
	{                                                                  \
		__asm__ __volatile__("mov %0, %%cr" #n :: "r"(v) : "memory"); \
	}
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline void invlpg(unsigned long va)
{
	__asm__ __volatile__("invlpg (%0)" :: "r"(va) : "memory");
}

static inline void clts(void) { __asm__ __volatile__("clts" ::: "memory"); }
static inline void stts(void) { write_cr0(read_cr0() | X86_CR0_TS); }

struct __packed desc_ptr {
	u16 limit;
	u64 base;
};
static inline void lgdt(const struct desc_ptr *p) { __asm__ __volatile__("lgdt %0" :: "m"(*p)); }
static inline void lidt(const struct desc_ptr *p) { __asm__ __volatile__("lidt %0" :: "m"(*p)); }
static inline void ltr(u16 sel) { __asm__ __volatile__("ltr %0" :: "rm"(sel)); }
/* "memory": the descriptor LLDT reads may have just been written. */
static inline void lldt(u16 sel) { __asm__ __volatile__("lldt %0" :: "rm"(sel) : "memory"); }

#endif
