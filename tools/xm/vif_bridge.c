/*
 * The network side of a vif in dom0, what Xen's vif-bridge hotplug
 * script does: netback's device (vifDOMID.N) optionally renamed, the
 * bridge created if it does not exist, the vif added to it, both up.
 *
 * Interface: vif_hotplug() and vif_netdev_exists() of vif.h, called by
 * vif.c once netback has created the device.  Invariants: only ioctls on
 * a socket of dom0's own kernel; a bridge is never removed here (other
 * domains or dom0's address may use it).
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vif.h"

/* Linux's bridge ioctls (uapi linux/sockios.h), which libc lacks. */
#define LINUX_SIOCBRADDBR 0x89a0 /* arg: the new bridge's name */
#define LINUX_SIOCBRADDIF 0x89a2 /* ifr_name: bridge, ifr_ifindex: port */

int vif_netdev_exists(const char *dev)
{
	return if_nametoindex(dev) != 0;
}

static void ifr_set(struct ifreq *r, const char *dev)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->ifr_name, sizeof(r->ifr_name), "%s", dev);
}

static int bring_up(int fd, const char *dev)
{
	struct ifreq r;

	ifr_set(&r, dev);
	if (ioctl(fd, SIOCGIFFLAGS, &r))
		return -errno;
	if (r.ifr_flags & IFF_UP)
		return 0;
	r.ifr_flags |= IFF_UP;
	return ioctl(fd, SIOCSIFFLAGS, &r) ? -errno : 0;
}

static int is_bridge(const char *dev)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/sys/class/net/%s/bridge", dev);
	return stat(path, &st) == 0;
}

/* The bridge, created if there is none; 0 or -errno. */
static int ensure_bridge(int fd, const char *bridge, char *err, size_t errlen)
{
	char name[VIF_IFNAMSIZ];

	if (!vif_netdev_exists(bridge)) {
		snprintf(name, sizeof(name), "%s", bridge);
		if (ioctl(fd, LINUX_SIOCBRADDBR, name) && errno != EEXIST) {
			snprintf(err, errlen, "cannot create bridge %s: %s",
				 bridge, strerror(errno));
			return -1;
		}
	} else if (!is_bridge(bridge)) {
		snprintf(err, errlen, "%s is not a bridge", bridge);
		return -1;
	}
	return 0;
}

static int rename_dev(int fd, const char *dev, const char *name, char *err,
		      size_t errlen)
{
	struct ifreq r;

	ifr_set(&r, dev);
	snprintf(r.ifr_newname, sizeof(r.ifr_newname), "%s", name);
	if (ioctl(fd, SIOCSIFNAME, &r)) {
		snprintf(err, errlen, "cannot rename %s to %s: %s", dev, name,
			 strerror(errno));
		return -1;
	}
	return 0;
}

static int add_port(int fd, const char *bridge, const char *dev, char *err,
		    size_t errlen)
{
	struct ifreq r;
	unsigned int index = if_nametoindex(dev);

	ifr_set(&r, bridge);
	r.ifr_ifindex = (int)index;
	if (!index || (ioctl(fd, LINUX_SIOCBRADDIF, &r) && errno != EBUSY)) {
		snprintf(err, errlen, "cannot add %s to bridge %s: %s", dev,
			 bridge, strerror(index ? errno : ENODEV));
		return -1;
	}
	return 0;
}

int vif_hotplug(const char *dev, const char *vifname, const char *bridge,
		char *err, size_t errlen)
{
	const char *name = vifname[0] ? vifname : dev;
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc = -1;

	if (fd < 0) {
		snprintf(err, errlen, "no socket for network ioctls: %s",
			 strerror(errno));
		return -1;
	}
	if (vifname[0] && strcmp(vifname, dev) &&
	    rename_dev(fd, dev, vifname, err, errlen))
		goto out;
	if (ensure_bridge(fd, bridge, err, errlen) ||
	    add_port(fd, bridge, name, err, errlen))
		goto out;
	if ((rc = bring_up(fd, bridge)) || (rc = bring_up(fd, name))) {
		snprintf(err, errlen, "cannot bring up %s on %s: %s", name,
			 bridge, strerror(-rc));
		rc = -1;
		goto out;
	}
	rc = 0;
out:
	close(fd);
	return rc;
}
