/*
 * platform: platform_op (7) and mca (48), run as dom0 and as domU 1 at
 * once (TWO_ENDS in test_guests.py, 2 CPUs).
 *
 * dom0: get_cpuinfo describes every CPU up to max_present (online, APIC
 * ids distinct) and nothing beyond; mca physcpuinfo counts the same CPUs
 * and describes them with the same APIC ids; get_cpu_version agrees with
 * it.  settime64/settime32 move shared_info's wallclock to exactly
 * secs.nsecs - system_time; settime64 with mbz set is refused with no
 * change.  Fetch finds no telemetry.  The answers Linux 6.1 relies on
 * for absent features (firmware info, PM uploads, _PDC, S3, CPU
 * offline, symbols, MSR access) are Xen's.  Bad interface versions give
 * -EACCES, bad pointers -EFAULT (also for an output in read-only
 * memory, which stays unwritten), unknown commands -ENOSYS (platform_op)
 * and -EINVAL (mca).  dom0 leaves the wallclock at WC_FINAL.
 * domU: both hypercalls answer -EPERM (-EACCES first for a bad version,
 * as Xen checks that first), and its own wallclock follows dom0's
 * settime to WC_FINAL.
 */
#include "guest.h"
#include <public/platform.h>
#include <public/arch-x86/xen-mca.h>

const char test_name[] = "platform";

#define WC_FINAL_SECS  1234567890UL /* what dom0 leaves for the domU */
#define WC_FINAL_NSECS 987654321U
#define NSEC	       1000000000UL
#define WAIT_NS	       (30 * NSEC) /* domU waits for dom0 this long */

/* ACPI _PDC bits (not ABI: the firmware interface dom0 forwards). */
#define PDC_REVISION   1
#define PDC_C_C1_FFH   (1u << 8)
#define PDC_C_C2C3_FFH (1u << 9)
#define PDC_SMP_C1PT   (1u << 3)
#define PDC_P_FFH      (1u << 0)

static struct xen_platform_op ro_op __page_aligned_bss;
static struct mcinfo_logical_cpu mcpu[8];

static long platform_op(struct xen_platform_op *op)
{
	return HC(__HYPERVISOR_platform_op, op, 0, 0, 0, 0);
}

static long mca(struct xen_mc *mc)
{
	return HC(__HYPERVISOR_mca, mc, 0, 0, 0, 0);
}

static long pf(uint32_t cmd, struct xen_platform_op *op)
{
	op->cmd = cmd;
	op->interface_version = XENPF_INTERFACE_VERSION;
	return platform_op(op);
}

static long mc(uint32_t cmd, struct xen_mc *m)
{
	m->cmd = cmd;
	m->interface_version = XEN_MCA_INTERFACE_VERSION;
	return mca(m);
}

static uint64_t wallclock_ns(void)
{
	const volatile struct shared_info *s = shared_info;
	uint32_t ver, sec, hi, nsec;

	do {
		ver = s->wc_version;
		barrier();
		sec = s->wc_sec;
		hi = s->wc_sec_hi;
		nsec = s->wc_nsec;
		barrier();
	} while ((ver & 1) || ver != s->wc_version);
	return (((uint64_t)hi << 32) | sec) * NSEC + nsec;
}

static long cpuinfo(uint32_t cpu, struct xenpf_pcpuinfo *out)
{
	struct xen_platform_op op = {.u.pcpu_info.xen_cpuid = cpu};
	long rc = pf(XENPF_get_cpuinfo, &op);

	*out = op.u.pcpu_info;
	return rc;
}

