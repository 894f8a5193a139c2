/*
 * Virtual network interfaces (vif = [...]) served by Linux's netback in
 * dom0: the xenbus nodes of each interface, the hotplug work Xen leaves
 * to its vif-bridge script (vif_bridge.c), and the teardown.
 *
 * Interface: xm_vif_* of devices.h.  Per interface N of domain D:
 *   backend  /local/domain/0/backend/vif/D/N (owner dom0, D may read):
 *            frontend, frontend-id, online=1, mac, bridge, handle=N,
 *            script, type=vif, vifname, [ip], state=1 written last;
 *   frontend /local/domain/D/device/vif/N (owner D, dom0 may read):
 *            backend, backend-id=0, handle=N, mac, state=1 written last.
 * Netback probes when the backend's state appears, creates vifD.N and
 * goes to InitWait; then xm puts the device on its bridge and writes
 * hotplug-status=connected, which netback waits for before it reports
 * Connected to the frontend.
 *
 * Invariants: every wait is bounded (VIF_*_MS); release works from the
 * backend nodes alone and leaves no node and no vif device; bridges are
 * left in place.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <public/io/xenbus.h>

#include "devices.h"
#include "vif.h"
#include "xm.h"

#define VIF_PROBE_MS  10000 /* netback creates the device */
#define VIF_CLOSE_MS  5000  /* the Closing/Closed handshake */
#define VIF_GONE_MS   5000  /* the device disappears */
#define VIF_POLL_MS   20
#define NETBACK_SYSFS "/sys/bus/xen-backend/drivers/vif"

struct vif_paths {
	char be[96];		/* /local/domain/0/backend/vif/D/N */
	char fe[96];		/* /local/domain/D/device/vif/N */
	char dev[VIF_IFNAMSIZ]; /* netback's name, vifD.N */
};

static void vif_paths(uint32_t domid, unsigned int n, struct vif_paths *p)
{
	snprintf(p->be, sizeof(p->be), "/local/domain/0/backend/vif/%u/%u",
		 domid, n);
	snprintf(p->fe, sizeof(p->fe), "/local/domain/%u/device/vif/%u", domid,
		 n);
	snprintf(p->dev, sizeof(p->dev), "vif%u.%u", domid, n);
}

/* dir/key as an integer, or -1. */
static long read_long(const char *dir, const char *key)
{
	char path[160], v[32], *end;
	long r;

	snprintf(path, sizeof(path), "%s/%s", dir, key);
	if (xs_read(xm_xs(), path, v, sizeof(v)) || !v[0])
		return -1;
	r = strtol(v, &end, 10);
	return *end ? -1 : r;
}

/* ---- check ---- */

/* The interface of another live domain that already has mac, if any. */
static int mac_in_use(const char *mac, char *who, size_t len)
{
	static char doms[XS_LS_MAX], vifs[XS_LS_MAX];
	char path[160], v[32];
	const char *d, *n;
	int nd, nv, i, j;

	nd = xs_ls(xm_xs(), "/local/domain/0/backend/vif", doms, sizeof(doms));
	for (i = 0, d = doms; i < nd; i++, d += strlen(d) + 1) {
		if (xm_domain_exists((uint32_t)strtoul(d, NULL, 10)) != 1)
			continue; /* stale nodes of a domain that is gone */
		snprintf(path, sizeof(path),
			 "/local/domain/0/backend/vif/%.10s", d);
		nv = xs_ls(xm_xs(), path, vifs, sizeof(vifs));
		for (j = 0, n = vifs; j < nv; j++, n += strlen(n) + 1) {
			snprintf(path, sizeof(path),
				 "/local/domain/0/backend/vif/%.10s/%.10s/mac",
				 d, n);
			if (xs_read(xm_xs(), path, v, sizeof(v)) == 0 &&
			    vif_mac_equal(v, mac)) {
				snprintf(who, len, "vif%.10s.%.10s", d, n);
				return 1;
			}
		}
	}
	return 0;
}

int xm_vif_check(const struct xm_config *c, char *err, size_t errlen)
{
	struct vif_spec s;
	struct stat st;
	char who[48];
	unsigned int i;

	if (!c->n_vif)
		return 0;
	if (vif_check_config(c, err, errlen))
		return -1;
	if (stat(NETBACK_SYSFS, &st)) {
		snprintf(err, errlen,
			 "vif: no netback in dom0 (modprobe xen-netback)");
		return -1;
	}
	for (i = 0; i < c->n_vif; i++) {
		vif_resolve(c, i, &s, err, errlen);
		if (mac_in_use(s.mac, who, sizeof(who))) {
			snprintf(err, errlen,
				 "vif %u: mac %s is already used by %s", i,
				 s.mac, who);
			return -1;
		}
	}
	return 0;
}

