/*
 * sysctl: the sysctl hypercall (35), run as dom0 and as domU 1 at once
 * (TWO_ENDS in test_guests.py, 2 CPUs).
 *
 * dom0: physinfo describes the machine as far as a guest can tell -- as
 * many CPUs as platform_op counts, topology that multiplies up to them,
 * one node, at least our own pages in total and free <= total, a frame
 * limit above our own frames, PV and grant v1 as the only capabilities.
 * sched_id names the scheduler domctl scheduler_op speaks (credit).
 * getdomaininfolist lists dom0 and domain 1 (from first_domain on, at most max_domains).
 * readconsole returns the boot banner and the domU's lines but not our
 * own output (as Xen without console_to_ring), honours count,
 * index/incremental and clear.  cputopoinfo and numainfo answer a NULL buffer
 * with their count and fill one entry per CPU / one node; getcpuinfo's idle
 * times grow while we sleep.  A wrong interface version gives -EACCES, bad
 * pointers (argument, output buffers, read-only argument) -EFAULT,
 * unknown commands -ENOSYS.  Last, dom0 sets the wallclock to WC_DONE
 * and waits until getdomaininfolist no longer lists domain 1.
 * domU: every command answers -EPERM (-EACCES first for a bad version,
 * -EFAULT for a bad argument, as Xen) and leaves the argument as it was;
 * it waits for dom0's WC_DONE so that dom0 sees it in the domain list.
 */
#include "guest.h"
#include <public/platform.h>
#include <public/sysctl.h>

const char test_name[] = "sysctl";

#define DOMU_ID	  1
#define NSEC	  1000000000UL
#define WAIT_NS	  (30 * NSEC)  /* domU waits for dom0 this long */
#define WC_DONE	  2222222222UL /* dom0's "done" wallclock, in seconds */
#define MAX_CPUS  16
#define BANNER	  "(XEN) Xen-compatible PV hypervisor"
#define RING_READ 16384

static struct xen_sysctl ro_op __page_aligned_bss;
static char ring[RING_READ + 1];

static long sysctl(struct xen_sysctl *op)
{
	return HC(__HYPERVISOR_sysctl, op, 0, 0, 0, 0);
}

static long sc(uint32_t cmd, struct xen_sysctl *op)
{
	op->cmd = cmd;
	op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	return sysctl(op);
}

static uint32_t platform_cpus(void)
{
	struct xen_platform_op op = {.cmd = XENPF_get_cpuinfo,
				     .interface_version =
					     XENPF_INTERFACE_VERSION};
	long rc = HC(__HYPERVISOR_platform_op, &op, 0, 0, 0, 0);

	check(rc == 0, "platform_op get_cpuinfo: %ld", rc);
	return op.u.pcpu_info.max_present + 1;
}

/* The highest machine frame of our own memory. */
static unsigned long own_max_mfn(void)
{
	unsigned long max = 0;

	for (unsigned long i = 0; i < start_info->nr_pages; i++)
		if (p2m[i] > max)
			max = p2m[i];
	return max;
}

static void check_physinfo(void)
{
	struct xen_sysctl op = {0};
	struct xen_sysctl_physinfo *pi = &op.u.physinfo;
	uint32_t cpus = platform_cpus(), per_pkg;
	long rc;

	memset(&op.u, 0xaa, sizeof(op.u));
	rc = sc(XEN_SYSCTL_physinfo, &op);
	check(rc == 0, "physinfo: %ld", rc);
	check(pi->nr_cpus == cpus && pi->max_cpu_id == cpus - 1,
	      "physinfo: nr_cpus %u max_cpu_id %u, platform_op says %u",
	      pi->nr_cpus, pi->max_cpu_id, cpus);
	per_pkg = pi->threads_per_core * pi->cores_per_socket;
	check(per_pkg && cpus % per_pkg == 0,
	      "physinfo: %u threads x %u cores do not make %u CPUs",
	      pi->threads_per_core, pi->cores_per_socket, cpus);
	check(pi->nr_nodes == 1 && pi->max_node_id == 0,
	      "physinfo: nodes %u max %u", pi->nr_nodes, pi->max_node_id);
	check(pi->cpu_khz > 100000, "physinfo: cpu_khz %u", pi->cpu_khz);
	check(pi->total_pages > start_info->nr_pages &&
		      pi->free_pages <= pi->total_pages,
	      "physinfo: total %lu free %lu, we have %lu",
	      (unsigned long)pi->total_pages, (unsigned long)pi->free_pages,
	      (unsigned long)start_info->nr_pages);
	check(pi->max_mfn >= own_max_mfn() &&
		      pi->max_mfn >= pi->total_pages - 1,
	      "physinfo: max_mfn %lx, ours go to %lx",
	      (unsigned long)pi->max_mfn, own_max_mfn());
	check(pi->capabilities ==
		      (XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_gnttab_v1),
	      "physinfo: capabilities %#x", pi->capabilities);
	check(pi->scrub_pages == 0 && pi->outstanding_pages == 0 &&
		      pi->arch_capabilities == 0 && pi->pad == 0,
	      "physinfo: fields that must be 0 are not");
	check(pi->hw_cap[0] & (1u << 0), "physinfo: hw_cap[0] %#x lacks FPU",
	      pi->hw_cap[0]);
	printf("dom0: physinfo %u CPUs (%u x %u), %lu pages, %lu free, khz "
	       "%u\n",
	       pi->nr_cpus, pi->threads_per_core, pi->cores_per_socket,
	       (unsigned long)pi->total_pages, (unsigned long)pi->free_pages,
	       pi->cpu_khz);
}