/* Returns the number of CPUs (max_present + 1). */
static unsigned int check_cpuinfo(void)
{
	struct xenpf_pcpuinfo p, q;
	uint32_t apic[8];
	unsigned int n;

	check(cpuinfo(0, &p) == 0, "get_cpuinfo(0)");
	n = p.max_present + 1;
	check(n >= 2 && n <= ARRAY_SIZE(apic), "max_present %u (2 CPUs)",
	      p.max_present);
	for (unsigned int i = 0; i < n; i++) {
		check(cpuinfo(i, &q) == 0, "get_cpuinfo(%u)", i);
		check(q.flags == XEN_PCPU_FLAGS_ONLINE &&
			      q.max_present == n - 1,
		      "cpu %u: flags %x max_present %u", i, q.flags,
		      q.max_present);
		check(q.acpi_id != 0xffffffffu, "cpu %u has no ACPI id", i);
		apic[i] = q.apic_id;
		for (unsigned int j = 0; j < i; j++)
			check(apic[j] != apic[i], "cpus %u and %u: APIC id %u",
			      j, i, apic[i]);
		printf("pcpu %u: apic %u acpi %u\n", i, q.apic_id, q.acpi_id);
	}
	check(cpuinfo(n, &q) == 0 && q.flags == XEN_PCPU_FLAGS_INVALID &&
		      q.max_present == n - 1,
	      "cpu %u beyond max_present: flags %x", n, q.flags);
	check(cpuinfo(0xffffffffu, &q) == 0 &&
		      q.flags == XEN_PCPU_FLAGS_INVALID,
	      "cpu ~0: flags %x", q.flags);
	return n;
}

static void check_physcpuinfo(unsigned int n)
{
	struct xen_mc m = {0};
	struct xenpf_pcpuinfo p;
	struct xen_platform_op op = {0};
	char vendor[13] = "";

	check(mc(XEN_MC_physcpuinfo, &m) == 0 && m.u.mc_physcpuinfo.ncpus == n,
	      "physcpuinfo count %u, expected %u", m.u.mc_physcpuinfo.ncpus, n);
	memset(mcpu, 0xa5, sizeof(mcpu));
	m.u.mc_physcpuinfo.ncpus = n;
	xen_set_guest_handle(m.u.mc_physcpuinfo.info, mcpu);
	check(mc(XEN_MC_physcpuinfo, &m) == 0 && m.u.mc_physcpuinfo.ncpus == n,
	      "physcpuinfo fill");
	for (unsigned int i = 0; i < n; i++) {
		cpuinfo(i, &p);
		check(mcpu[i].mc_cpunr == i && mcpu[i].mc_apicid == p.apic_id &&
			      mcpu[i].mc_clusterid == p.apic_id,
		      "mc cpu %u: nr %u apic %u cluster %u (want %u)", i,
		      mcpu[i].mc_cpunr, mcpu[i].mc_apicid, mcpu[i].mc_clusterid,
		      p.apic_id);
		check(mcpu[i].mc_family != 0 && mcpu[i].mc_vendorid[0] &&
			      mcpu[i].mc_cpuid_level > 0 &&
			      mcpu[i].mc_ncores_active >= 1,
		      "mc cpu %u: family %u level %d", i, mcpu[i].mc_family,
		      mcpu[i].mc_cpuid_level);
	}
	/* Room for one: one entry written, the next untouched. */
	memset(mcpu, 0xa5, sizeof(mcpu));
	m.u.mc_physcpuinfo.ncpus = 1;
	check(mc(XEN_MC_physcpuinfo, &m) == 0 &&
		      m.u.mc_physcpuinfo.ncpus == 1 && mcpu[0].mc_cpunr == 0 &&
		      mcpu[1].mc_cpunr == 0xa5a5a5a5,
	      "physcpuinfo with room for 1");
	m.u.mc_physcpuinfo.ncpus = 0;
	check(mc(XEN_MC_physcpuinfo, &m) == -XEN_EINVAL, "ncpus 0 with info");

	op.u.pcpu_version.xen_cpuid = 0;
	check(pf(XENPF_get_cpu_version, &op) == 0 &&
		      op.u.pcpu_version.family == mcpu[0].mc_family &&
		      op.u.pcpu_version.model == mcpu[0].mc_model &&
		      !memcmp(op.u.pcpu_version.vendor_id, mcpu[0].mc_vendorid,
			      12) &&
		      op.u.pcpu_version.max_present == n - 1,
	      "get_cpu_version disagrees with physcpuinfo");
	memcpy(vendor, mcpu[0].mc_vendorid, 12);
	printf("cpu 0: %s family %u model %u brand '%s'\n", vendor,
	       mcpu[0].mc_family, mcpu[0].mc_model, mcpu[0].mc_brandid);
}

