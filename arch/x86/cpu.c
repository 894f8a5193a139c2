/*
 * Per-CPU processor setup shared by the BSP and APs.
 * Interface: cpu_init_local(cpu) on each CPU once its descriptors are
 * loaded and before it runs guests.  It also records what CPUID says
 * about the CPU in cpu_data[cpu] (asm/cpuinfo.h).
 * Invariants: cpu_data[cpu] is written only by CPU cpu, before it is
 * marked online; nobody writes it afterwards.
 */
#include <xen/lib.h>
#include <asm/cpufeature.h>
#include <asm/cpuinfo.h>
#include <asm/desc.h>
#include <asm/msr-index.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/setup.h>

struct cpuinfo_x86 cpu_data[NR_CPUS];

static void identify_signature(struct cpuinfo_x86 *c, u32 eax)
{
	c->family = CPUID1_EAX_FAMILY(eax);
	c->model = CPUID1_EAX_MODEL(eax);
	c->stepping = CPUID1_EAX_STEPPING(eax);
	if (c->family == CPUID_FAMILY_EXTENDED)
		c->family += CPUID1_EAX_EXT_FAMILY(eax);
	if (c->family >= CPUID_FAMILY_EXT_MODEL)
		c->model += CPUID1_EAX_EXT_MODEL(eax) << 4;
}

static void identify_extended(struct cpuinfo_x86 *c)
{
	struct cpuid_leaf l;

	cpuid(CPUID_LEAF_EXT_MAX, &l);
	c->ext_level = (l.a & CPUID_LEAF_EXT_MAX) ? l.a : 0;
	if (c->ext_level >= CPUID_LEAF_EXT_FEAT1) {
		cpuid(CPUID_LEAF_EXT_FEAT1, &l);
		c->ext1_ecx = l.c;
		c->ext1_edx = l.d;
	}
	if (c->ext_level >= CPUID_LEAF_BRAND0 + CPUID_BRAND_LEAVES - 1) {
		for (unsigned int i = 0; i < CPUID_BRAND_LEAVES; i++) {
			cpuid(CPUID_LEAF_BRAND0 + i, &l);
			memcpy(&c->brand[i * sizeof(l)], &l, sizeof(l));
		}
	}
	c->brand[CPUINFO_BRAND_LEN] = '\0';
	if (c->ext_level >= CPUID_LEAF_L2_CACHE) {
		cpuid(CPUID_LEAF_L2_CACHE, &l);
		c->l2_cache_kb = CPUID_L2_SIZE_KB(l.c);
	}
}

/* Precondition: runs on the CPU described by c. */
static void cpu_identify(struct cpuinfo_x86 *c)
{
	struct cpuid_leaf l;

	memset(c, 0, sizeof(*c));
	cpuid(CPUID_LEAF_VENDOR, &l);
	c->cpuid_level = l.a;
	memcpy(&c->vendor_id[0], &l.b, 4);
	memcpy(&c->vendor_id[4], &l.d, 4);
	memcpy(&c->vendor_id[8], &l.c, 4);
	if (c->cpuid_level >= CPUID_LEAF_FEATURES) {
		cpuid(CPUID_LEAF_FEATURES, &l);
		identify_signature(c, l.a);
		c->leaf1_ebx = l.b;
		c->leaf1_ecx = l.c;
		c->leaf1_edx = l.d;
		c->clflush_bytes = ((l.b >> CPUID1_EBX_CLFLUSH_SHIFT) &
				    CPUID1_EBX_BYTE_MASK) *
				   CPUID1_EBX_CLFLUSH_UNIT;
	}
	identify_extended(c);
	c->has_mca = c->leaf1_edx & X86_FEAT_MCA;
	if (c->has_mca)
		c->mcg_cap = rdmsr(MSR_IA32_MCG_CAP);
	c->valid = true;
}

void cpu_init_local(unsigned int cpu)
{
	/* Guests use SSE; their state is switched with FXSAVE/FXRSTOR. */
	write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
	pv_syscall_init_cpu(cpu);
	gdt_window_init(cpu); /* GDTR -> per-CPU window (arch/x86/desc.c) */
	cpu_identify(&cpu_data[cpu]);
}
