/*
 * xm's read-only commands: list, info, dmesg, domid, domname, uptime.
 *
 * Interface: the cmd_* functions of xm.h.  Invariants: they change
 * nothing, except dmesg -c which clears the hypervisor's console ring.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xm.h"

#define MAX_DOMS 1024

static struct xen_domctl_getdomaininfo doms[MAX_DOMS];

static int all_domains(void)
{
	int n = xc_domain_list(xm_xc(), 0, doms, MAX_DOMS);

	if (n < 0) {
		xm_error("cannot list domains: %s", strerror(-n));
		exit(1);
	}
	return n;
}

/* Xen's six state letters: running, blocked, paused, shutdown,
 * crashed, dying. */
static void state_letters(uint32_t flags, char out[7])
{
	unsigned int why =
		(flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
	int down = !!(flags & XEN_DOMINF_shutdown);

	out[0] = flags & XEN_DOMINF_running ? 'r' : '-';
	out[1] = flags & XEN_DOMINF_blocked ? 'b' : '-';
	out[2] = flags & XEN_DOMINF_paused ? 'p' : '-';
	out[3] = down && why != SHUTDOWN_crash ? 's' : '-';
	out[4] = down && why == SHUTDOWN_crash ? 'c' : '-';
	out[5] = flags & XEN_DOMINF_dying ? 'd' : '-';
	out[6] = '\0';
}

static void list_one(const struct xen_domctl_getdomaininfo *d)
{
	char name[XM_NAME_MAX + 1], st[7];

	xm_domain_name(d->domain, name, sizeof(name));
	state_letters(d->flags, st);
	printf("%-40s %5u %5llu %5u     %s %8.1f\n", name, d->domain,
	       (unsigned long long)(d->tot_pages * 4 / 1024),
	       d->nr_online_vcpus, st, (double)d->cpu_time / 1e9);
}

static const struct xen_domctl_getdomaininfo *find_info(uint32_t id, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (doms[i].domain == id)
			return &doms[i];
	return NULL;
}

int cmd_list(int argc, char **argv)
{
	const struct xen_domctl_getdomaininfo *d;
	int n, i, rc = 0;
	uint32_t id;

	for (i = 1; i < argc; i++)
		if (argv[i][0] == '-') {
			xm_error("'xm list' has no option '%s'", argv[i]);
			return xm_usage("list");
		}
	for (i = 1; i < argc; i++)
		if (xm_lookup(argv[i], &id))
			return 1;
	n = all_domains();
	printf("%-40s %5s %5s %5s %10s %9s\n", "Name", "ID", "Mem", "VCPUs",
	       "State", "Time(s)");
	for (i = 0; argc == 1 && i < n; i++)
		list_one(&doms[i]);
	for (i = 1; i < argc; i++) {
		if (xm_lookup(argv[i], &id) == 0 && (d = find_info(id, n)))
			list_one(d);
		else
			rc = 1;
	}
	return rc;
}

int cmd_domid(int argc, char **argv)
{
	uint32_t id;

	if (argc != 2) {
		xm_error("'xm domid' takes one domain name");
		return xm_usage("domid");
	}
	if (xm_lookup(argv[1], &id))
		return 1;
	printf("%u\n", id);
	return 0;
}

int cmd_domname(int argc, char **argv)
{
	char name[XM_NAME_MAX + 1];
	uint32_t id;

	if (argc != 2) {
		xm_error("'xm domname' takes one domain id");
		return xm_usage("domname");
	}
	if (xm_lookup(argv[1], &id))
		return 1;
	xm_domain_name(id, name, sizeof(name));
	printf("%s\n", name);
	return 0;
}

int cmd_dmesg(int argc, char **argv)
{
	static char buf[16384];
	uint32_t index = 0;
	int clear = 0, n;

	if (argc == 2 &&
	    (strcmp(argv[1], "-c") == 0 || strcmp(argv[1], "--clear") == 0)) {
		clear = 1;
	} else if (argc != 1) {
		xm_error("'xm dmesg' takes only -c");
		return xm_usage("dmesg");
	}
	while ((n = xc_readconsole(xm_xc(), buf, sizeof(buf), &index, 0)) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	if (n == 0 && clear)
		n = xc_readconsole(xm_xc(), buf, 1, &index, 1);
	if (n < 0) {
		xm_error("cannot read the hypervisor's console: %s",
			 strerror(-n));
		return 1;
	}
	return 0;
}
