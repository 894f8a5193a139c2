/*
 * libxc's domain, vcpu and host wrappers: one domctl, sysctl or
 * sched_op each (create, destroy, pause, info, memory limit, shutdown,
 * vcpu context and info, physinfo, the hypervisor's console ring).
 *
 * Interface: xc.h; xc_open() first.
 * Invariants: every buffer the hypervisor reads or writes outside the
 * domctl/sysctl struct is touched first (xc_touch); a failed create
 * leaves no domain behind; a created domain has its vcpus (Xen 4.17
 * makes them at XEN_DOMCTL_max_vcpus, after createdomain).
 */
#include <errno.h>
#include <string.h>

#include "xc_private.h"

/* Xen's libxl defaults for a PV guest. */
#define DEFAULT_MAX_EVTCHN_PORT 1023

static int domctl_on(struct xc *xc, uint32_t cmd, uint32_t domid,
		     struct xen_domctl *op)
{
	op->cmd = cmd;
	op->domain = (domid_t)domid;
	return xc_domctl(xc, op);
}

int xc_domain_create(struct xc *xc, const struct xc_create *cfg,
		     uint32_t *domid)
{
	struct xen_domctl op;
	struct xen_domctl_createdomain *c = &op.u.createdomain;
	int rc;

	memset(&op, 0, sizeof(op));
	c->max_vcpus = cfg->max_vcpus;
	c->max_evtchn_port = DEFAULT_MAX_EVTCHN_PORT;
	c->max_grant_frames = -1;    /* the hypervisor's default */
	c->max_maptrack_frames = -1; /* the hypervisor's default */
	c->grant_opts = XEN_DOMCTL_GRANT_version(1);
	memcpy(c->handle, cfg->handle, sizeof(c->handle));
	rc = domctl_on(xc, XEN_DOMCTL_createdomain, *domid, &op);
	if (rc < 0)
		return rc;
	*domid = op.domain;
	/* Xen creates the vcpus here, not in createdomain (as libxl). */
	memset(&op, 0, sizeof(op));
	op.u.max_vcpus.max = cfg->max_vcpus;
	rc = domctl_on(xc, XEN_DOMCTL_max_vcpus, *domid, &op);
	if (rc >= 0)
		rc = xc_domain_max_mem(xc, *domid, cfg->max_mem_kb);
	if (rc < 0) {
		xc_domain_destroy(xc, *domid);
		return (int)xc_ret(rc);
	}
	return 0;
}

/* Destroy may take several calls while the hypervisor frees memory. */
int xc_domain_destroy(struct xc *xc, uint32_t domid)
{
	struct xen_domctl op;
	int rc;

	do {
		memset(&op, 0, sizeof(op));
		rc = domctl_on(xc, XEN_DOMCTL_destroydomain, domid, &op);
	} while (rc == -EAGAIN || rc == -ERESTART || rc == -EINTR);
	return rc;
}

int xc_domain_pause(struct xc *xc, uint32_t domid)
{
	struct xen_domctl op;

	memset(&op, 0, sizeof(op));
	return domctl_on(xc, XEN_DOMCTL_pausedomain, domid, &op);
}

int xc_domain_unpause(struct xc *xc, uint32_t domid)
{
	struct xen_domctl op;

	memset(&op, 0, sizeof(op));
	return domctl_on(xc, XEN_DOMCTL_unpausedomain, domid, &op);
}

/* getdomaininfo answers the lowest id >= domid: only domid itself counts. */
int xc_domain_getinfo(struct xc *xc, uint32_t domid,
		      struct xen_domctl_getdomaininfo *info)
{
	struct xen_domctl op;
	int rc;

	memset(&op, 0, sizeof(op));
	rc = domctl_on(xc, XEN_DOMCTL_getdomaininfo, domid, &op);
	if (rc < 0)
		return rc;
	if (op.u.getdomaininfo.domain != domid)
		return (int)xc_ret(-ESRCH);
	*info = op.u.getdomaininfo;
	return 0;
}

