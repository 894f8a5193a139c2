/*
 * A domU's virtual devices, in the order Xen 3 sets them up: disks,
 * then network interfaces; torn down in the reverse order.
 *
 * Interface: devices.h.  Invariants: a failed attach leaves nothing
 * of either kind behind.
 */
#include "devices.h"

int xm_devices_check(const struct xm_config *c, char *err, size_t errlen)
{
	if (xm_blk_check(c, err, errlen) || xm_vif_check(c, err, errlen))
		return -1;
	return 0;
}

int xm_devices_attach(uint32_t domid, const struct xm_config *c, char *err,
		      size_t errlen)
{
	if (xm_blk_attach(domid, c, err, errlen))
		return -1;
	if (xm_vif_attach(domid, c, err, errlen)) {
		xm_blk_release(domid);
		return -1;
	}
	return 0;
}

void xm_devices_release(uint32_t domid)
{
	xm_vif_release(domid);
	xm_blk_release(domid);
}
