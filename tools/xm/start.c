/*
 * Starting a domain from a checked config: create it, build it
 * (xc_dom_build), write its xenstore entries, introduce it to
 * xenstored, unpause it.  Used by xm create and by the monitor when it
 * restarts a domain.
 *
 * Interface: xm_start_domain() of xm.h.  Invariants: on failure nothing
 * is left behind: the domain is destroyed and its xenstore nodes are
 * removed; err holds one line naming the problem.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>

#include "devices.h"
#include "xm.h"

struct dom_paths {
	char dom[64]; /* /local/domain/N */
	char vm[64];  /* /vm/UUID */
	uint32_t domid;
};

/* Writes dir/key = value (printf); remembers the first failure. */
static int put(int *rc, const char *dir, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int put(int *rc, const char *dir, const char *key, const char *fmt, ...)
{
	char path[192], value[1024];
	va_list ap;
	int r;

	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	snprintf(path, sizeof(path), "%s/%s", dir, key);
	r = xs_write(xm_xs(), path, value);
	if (r && !*rc)
		*rc = r;
	return r;
}

/* dir/key made with the perms: owner first ("n0", "r5"...). */
static void node(int *rc, const char *dir, const char *key, const char *p0,
		 const char *p1)
{
	const char *perms[2] = {p0, p1};
	char path[192];
	int r;

	snprintf(path, sizeof(path), "%s%s%s", dir, key[0] ? "/" : "", key);
	r = xs_write(xm_xs(), path, "");
	if (!r)
		r = xs_setperms(xm_xs(), path, perms, p1 ? 2 : 1);
	if (r && !*rc)
		*rc = r;
}

/* /vm/UUID: what the toolstack keeps about the domain. */
static void write_vm(int *rc, const struct dom_paths *p,
		     const struct xm_config *c)
{
	char uuid[37], rn[16];
	struct timeval tv;

	snprintf(rn, sizeof(rn), "r%u", p->domid);
	xm_uuid_format(c->uuid, uuid);
	gettimeofday(&tv, NULL);
	node(rc, p->vm, "", "n0", rn);
	put(rc, p->vm, "uuid", "%s", uuid);
	put(rc, p->vm, "name", "%s", c->name);
	put(rc, p->vm, "memory", "%llu", (unsigned long long)c->memory_mb);
	put(rc, p->vm, "vcpus", "%u", c->vcpus);
	put(rc, p->vm, "on_poweroff", "%s", xm_action_name(c->on_poweroff));
	put(rc, p->vm, "on_reboot", "%s", xm_action_name(c->on_reboot));
	put(rc, p->vm, "on_crash", "%s", xm_action_name(c->on_crash));
	put(rc, p->vm, "start_time", "%ld.%02ld", (long)tv.tv_sec,
	    (long)tv.tv_usec / 10000);
}

/* Nodes the guest writes itself: owned by the domain. */
static void write_guest_nodes(int *rc, const struct dom_paths *p)
{
	static const char *const rw[] = {"control/shutdown",
					 "control/feature-poweroff",
					 "control/feature-reboot",
					 "control/feature-suspend",
					 "control/sysrq",
					 "data",
					 "drivers",
					 "attr",
					 "error"};
	char nn[16];
	unsigned int i;

	snprintf(nn, sizeof(nn), "n%u", p->domid);
	for (i = 0; i < sizeof(rw) / sizeof(rw[0]); i++)
		node(rc, p->dom, rw[i], nn, NULL);
}

static int write_xenstore(const struct dom_paths *p, const struct xm_config *c,
			  const struct xc_dom_result *res)
{
	uint64_t max = c->maxmem_mb ? c->maxmem_mb : c->memory_mb;
	char rn[16], cpu[32];
	unsigned int i;
	int rc = 0;

	snprintf(rn, sizeof(rn), "r%u", p->domid);
	node(&rc, p->dom, "", "n0", rn);
	put(&rc, p->dom, "vm", "%s", p->vm);
	write_vm(&rc, p, c);
	put(&rc, p->dom, "name", "%s", c->name);
	put(&rc, p->dom, "domid", "%u", p->domid);
	put(&rc, p->dom, "memory/target", "%llu",
	    (unsigned long long)c->memory_mb * 1024);
	put(&rc, p->dom, "memory/static-max", "%llu",
	    (unsigned long long)max * 1024);
	for (i = 0; i < c->vcpus; i++) {
		snprintf(cpu, sizeof(cpu), "cpu/%u/availability", i);
		put(&rc, p->dom, cpu, "online");
	}
	put(&rc, p->dom, "console/ring-ref", "%llu",
	    (unsigned long long)res->console_mfn);
	put(&rc, p->dom, "console/port", "%u", res->console_port);
	put(&rc, p->dom, "console/type", "xenconsoled");
	put(&rc, p->dom, "console/output", "pty");
	put(&rc, p->dom, "console/limit", "1048576");
	put(&rc, p->dom, "store/ring-ref", "%llu",
	    (unsigned long long)res->store_mfn);
	put(&rc, p->dom, "store/port", "%u", res->store_port);
	node(&rc, p->dom, "device", "n0", rn);
	write_guest_nodes(&rc, p);
	return rc;
}

static int build(uint32_t domid, const struct xm_config *c,
		 struct xc_dom_result *res, char *err, size_t errlen)
{
	char cmdline[1400];
	struct xc_dom_config d = {
		.kernel = c->kernel,
		.ramdisk = c->ramdisk[0] ? c->ramdisk : NULL,
		.cmdline = cmdline,
		.mem_kb = c->memory_mb * 1024,
		.vcpus = c->vcpus,
		.cache_dir = XM_CACHE_DIR,
	};

	xm_config_cmdline(c, cmdline, sizeof(cmdline));
	mkdir(XM_CACHE_DIR, 0755);
	memset(res, 0, sizeof(*res));
	return xc_dom_build(xm_xc(), domid, &d, res, err, errlen);
}

/* What a failed start leaves: the domain and its nodes. */
static void undo(const struct dom_paths *p)
{
	xs_rm(xm_xs(), p->vm);
	xm_destroy_domain(p->domid);
}

int xm_start_domain(const struct xm_config *c, uint32_t *domid, char *err,
		    size_t errlen)
{
	uint64_t max = c->maxmem_mb ? c->maxmem_mb : c->memory_mb;
	struct xc_create cc = {.max_vcpus = c->vcpus,
			       .max_mem_kb = max * 1024 + 1024};
	struct xc_dom_result res;
	struct dom_paths p;
	char uuid[37];
	int rc;

	memcpy(cc.handle, c->uuid, sizeof(cc.handle));
	*domid = 0;
	rc = xc_domain_create(xm_xc(), &cc, domid);
	if (rc) {
		snprintf(err, errlen, "cannot create a domain: %s",
			 strerror(-rc));
		return rc;
	}
	p.domid = *domid;
	xm_uuid_format(c->uuid, uuid);
	snprintf(p.dom, sizeof(p.dom), "/local/domain/%u", *domid);
	snprintf(p.vm, sizeof(p.vm), "/vm/%s", uuid);
	xs_rm(xm_xs(), p.dom); /* a stale one */
	rc = build(*domid, c, &res, err, errlen);
	if (!rc && (rc = write_xenstore(&p, c, &res)))
		snprintf(err, errlen,
			 "cannot write the domain's xenstore "
			 "entries: %s",
			 strerror(-rc));
	if (!rc &&
	    (rc = xs_introduce(xm_xs(), *domid, res.store_mfn, res.store_port)))
		snprintf(err, errlen,
			 "xenstored refused to introduce domain "
			 "%u: %s",
			 *domid, strerror(-rc));
	if (!rc && xm_devices_attach(*domid, c, err, errlen))
		rc = -EIO;
	if (!rc && (rc = xc_domain_unpause(xm_xc(), *domid)))
		snprintf(err, errlen, "cannot unpause domain %u: %s", *domid,
			 strerror(-rc));
	if (rc)
		undo(&p);
	return rc;
}