/* ---- attach ---- */

/* path made with the perms (owner first); remembers the first error. */
static void dir_with_perms(int *rc, const char *path, unsigned int owner,
			   unsigned int reader)
{
	char p0[16], p1[16];
	const char *perms[2] = {p0, p1};
	int r;

	snprintf(p0, sizeof(p0), "n%u", owner);
	snprintf(p1, sizeof(p1), "r%u", reader);
	r = xs_mkdir(xm_xs(), path);
	if (!r)
		r = xs_setperms(xm_xs(), path, perms, 2);
	if (r && !*rc)
		*rc = r;
}

static void put(int *rc, const char *dir, const char *key, const char *value)
{
	char path[160];
	int r;

	snprintf(path, sizeof(path), "%s/%s", dir, key);
	r = xs_write(xm_xs(), path, value);
	if (r && !*rc)
		*rc = r;
}

static int write_nodes(uint32_t domid, const struct vif_spec *s,
		       const struct vif_paths *p)
{
	char id[16], h[16];
	int rc = 0;

	snprintf(id, sizeof(id), "%u", domid);
	snprintf(h, sizeof(h), "%u", s->handle);
	/* The frontend first: netback reads its state when it probes. */
	dir_with_perms(&rc, p->fe, domid, 0);
	put(&rc, p->fe, "backend", p->be);
	put(&rc, p->fe, "backend-id", "0");
	put(&rc, p->fe, "handle", h);
	put(&rc, p->fe, "mac", s->mac);
	put(&rc, p->fe, "state", "1"); /* XenbusStateInitialising */
	dir_with_perms(&rc, p->be, 0, domid);
	put(&rc, p->be, "frontend", p->fe);
	put(&rc, p->be, "frontend-id", id);
	put(&rc, p->be, "online", "1");
	put(&rc, p->be, "mac", s->mac);
	put(&rc, p->be, "bridge", s->bridge);
	put(&rc, p->be, "handle", h);
	put(&rc, p->be, "script", VIF_SCRIPT);
	put(&rc, p->be, "type", "vif");
	put(&rc, p->be, "vifname", s->vifname[0] ? s->vifname : p->dev);
	if (s->ip[0])
		put(&rc, p->be, "ip", s->ip);
	put(&rc, p->be, "state", "1"); /* last: netback probes on it */
	return rc;
}

/* Netback's reason for giving up on the backend, if it wrote one. */
static void netback_error(uint32_t domid, unsigned int n, char *buf, size_t len)
{
	char path[128];

	snprintf(path, sizeof(path),
		 "/local/domain/0/error/backend/vif/%u/%u/error", domid, n);
	if (xs_read(xm_xs(), path, buf, len) || !buf[0])
		snprintf(buf, len, "no reason given");
}

/* Until netback has made p->dev and waits in InitWait (bounded). */
static int wait_probe(uint32_t domid, const struct vif_spec *s,
		      const struct vif_paths *p, char *err, size_t errlen)
{
	char why[128];
	long st = -1;
	int t;

	for (t = 0; t < VIF_PROBE_MS; t += VIF_POLL_MS) {
		st = read_long(p->be, "state");
		if (st == XenbusStateInitWait && vif_netdev_exists(p->dev))
			return 0;
		if (st >= XenbusStateClosing) {
			netback_error(domid, s->handle, why, sizeof(why));
			snprintf(err, errlen, "vif %u: netback closed %s: %s",
				 s->handle, p->be, why);
			return -1;
		}
		xm_sleep_ms(VIF_POLL_MS);
	}
	snprintf(err, errlen,
		 "vif %u: netback did not take up %s within %d s (state %ld; "
		 "is xenstored serving dom0's xenbus, -r?)",
		 s->handle, p->be, VIF_PROBE_MS / 1000, st);
	return -1;
}