static void check_fetch(void)
{
	static struct mc_info info;
	struct xen_mc m = {0};

	xen_set_guest_handle(m.u.mc_fetch.data, &info);
	m.u.mc_fetch.flags = XEN_MC_URGENT;
	m.u.mc_fetch.fetch_id = 77;
	check(mc(XEN_MC_fetch, &m) == 0 &&
		      m.u.mc_fetch.flags == (XEN_MC_OK | XEN_MC_NODATA) &&
		      m.u.mc_fetch.fetch_id == 0,
	      "fetch urgent: flags %x", m.u.mc_fetch.flags);
	m.u.mc_fetch.flags = XEN_MC_NONURGENT;
	check(mc(XEN_MC_fetch, &m) == 0 && (m.u.mc_fetch.flags & XEN_MC_NODATA),
	      "fetch nonurgent");
	m.u.mc_fetch.flags = XEN_MC_NONURGENT | XEN_MC_ACK;
	check(mc(XEN_MC_fetch, &m) == 0, "ack");
	m.u.mc_fetch.flags = XEN_MC_URGENT | XEN_MC_NONURGENT;
	check(mc(XEN_MC_fetch, &m) == -XEN_EINVAL, "both queues");
	m.u.mc_fetch.flags = XEN_MC_URGENT;
	xen_set_guest_handle(m.u.mc_fetch.data, NULL);
	check(mc(XEN_MC_fetch, &m) == -XEN_EINVAL, "fetch into NULL");
	check(mc(XEN_MC_notifydomain, &m) == -XEN_EINVAL, "notifydomain");
	check(mc(XEN_MC_mceinject, &m) == -XEN_ENODEV, "mceinject");
	check(mc(XEN_MC_msrinject, &m) == -XEN_ENODEV, "msrinject");
	check(mc(99, &m) == -XEN_EINVAL, "unknown mca cmd");
}

/* Set the wallclock with settime64/32 and read it back exactly. */
static void settime(bool is64, uint64_t secs, uint32_t nsecs)
{
	struct xen_platform_op op = {0};
	uint64_t now = system_time_ns(), want;
	long rc;

	if (is64) {
		op.u.settime64.secs = secs;
		op.u.settime64.nsecs = nsecs;
		op.u.settime64.system_time = now;
		rc = pf(XENPF_settime64, &op);
	} else {
		op.u.settime32.secs = (uint32_t)secs;
		op.u.settime32.nsecs = nsecs;
		op.u.settime32.system_time = now;
		rc = pf(XENPF_settime32, &op);
	}
	want = secs * NSEC + nsecs - now;
	check(rc == 0 && wallclock_ns() == want,
	      "settime%s: rc %ld, wallclock %lu, want %lu", is64 ? "64" : "32",
	      rc, wallclock_ns(), want);
}

static void check_settime(void)
{
	struct xen_platform_op op = {0};
	uint64_t before;

	settime(true, 2000000000ULL, 5);
	settime(false, 1500000000ULL, 999999999);
	before = wallclock_ns();
	op.u.settime64.secs = 42;
	op.u.settime64.mbz = 1;
	check(pf(XENPF_settime64, &op) == -XEN_EINVAL &&
		      wallclock_ns() == before,
	      "settime64 with mbz set");
	settime(true, WC_FINAL_SECS, WC_FINAL_NSECS);
}

