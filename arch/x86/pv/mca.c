/*
 * mca (hypercall 48, __HYPERVISOR_mca): machine-check services for dom0's
 * mcelog -- a description of every physical CPU, and the telemetry
 * queues.
 *
 * Interface: do_mca(op), dom0 only (-EPERM first, as Xen), then the
 * argument is copied in once (-EFAULT) and its interface_version checked
 * (-EACCES).  XEN_MC_physcpuinfo describes the online CPUs from
 * cpu_data[] (asm/cpuinfo.h); XEN_MC_fetch always finds the queues
 * empty, because this hypervisor does not handle machine checks (no #MC
 * handler, no bank polling) and so never queues telemetry or raises
 * VIRQ_MCA; injection answers -ENODEV as Xen with no banks set up;
 * notifydomain and unknown commands -EINVAL, as Xen.
 * Invariants: no state is kept; every answer is computed from
 * cpu_data[], which is read-only once CPUs are up.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <asm/cpufeature.h>
#include <asm/cpuinfo.h>
#include <asm/guest_access.h>
#include <asm/msr-index.h>
#include <asm/smp.h>
#include <public/arch-x86/xen-mca.h>

static const struct {
	char id[CPUINFO_VENDOR_LEN + 1];
	u32 mc_vendor;
} vendors[] = {
	{"GenuineIntel", MC_VENDOR_INTEL},   {"AuthenticAMD", MC_VENDOR_AMD},
	{"CentaurHauls", MC_VENDOR_CENTAUR}, {"HygonGenuine", MC_VENDOR_HYGON},
	{"  Shanghai  ", MC_VENDOR_ZHAOXIN},
};

static u32 mc_vendor(const char *id)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(vendors); i++)
		if (!memcmp(vendors[i].id, id, CPUINFO_VENDOR_LEN))
			return vendors[i].mc_vendor;
	return MC_VENDOR_UNKNOWN;
}

/* Logical CPUs per package as a power of two (1 without HTT). */
static unsigned int package_span(const struct cpuinfo_x86 *c)
{
	unsigned int n = 1, want = 1;

	if (c->leaf1_edx & X86_FEAT_HTT)
		want = (c->leaf1_ebx >> CPUID1_EBX_NLOGICAL_SHIFT) &
		       CPUID1_EBX_BYTE_MASK;
	while (n < want)
		n <<= 1;
	return n;
}

/*
 * Topology from the APIC id alone: a package spans package_span() ids,
 * each a core of one thread.  Enough for mcelog, which only matches
 * records to CPUs by APIC id.
 */
static void describe_topology(unsigned int cpu, struct mcinfo_logical_cpu *l)
{
	unsigned int span = package_span(&cpu_data[cpu]), other;

	l->mc_apicid = x86_cpu_to_apicid[cpu];
	l->mc_chipid = l->mc_apicid / span;
	l->mc_coreid = l->mc_apicid % span;
	l->mc_threadid = 0;
	l->mc_ncores = span;
	l->mc_nthreads = 1;
	for_each_online_cpu(other) if (x86_cpu_to_apicid[other] / span ==
				       l->mc_chipid) l->mc_ncores_active++;
}

static void describe_cpu(unsigned int cpu, struct mcinfo_logical_cpu *l)
{
	const struct cpuinfo_x86 *c = &cpu_data[cpu];

	memset(l, 0, sizeof(*l));
	l->mc_cpunr = cpu;
	describe_topology(cpu, l);
	l->mc_clusterid = c->leaf1_ebx >> CPUID1_EBX_APIC_ID_SHIFT;
	l->mc_cpuid_level = (s32)c->cpuid_level;
	l->mc_family = c->family;
	l->mc_model = c->model;
	l->mc_step = c->stepping;
	l->mc_vendor = mc_vendor(c->vendor_id);
	memcpy(l->mc_vendorid, c->vendor_id, CPUINFO_VENDOR_LEN);
	memcpy(l->mc_brandid, c->brand, CPUINFO_BRAND_LEN);
	l->mc_cpu_caps[MC_CAPS_STD_EDX] = c->leaf1_edx;
	l->mc_cpu_caps[MC_CAPS_AMD_EDX] = c->ext1_edx;
	l->mc_cpu_caps[MC_CAPS_STD_ECX] = c->leaf1_ecx;
	l->mc_cpu_caps[MC_CAPS_AMD_ECX] = c->ext1_ecx;
	l->mc_cache_size = c->l2_cache_kb;
	l->mc_cache_alignment = c->clflush_bytes;
	if (c->has_mca) {
		l->mc_nmsrvals = 1;
		l->mc_msrvalues[0].reg = MSR_IA32_MCG_CAP;
		l->mc_msrvalues[0].value = c->mcg_cap;
	}
}

/*
 * NULL info: count the online CPUs.  Otherwise describe up to ncpus of
 * them, in CPU-number order, and say how many.  As Xen, the count is
 * copied back even when writing the entries faulted.
 */
static long physcpuinfo(struct xen_mc *op, unsigned long arg)
{
	struct xen_mc_physcpuinfo *pi = &op->u.mc_physcpuinfo;
	unsigned long va = (unsigned long)pi->info.p;
	struct mcinfo_logical_cpu l;
	unsigned int cpu, n = 0, room = num_online_cpus();
	long rc = 0;

	if (va) {
		if (pi->ncpus == 0)
			return -EINVAL;
		room = MIN(room, pi->ncpus);
		for_each_online_cpu(cpu)
		{
			if (n == room)
				break;
			describe_cpu(cpu, &l);
			if (copy_to_guest(va + n * sizeof(l), &l, sizeof(l))) {
				rc = -EFAULT;
				break;
			}
			n++;
		}
	}
	pi->ncpus = room;
	if (copy_to_guest(arg, op, sizeof(*op)))
		return -EFAULT;
	return rc;
}

/* Nothing is ever queued: every fetch finds no data; acks are no-ops. */
static long fetch(struct xen_mc *op, unsigned long arg)
{
	struct xen_mc_fetch *f = &op->u.mc_fetch;
	u32 queue = f->flags & (XEN_MC_NONURGENT | XEN_MC_URGENT);

	if (queue != XEN_MC_NONURGENT && queue != XEN_MC_URGENT)
		return -EINVAL;
	if (f->flags & XEN_MC_ACK)
		return 0;
	if (!f->data.p)
		return -EINVAL;
	f->flags = XEN_MC_OK | XEN_MC_NODATA;
	f->fetch_id = 0;
	if (copy_to_guest(arg, op, sizeof(*op)))
		return -EFAULT;
	return 0;
}

long do_mca(unsigned long arg)
{
	struct xen_mc op;

	if (!current->domain->is_privileged)
		return -EPERM;
	if (copy_from_guest(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.interface_version != XEN_MCA_INTERFACE_VERSION)
		return -EACCES;
	switch (op.cmd) {
	case XEN_MC_fetch:
		return fetch(&op, arg);
	case XEN_MC_physcpuinfo:
		return physcpuinfo(&op, arg);
	case XEN_MC_msrinject:
	case XEN_MC_mceinject:
	case XEN_MC_inject_v2:
		return -ENODEV; /* no machine-check banks are set up */
	case XEN_MC_notifydomain:
	default:
		return -EINVAL;
	}
}
