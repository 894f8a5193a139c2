/*
 * xenconsoled's domains: found through xenstore (/local/domain/N/console/
 * {ring-ref,port} and N's name), their console page mapped (grant entry
 * GNTTAB_RESERVED_CONSOLE through gntdev, else the ring-ref frame through
 * a foreign map), their port bound through /dev/xen/evtchn; what they
 * write goes to guest-NAME.log and to the socket's clients; dropped when
 * the hypervisor says they are dying or gone, or xenstore forgets them.
 *
 * Interface: cons_dom_init(); cons_dom_scan() after watch events
 * (check_alive: after @releaseDomain, ask the hypervisor too);
 * cons_dom_event() for each fired port (-1: every domain, periodically);
 * cons_dom_input() from cons_srv.c; cons_dom_fini().
 *
 * Invariants: doms lists each serviced domain once, with its page mapped
 * and its port bound; a domain whose ring indexes are impossible is
 * logged (once in its life) and left alone until its indexes make sense
 * again (Xen's xenconsoled ignores such a ring the same way) -- nothing
 * it writes can make us read or write outside its page.  A domain whose
 * console cannot be mapped or bound is tried again on every xenstore
 * change and reported once.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <public/grant_table.h>
#include <public/io/xs_wire.h>

#include "../libxc/xc.h"
#include "xenconsoled.h"

struct cons_dom {
	uint32_t domid;
	char log_name[CONS_NAME_MAX + 16]; /* guest-NAME.log */
	struct xencons_interface *intf;	   /* its console page */
	bool granted;			   /* mapped through gntdev */
	int port;			   /* our bound port */
	int log_fd;			   /* -1: not logging */
	bool bol;			   /* log at a line start */
	bool bad;			   /* indexes were once impossible */
	bool seen;			   /* found by the current scan */
	struct cons_dom *next;
};

static struct cons_dom *doms;
/* Domains whose console could not be set up: reported once each. */
static uint8_t failed[DOMID_FIRST_RESERVED / 8];

/* First failure of domid since it last worked? (marks it) */
static bool first_failure(uint32_t domid)
{
	uint8_t bit = (uint8_t)(1u << (domid % 8));
	bool first = !(failed[domid / 8] & bit);

	failed[domid / 8] |= bit;
	return first;
}
static struct xc *cx;
static int xs_fd = -1;
static const struct cons_opts *opts;

void cons_dom_init(struct xc *xc, int fd, const struct cons_opts *o)
{
	cx = xc;
	xs_fd = fd;
	opts = o;
}

struct cons_dom *cons_dom_find(uint32_t domid)
{
	struct cons_dom *d;

	for (d = doms; d; d = d->next)
		if (d->domid == domid)
			return d;
	return NULL;
}

uint32_t cons_dom_id(const struct cons_dom *d)
{
	return d->domid;
}

/* /local/domain/N/<leaf> as a number; -1 if absent or not a number. */
static long long read_num(uint32_t domid, const char *leaf, bool *ev)
{
	char path[64], *v, *end;
	long long n;

	snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, leaf);
	v = cons_xs_read(xs_fd, path, ev);
	if (!v)
		return -1;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno || end == v || *end || n < 0)
		n = -1;
	free(v);
	return n;
}

static void open_log(struct cons_dom *d, bool *ev)
{
	char path[4096], name_path[64], *name;

	snprintf(name_path, sizeof(name_path), "/local/domain/%u/name",
		 d->domid);
	name = cons_xs_read(xs_fd, name_path, ev);
	cons_log_name(name, d->domid, d->log_name, sizeof(d->log_name));
	free(name);
	d->log_fd = -1;
	if (!opts->log_guest)
		return;
	snprintf(path, sizeof(path), "%s/%s", opts->log_dir, d->log_name);
	d->log_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (d->log_fd < 0)
		fprintf(stderr, "xenconsoled: d%u: cannot open %s: %s\n",
			d->domid, path, strerror(errno));
}

/* Map N's console page: its grant first, as Xen's xenconsoled. */
static int map_ring(struct cons_dom *d, uint64_t mfn)
{
	xen_pfn_t frame = (xen_pfn_t)mfn;
	int err = 0;
	void *p;

	p = xc_gnttab_map(cx, d->domid, GNTTAB_RESERVED_CONSOLE,
			  PROT_READ | PROT_WRITE);
	if (p) {
		d->granted = true;
		d->intf = p;
		return 0;
	}
	p = xc_map_foreign(cx, d->domid, PROT_READ | PROT_WRITE, &frame, &err,
			   1);
	if (!p || err) {
		if (p)
			xc_unmap(p, 1);
		return err ? err : -errno;
	}
	d->intf = p;
	return 0;
}

static void unmap_ring(struct cons_dom *d)
{
	if (d->granted)
		xc_gnttab_unmap(cx, d->intf);
	else
		xc_unmap(d->intf, 1);
	d->intf = NULL;
}

/* A domain xenstore describes and we do not serve yet. */
static void dom_add(uint32_t domid, bool *ev)
{
	long long ref = read_num(domid, "console/ring-ref", ev);
	long long port = read_num(domid, "console/port", ev);
	struct cons_dom *d;
	int rc;

	if (ref < 0 || port < 0 || !(d = calloc(1, sizeof(*d))))
		return; /* not (yet) a console domain */
	d->domid = domid;
	rc = map_ring(d, (uint64_t)ref);
	if (rc < 0) {
		if (first_failure(domid))
			fprintf(stderr,
				"xenconsoled: d%u: cannot map its console: "
				"%s\n",
				domid, strerror(-rc));
		free(d);
		return;
	}
	d->port = xc_evtchn_bind_interdomain(cx, domid, (uint32_t)port);
	if (d->port < 0) {
		if (first_failure(domid))
			fprintf(stderr,
				"xenconsoled: d%u: cannot bind port %lld: %s\n",
				domid, port, strerror(-d->port));
		unmap_ring(d);
		free(d);
		return;
	}
	failed[domid / 8] &= (uint8_t) ~(1u << (domid % 8));
	open_log(d, ev);
	d->bol = true;
	d->seen = true;
	d->next = doms;
	doms = d;
	if (opts->verbose)
		fprintf(stderr, "xenconsoled: d%u: console connected (%s)\n",
			domid, d->granted ? "grant" : "foreign map");
	xc_evtchn_notify(cx, (uint32_t)d->port);
	cons_dom_kick(domid);
}

