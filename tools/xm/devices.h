/*
 * Virtual devices of a domU: its disks (blk.c: blkback, loop devices)
 * and network interfaces (vif.c: netback, bridges), set up and torn
 * down by xm itself where Xen runs hotplug scripts.
 *
 * Interface: xm_devices_check() before anything is created (files and
 * devices exist, no read-write conflict, names valid); attach() after
 * the domain's own nodes are written and before it is unpaused (writes
 * the backend and frontend nodes, does the hotplug work, waits for it);
 * release() from xm_destroy_domain(), before the domain is forgotten
 * (backends closed and removed, loop devices and vifs gone).  check and
 * attach return 0, or -1 with one line in err; attach undoes its own
 * partial work on failure.
 *
 * Invariants: release() is idempotent and needs nothing but xenstore
 * (/local/domain/0/backend/{vbd,vif}/DOMID/...): a monitor, a later xm
 * destroy or a restart may each call it; every wait is bounded.
 */
#ifndef TOOLS_XM_DEVICES_H
#define TOOLS_XM_DEVICES_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

int xm_devices_check(const struct xm_config *c, char *err, size_t errlen);
int xm_devices_attach(uint32_t domid, const struct xm_config *c, char *err,
		      size_t errlen);
void xm_devices_release(uint32_t domid);

/* blk.c */
int xm_blk_check(const struct xm_config *c, char *err, size_t errlen);
int xm_blk_attach(uint32_t domid, const struct xm_config *c, char *err,
		  size_t errlen);
void xm_blk_release(uint32_t domid);

/* vif.c */
int xm_vif_check(const struct xm_config *c, char *err, size_t errlen);
int xm_vif_attach(uint32_t domid, const struct xm_config *c, char *err,
		  size_t errlen);
void xm_vif_release(uint32_t domid);

#endif /* TOOLS_XM_DEVICES_H */