int xc_domain_list(struct xc *xc, uint32_t first,
		   struct xen_domctl_getdomaininfo *buf, unsigned int max)
{
	struct xen_sysctl op;
	int rc;

	if (!max)
		return 0;
	memset(buf, 0, max * sizeof(*buf));
	memset(&op, 0, sizeof(op));
	op.cmd = XEN_SYSCTL_getdomaininfolist;
	op.u.getdomaininfolist.first_domain = (domid_t)first;
	op.u.getdomaininfolist.max_domains = max;
	xen_set_guest_handle(op.u.getdomaininfolist.buffer, buf);
	rc = xc_sysctl(xc, &op);
	if (rc < 0)
		return rc;
	return (int)op.u.getdomaininfolist.num_domains;
}

int xc_domain_max_mem(struct xc *xc, uint32_t domid, uint64_t max_kb)
{
	struct xen_domctl op;

	memset(&op, 0, sizeof(op));
	op.u.max_mem.max_memkb = max_kb;
	return domctl_on(xc, XEN_DOMCTL_max_mem, domid, &op);
}

int xc_domain_shutdown(struct xc *xc, uint32_t domid, unsigned int reason)
{
	struct sched_remote_shutdown s;

	memset(&s, 0, sizeof(s));
	s.domain_id = (domid_t)domid;
	s.reason = reason;
	return (int)xc_hypercall(xc, __HYPERVISOR_sched_op,
				 SCHEDOP_remote_shutdown, (uintptr_t)&s, 0, 0,
				 0);
}

int xc_vcpu_setcontext(struct xc *xc, uint32_t domid, uint32_t vcpu,
		       struct vcpu_guest_context *ctx)
{
	struct xen_domctl op;

	xc_touch(ctx, sizeof(*ctx));
	memset(&op, 0, sizeof(op));
	op.u.vcpucontext.vcpu = vcpu;
	xen_set_guest_handle(op.u.vcpucontext.ctxt, ctx);
	return domctl_on(xc, XEN_DOMCTL_setvcpucontext, domid, &op);
}

int xc_vcpu_getinfo(struct xc *xc, uint32_t domid, uint32_t vcpu,
		    struct xen_domctl_getvcpuinfo *info)
{
	struct xen_domctl op;
	int rc;

	memset(&op, 0, sizeof(op));
	op.u.getvcpuinfo.vcpu = vcpu;
	rc = domctl_on(xc, XEN_DOMCTL_getvcpuinfo, domid, &op);
	if (rc < 0)
		return rc;
	*info = op.u.getvcpuinfo;
	return 0;
}

int xc_physinfo(struct xc *xc, struct xen_sysctl_physinfo *info)
{
	struct xen_sysctl op;
	int rc;

	memset(&op, 0, sizeof(op));
	op.cmd = XEN_SYSCTL_physinfo;
	rc = xc_sysctl(xc, &op);
	if (rc < 0)
		return rc;
	*info = op.u.physinfo;
	return 0;
}

int xc_readconsole(struct xc *xc, char *buf, size_t len, uint32_t *index,
		   int clear)
{
	struct xen_sysctl op;
	int rc;

	if (!len)
		return 0;
	if (len > UINT32_MAX)
		len = UINT32_MAX;
	xc_touch(buf, len);
	memset(&op, 0, sizeof(op));
	op.cmd = XEN_SYSCTL_readconsole;
	op.u.readconsole.clear = !!clear;
	op.u.readconsole.incremental = 1;
	op.u.readconsole.index = *index;
	xen_set_guest_handle(op.u.readconsole.buffer, buf);
	op.u.readconsole.count = (uint32_t)len;
	rc = xc_sysctl(xc, &op);
	if (rc < 0)
		return rc;
	*index = op.u.readconsole.index;
	return (int)op.u.readconsole.count;
}