static void check_absent_features(unsigned int n)
{
	struct xen_platform_op op = {0};
	uint32_t pdc[3] = {PDC_REVISION, 1,
			   PDC_SMP_C1PT | PDC_P_FFH | PDC_C_C1_FFH |
				   PDC_C_C2C3_FFH};
	static const uint32_t fw_absent[] = {XEN_FW_DISK_INFO,
					     XEN_FW_DISK_MBR_SIGNATURE,
					     XEN_FW_VBEDDC_INFO};
	char name[4] = "xyz";

	for (unsigned int i = 0; i < ARRAY_SIZE(fw_absent); i++) {
		op.u.firmware_info.type = fw_absent[i];
		op.u.firmware_info.index = 0;
		check(pf(XENPF_firmware_info, &op) == -XEN_ESRCH,
		      "firmware_info type %u", fw_absent[i]);
	}
	op.u.firmware_info.type = XEN_FW_KBD_SHIFT_FLAGS;
	op.u.firmware_info.u.kbd_shift_flags = 0xff;
	check(pf(XENPF_firmware_info, &op) == 0 &&
		      op.u.firmware_info.u.kbd_shift_flags == 0,
	      "kbd shift flags");
	op.u.firmware_info.type = XEN_FW_EFI_INFO;
	check(pf(XENPF_firmware_info, &op) == -XEN_ENOSYS, "EFI info");
	op.u.firmware_info.type = 77;
	check(pf(XENPF_firmware_info, &op) == -XEN_EINVAL, "fw type 77");

	memset(&op, 0, sizeof(op));
	op.u.set_pminfo.id = 0xffffffffu;
	op.u.set_pminfo.type = XEN_PM_PDC;
	xen_set_guest_handle(op.u.set_pminfo.u.pdc, pdc);
	check(pf(XENPF_set_processor_pminfo, &op) == 0 &&
		      pdc[2] == (PDC_SMP_C1PT | PDC_P_FFH),
	      "_PDC: bits %x", pdc[2]);
	pdc[0] = 2;
	check(pf(XENPF_set_processor_pminfo, &op) == -XEN_EINVAL,
	      "_PDC revision 2");
	op.u.set_pminfo.type = XEN_PM_CX;
	check(pf(XENPF_set_processor_pminfo, &op) == -XEN_ENOSYS, "Cx upload");

	memset(&op, 0, sizeof(op));
	op.u.enter_acpi_sleep.sleep_state = 3;
	check(pf(XENPF_enter_acpi_sleep, &op) == -XEN_EOPNOTSUPP, "S3");
	op.u.enter_acpi_sleep.sleep_state = 1;
	check(pf(XENPF_enter_acpi_sleep, &op) == -XEN_EINVAL, "S1");

	op.u.cpu_ol.cpuid = 0;
	check(pf(XENPF_cpu_online, &op) == 0, "cpu_online(0)");
	check(pf(XENPF_cpu_offline, &op) == -XEN_EOPNOTSUPP, "cpu_offline(0)");
	op.u.cpu_ol.cpuid = n;
	check(pf(XENPF_cpu_online, &op) == -XEN_EINVAL, "cpu_online(absent)");

	memset(&op, 0, sizeof(op));
	op.u.core_parking.type = XEN_CORE_PARKING_GET;
	op.u.core_parking.idle_nums = 5;
	check(pf(XENPF_core_parking, &op) == 0 &&
		      op.u.core_parking.idle_nums == 0,
	      "core parking get");
	op.u.platform_quirk.quirk_id = QUIRK_IOAPIC_GOOD_REGSEL;
	check(pf(XENPF_platform_quirk, &op) == 0, "quirk");
	op.u.platform_quirk.quirk_id = 9;
	check(pf(XENPF_platform_quirk, &op) == -XEN_EINVAL, "quirk 9");

	memset(&op, 0, sizeof(op));
	op.u.symdata.namelen = sizeof(name);
	xen_set_guest_handle(op.u.symdata.name, name);
	check(pf(XENPF_get_symbol, &op) == 0 && name[0] == '\0' &&
		      op.u.symdata.namelen == 1,
	      "get_symbol(0): end of table");
	op.u.symdata.symnum = 1;
	check(pf(XENPF_get_symbol, &op) == -XEN_ERANGE, "get_symbol(1)");
}

static void check_resource_op(void)
{
	struct xen_platform_op op = {0};
	struct xenpf_resource_entry e = {.u.cmd = XEN_RESOURCE_OP_MSR_READ,
					 .idx = 0x10};

	op.u.resource_op.nr_entries = 1;
	xen_set_guest_handle(op.u.resource_op.entries, &e);
	check(pf(XENPF_resource_op, &op) == 0 && e.u.ret == -XEN_EPERM,
	      "resource_op: MSR read allowed (ret %d)", e.u.ret);
	op.u.resource_op.nr_entries = 4;
	check(pf(XENPF_resource_op, &op) == -XEN_EINVAL, "resource_op 4");
}

