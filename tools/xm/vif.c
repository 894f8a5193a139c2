/*
 * Virtual network interfaces (vif = [...]): not supported yet.
 *
 * Interface: xm_vif_* of devices.h.
 */
#include <stdio.h>

#include "devices.h"

int xm_vif_check(const struct xm_config *c, char *err, size_t errlen)
{
	if (!c->n_vif)
		return 0;
	snprintf(err, errlen,
		 "vif: virtual network interfaces are not supported "
		 "yet");
	return -1;
}

int xm_vif_attach(uint32_t domid, const struct xm_config *c, char *err,
		  size_t errlen)
{
	(void)domid, (void)c, (void)err, (void)errlen;
	return 0;
}

void xm_vif_release(uint32_t domid)
{
	(void)domid;
}