static int attach_one(uint32_t domid, const struct vif_spec *s, char *err,
		      size_t errlen)
{
	struct vif_paths p;
	char path[160];
	int rc;

	vif_paths(domid, s->handle, &p);
	rc = write_nodes(domid, s, &p);
	if (rc) {
		snprintf(err, errlen, "vif %u: cannot write %s: %s", s->handle,
			 p.be, strerror(-rc));
		return -1;
	}
	if (wait_probe(domid, s, &p, err, errlen) ||
	    vif_hotplug(p.dev, s->vifname, s->bridge, err, errlen))
		return -1;
	snprintf(path, sizeof(path), "%s/hotplug-status", p.be);
	rc = xs_write(xm_xs(), path, "connected");
	if (rc) {
		snprintf(err, errlen, "vif %u: cannot write %s: %s", s->handle,
			 path, strerror(-rc));
		return -1;
	}
	return 0;
}

int xm_vif_attach(uint32_t domid, const struct xm_config *c, char *err,
		  size_t errlen)
{
	struct vif_spec s;
	unsigned int i;

	for (i = 0; i < c->n_vif; i++) {
		if (vif_resolve(c, i, &s, err, errlen) ||
		    attach_one(domid, &s, err, errlen)) {
			xm_vif_release(domid);
			return -1;
		}
	}
	return 0;
}

/* ---- release ---- */

/* The frontend can still answer: the domain runs and its driver is
 * connected (or connecting). */
static int frontend_active(uint32_t domid, const struct vif_paths *p)
{
	struct xen_domctl_getdomaininfo info;
	long st = read_long(p->fe, "state");

	if (st != XenbusStateInitialised && st != XenbusStateConnected)
		return 0;
	if (xc_domain_getinfo(xm_xc(), domid, &info) || info.domain != domid)
		return 0;
	return !(info.flags &
		 (XEN_DOMINF_dying | XEN_DOMINF_shutdown | XEN_DOMINF_paused));
}

/* Backend to Closed with the frontend's help (bounded). */
static void close_handshake(const struct vif_paths *p)
{
	char path[160];
	long st;
	int t;

	snprintf(path, sizeof(path), "%s/state", p->be);
	st = read_long(p->be, "state");
	if (st < XenbusStateInitWait || st > XenbusStateConnected)
		return;
	xs_write(xm_xs(), path, "5"); /* XenbusStateClosing */
	for (t = 0; t < VIF_CLOSE_MS; t += VIF_POLL_MS) {
		st = read_long(p->be, "state");
		if (st == XenbusStateClosed || st < 0)
			return;
		xm_sleep_ms(VIF_POLL_MS);
	}
}

static void wait_gone(const char *dev)
{
	int t;

	for (t = 0; t < VIF_GONE_MS && vif_netdev_exists(dev); t += VIF_POLL_MS)
		xm_sleep_ms(VIF_POLL_MS);
	if (vif_netdev_exists(dev))
		fprintf(stderr, "Warning: network device %s is still there\n",
			dev);
}

static void release_one(uint32_t domid, unsigned int n)
{
	struct vif_paths p;
	char path[160], dev[VIF_IFNAMSIZ];

	vif_paths(domid, n, &p);
	snprintf(path, sizeof(path), "%s/vifname", p.be);
	if (xs_read(xm_xs(), path, dev, sizeof(dev)) || !dev[0])
		snprintf(dev, sizeof(dev), "%s", p.dev);
	snprintf(path, sizeof(path), "%s/online", p.be);
	xs_write(xm_xs(), path, "0"); /* netback unregisters once Closed */
	if (frontend_active(domid, &p))
		close_handshake(&p);
	/* Removing the backend unregisters netback's device if the
	 * handshake did not (a dead or paused frontend). */
	xs_rm(xm_xs(), p.be);
	xs_rm(xm_xs(), p.fe);
	wait_gone(dev);
}

void xm_vif_release(uint32_t domid)
{
	static char list[XS_LS_MAX];
	char path[96];
	const char *n;
	int i, nv;

	if (!xm_xs_try())
		return;
	snprintf(path, sizeof(path), "/local/domain/0/backend/vif/%u", domid);
	nv = xs_ls(xm_xs(), path, list, sizeof(list));
	for (i = 0, n = list; i < nv; i++, n += strlen(n) + 1)
		release_one(domid, (unsigned int)strtoul(n, NULL, 10));
	xs_rm(xm_xs(), path);
	snprintf(path, sizeof(path), "/local/domain/0/error/backend/vif/%u",
		 domid);
	xs_rm(xm_xs(), path);
	snprintf(path, sizeof(path), "/local/domain/%u/device/vif", domid);
	xs_rm(xm_xs(), path);
}