static void check_bad_requests(unsigned int n)
{
	static const unsigned long bad[] = {0, BAD_PTR_HV, BAD_PTR_NONCANON};
	struct xen_platform_op op = {0};
	struct xen_mc m = {0};
	long rc;

	op.cmd = XENPF_get_cpuinfo;
	op.interface_version = XENPF_INTERFACE_VERSION + 1;
	check(platform_op(&op) == -XEN_EACCES, "platform_op bad version");
	m.cmd = XEN_MC_physcpuinfo;
	m.interface_version = XEN_MCA_INTERFACE_VERSION - 1;
	check(mca(&m) == -XEN_EACCES, "mca bad version");
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		rc = HC(__HYPERVISOR_platform_op, bad[i], 0, 0, 0, 0);
		check(rc == -XEN_EFAULT, "platform_op(%lx): %ld", bad[i], rc);
		rc = HC(__HYPERVISOR_mca, bad[i], 0, 0, 0, 0);
		check(rc == -XEN_EFAULT, "mca(%lx): %ld", bad[i], rc);
	}
	check(pf(12345, &op) == -XEN_ENOSYS, "unknown platform_op cmd");

	/* The result cannot be written: -EFAULT, and the page is intact. */
	ro_op.cmd = XENPF_get_cpuinfo;
	ro_op.interface_version = XENPF_INTERFACE_VERSION;
	ro_op.u.pcpu_info.max_present = 0xdead;
	check(make_readonly(&ro_op) == 0, "make_readonly");
	check(platform_op(&ro_op) == -XEN_EFAULT &&
		      ro_op.u.pcpu_info.max_present == 0xdead,
	      "get_cpuinfo into read-only memory");

	/* physcpuinfo into the hypervisor: -EFAULT, count still returned. */
	m.interface_version = XEN_MCA_INTERFACE_VERSION;
	m.u.mc_physcpuinfo.ncpus = 100;
	m.u.mc_physcpuinfo.info.p = (void *)BAD_PTR_HV;
	check(mca(&m) == -XEN_EFAULT && m.u.mc_physcpuinfo.ncpus == n,
	      "physcpuinfo into the hypervisor: count %u",
	      m.u.mc_physcpuinfo.ncpus);
}

static void dom0_side(void)
{
	unsigned int n = check_cpuinfo();

	check_physcpuinfo(n);
	check_fetch();
	check_settime();
	check_absent_features(n);
	check_resource_op();
	check_bad_requests(n);
	printf("dom0: all sub-ops as expected; wallclock left at %lu s\n",
	       WC_FINAL_SECS);
	pass_and_idle(); /* the domU reports on its own */
}

static void domU_side(void)
{
	struct xen_platform_op op = {0};
	struct xen_mc m = {0};
	uint64_t want = WC_FINAL_SECS * NSEC + WC_FINAL_NSECS;
	uint64_t deadline, now, wall = 0;

	check(pf(XENPF_get_cpuinfo, &op) == -XEN_EPERM, "domU platform_op");
	check(pf(XENPF_settime64, &op) == -XEN_EPERM, "domU settime64");
	check(mc(XEN_MC_physcpuinfo, &m) == -XEN_EPERM, "domU mca");
	op.interface_version = 0;
	check(platform_op(&op) == -XEN_EACCES, "domU bad version");
	/*
	 * dom0's last settime reaches our shared_info too: wall time now is
	 * then WC_FINAL plus the little time since (the RTC and dom0's
	 * earlier settings are years away from it).
	 */
	for (deadline = system_time_ns() + WAIT_NS;;) {
		now = system_time_ns();
		wall = wallclock_ns() + now;
		if ((wall >= want && wall < want + WAIT_NS) || now > deadline)
			break;
		hc_sched_op(SCHEDOP_yield, NULL);
	}
	check(wall >= want && wall < want + WAIT_NS,
	      "domU wall time %lu s never followed dom0's %lu s", wall / NSEC,
	      WC_FINAL_SECS);
	printf("domU: -EPERM for both; wallclock followed dom0\n");
}

void guest_main(void)
{
	map_shared_info();
	if (start_info->flags & SIF_INITDOMAIN)
		dom0_side();
	else
		domU_side();
}
