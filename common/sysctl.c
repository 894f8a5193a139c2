/*
 * sysctl (hypercall 35): the toolstack's view of the host -- the console
 * ring (`xm dmesg`), CPUs, memory and NUMA layout, the domain list and
 * the scheduler.
 *
 * Interface: do_sysctl(arg) copies struct xen_sysctl in once and checks,
 * in Xen's order, interface_version (-EACCES) and that the caller is dom0
 * (-EPERM); the sub-op works on the copy, which goes back to the guest
 * whole when it succeeds (as Xen's default).  Commands not implemented
 * here answer -ENOSYS, as Xen's do when compiled out.
 * Invariants: sysctl_lock serializes sub-ops (Xen's sysctl_lock); a sub-op
 * changes no hypervisor state except readconsole's "clear".  One NUMA
 * node (0) holds every CPU and frame.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/console.h>
#include <xen/domctl.h>
#include <xen/hypercall.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <xen/sysctl.h>
#include <xen/time.h>
#include <asm/guest_access.h>
#include <public/sysctl.h>

#define READCONSOLE_CHUNK   256 /* bytes bounced through the stack at a time */
#define NODE_DISTANCE_LOCAL 10	/* ACPI SLIT's "same node" */

static DEFINE_SPINLOCK(sysctl_lock);

#define handle_va(h) ((unsigned long)(h).p)

/*
 * The ring positions the guest sees are 32-bit; ours count every byte
 * ever written.  An incremental read starts at index if that lies in the
 * part still shown, else at its start (as Xen).
 */
static long readconsole(struct xen_sysctl_readconsole *rc)
{
	char chunk[READCONSOLE_CHUNK];
	unsigned long buf = handle_va(rc->buffer);
	u64 first, end, pos, want;
	u32 sofar = 0;

	console_ring_window(&first, &end);
	pos = first;
	want = end - (u32)((u32)end - rc->index);
	if (rc->incremental && want > first && want <= end)
		pos = want;
	while (pos < end && sofar < rc->count) {
		size_t n = MIN(MIN(end - pos, (u64)sizeof(chunk)),
			       (u64)(rc->count - sofar));

		n = console_ring_read(chunk, n, &pos);
		if (!n)
			break;
		if (copy_to_guest(buf + sofar, chunk, n))
			return -EFAULT;
		sofar += n;
	}
	if (rc->clear)
		console_ring_clear(pos);
	rc->count = sofar;
	rc->index = (u32)pos;
	return 0;
}

static long physinfo(struct xen_sysctl_physinfo *pi)
{
	memset(pi, 0, sizeof(*pi));
	pi->nr_cpus = num_online_cpus();
	pi->max_cpu_id = nr_cpu_ids - 1;
	pi->nr_nodes = 1;
	pi->max_node_id = 0;
	pi->cpu_khz = (u32)cpu_khz_tsc();
	pi->total_pages = memmap_ram_bytes(host_memmap) >> PAGE_SHIFT;
	pi->free_pages = heap_free_pages();
	pi->scrub_pages = 0;	   /* freed frames are scrubbed at once */
	pi->outstanding_pages = 0; /* no claims */
	pi->max_mfn = max_page - 1;
	pi->capabilities = XEN_SYSCTL_PHYSCAP_gnttab_v1;
	arch_sysctl_physinfo(pi);
	return 0;
}

/*
 * The lowest domain id >= from in the domain list (0x10000 if none),
 * found with the list locked; the caller takes its reference with
 * domain_lookup(), which skips a domain that started dying meanwhile.
 */
struct next_domain {
	u32 from, found;
};

static void next_domain_fn(struct domain *d, void *arg)
{
	struct next_domain *n = arg;

	if (d->domain_id >= n->from && d->domain_id < n->found)
		n->found = d->domain_id;
}

static long getdomaininfolist(struct xen_sysctl_getdomaininfolist *gl)
{
	unsigned long buf = handle_va(gl->buffer);
	struct xen_domctl_getdomaininfo info;
	struct next_domain n = {.from = gl->first_domain};
	u32 num = 0;

	for (; num < gl->max_domains; n.from = n.found + 1) {
		struct domain *d;

		n.found = 0x10000;
		domain_for_each(next_domain_fn, &n);
		if (n.found > 0xffff)
			break;
		d = domain_lookup((u16)n.found);
		if (!d)
			continue;
		domctl_getdomaininfo(d, &info);
		put_domain(d);
		if (copy_to_guest(buf + num * sizeof(info), &info,
				  sizeof(info)))
			return -EFAULT;
		num++;
	}
	gl->num_domains = num;
	return 0;
}