static long readconsole(struct xen_sysctl *op, char *buf, uint32_t count,
			uint32_t index, bool incremental, bool clear)
{
	memset(op, 0, sizeof(*op));
	op->u.readconsole.clear = clear;
	op->u.readconsole.incremental = incremental;
	op->u.readconsole.index = index;
	op->u.readconsole.count = count;
	xen_set_guest_handle(op->u.readconsole.buffer, buf);
	return sc(XEN_SYSCTL_readconsole, op);
}

/* Returns the ring position after the boot log. */
static uint32_t check_readconsole(void)
{
	struct xen_sysctl op;
	struct xen_sysctl_readconsole *rc = &op.u.readconsole;
	uint32_t start, end, n;

	check(readconsole(&op, ring, RING_READ, 0, false, false) == 0,
	      "readconsole");
	n = rc->count;
	end = rc->index;
	ring[n] = '\0';
	check(n > 0 && n < RING_READ && !memcmp(ring, BANNER, strlen(BANNER)),
	      "readconsole: %u bytes, start '%.40s'", n, ring);
	check(strstr(ring, "(XEN) Command line: ") != NULL,
	      "readconsole: no command line in the ring");
	check(strstr(ring, "'xen-3.0-x86_64' flags 3") == NULL,
	      "readconsole: dom0's own output is in the ring");
	start = end - n;
	/* count limits the copy; index says where it stopped */
	check(readconsole(&op, ring, 10, 0, false, false) == 0 &&
		      rc->count == 10 && rc->index == start + 10 &&
		      !memcmp(ring, BANNER, 10),
	      "readconsole of 10: count %u index %u (start %u)", rc->count,
	      rc->index, start);
	/* incremental: only what came after index; dom0's output stays out */
	printf("dom0: readconsole marker\n");
	check(readconsole(&op, ring, RING_READ, end, true, false) == 0,
	      "incremental readconsole");
	ring[rc->count] = '\0';
	check(rc->index == end + rc->count &&
		      !strstr(ring, "readconsole marker") &&
		      !strstr(ring, BANNER),
	      "incremental readconsole: %u bytes from %u: '%.60s'", rc->count,
	      end, ring);
	/* clear with nothing read changes nothing */
	check(readconsole(&op, NULL, 0, 0, false, true) == 0 &&
		      rc->count == 0 && rc->index == start,
	      "readconsole clear with count 0");
	check(readconsole(&op, ring, 10, 0, false, false) == 0 &&
		      rc->index == start + 10,
	      "readconsole after clear of 0: index %u", rc->index);
	return end;
}

/* After the domU's end: its lines are new since end; then clear. */
static void check_readconsole_after(uint32_t end)
{
	struct xen_sysctl op;
	struct xen_sysctl_readconsole *rc = &op.u.readconsole;
	uint32_t cleared;

	check(readconsole(&op, ring, RING_READ, end, true, false) == 0,
	      "incremental readconsole");
	ring[rc->count] = '\0';
	check(rc->index == end + rc->count && !strstr(ring, BANNER) &&
		      strstr(ring, "(d1) domU: -EPERM for every command\n") &&
		      strstr(ring, "(d1) GUEST-RESULT sysctl: PASS\n"),
	      "readconsole since %u: %u bytes '%.60s'", end, rc->count, ring);
	/* clear: the next reader starts where this one stopped */
	check(readconsole(&op, ring, RING_READ, 0, false, true) == 0,
	      "readconsole clear");
	cleared = rc->index;
	check(readconsole(&op, ring, RING_READ, 0, false, false) == 0,
	      "readconsole after clear");
	ring[rc->count] = '\0';
	check(rc->index - rc->count == cleared && !strstr(ring, BANNER) &&
		      !strstr(ring, "(d1) domU"),
	      "readconsole after clear: %u bytes to %u, cleared at %u: '%.60s'",
	      rc->count, rc->index, cleared, ring);
	printf("dom0: readconsole banner, count, incremental, clear\n");
}

