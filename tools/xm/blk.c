/*
 * Virtual disks (disk = [ 'file:/img,xvda,w', 'phy:/dev/vdb,xvdb,r' ]):
 * served by Linux's own xen-blkback in dom0 to the guest's blkfront.
 * xm does what Xen's block hotplug script does: a loop device for an
 * image file, the dom0 block device's number in physical-device.
 *
 * Xenstore, for disk number N (blk_devid) of domain D:
 *   /local/domain/0/backend/vbd/D/N  (dom0's, the guest may read):
 *     frontend frontend-id online=1 removable=0 bootable params mode(r|w)
 *     type(file|phy) dev device-type=disk [node] physical-device state
 *   /local/domain/D/device/vbd/N  (the guest's, dom0 may read):
 *     backend backend-id=0 virtual-device=N device-type=disk state
 * state (XenbusState) is written last on both sides: Linux's xenbus
 * probes a device only once its state reads Initialising.
 *
 * Interface: xm_blk_* of devices.h.  attach() runs while the domain is
 * paused: backend and frontend written, blkback's InitWait awaited,
 * physical-device written, blkback's opening of the device awaited
 * (its sysfs physical_device), only then our loop fd closed (autoclear
 * would free a device no one holds).  release(): online=0 and Closing,
 * the frontend's Closed awaited while the guest can still answer, both
 * directories removed (xenbus then unregisters blkback's device), its
 * device and the loop device awaited gone.
 *
 * Invariants: every wait is bounded (BLK_*_MS); release() needs only
 * xenstore and is idempotent; a loop device outlives no backend
 * (autoclear, and release() clears one that is left).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <public/io/xenbus.h>

#include "blk.h"
#include "devices.h"
#include "xm.h"

#define BLK_PROBE_MS  20000 /* blkback's InitWait, and its open */
#define BLK_CLOSE_MS  5000  /* a live frontend's Closed */
#define BLK_GONE_MS   10000 /* blkback's device and the loop device */
#define BLK_POLL_MS   20
#define BLK_MAX_USES  256 /* disks of other domains looked at */
#define BACKEND_ROOT  "/local/domain/0/backend/vbd"
#define ERROR_ROOT    "/local/domain/0/error/backend/vbd"
#define SYSFS_BACKEND "/sys/bus/xen-backend/devices"

struct blk_use {
	struct blk_ident id; /* the file or device */
	int writable;	     /* mode w */
	uint32_t domid;	     /* who uses it */
};

