/*
 * What vif.c shares with its helpers: the resolved form of one
 * vif = [...] entry (vif_spec.c, host code, unit tested) and the
 * network-device work Xen's vif-bridge script does (vif_bridge.c).
 *
 * Interface: vif_resolve() turns entry n of a parsed config into a
 * struct vif_spec (defaults filled in, every value checked);
 * vif_check_config() resolves all entries and refuses duplicate MACs;
 * vif_hotplug() puts netback's device on its bridge (creating the
 * bridge if needed) and brings both up; vif_netdev_exists() asks
 * whether a network device of that name exists in dom0.
 *
 * Invariants: a resolved MAC is 17 characters, lower case, unicast; the
 * default one is 02:xx:xx:xx:xx:xx, a function of the domain's name and
 * n only (the same domU keeps it across restarts).
 */
#ifndef TOOLS_XM_VIF_H
#define TOOLS_XM_VIF_H

#include <stddef.h>

#include "config.h"

#define VIF_IFNAMSIZ	   16 /* Linux IFNAMSIZ, with the NUL */
#define VIF_DEFAULT_BRIDGE "xenbr0"
#define VIF_SCRIPT	   "vif-bridge" /* the only hotplug behaviour */

struct vif_spec {
	unsigned int handle;	    /* n: device/vif/n, vifDOMID.n */
	char mac[18];		    /* the guest's MAC, "xx:..:xx" */
	char bridge[VIF_IFNAMSIZ];  /* the bridge the vif joins */
	char vifname[VIF_IFNAMSIZ]; /* "" = netback's vifDOMID.n */
	char ip[64];		    /* passed through to backend/ip */
};

/* The default MAC of interface n of domain name. */
void vif_default_mac(const char *name, unsigned int n, char out[18]);
int vif_resolve(const struct xm_config *c, unsigned int n, struct vif_spec *s,
		char *err, size_t errlen);
int vif_check_config(const struct xm_config *c, char *err, size_t errlen);
/* MACs compared as addresses (case does not matter). */
int vif_mac_equal(const char *a, const char *b);

/* vif_bridge.c: dev (netback's name) renamed to vifname if one is
 * given, added to bridge; 0 or -1 with one line in err. */
int vif_hotplug(const char *dev, const char *vifname, const char *bridge,
		char *err, size_t errlen);
int vif_netdev_exists(const char *dev);

#endif /* TOOLS_XM_VIF_H */