static void check_cputopo(uint32_t cpus)
{
	struct xen_sysctl_cputopo topo[MAX_CPUS];
	struct xen_sysctl op = {0};
	struct xen_sysctl_cputopoinfo *ti = &op.u.cputopoinfo;

	ti->num_cpus = 0;
	check(sc(XEN_SYSCTL_cputopoinfo, &op) == 0 && ti->num_cpus == cpus,
	      "cputopoinfo count: %u, want %u", ti->num_cpus, cpus);
	memset(topo, 0xaa, sizeof(topo));
	ti->num_cpus = MAX_CPUS;
	xen_set_guest_handle(ti->cputopo, topo);
	check(sc(XEN_SYSCTL_cputopoinfo, &op) == 0 && ti->num_cpus == cpus,
	      "cputopoinfo: %u entries, want %u", ti->num_cpus, cpus);
	for (uint32_t i = 0; i < cpus; i++) {
		check(topo[i].node == 0 && topo[i].core != XEN_INVALID_CORE_ID,
		      "cputopo[%u]: core %u socket %u node %u", i, topo[i].core,
		      topo[i].socket, topo[i].node);
		for (uint32_t j = 0; j < i; j++)
			check(topo[i].core != topo[j].core ||
				      topo[i].socket != topo[j].socket,
			      "CPUs %u and %u share core %u of socket %u", j, i,
			      topo[i].core, topo[i].socket);
	}
	check(topo[cpus].core == 0xaaaaaaaau, "cputopoinfo wrote past its end");
	/* a short buffer gets what fits */
	memset(topo, 0xaa, sizeof(topo));
	ti->num_cpus = 1;
	check(sc(XEN_SYSCTL_cputopoinfo, &op) == 0 && ti->num_cpus == 1 &&
		      topo[0].node == 0 && topo[1].core == 0xaaaaaaaau,
	      "cputopoinfo of 1: %u", ti->num_cpus);
}

static void check_numainfo(void)
{
	struct xen_sysctl_meminfo mem[2];
	uint32_t dist[4] = {0, 0xaa, 0xaa, 0xaa};
	struct xen_sysctl op = {0}, pi = {0};
	struct xen_sysctl_numainfo *ni = &op.u.numainfo;

	check(sc(XEN_SYSCTL_numainfo, &op) == 0 && ni->num_nodes == 1,
	      "numainfo count: %u", ni->num_nodes);
	check(sc(XEN_SYSCTL_physinfo, &pi) == 0, "physinfo");
	memset(mem, 0xaa, sizeof(mem));
	ni->num_nodes = 2;
	xen_set_guest_handle(ni->meminfo, mem);
	xen_set_guest_handle(ni->distance, dist);
	check(sc(XEN_SYSCTL_numainfo, &op) == 0 && ni->num_nodes == 1,
	      "numainfo: %u nodes", ni->num_nodes);
	check(mem[0].memsize >= pi.u.physinfo.total_pages * PAGE_SIZE &&
		      mem[0].memfree <= mem[0].memsize && dist[0] == 10 &&
		      dist[1] == 0xaa && mem[1].memsize == 0xaaaaaaaaaaaaaaaaUL,
	      "numainfo: size %lx free %lx distance %u",
	      (unsigned long)mem[0].memsize, (unsigned long)mem[0].memfree,
	      dist[0]);
}

static long domlist(domid_t first, uint32_t max,
		    struct xen_domctl_getdomaininfo *info, uint32_t *num)
{
	struct xen_sysctl op = {0};
	long rc;

	op.u.getdomaininfolist.first_domain = first;
	op.u.getdomaininfolist.max_domains = max;
	op.u.getdomaininfolist.num_domains = 0xdead;
	xen_set_guest_handle(op.u.getdomaininfolist.buffer, info);
	rc = sc(XEN_SYSCTL_getdomaininfolist, &op);
	*num = op.u.getdomaininfolist.num_domains;
	return rc;
}