static bool service_out(struct cons_dom *d);

static void dom_drop(struct cons_dom *d)
{
	struct cons_dom **pp;

	service_out(d); /* what it wrote last, to the log and clients */
	for (pp = &doms; *pp; pp = &(*pp)->next)
		if (*pp == d) {
			*pp = d->next;
			break;
		}
	cons_srv_drop(d->domid);
	xc_evtchn_unbind(cx, (uint32_t)d->port);
	unmap_ring(d);
	if (d->log_fd >= 0)
		close(d->log_fd);
	if (opts->verbose)
		fprintf(stderr, "xenconsoled: d%u: console gone\n", d->domid);
	free(d);
}

/* Dying or destroyed, per the hypervisor. */
static bool dom_dead(uint32_t domid)
{
	struct xen_domctl_getdomaininfo info;
	int rc = xc_domain_getinfo(cx, domid, &info);

	if (rc == -ESRCH)
		return true;
	return rc == 0 &&
	       (info.domain != domid || (info.flags & XEN_DOMINF_dying));
}

/* Mark every domain listed under /local/domain; add new ones. */
static void scan_list(bool *ev)
{
	char *list, *p, *end;
	struct cons_dom *d;
	size_t len = 0;
	unsigned long id;

	list = cons_xs_req(xs_fd, XS_DIRECTORY, "/local/domain",
			   sizeof("/local/domain"), &len, ev);
	for (p = list; p && p < list + len; p += strlen(p) + 1) {
		errno = 0;
		id = strtoul(p, &end, 10);
		if (errno || end == p || *end || id == 0 ||
		    id >= DOMID_FIRST_RESERVED)
			continue;
		d = cons_dom_find((uint32_t)id);
		if (d)
			d->seen = true;
		else
			dom_add((uint32_t)id, ev);
	}
	free(list);
}

bool cons_dom_scan(bool check_alive)
{
	struct cons_dom *d, *next;
	bool ev = false;

	for (d = doms; d; d = d->next)
		d->seen = false;
	scan_list(&ev);
	for (d = doms; d; d = next) {
		next = d->next;
		if (!d->seen || (check_alive && dom_dead(d->domid)))
			dom_drop(d);
	}
	return ev;
}

static void log_out(struct cons_dom *d, const char *buf, size_t len)
{
	static char stamped[cons_stamp_bound(2048)];
	char stamp[CONS_STAMP_LEN + 1];
	time_t now;

	if (d->log_fd < 0)
		return;
	if (opts->stamp_guest) {
		now = time(NULL);
		strftime(stamp, sizeof(stamp), "[%Y-%m-%d %H:%M:%S] ",
			 localtime(&now));
		len = cons_stamp(buf, len, stamped, &d->bol, stamp);
		buf = stamped;
	}
	if (write(d->log_fd, buf, len) != (ssize_t)len && opts->verbose)
		fprintf(stderr, "xenconsoled: d%u: log write failed\n",
			d->domid);
}

/* Move what the domain wrote out; returns whether the ring moved. */
static bool service_out(struct cons_dom *d)
{
	char buf[sizeof(d->intf->out)];
	size_t max = sizeof(buf), room;
	bool moved = false;
	int n, i;

	for (i = 0; i < 4; i++) {
		if (!opts->discard) {
			room = cons_srv_room(d->domid);
			if (room < max)
				max = room;
		}
		n = cons_ring_out(d->intf, buf, max);
		if (n < 0) {
			if (!d->bad)
				fprintf(stderr,
					"xenconsoled: d%u: console ring "
					"indexes invalid, ignoring it\n",
					d->domid);
			d->bad = true; /* logged once per domain */
			return moved;
		}
		if (n == 0)
			break;
		moved = true;
		log_out(d, buf, (size_t)n);
		cons_srv_output(d->domid, buf, (size_t)n);
	}
	return moved;
}

static void service(struct cons_dom *d)
{
	if (service_out(d))
		xc_evtchn_notify(cx, (uint32_t)d->port);
	cons_srv_flush_input(d->domid);
}

/* port >= 0: that port fired; -1: a periodic pass over every domain. */
void cons_dom_event(int port)
{
	struct cons_dom *d;

	for (d = doms; d; d = d->next) {
		if (port >= 0 && d->port != port)
			continue;
		service(d);
		if (port >= 0)
			xc_evtchn_unmask(cx, (uint32_t)port);
	}
}

/* Clients of domid made room (--overflow-data=keep) or sent input. */
void cons_dom_kick(uint32_t domid)
{
	struct cons_dom *d = cons_dom_find(domid);

	if (d)
		service(d);
}

size_t cons_dom_input(struct cons_dom *d, const char *buf, size_t len)
{
	int n = cons_ring_in(d->intf, buf, len);

	if (n <= 0)
		return 0;
	xc_evtchn_notify(cx, (uint32_t)d->port);
	return (size_t)n;
}

void cons_dom_fini(void)
{
	while (doms)
		dom_drop(doms);
}
