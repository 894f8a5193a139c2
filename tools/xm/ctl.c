/*
 * xm's commands that act on a running domain: shutdown and reboot (the
 * request goes to the guest through xenstore, as Xen's toolstack does:
 * control/shutdown = "poweroff" | "reboot", which Linux's xenbus
 * watches), destroy, pause and unpause.
 *
 * Interface: the cmd_* functions of xm.h.  Invariants: Domain-0 is never
 * shut down, destroyed or paused from here; -w waits at most WAIT_S.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xm.h"

#define WAIT_S 120

/* One domain argument, not Domain-0: its id, or -1 (error printed). */
static int one_domu(int argc, char **argv, const char *cmd, uint32_t *id)
{
	if (argc != 2) {
		xm_error("'xm %s' takes one domain", cmd);
		return xm_usage(cmd), -1;
	}
	if (xm_lookup(argv[1], id))
		return -1;
	if (*id == 0) {
		xm_error("xm %s: Domain-0 is not a guest domain", cmd);
		return -1;
	}
	return 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, ms % 1000 * 1000000};

	nanosleep(&ts, NULL);
}

/* Does the monitor of domid (monitor.c) still run? */
static int monitor_alive(uint32_t domid)
{
	char path[160], vm[128], pid[32];

	snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
	if (xs_read(xm_xs(), path, vm, sizeof(vm)))
		return 0;
	snprintf(path, sizeof(path), "%s/monitor-pid", vm);
	if (xs_read(xm_xs(), path, pid, sizeof(pid)))
		return 0;
	return kill((pid_t)atoi(pid), 0) == 0;
}

/* Done when domid is gone, or shut down with nobody left to act. */
static int settled(uint32_t domid)
{
	struct xen_domctl_getdomaininfo info;

	if (xc_domain_getinfo(xm_xc(), domid, &info) || info.domain != domid)
		return 1;
	return (info.flags & XEN_DOMINF_shutdown) && !monitor_alive(domid);
}

static int wait_settled(uint32_t domid, const char *name, const char *what)
{
	int i;

	for (i = 0; i < WAIT_S * 5; i++) {
		if (settled(domid))
			return 0;
		sleep_ms(200);
	}
	if (name)
		xm_error("domain '%s' did not %s within %d s", name, what,
			 WAIT_S);
	else
		xm_error("domain %u did not %s within %d s", domid, what,
			 WAIT_S);
	return 1;
}

static int request(uint32_t domid, const char *what)
{
	char path[64];
	int rc;

	snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown",
		 domid);
	rc = xs_write(xm_xs(), path, what);
	if (rc)
		xm_error("cannot ask domain %u to %s: %s", domid, what,
			 strerror(-rc));
	return rc ? 1 : 0;
}

/* Every guest domain that is not shut down yet (-a). */
static int all_guests(uint32_t *ids, int max)
{
	static struct xen_domctl_getdomaininfo d[256];
	int n = xc_domain_list(xm_xc(), 1, d, 256), i, k = 0;

	for (i = 0; i < n && k < max; i++)
		if (d[i].domain && !(d[i].flags & XEN_DOMINF_shutdown))
			ids[k++] = d[i].domain;
	return k;
}

/* shutdown|reboot [-w] [-a] <Domain>; -w waits until the domain is gone
 * (for a reboot: the old one), or shut down and left so. */
static int shutdown_or_reboot(int argc, char **argv, const char *cmd,
			      const char *what)
{
	char *args[2] = {argv[0], NULL};
	int wait = 0, all = 0, i, n = 0, rc = 0;
	uint32_t ids[256];

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-w") == 0 ||
		    strcmp(argv[i], "--wait") == 0)
			wait = 1;
		else if (strcmp(argv[i], "-a") == 0 ||
			 strcmp(argv[i], "--all") == 0)
			all = 1;
		else
			args[1] = n++ ? "" : argv[i];
	}
	if (all ? n != 0 : n != 1) {
		xm_error("'xm %s' takes one domain, or -a", cmd);
		return xm_usage(cmd);
	}
	if (all)
		n = all_guests(ids, 256);
	else if (one_domu(2, args, cmd, &ids[0]))
		return 1;
	for (i = 0; i < n; i++)
		rc |= request(ids[i], what);
	for (i = 0; wait && i < n; i++)
		rc |= wait_settled(ids[i], all ? NULL : args[1], cmd);
	return rc;
}

int cmd_shutdown(int argc, char **argv)
{
	return shutdown_or_reboot(argc, argv, "shutdown", "poweroff");
}

int cmd_reboot(int argc, char **argv)
{
	return shutdown_or_reboot(argc, argv, "reboot", "reboot");
}

int cmd_destroy(int argc, char **argv)
{
	uint32_t id;
	int rc;

	if (one_domu(argc, argv, "destroy", &id))
		return argc != 2 ? 2 : 1;
	rc = xm_destroy_domain(id);
	if (rc) {
		xm_error("cannot destroy '%s': %s", argv[1], strerror(-rc));
		return 1;
	}
	return 0;
}

static int pause_cmd(int argc, char **argv, const char *cmd, int pause)
{
	uint32_t id;
	int rc;

	if (one_domu(argc, argv, cmd, &id))
		return argc != 2 ? 2 : 1;
	rc = pause ? xc_domain_pause(xm_xc(), id)
		   : xc_domain_unpause(xm_xc(), id);
	if (rc) {
		xm_error("cannot %s '%s': %s", cmd, argv[1], strerror(-rc));
		return 1;
	}
	return 0;
}

int cmd_pause(int argc, char **argv)
{
	return pause_cmd(argc, argv, "pause", 1);
}

int cmd_unpause(int argc, char **argv)
{
	return pause_cmd(argc, argv, "unpause", 0);
}