static void check_domlist(void)
{
	struct xen_domctl_getdomaininfo info[4];
	struct xen_sysctl op = {0};
	uint32_t num;

	memset(info, 0xaa, sizeof(info));
	check(domlist(0, 4, info, &num) == 0 && num == 2,
	      "getdomaininfolist: %u domains", num);
	check(info[0].domain == 0 && info[1].domain == DOMU_ID &&
		      info[2].domain == 0xaaaa,
	      "getdomaininfolist: domains %u, %u", info[0].domain,
	      info[1].domain);
	check(info[0].tot_pages == start_info->nr_pages &&
		      info[0].nr_online_vcpus >= 1 && info[1].tot_pages > 0 &&
		      !(info[0].flags & XEN_DOMINF_dying),
	      "getdomaininfolist: dom0 %lu pages (have %lu), %u vcpus, "
	      "flags %#x",
	      (unsigned long)info[0].tot_pages,
	      (unsigned long)start_info->nr_pages, info[0].nr_online_vcpus,
	      info[0].flags);
	memset(info, 0xaa, sizeof(info));
	check(domlist(1, 4, info, &num) == 0 && num == 1 &&
		      info[0].domain == DOMU_ID,
	      "getdomaininfolist from 1: %u, first %u", num, info[0].domain);
	check(domlist(0, 1, info, &num) == 0 && num == 1 &&
		      info[0].domain == 0 && info[1].domain == 0xaaaa,
	      "getdomaininfolist of 1: %u", num);
	check(domlist(2, 4, info, &num) == 0 && num == 0,
	      "getdomaininfolist from 2: %u", num);
	check(domlist(0, 0, NULL, &num) == 0 && num == 0,
	      "getdomaininfolist of 0: %u", num);
	check(domlist(0, 4, (void *)BAD_PTR_HV, &num) == -XEN_EFAULT,
	      "getdomaininfolist into the hypervisor");
	check(sc(XEN_SYSCTL_sched_id, &op) == 0 &&
		      op.u.sched_id.sched_id == XEN_SCHEDULER_CREDIT,
	      "sched_id %u", op.u.sched_id.sched_id);
	printf("dom0: getdomaininfolist sees d0 and d1; sched_id credit\n");
}

static uint64_t idle_sum(uint32_t cpus, uint64_t *idle)
{
	struct xen_sysctl_cpuinfo info[MAX_CPUS];
	struct xen_sysctl op = {0};
	uint64_t sum = 0;

	op.u.getcpuinfo.max_cpus = MAX_CPUS;
	xen_set_guest_handle(op.u.getcpuinfo.info, info);
	check(sc(XEN_SYSCTL_getcpuinfo, &op) == 0 &&
		      op.u.getcpuinfo.nr_cpus == cpus,
	      "getcpuinfo: %u CPUs, want %u", op.u.getcpuinfo.nr_cpus, cpus);
	for (uint32_t i = 0; i < cpus; i++) {
		check(info[i].idletime >= idle[i], "CPU %u idle time went back",
		      i);
		idle[i] = info[i].idletime;
		sum += idle[i];
	}
	return sum;
}

static void check_cpuinfo(uint32_t cpus)
{
	uint64_t idle[MAX_CPUS] = {0}, before, after;
	struct xen_sysctl op = {0};

	before = idle_sum(cpus, idle);
	sleep_ns(50000000);
	after = idle_sum(cpus, idle);
	check(after >= before + 20000000,
	      "idle time grew by %lu ns while we slept 50 ms",
	      (unsigned long)(after - before));
	op.u.getcpuinfo.max_cpus = 1;
	check(sc(XEN_SYSCTL_getcpuinfo, &op) == -XEN_EFAULT,
	      "getcpuinfo into NULL");
	op.u.getcpuinfo.max_cpus = 0;
	check(sc(XEN_SYSCTL_getcpuinfo, &op) == 0 &&
		      op.u.getcpuinfo.nr_cpus == 0,
	      "getcpuinfo of 0");
}

