/*
 * x86 part of the sysctl hypercall: processor topology and features for
 * XEN_SYSCTL_physinfo and XEN_SYSCTL_cputopoinfo (common/sysctl.c).
 *
 * Interface: arch_sysctl_physinfo(), arch_cpu_topology() at any time after
 * SMP boot.
 * Invariants: a CPU's place is read from its APIC id, split into thread,
 * core and package fields whose widths CPUID gives (leaf 0xb, else the
 * legacy leaves 1 and 4 / 0x80000008), the same on every CPU of the host.
 * Core ids are the core field within the package, socket ids the package
 * field, as Xen numbers them.
 */
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/sysctl.h>
#include <asm/cpufeature.h>
#include <asm/cpuinfo.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <public/sysctl.h>

/* APIC-id bits of the thread field, and of thread + core fields. */
struct topo_widths {
	unsigned int smt;
	unsigned int pkg;
};

static unsigned int bits_for(unsigned int n)
{
	return n > 1 ? fls64(n - 1) : 0;
}

/* Leaf 0xb; false if the CPU does not describe its levels there. */
static bool widths_from_leaf_b(const struct cpuinfo_x86 *c,
			       struct topo_widths *w)
{
	struct cpuid_leaf l;
	unsigned int sub;

	if (c->cpuid_level < CPUID_LEAF_TOPOLOGY)
		return false;
	for (sub = 0; sub < CPUID_TOPO_MAX_LEVELS; sub++) {
		cpuid_count(CPUID_LEAF_TOPOLOGY, sub, &l);
		if (!CPUID_TOPO_TYPE(l.c) || !CPUID_TOPO_NLOGICAL(l.b))
			break;
		if (CPUID_TOPO_TYPE(l.c) == CPUID_TOPO_TYPE_SMT)
			w->smt = CPUID_TOPO_SHIFT(l.a);
		w->pkg = CPUID_TOPO_SHIFT(l.a); /* the last level's shift */
	}
	return sub > 0;
}

/* Leaf 1's logical count per package, split by the cores per package. */
static void widths_legacy(const struct cpuinfo_x86 *c, struct topo_widths *w)
{
	bool amd = !memcmp(c->vendor_id, "AuthenticAMD", CPUINFO_VENDOR_LEN);
	unsigned int logical = 1, cores = 1, core_bits;
	struct cpuid_leaf l;

	if (c->leaf1_edx & X86_FEAT_HTT)
		logical = (c->leaf1_ebx >> CPUID1_EBX_NLOGICAL_SHIFT) &
			  CPUID1_EBX_BYTE_MASK;
	w->pkg = bits_for(logical);
	if (amd && c->ext_level >= CPUID_LEAF_ADDR_SIZES) {
		cpuid(CPUID_LEAF_ADDR_SIZES, &l);
		cores = CPUID_E8_ECX_CORES(l.c);
		core_bits = CPUID_E8_ECX_CORE_BITS(l.c);
		if (core_bits)
			cores = 1u << core_bits;
	} else if (!amd && c->cpuid_level >= CPUID_LEAF_CACHE_PARAMS) {
		cpuid_count(CPUID_LEAF_CACHE_PARAMS, 0, &l);
		cores = CPUID4_EAX_CORES(l.a);
	}
	core_bits = bits_for(cores);
	w->smt = w->pkg > core_bits ? w->pkg - core_bits : 0;
}

static void topo_widths(struct topo_widths *w)
{
	const struct cpuinfo_x86 *c = &cpu_data[0];

	w->smt = w->pkg = 0;
	if (!widths_from_leaf_b(c, w))
		widths_legacy(c, w);
	if (w->pkg < w->smt)
		w->pkg = w->smt;
}

static void cpu_place(unsigned int cpu, const struct topo_widths *w,
		      u32 *thread_core, u32 *core, u32 *socket)
{
	u32 apic = x86_cpu_to_apicid[cpu];

	*thread_core = apic >> w->smt; /* unique per core on the host */
	*core = (apic & ((1u << w->pkg) - 1)) >> w->smt;
	*socket = w->pkg < 32 ? apic >> w->pkg : 0;
}

bool arch_cpu_topology(unsigned int cpu, u32 *core, u32 *socket)
{
	struct topo_widths w;
	u32 unused;

	if (cpu >= nr_cpu_ids || !cpu_online(cpu))
		return false;
	topo_widths(&w);
	cpu_place(cpu, &w, &unused, core, socket);
	return true;
}

/* As Xen: CPU 0's siblings (same core), and its package's cores. */
static void physinfo_topology(struct xen_sysctl_physinfo *pi)
{
	struct topo_widths w;
	u32 core0, c0, s0, core, c, s;
	unsigned int cpu, threads = 0, in_pkg = 0;

	topo_widths(&w);
	cpu_place(0, &w, &core0, &c0, &s0);
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (!cpu_online(cpu))
			continue;
		cpu_place(cpu, &w, &core, &c, &s);
		threads += core == core0;
		in_pkg += s == s0;
	}
	pi->threads_per_core = threads ? threads : 1;
	pi->cores_per_socket = in_pkg / pi->threads_per_core;
}

/* Xen's featureset words 0-7: 1d, 1c, e1d, e1c, Da1, 7b0, 7c0, e7d. */
static void physinfo_hw_cap(u32 hw_cap[8])
{
	const struct cpuinfo_x86 *c = &cpu_data[0];
	struct cpuid_leaf l;

	hw_cap[0] = c->leaf1_edx;
	hw_cap[1] = c->leaf1_ecx;
	hw_cap[2] = c->ext1_edx;
	hw_cap[3] = c->ext1_ecx;
	if (c->cpuid_level >= CPUID_LEAF_XSAVE) {
		cpuid_count(CPUID_LEAF_XSAVE, 1, &l);
		hw_cap[4] = l.a;
	}
	if (c->cpuid_level >= CPUID_LEAF_EXT_FEATURES) {
		cpuid_count(CPUID_LEAF_EXT_FEATURES, 0, &l);
		hw_cap[5] = l.b;
		hw_cap[6] = l.c;
	}
	if (c->ext_level >= CPUID_LEAF_APM) {
		cpuid(CPUID_LEAF_APM, &l);
		hw_cap[7] = l.d;
	}
}

/* PV guests only: no HVM, HAP, shadow paging, IOMMU, vPMU or vmtrace. */
void arch_sysctl_physinfo(struct xen_sysctl_physinfo *pi)
{
	physinfo_topology(pi);
	pi->capabilities |= XEN_SYSCTL_PHYSCAP_pv;
	pi->arch_capabilities = 0;
	physinfo_hw_cap(pi->hw_cap);
}