/* "Device N (vbd) could not be connected. <why>" (Xen 3 xm's words). */
static void fail(char *err, size_t errlen, long devid, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void fail(char *err, size_t errlen, long devid, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, errlen,
			 "Device %ld (vbd) could not be "
			 "connected. ",
			 devid);

	if (n < 0 || (size_t)n >= errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

static void be_path(char *buf, size_t len, uint32_t domid, long devid,
		    const char *key)
{
	snprintf(buf, len, BACKEND_ROOT "/%u/%ld%s%s", domid, devid,
		 key[0] ? "/" : "", key);
}

static void fe_path(char *buf, size_t len, uint32_t domid, long devid,
		    const char *key)
{
	snprintf(buf, len, "/local/domain/%u/device/vbd/%ld%s%s", domid, devid,
		 key[0] ? "/" : "", key);
}

/* XenbusState of dir/state; XenbusStateUnknown if absent. */
static int read_state(const char *dir)
{
	char path[160], v[16];

	snprintf(path, sizeof(path), "%s/state", dir);
	if (xs_read(xm_xs(), path, v, sizeof(v)))
		return XenbusStateUnknown;
	return atoi(v);
}

/* ---- check ---- */

/* The identity of a file (file:) or block device (phy:) given by the
 * user; 0, or -1 with the reason in err. */
static int target_ident(const struct xm_disk *d, long devid,
			struct blk_ident *id, char *err, size_t errlen)
{
	int file = strcmp(d->type, "file") == 0, fd;
	struct stat st;
	uint64_t dev, ino;

	memset(id, 0, sizeof(*id));
	if (stat(d->target, &st)) {
		if (errno == ENOENT)
			fail(err, errlen, devid, "%s does not exist.",
			     d->target);
		else
			fail(err, errlen, devid, "%s: %s.", d->target,
			     strerror(errno));
		return -1;
	}
	if (file && !S_ISREG(st.st_mode)) {
		fail(err, errlen, devid,
		     "%s is not a file (phy: is for "
		     "block devices).",
		     d->target);
		return -1;
	}
	if (!file && !S_ISBLK(st.st_mode)) {
		fail(err, errlen, devid,
		     "%s is not a block device (file: "
		     "is for image files).",
		     d->target);
		return -1;
	}
	fd = open(d->target, (d->writable ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	if (fd < 0) {
		fail(err, errlen, devid, "%s cannot be opened %s: %s.",
		     d->target, d->writable ? "read-write" : "read-only",
		     strerror(errno));
		return -1;
	}
	close(fd);
	if (file) {
		id->has_file = 1;
		id->dev = st.st_dev;
		id->ino = st.st_ino;
	} else {
		id->has_rdev = 1;
		id->rdev = st.st_rdev;
		if (major(st.st_rdev) == BLK_LOOP_MAJOR &&
		    blk_loop_backing(minor(st.st_rdev), &dev, &ino) == 0) {
			id->has_file = 1;
			id->dev = dev;
			id->ino = ino;
		}
	}
	return 0;
}

/* The identity of an existing backend (its physical-device, the loop
 * device's backing file, or its params file); -1 if it has none. */
static int backend_ident(const char *be, struct blk_ident *id, int *writable)
{
	char path[160], v[XM_PATH_MAX];
	unsigned int maj, min;
	struct stat st;
	uint64_t dev, ino;

	memset(id, 0, sizeof(*id));
	snprintf(path, sizeof(path), "%s/mode", be);
	if (xs_read(xm_xs(), path, v, sizeof(v)) ||
	    (*writable = blk_mode_parse(v)) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/physical-device", be);
	if (xs_read(xm_xs(), path, v, sizeof(v)) == 0 &&
	    blk_physdev_parse(v, &maj, &min) == 0) {
		id->has_rdev = 1;
		id->rdev = makedev(maj, min);
		if (maj == BLK_LOOP_MAJOR &&
		    blk_loop_backing(min, &dev, &ino) == 0) {
			id->has_file = 1;
			id->dev = dev;
			id->ino = ino;
		}
	}
	snprintf(path, sizeof(path), "%s/params", be);
	if (!id->has_file && xs_read(xm_xs(), path, v, sizeof(v)) == 0 &&
	    stat(v, &st) == 0) {
		if (S_ISREG(st.st_mode)) {
			id->has_file = 1;
			id->dev = st.st_dev;
			id->ino = st.st_ino;
		} else if (S_ISBLK(st.st_mode) && !id->has_rdev) {
			id->has_rdev = 1;
			id->rdev = st.st_rdev;
		}
	}
	return id->has_file || id->has_rdev ? 0 : -1;
}

/* The disks of the other domains that exist, from their backends. */
static unsigned int other_uses(struct blk_use *u, unsigned int max)
{
	static char doms[XS_LS_MAX], devs[XS_LS_MAX];
	char dir[96], be[128];
	const char *p, *q;
	unsigned int n = 0;
	int nd, nv, i, j;

	nd = xs_ls(xm_xs(), BACKEND_ROOT, doms, sizeof(doms));
	for (i = 0, p = doms; i < nd; i++, p += strlen(p) + 1) {
		uint32_t domid = (uint32_t)strtoul(p, NULL, 10);

		if (strlen(p) > 10 || xm_domain_exists(domid) != 1)
			continue;
		snprintf(dir, sizeof(dir), BACKEND_ROOT "/%s", p);
		nv = xs_ls(xm_xs(), dir, devs, sizeof(devs));
		for (j = 0, q = devs; j < nv && n < max;
		     j++, q += strlen(q) + 1) {
			snprintf(be, sizeof(be), "%s/%.20s", dir, q);
			if (backend_ident(be, &u[n].id, &u[n].writable))
				continue;
			u[n++].domid = domid;
		}
	}
	return n;
}

static int check_sharing(const struct xm_config *c, unsigned int i,
			 const struct blk_ident *ids, const struct blk_use *u,
			 unsigned int nu, char *err, size_t errlen)
{
	const struct xm_disk *d = &c->disk[i];
	long devid = blk_devid(d->vdev);
	char name[XM_NAME_MAX + 1];
	unsigned int k;

	for (k = 0; k < i; k++) {
		if (blk_same(&ids[i], &ids[k]) &&
		    blk_conflict(d->writable, d->shared, c->disk[k].writable)) {
			fail(err, errlen, devid,
			     "%s is also %s, and so cannot "
			     "be used %s now.",
			     d->target, c->disk[k].vdev,
			     d->writable ? "read-write" : "read-only");
			return -1;
		}
	}
	for (k = 0; k < nu; k++) {
		if (!blk_same(&ids[i], &u[k].id) ||
		    !blk_conflict(d->writable, d->shared, u[k].writable))
			continue;
		xm_domain_name(u[k].domid, name, sizeof(name));
		fail(err, errlen, devid,
		     "%s is in use %sby domain %u (%s), "
		     "and so cannot be used %s now.",
		     d->target, u[k].writable ? "read-write " : "", u[k].domid,
		     name, d->writable ? "read-write" : "read-only");
		return -1;
	}
	return 0;
}

int xm_blk_check(const struct xm_config *c, char *err, size_t errlen)
{
	static struct blk_use uses[BLK_MAX_USES];
	struct blk_ident ids[XM_MAX_DISKS];
	unsigned int i, k, nu;

	for (i = 0; i < c->n_disk; i++) {
		long devid = blk_devid(c->disk[i].vdev);

		if (devid < 0) {
			snprintf(
				err, errlen,
				"disk: '%s' has no Xen device "
				"number (xvda..., sda-sdp, hda-hdd; partitions "
				"from 1)",
				c->disk[i].vdev);
			return -1;
		}
		for (k = 0; k < i; k++) {
			if (blk_devid(c->disk[k].vdev) == devid) {
				snprintf(err, errlen,
					 "disk: %s and %s are the "
					 "same virtual disk (%ld)",
					 c->disk[k].vdev, c->disk[i].vdev,
					 devid);
				return -1;
			}
		}
		if (target_ident(&c->disk[i], devid, &ids[i], err, errlen))
			return -1;
	}
	nu = c->n_disk ? other_uses(uses, BLK_MAX_USES) : 0;
	for (i = 0; i < c->n_disk; i++)
		if (check_sharing(c, i, ids, uses, nu, err, errlen))
			return -1;
	return 0;
}

/* ---- attach ---- */

/* dir made with perms (owner first), then key=value pairs (NULL
 * ended); the first failure's -errno. */
static int write_dir(const char *dir, const char *p0, const char *p1, ...)
{
	const char *perms[2] = {p0, p1}, *k, *v;
	char path[192];
	va_list ap;
	int rc;

	rc = xs_write(xm_xs(), dir, "");
	if (!rc)
		rc = xs_setperms(xm_xs(), dir, perms, 2);
	va_start(ap, p1);
	while (!rc && (k = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		snprintf(path, sizeof(path), "%s/%s", dir, k);
		rc = xs_write(xm_xs(), path, v);
	}
	va_end(ap);
	return rc;
}

static int write_nodes(uint32_t domid, long devid, const struct xm_disk *d,
		       const char *node)
{
	char be[128], fe[128], dom[16], id[24], rd[16], nd[16], st[4];
	int rc;

	be_path(be, sizeof(be), domid, devid, "");
	fe_path(fe, sizeof(fe), domid, devid, "");
	snprintf(dom, sizeof(dom), "%u", domid);
	snprintf(id, sizeof(id), "%ld", devid);
	snprintf(rd, sizeof(rd), "r%u", domid);
	snprintf(nd, sizeof(nd), "n%u", domid);
	snprintf(st, sizeof(st), "%d", XenbusStateInitialising);
	rc = write_dir(fe, nd, "r0", "backend", be, "backend-id", "0",
		       "virtual-device", id, "device-type", "disk", "state", st,
		       NULL);
	if (!rc)
		rc = write_dir(be, "n0", rd, "frontend", fe, "frontend-id", dom,
			       "online", "1", "removable", "0", "bootable",
			       devid == blk_devid("xvda") ? "1" : "0", "params",
			       d->target, "mode", d->writable ? "w" : "r",
			       "type", d->type, "dev", d->vdev, "device-type",
			       "disk", node[0] ? "node" : NULL, node, NULL);
	if (!rc) {
		be_path(be, sizeof(be), domid, devid, "state");
		rc = xs_write(xm_xs(), be, st);
	}
	return rc;
}

/* Polls until blkback has opened the device (its sysfs
 * physical_device) or given up on it (Closing, with its reason). */
static int wait_open(uint32_t domid, long devid, char *why, size_t len)
{
	char be[128], sys[160], path[192];
	int i, s;

	be_path(be, sizeof(be), domid, devid, "");
	snprintf(sys, sizeof(sys), SYSFS_BACKEND "/vbd-%u-%ld/physical_device",
		 domid, devid);
	for (i = 0; i < BLK_PROBE_MS / BLK_POLL_MS; i++) {
		s = read_state(be);
		if (s >= XenbusStateInitWait && s < XenbusStateClosing &&
		    access(sys, F_OK) == 0)
			return 0;
		if (s >= XenbusStateClosing) {
			snprintf(path, sizeof(path), ERROR_ROOT "/%u/%ld/error",
				 domid, devid);
			if (xs_read(xm_xs(), path, why, len))
				snprintf(why, len, "blkback closed it");
			return -1;
		}
		xm_sleep_ms(BLK_POLL_MS);
	}
	snprintf(why, len, "blkback did not open the device");
	return -1;
}

/* Polls until blkback is in InitWait (it watches physical-device). */
static int wait_initwait(uint32_t domid, long devid)
{
	char be[128];
	int i, s = XenbusStateUnknown;

	be_path(be, sizeof(be), domid, devid, "");
	for (i = 0; i < BLK_PROBE_MS / BLK_POLL_MS; i++) {
		s = read_state(be);
		if (s != XenbusStateInitialising)
			break;
		xm_sleep_ms(BLK_POLL_MS);
	}
	return s == XenbusStateInitWait ? 0 : -1;
}

static int attach_one(uint32_t domid, const struct xm_disk *d, char *err,
		      size_t errlen)
{
	long devid = blk_devid(d->vdev);
	char why[512], node[32] = "", pd[24], path[160];
	unsigned int maj, min;
	struct stat st;
	int lfd = -1, rc;

	if (strcmp(d->type, "file") == 0) {
		lfd = blk_loop_attach(d->target, d->writable, &min, why,
				      sizeof(why));
		if (lfd < 0) {
			fail(err, errlen, devid, "%s.", why);
			return -1;
		}
		maj = BLK_LOOP_MAJOR;
		snprintf(node, sizeof(node), "/dev/loop%u", min);
	} else if (stat(d->target, &st) == 0 && S_ISBLK(st.st_mode)) {
		maj = major(st.st_rdev);
		min = minor(st.st_rdev);
	} else {
		fail(err, errlen, devid, "%s is not a block device.",
		     d->target);
		return -1;
	}
	rc = write_nodes(domid, devid, d, node);
	if (rc) {
		fail(err, errlen, devid, "cannot write its xenstore nodes: %s.",
		     strerror(-rc));
	} else if (wait_initwait(domid, devid)) {
		rc = -1;
		fail(err, errlen, devid,
		     "blkback did not take the backend "
		     "(is xen-blkback loaded in dom0?).");
	} else {
		blk_physdev_format(maj, min, pd, sizeof(pd));
		be_path(path, sizeof(path), domid, devid, "physical-device");
		rc = xs_write(xm_xs(), path, pd);
		if (!rc && (rc = wait_open(domid, devid, why, sizeof(why))))
			fail(err, errlen, devid, "%s.", why);
	}
	if (lfd >= 0)
		close(lfd); /* blkback holds the device now, or no one */
	return rc ? -1 : 0;
}

int xm_blk_attach(uint32_t domid, const struct xm_config *c, char *err,
		  size_t errlen)
{
	unsigned int i;

	for (i = 0; i < c->n_disk; i++) {
		if (attach_one(domid, &c->disk[i], err, errlen)) {
			xm_blk_release(domid);
			return -1;
		}
	}
	return 0;
}

/* ---- release ---- */

/* Can the guest still answer Closing (running, not paused)? */
static int guest_alive(uint32_t domid)
{
	struct xen_domctl_getdomaininfo info;

	if (xc_domain_getinfo(xm_xc(), domid, &info) || info.domain != domid)
		return 0;
	return !(info.flags &
		 (XEN_DOMINF_dying | XEN_DOMINF_shutdown | XEN_DOMINF_paused));
}

/* Polls (bounded) until path exists (want 1) or not (want 0). */
static void wait_exists(const char *path, int want, int ms)
{
	int i;

	for (i = 0; i < ms / BLK_POLL_MS; i++) {
		if ((access(path, F_OK) == 0) == want)
			return;
		xm_sleep_ms(BLK_POLL_MS);
	}
}

/* Closes the backend (Closing; the frontend's Closed while it can
 * answer: a running guest whose blkfront has taken the device),
 * removes both ends, waits for blkback to let go. */
static void close_backend(uint32_t domid, long devid, int alive)
{
	char be[128], fe[128], path[192];
	int i, s, f;

	be_path(be, sizeof(be), domid, devid, "");
	fe_path(fe, sizeof(fe), domid, devid, "");
	s = read_state(be);
	f = read_state(fe);
	alive = alive && f >= XenbusStateInitialised && f != XenbusStateClosed;
	snprintf(path, sizeof(path), "%s/online", be);
	xs_write(xm_xs(), path, "0");
	if (s != XenbusStateUnknown && s != XenbusStateClosed) {
		snprintf(path, sizeof(path), "%s/state", be);
		xs_writef(xm_xs(), path, "%d", XenbusStateClosing);
	}
	for (i = 0; alive && i < BLK_CLOSE_MS / BLK_POLL_MS; i++) {
		s = read_state(be);
		if (s == XenbusStateClosed || s == XenbusStateUnknown)
			break;
		xm_sleep_ms(BLK_POLL_MS);
	}
	xs_rm(xm_xs(), fe);
	xs_rm(xm_xs(), be);
	snprintf(path, sizeof(path), SYSFS_BACKEND "/vbd-%u-%ld", domid, devid);
	wait_exists(path, 0, BLK_GONE_MS);
}

/* Waits for the loop device of params to be freed (autoclear, once
 * blkback has closed it); clears it if it is still bound. */
static void free_loop(unsigned int minor, const char *params)
{
	char sys[96];
	struct stat st;

	snprintf(sys, sizeof(sys), "/sys/block/loop%u/loop/backing_file",
		 minor);
	wait_exists(sys, 0, BLK_GONE_MS);
	if (access(sys, F_OK) == 0 && stat(params, &st) == 0)
		blk_loop_clear(minor, st.st_dev, st.st_ino);
}

static void release_one(uint32_t domid, const char *dev, int alive)
{
	char be[128], path[192], v[XM_PATH_MAX], params[XM_PATH_MAX] = "";
	long devid = strtol(dev, NULL, 10);
	unsigned int maj = 0, min = 0;
	int loop = 0;

	be_path(be, sizeof(be), domid, devid, "");
	snprintf(path, sizeof(path), "%s/physical-device", be);
	if (xs_read(xm_xs(), path, v, sizeof(v)) == 0 &&
	    blk_physdev_parse(v, &maj, &min) == 0) {
		snprintf(path, sizeof(path), "%s/type", be);
		loop = maj == BLK_LOOP_MAJOR &&
		       xs_read(xm_xs(), path, v, sizeof(v)) == 0 &&
		       strcmp(v, "file") == 0;
		snprintf(path, sizeof(path), "%s/params", be);
		if (xs_read(xm_xs(), path, params, sizeof(params)))
			params[0] = '\0';
	}
	close_backend(domid, devid, alive);
	if (loop && params[0])
		free_loop(min, params);
}

void xm_blk_release(uint32_t domid)
{
	static char devs[XS_LS_MAX];
	char dir[96];
	const char *p;
	int n, i, alive;

	if (!xm_xs_try())
		return;
	snprintf(dir, sizeof(dir), BACKEND_ROOT "/%u", domid);
	n = xs_ls(xm_xs(), dir, devs, sizeof(devs));
	alive = n > 0 && guest_alive(domid);
	for (i = 0, p = devs; i < n; i++, p += strlen(p) + 1)
		if (strlen(p) < 12)
			release_one(domid, p, alive);
	xs_rm(xm_xs(), dir);
	snprintf(dir, sizeof(dir), ERROR_ROOT "/%u", domid);
	xs_rm(xm_xs(), dir);
	snprintf(dir, sizeof(dir), "/local/domain/%u/device/vbd", domid);
	xs_rm(xm_xs(), dir);
}
