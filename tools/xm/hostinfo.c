/*
 * xm info (the host: kernel, CPUs, memory, the hypervisor's version
 * through the xen_version hypercall) and xm uptime.
 *
 * Interface: cmd_info(), cmd_uptime() of xm.h.  Invariants: read only;
 * buffers handed to the hypervisor are static and touched first.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include <public/version.h>

#include "xm.h"

static long xen_version(unsigned int cmd, void *buf, size_t len)
{
	if (buf)
		memset(buf, 0, len);
	return xc_hypercall(xm_xc(), __HYPERVISOR_xen_version, cmd,
			    (uintptr_t)buf, 0, 0, 0);
}

static const char *scheduler(void)
{
	struct xen_sysctl op;

	memset(&op, 0, sizeof(op));
	op.cmd = XEN_SYSCTL_sched_id;
	if (xc_sysctl(xm_xc(), &op) < 0)
		return "unknown";
	switch (op.u.sched_id.sched_id) {
	case XEN_SCHEDULER_CREDIT:
		return "credit";
	case XEN_SCHEDULER_CREDIT2:
		return "credit2";
	case XEN_SCHEDULER_NULL:
		return "null";
	default:
		return "unknown";
	}
}

static void row(const char *key, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void row(const char *key, const char *fmt, ...)
{
	va_list ap;

	printf("%-22s : ", key);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void host_rows(const struct xen_sysctl_physinfo *p)
{
	struct utsname u;
	unsigned int i;

	uname(&u);
	row("host", "%s", u.nodename);
	row("release", "%s", u.release);
	row("version", "%s", u.version);
	row("machine", "%s", u.machine);
	row("nr_cpus", "%u", p->nr_cpus);
	row("nr_nodes", "%u", p->nr_nodes);
	row("cores_per_socket", "%u", p->cores_per_socket);
	row("threads_per_core", "%u", p->threads_per_core);
	row("cpu_mhz", "%u", p->cpu_khz / 1000);
	printf("%-22s : ", "hw_caps");
	for (i = 0; i < 8; i++)
		printf("%08x%s", p->hw_cap[i], i < 7 ? ":" : "\n");
	row("total_memory", "%llu",
	    (unsigned long long)(p->total_pages * 4 / 1024));
	row("free_memory", "%llu",
	    (unsigned long long)(p->free_pages * 4 / 1024));
}

static void xen_rows(void)
{
	static xen_extraversion_t extra;
	static xen_capabilities_info_t caps;
	static xen_changeset_info_t cset;
	static xen_commandline_t cmdline;
	static struct xen_compile_info ci;
	long v = xen_version(XENVER_version, NULL, 0);

	xen_version(XENVER_extraversion, extra, sizeof(extra));
	xen_version(XENVER_capabilities, caps, sizeof(caps));
	xen_version(XENVER_changeset, cset, sizeof(cset));
	xen_version(XENVER_commandline, cmdline, sizeof(cmdline));
	xen_version(XENVER_compile_info, &ci, sizeof(ci));
	row("xen_major", "%ld", v >> 16);
	row("xen_minor", "%ld", v & 0xffff);
	row("xen_extra", "%.16s", extra);
	row("xen_caps", "%.1024s", caps);
	row("xen_scheduler", "%s", scheduler());
	row("xen_pagesize", "%ld", xen_version(XENVER_pagesize, NULL, 0));
	row("xen_changeset", "%.64s", cset);
	row("xen_commandline", "%.1024s", cmdline);
	row("cc_compiler", "%.64s", ci.compiler);
	row("cc_compile_by", "%.16s", ci.compile_by);
	row("cc_compile_domain", "%.32s", ci.compile_domain);
	row("cc_compile_date", "%.32s", ci.compile_date);
}

int cmd_info(int argc, char **argv)
{
	struct xen_sysctl_physinfo p;
	int rc;

	(void)argv;
	if (argc != 1) {
		xm_error("'xm info' takes no arguments");
		return xm_usage("info");
	}
	rc = xc_physinfo(xm_xc(), &p);
	if (rc) {
		xm_error("cannot read the host's physinfo: %s", strerror(-rc));
		return 1;
	}
	host_rows(&p);
	xen_rows();
	return 0;
}

/* ---- uptime ---- */

/* Seconds the domain has run: dom0 since boot, others since
 * /vm/UUID/start_time (written by xm create). */
static double uptime_of(uint32_t domid)
{
	char path[160], vm[128], val[64];
	double up = 0;
	FILE *f;

	if (domid == 0) {
		f = fopen("/proc/uptime", "r");
		if (f) {
			if (fscanf(f, "%lf", &up) != 1)
				up = 0;
			fclose(f);
		}
		return up;
	}
	snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
	if (!xm_xs_try() || xs_read(xm_xs_try(), path, vm, sizeof(vm)))
		return 0;
	snprintf(path, sizeof(path), "%s/start_time", vm);
	if (xs_read(xm_xs_try(), path, val, sizeof(val)))
		return 0;
	up = (double)time(NULL) - strtod(val, NULL);
	return up < 0 ? 0 : up;
}

static void uptime_row(uint32_t domid)
{
	char name[XM_NAME_MAX + 1], days[32] = "";
	unsigned long s = (unsigned long)uptime_of(domid);

	xm_domain_name(domid, name, sizeof(name));
	if (s >= 86400)
		snprintf(days, sizeof(days), "%lu day%s, ", s / 86400,
			 s / 86400 == 1 ? "" : "s");
	printf("%-33s %4u %s%2lu:%02lu:%02lu\n", name, domid, days,
	       s % 86400 / 3600, s % 3600 / 60, s % 60);
}

int cmd_uptime(int argc, char **argv)
{
	static struct xen_domctl_getdomaininfo d[256];
	uint32_t id;
	int i, n;

	for (i = 1; i < argc; i++)
		if (xm_lookup(argv[i], &id))
			return 1;
	printf("%-33s %4s %s\n", "Name", "ID", "Uptime");
	if (argc > 1) {
		for (i = 1; i < argc; i++)
			if (xm_lookup(argv[i], &id) == 0)
				uptime_row(id);
		return 0;
	}
	n = xc_domain_list(xm_xc(), 0, d, 256);
	for (i = 0; i < n; i++)
		uptime_row(d[i].domain);
	return n < 0;
}
