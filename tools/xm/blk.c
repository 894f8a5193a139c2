/*
 * Virtual disks (disk = [...]): not supported yet.
 *
 * Interface: xm_blk_* of devices.h.
 */
#include <stdio.h>

#include "devices.h"

int xm_blk_check(const struct xm_config *c, char *err, size_t errlen)
{
	if (!c->n_disk)
		return 0;
	snprintf(err, errlen,
		 "disk '%s:%s,%s': virtual disks are not supported yet",
		 c->disk[0].type, c->disk[0].target, c->disk[0].vdev);
	return -1;
}

int xm_blk_attach(uint32_t domid, const struct xm_config *c, char *err,
		  size_t errlen)
{
	(void)domid, (void)c, (void)err, (void)errlen;
	return 0;
}

void xm_blk_release(uint32_t domid)
{
	(void)domid;
}
