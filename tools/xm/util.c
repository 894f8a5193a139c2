/*
 * What xm's commands share: the error line, the handles to the
 * hypervisor and xenstored, and finding domains by name or id.
 *
 * Interface: xm.h.  Invariants: names live in xenstore
 * (/local/domain/N/name), ids in the hypervisor; a name only counts
 * while its domain exists (stale nodes are ignored).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "devices.h"
#include "xm.h"

void xm_error(const char *fmt, ...)
{
	va_list ap;

	fputs("Error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

struct xc *xm_xc(void)
{
	static struct xc xc = {-1, -1, -1};
	int rc;

	if (xc.privcmd >= 0)
		return &xc;
	rc = xc_open(&xc);
	if (rc) {
		xm_error("cannot open /dev/xen/privcmd (is this dom0 on Xen?): "
			 "%s",
			 strerror(-rc));
		exit(1);
	}
	return &xc;
}

static struct xs xs = {-1};

/* After fork: the child's own connection (a request and its reply
 * must not interleave with the parent's). */
void xm_xs_reopen(void)
{
	xs_close(&xs);
}

struct xs *xm_xs_try(void)
{
	static int failed;

	if (xs.fd < 0 && !failed)
		failed = xs_connect(&xs) != 0;
	return xs.fd >= 0 ? &xs : NULL;
}

struct xs *xm_xs(void)
{
	int rc;

	if (xs.fd >= 0)
		return &xs;
	rc = xs_connect(&xs);
	if (rc) {
		xm_error("cannot reach xenstored (is it running?): %s",
			 strerror(-rc));
		exit(1);
	}
	return &xs;
}

int xm_domain_exists(uint32_t domid)
{
	struct xen_domctl_getdomaininfo info;
	int rc = xc_domain_getinfo(xm_xc(), domid, &info);

	if (rc == 0 && info.domain != domid)
		return -ESRCH;
	return rc < 0 ? rc : 1;
}

int xm_find_name(const char *name, uint32_t *domid)
{
	static char list[XS_LS_MAX];
	char path[64], val[XM_NAME_MAX + 1];
	const char *p;
	int n, i;

	if (strcmp(name, "Domain-0") == 0) {
		*domid = 0;
		return 0;
	}
	n = xs_ls(xm_xs(), "/local/domain", list, sizeof(list));
	for (i = 0, p = list; i < n; i++, p += strlen(p) + 1) {
		if (strlen(p) > 10)
			continue;
		snprintf(path, sizeof(path), "/local/domain/%.10s/name", p);
		if (xs_read(xm_xs(), path, val, sizeof(val)) ||
		    strcmp(val, name) != 0)
			continue;
		*domid = (uint32_t)strtoul(p, NULL, 10);
		if (xm_domain_exists(*domid) == 1)
			return 0;
	}
	return -1;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

int xm_lookup(const char *arg, uint32_t *domid)
{
	if (all_digits(arg) && strlen(arg) < 6) {
		*domid = (uint32_t)strtoul(arg, NULL, 10);
		if (xm_domain_exists(*domid) == 1)
			return 0;
	} else if (xm_find_name(arg, domid) == 0) {
		return 0;
	}
	xm_error("domain '%s' does not exist.", arg);
	return -1;
}

void xm_domain_name(uint32_t domid, char *buf, size_t len)
{
	char path[64];

	snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
	if (xm_xs_try() && xs_read(xm_xs_try(), path, buf, len) == 0)
		return;
	snprintf(buf, len, "%s", domid == 0 ? "Domain-0" : "(null)");
}

void xm_xs_forget(uint32_t domid)
{
	char path[64], vm[128];

	snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
	if (xs_read(xm_xs(), path, vm, sizeof(vm)) == 0 &&
	    strncmp(vm, "/vm/", 4) == 0)
		xs_rm(xm_xs(), vm);
	snprintf(path, sizeof(path), "/local/domain/%u", domid);
	xs_rm(xm_xs(), path);
	xs_release(xm_xs(), domid);
}

void xm_sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

int xm_destroy_domain(uint32_t domid)
{
	int rc, i;

	/* Devices first (their backends use the domain's grants and
	 * event channels), then forgotten, so xenstored unmaps its ring
	 * before the hypervisor tears the domain down (as libxl). */
	xm_devices_release(domid);
	xm_xs_forget(domid);
	rc = xc_domain_destroy(xm_xc(), domid);
	if (rc)
		return rc;
	/* The hypervisor frees a dying domain once nothing maps it. */
	for (i = 0; i < 200 && xm_domain_exists(domid) == 1; i++)
		xm_sleep_ms(50);
	return 0;
}