static long getcpuinfo(struct xen_sysctl_getcpuinfo *gi)
{
	unsigned long buf = handle_va(gi->info);
	unsigned int i, n = MIN(gi->max_cpus, nr_cpu_ids);
	struct xen_sysctl_cpuinfo ci;

	for (i = 0; i < n; i++) {
		ci.idletime = sched_cpu_idle_time(i);
		if (copy_to_guest(buf + i * sizeof(ci), &ci, sizeof(ci)))
			return -EFAULT;
	}
	gi->nr_cpus = i;
	return 0;
}

/* Every CPU number below nr_cpu_ids is a present (and online) CPU. */
static long cputopoinfo(struct xen_sysctl_cputopoinfo *ti)
{
	unsigned long buf = handle_va(ti->cputopo);
	unsigned int i, n = nr_cpu_ids;
	struct xen_sysctl_cputopo t;

	if (!buf) {
		ti->num_cpus = n;
		return 0;
	}
	n = MIN(n, ti->num_cpus);
	for (i = 0; i < n; i++) {
		t.node = 0;
		if (!arch_cpu_topology(i, &t.core, &t.socket))
			t.core = t.socket = t.node = XEN_INVALID_CORE_ID;
		if (copy_to_guest(buf + i * sizeof(t), &t, sizeof(t)))
			return -EFAULT;
	}
	ti->num_cpus = i;
	return 0;
}

static long numainfo(struct xen_sysctl_numainfo *ni)
{
	unsigned long mem = handle_va(ni->meminfo);
	unsigned long dist = handle_va(ni->distance);
	struct xen_sysctl_meminfo mi;
	u32 d = NODE_DISTANCE_LOCAL;
	unsigned int n = 1;

	if (mem || dist) {
		n = MIN(n, ni->num_nodes);
		mi.memsize = (u64)max_page << PAGE_SHIFT; /* node 0 spans all */
		mi.memfree = (u64)heap_free_pages() << PAGE_SHIFT;
		if (n && mem && copy_to_guest(mem, &mi, sizeof(mi)))
			return -EFAULT;
		if (n && dist && copy_to_guest(dist, &d, sizeof(d)))
			return -EFAULT;
	}
	ni->num_nodes = n;
	return 0;
}

static long sysctl_op(struct xen_sysctl *op)
{
	switch (op->cmd) {
	case XEN_SYSCTL_readconsole:
		return readconsole(&op->u.readconsole);
	case XEN_SYSCTL_physinfo:
		return physinfo(&op->u.physinfo);
	case XEN_SYSCTL_sched_id:
		/* Xen 4.17's default; ours is round-robin, with no parameters.
		 */
		op->u.sched_id.sched_id = CTL_SCHEDULER_ID; /* what scheduler_op answers */
		return 0;
	case XEN_SYSCTL_getdomaininfolist:
		return getdomaininfolist(&op->u.getdomaininfolist);
	case XEN_SYSCTL_getcpuinfo:
		return getcpuinfo(&op->u.getcpuinfo);
	case XEN_SYSCTL_cputopoinfo:
		return cputopoinfo(&op->u.cputopoinfo);
	case XEN_SYSCTL_numainfo:
		return numainfo(&op->u.numainfo);
	default:
		return -ENOSYS;
	}
}

long do_sysctl(unsigned long arg)
{
	struct xen_sysctl op;
	long rc;

	if (copy_from_guest(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.interface_version != XEN_SYSCTL_INTERFACE_VERSION)
		return -EACCES;
	if (!current->domain->is_privileged)
		return -EPERM;
	spin_lock(&sysctl_lock);
	rc = sysctl_op(&op);
	spin_unlock(&sysctl_lock);
	if (!rc && copy_to_guest(arg, &op, sizeof(op)))
		rc = -EFAULT;
	return rc;
}