static void check_errors(void)
{
	static const unsigned long bad[] = {0, BAD_PTR_HV, BAD_PTR_NONCANON};
	static const uint32_t unknown[] = {0, 13, 24, 28, 30, 31, 1000};
	struct xen_sysctl op = {0};

	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++)
		check(HC(__HYPERVISOR_sysctl, bad[i], 0, 0, 0, 0) ==
			      -XEN_EFAULT,
		      "sysctl(%lx)", bad[i]);
	op.cmd = XEN_SYSCTL_physinfo;
	op.interface_version = XEN_SYSCTL_INTERFACE_VERSION - 1;
	check(sysctl(&op) == -XEN_EACCES && op.u.physinfo.nr_cpus == 0,
	      "bad version");
	for (unsigned i = 0; i < ARRAY_SIZE(unknown); i++)
		check(sc(unknown[i], &op) == -XEN_ENOSYS, "command %u",
		      unknown[i]);
	check(readconsole(&op, (char *)BAD_PTR_HV, 100, 0, false, false) ==
		      -XEN_EFAULT,
	      "readconsole into the hypervisor");
	op.u.cputopoinfo.num_cpus = 4;
	xen_set_guest_handle(op.u.cputopoinfo.cputopo,
			     (struct xen_sysctl_cputopo *)BAD_PTR_HV);
	check(sc(XEN_SYSCTL_cputopoinfo, &op) == -XEN_EFAULT,
	      "cputopoinfo into the hypervisor");
	/* the result cannot be copied back: nothing is written */
	ro_op.cmd = XEN_SYSCTL_physinfo;
	ro_op.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	ro_op.u.physinfo.nr_cpus = 0xdead;
	check(make_readonly(&ro_op) == 0, "make_readonly");
	check(sysctl(&ro_op) == -XEN_EFAULT &&
		      ro_op.u.physinfo.nr_cpus == 0xdead,
	      "physinfo into a read-only page");
}

static void set_wallclock(uint64_t secs)
{
	struct xen_platform_op op = {.cmd = XENPF_settime64,
				     .interface_version =
					     XENPF_INTERFACE_VERSION};
	long rc;

	op.u.settime64.secs = secs;
	op.u.settime64.system_time = system_time_ns();
	rc = HC(__HYPERVISOR_platform_op, &op, 0, 0, 0, 0);
	check(rc == 0, "settime64: %ld", rc);
}

/* The domU passes once it sees WC_DONE; then it leaves the list. */
static void wait_domU_gone(void)
{
	struct xen_domctl_getdomaininfo info;
	uint64_t deadline = system_time_ns() + WAIT_NS;
	uint32_t num = 1;

	while (num && system_time_ns() < deadline) {
		check(domlist(DOMU_ID, 1, &info, &num) == 0,
		      "getdomaininfolist");
		if (num)
			sleep_ns(1000000);
	}
	check(num == 0, "domain 1 still listed after %lu s", WAIT_NS / NSEC);
	printf("dom0: domain 1 left the domain list\n");
}

static void dom0_side(void)
{
	uint32_t cpus = platform_cpus(), end;

	check(cpus <= MAX_CPUS - 1, "%u CPUs: test buffers too small", cpus);
	check_physinfo();
	check_domlist();
	end = check_readconsole();
	check_cputopo(cpus);
	check_numainfo();
	check_cpuinfo(cpus);
	check_errors();
	set_wallclock(WC_DONE);
	wait_domU_gone();
	check_readconsole_after(end);
	printf("dom0: sysctl answers as Xen 4.17\n");
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

static void domU_side(void)
{
	static const uint32_t cmds[] = {XEN_SYSCTL_readconsole,
					XEN_SYSCTL_physinfo,
					XEN_SYSCTL_sched_id,
					XEN_SYSCTL_getdomaininfolist,
					XEN_SYSCTL_getcpuinfo,
					XEN_SYSCTL_cputopoinfo,
					XEN_SYSCTL_numainfo,
					2,
					1000};
	struct xen_sysctl op;
	uint64_t want = WC_DONE * NSEC, deadline, now, wall = 0;

	for (unsigned i = 0; i < ARRAY_SIZE(cmds); i++) {
		memset(&op, 0x55, sizeof(op));
		check(sc(cmds[i], &op) == -XEN_EPERM && op.u.pad[0] == 0x55 &&
			      op.u.pad[127] == 0x55,
		      "domU command %u", cmds[i]);
	}
	op.interface_version = 0;
	check(sysctl(&op) == -XEN_EACCES, "domU bad version");
	check(HC(__HYPERVISOR_sysctl, BAD_PTR_HV, 0, 0, 0, 0) == -XEN_EFAULT,
	      "domU bad pointer");
	for (deadline = system_time_ns() + WAIT_NS;;) {
		now = system_time_ns();
		wall = wallclock_ns() + now;
		if ((wall >= want && wall < want + WAIT_NS) || now > deadline)
			break;
		hc_sched_op(SCHEDOP_yield, NULL);
	}
	check(wall >= want && wall < want + WAIT_NS,
	      "domU: dom0 never signalled it was done");
	printf("domU: -EPERM for every command\n");
}

void guest_main(void)
{
	map_shared_info();
	if (start_info->flags & SIF_INITDOMAIN)
		dom0_side();
	else
		domU_side();
}
