/*
 * xenstored's transport on Linux dom0: the unix socket for tools, the
 * rings of introduced domains (grant entry GNTTAB_RESERVED_XENSTORE mapped
 * through /dev/xen/gntdev, or the frame from XS_INTRODUCE through a
 * foreign map; their port bound through /dev/xen/evtchn -- all by libxc),
 * optionally dom0's own ring (/dev/xen/xenbus_backend), domain deaths
 * (VIRQ_DOM_EXC, then getdomaininfo), and the poll loop.
 *
 * Interface: xs_io_init(st, socket_path), optionally xs_io_dom0_ring(st),
 * then xs_io_run(st) until xs_io_stop.  It installs the store's
 * introduce/release hooks.
 *
 * Invariants: every descriptor is non-blocking; one loop round moves at
 * most one request per connection in (xs_conn_in_want() bounds each read)
 * and as much output as the peer takes, so a client that floods or stops
 * reading delays nobody else; a ring whose indexes are impossible or which
 * broke the framing gets its "error" word set and is no longer served (as
 * Xen's ignore_connection); a socket that did so is closed.  A ring that
 * cannot be mapped or bound fails its XS_INTRODUCE (EINVAL) and nothing
 * else.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <public/grant_table.h>

#include "../libxc/xc.h"
#include "xenstored.h"
#include "xs_io.h"
#include "xs_linux.h"
#include "xs_ring.h"

#define PAGE_BYTES 4096
#define MAX_POLL   1024
#define CHECK_SECS 5 /* look at domains this often without VIRQ_DOM_EXC */

enum ring_map {
	RING_NONE,    /* a socket */
	RING_GRANT,   /* gntdev: the domain's GNTTAB_RESERVED_XENSTORE */
	RING_FOREIGN, /* privcmd: the domain's frame */
	RING_MMAP,    /* xenbus_backend: dom0's own page */
};

struct io_conn {
	int fd;					/* socket, or -1 for a ring */
	struct xenstore_domain_interface *intf; /* ring page, or NULL */
	enum ring_map map;			/* how intf was mapped */
	int port;				/* our bound port, -1 if none */
	bool ignored;				/* ring unusable: not served */
};

struct io_state {
	int listen_fd; /* tools' socket */
	struct xc xc;  /* privcmd, evtchn, gntdev (libxc) */
	bool privcmd;  /* xc_open() worked: hypercalls possible */
	int evtchn_fd; /* xc's /dev/xen/evtchn, -1 if absent */
	int virq_port; /* VIRQ_DOM_EXC bound here, -1 if not */
	bool dom_exc;  /* it fired: look at the domains */
};

volatile sig_atomic_t xs_io_stop;

static struct io_state io_state = {-1, {-1, -1, -1}, false, -1, -1, false};

static int set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static void notify(int port)
{
	if (port >= 0 && io_state.evtchn_fd >= 0)
		xc_evtchn_notify(&io_state.xc, (uint32_t)port);
}

static int bind_port(uint16_t domid, uint32_t remote_port)
{
	if (io_state.evtchn_fd < 0)
		return -1;
	return xc_evtchn_bind_interdomain(&io_state.xc, domid, remote_port);
}

static void unbind_port(int port)
{
	if (port >= 0 && io_state.evtchn_fd >= 0)
		xc_evtchn_unbind(&io_state.xc, (uint32_t)port);
}

/* ---- domain rings ---- */

/* The domain's grant first (as Xen's xenstored), else its frame. */
static void *map_ring(uint16_t domid, uint64_t mfn, enum ring_map *how)
{
	xen_pfn_t frame = (xen_pfn_t)mfn;
	int err = 0, saved;
	void *p;

	p = xc_gnttab_map(&io_state.xc, domid, GNTTAB_RESERVED_XENSTORE,
			  PROT_READ | PROT_WRITE);
	if (p) {
		*how = RING_GRANT;
		return p;
	}
	saved = errno;
	if (!io_state.privcmd || !mfn) {
		errno = saved;
		return NULL;
	}
	p = xc_map_foreign(&io_state.xc, domid, PROT_READ | PROT_WRITE, &frame,
			   &err, 1);
	if (p && err) {
		xc_unmap(p, 1);
		p = NULL;
	}
	if (!p) {
		errno = err ? -err : saved;
		return NULL;
	}
	*how = RING_FOREIGN;
	return p;
}

static void io_conn_free(struct io_conn *ic)
{
	if (!ic)
		return;
	if (ic->fd >= 0)
		close(ic->fd);
	unbind_port(ic->port);
	if (ic->map == RING_GRANT)
		xc_gnttab_unmap(&io_state.xc, ic->intf);
	else if (ic->map == RING_FOREIGN)
		xc_unmap(ic->intf, 1);
	else if (ic->map == RING_MMAP)
		munmap(ic->intf, PAGE_BYTES);
	free(ic);
}

/* A connection for a mapped ring whose guest port is remote_port. */
static struct xs_conn *ring_conn(struct xs_store *st, uint16_t domid,
				 struct io_conn *ic, uint32_t remote_port,
				 int *err)
{
	struct xs_conn *c;

	ic->fd = -1;
	ic->port = bind_port(domid, remote_port);
	if (ic->port < 0) {
		fprintf(stderr, "xenstored: d%u: cannot bind port %u: %s\n",
			domid, remote_port, strerror(-ic->port));
		*err = EINVAL;
		return NULL;
	}
	c = xs_conn_new(st, domid);
	if (!c) {
		*err = ENOMEM;
		return NULL;
	}
	c->io = ic;
	ic->intf->connection = XENSTORE_CONNECTED;
	notify(ic->port);
	return c;
}

static struct xs_conn *hook_introduce(struct xs_store *st, uint16_t domid,
				      uint64_t mfn, uint32_t port, int *err)
{
	struct io_conn *ic = calloc(1, sizeof(*ic));
	struct xs_conn *c;

	if (!ic) {
		*err = ENOMEM;
		return NULL;
	}
	ic->port = -1;
	ic->fd = -1;
	ic->intf = map_ring(domid, mfn, &ic->map);
	if (!ic->intf) {
		fprintf(stderr, "xenstored: d%u: cannot map its ring: %s\n",
			domid, strerror(errno));
		free(ic);
		*err = EINVAL;
		return NULL;
	}
	c = ring_conn(st, domid, ic, port, err);
	if (!c)
		io_conn_free(ic);
	return c;
}

static void hook_release(struct xs_store *st, struct xs_conn *c)
{
	(void)st;
	io_conn_free(c->io);
	c->io = NULL;
}

/* dom0's own page and port, prepared by Linux for a local xenstored. */
int xs_io_dom0_ring(struct xs_store *st)
{
	struct io_conn *ic = calloc(1, sizeof(*ic));
	int fd, port, err = 0;
	void *p;

	fd = open("/dev/xen/xenbus_backend", O_RDWR);
	if (!ic || fd < 0) {
		free(ic);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	port = ioctl(fd, XS_IOCTL_XENBUS_BACKEND_EVTCHN);
	p = mmap(NULL, PAGE_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (port <= 0 || p == MAP_FAILED) {
		if (p != MAP_FAILED)
			munmap(p, PAGE_BYTES);
		free(ic);
		return -1;
	}
	ic->intf = p;
	ic->map = RING_MMAP;
	if (!ring_conn(st, 0, ic, (uint32_t)port, &err)) {
		io_conn_free(ic);
		return -1;
	}
	return 0;
}

/* ---- serving ---- */

static void ring_fail(struct xs_conn *c, struct io_conn *ic, uint32_t why)
{
	ic->intf->error = why;
	ic->ignored = true;
	notify(ic->port);
	xs_watch_clear(c);
	xs_tx_clear(c);
	fprintf(stderr, "xenstored: d%u: ring unusable (error %u)\n", c->domid,
		why);
}

static void serve_ring(struct xs_conn *c, struct io_conn *ic)
{
	bool moved = false;
	uint32_t err = xs_ring_serve(c, ic->intf, &moved);

	if (err)
		ring_fail(c, ic, err);
	else if (moved)
		notify(ic->port);
}

static void close_socket(struct xs_conn *c)
{
	io_conn_free(c->io);
	c->io = NULL;
	xs_conn_free(c);
}

/* Returns false if c was closed. */
static bool serve_socket(struct xs_conn *c, struct io_conn *ic, short rev)
{
	char buf[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
	const void *out;
	size_t want, len;
	ssize_t n;

	if ((rev & POLLIN) && (want = xs_conn_in_want(c))) {
		n = read(ic->fd, buf, want);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
			close_socket(c);
			return false;
		}
		if (n > 0)
			xs_conn_in_put(c, buf, (size_t)n);
	} else if (rev & (POLLHUP | POLLERR)) {
		close_socket(c);
		return false;
	}
	while ((len = xs_conn_out_peek(c, &out))) {
		n = write(ic->fd, out, len);
		if (n <= 0)
			break;
		xs_conn_out_done(c, (size_t)n);
	}
	if (c->broken) {
		close_socket(c);
		return false;
	}
	return true;
}

static unsigned int nr_sockets(struct xs_store *st)
{
	unsigned int n = 0;
	struct xs_conn *c;

	for (c = st->conns; c; c = c->next)
		if (c->io && ((struct io_conn *)c->io)->fd >= 0)
			n++;
	return n;
}

static void accept_client(struct xs_store *st)
{
	struct io_conn *ic;
	struct xs_conn *c;
	int fd = accept(io_state.listen_fd, NULL, NULL);

	if (fd < 0)
		return;
	if (nr_sockets(st) >= MAX_POLL - 2) {
		close(fd); /* every polled slot is taken */
		return;
	}
	ic = calloc(1, sizeof(*ic));
	c = ic ? xs_conn_new(st, 0) : NULL;
	if (!c || set_nonblock(fd)) {
		free(ic);
		if (c)
			xs_conn_free(c);
		close(fd);
		return;
	}
	ic->fd = fd;
	ic->port = -1;
	c->io = ic;
}

/* Fired ports: rings are all served each round anyway; note the VIRQ. */
static void drain_evtchn(void)
{
	uint32_t ports[64];
	ssize_t n;
	size_t i;

	if (io_state.evtchn_fd < 0)
		return;
	n = read(io_state.evtchn_fd, ports, sizeof(ports));
	for (i = 0; n > 0 && i < (size_t)n / sizeof(ports[0]); i++)
		if (io_state.virq_port >= 0 &&
		    ports[i] == (uint32_t)io_state.virq_port)
			io_state.dom_exc = true;
	if (n > 0 && write(io_state.evtchn_fd, ports, (size_t)n) < 0)
		fprintf(stderr, "xenstored: cannot unmask ports\n");
}

/* getdomaininfo for xs_domain_check(). */
static int dominfo(uint16_t domid, uint32_t *flags)
{
	struct xen_domctl_getdomaininfo info;
	int rc = xc_domain_getinfo(&io_state.xc, domid, &info);

	if (rc == 0)
		*flags = info.flags;
	return rc;
}

/* After VIRQ_DOM_EXC, or every CHECK_SECS when it could not be bound. */
static void check_domains(struct xs_store *st)
{
	static time_t last;
	time_t now;

	if (!io_state.privcmd)
		return;
	if (!io_state.dom_exc && io_state.virq_port < 0) {
		now = time(NULL);
		if (now - last < CHECK_SECS)
			return;
		last = now;
	}
	if (io_state.dom_exc || io_state.virq_port < 0) {
		io_state.dom_exc = false;
		xs_domain_check(st, dominfo);
	}
}

static bool conn_alive(struct xs_store *st, struct xs_conn *c)
{
	struct xs_conn *p;

	for (p = st->conns; p; p = p->next)
		if (p == c)
			return true;
	return false;
}

/* pollfds: [0] listen, [1] evtchn, then sockets; conns[i] for each. */
static nfds_t build_poll(struct xs_store *st, struct pollfd *pfd,
			 struct xs_conn **conns)
{
	struct io_conn *ic;
	struct xs_conn *c;
	nfds_t n = 2;

	pfd[0] = (struct pollfd){io_state.listen_fd, POLLIN, 0};
	pfd[1] = (struct pollfd){io_state.evtchn_fd, POLLIN, 0};
	for (c = st->conns; c && n < MAX_POLL; c = c->next) {
		ic = c->io;
		if (!ic || ic->fd < 0)
			continue;
		pfd[n].fd = ic->fd;
		pfd[n].events = (short)(xs_conn_in_want(c) ? POLLIN : 0);
		if (c->out_len > c->out_head)
			pfd[n].events |= POLLOUT;
		pfd[n].revents = 0;
		conns[n++] = c;
	}
	return n;
}

static void serve_rings(struct xs_store *st)
{
	struct xs_conn *list[MAX_POLL], *c;
	struct io_conn *ic;
	unsigned int n = 0, i;

	for (c = st->conns; c && n < MAX_POLL; c = c->next) {
		ic = c->io;
		if (ic && ic->intf && !ic->ignored)
			list[n++] = c;
	}
	for (i = 0; i < n; i++)
		if (conn_alive(st, list[i]) && list[i]->io)
			serve_ring(list[i], list[i]->io);
}

void xs_io_run(struct xs_store *st)
{
	static struct pollfd pfd[MAX_POLL];
	static struct xs_conn *conns[MAX_POLL];
	nfds_t n, i;

	while (!xs_io_stop) {
		n = build_poll(st, pfd, conns);
		if (poll(pfd, n, 500) < 0 && errno != EINTR)
			break;
		if (pfd[1].revents & POLLIN)
			drain_evtchn();
		check_domains(st);
		for (i = 2; i < n; i++)
			if (conn_alive(st, conns[i]))
				serve_socket(conns[i], conns[i]->io,
					     pfd[i].revents);
		if (pfd[0].revents & POLLIN)
			accept_client(st);
		serve_rings(st);
	}
}

/* Create the directories above path (like mkdir -p of its dirname). */
static void make_parents(const char *path)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char *p;

	strcpy(dir, path);
	for (p = dir + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(dir, 0755);
		*p = '/';
	}
}

static int listen_on(const char *path)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	int fd;

	if (strlen(path) >= sizeof(a.sun_path))
		return -1;
	strcpy(a.sun_path, path);
	make_parents(path);
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) || chmod(path, 0600) ||
	    listen(fd, 16) || set_nonblock(fd)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* privcmd (domain checks, foreign maps), evtchn + VIRQ_DOM_EXC, gntdev. */
static void open_devices(void)
{
	struct xc *xc = &io_state.xc;
	int fd;

	io_state.privcmd = xc_open(xc) == 0;
	fd = xc_evtchn_fd(xc);
	if (fd < 0 || set_nonblock(fd)) {
		fprintf(stderr, "xenstored: no /dev/xen/evtchn: domains cannot "
				"be introduced\n");
		return;
	}
	io_state.evtchn_fd = fd;
	if (!io_state.privcmd) {
		fprintf(stderr, "xenstored: no /dev/xen/privcmd: domain "
				"deaths are not noticed\n");
		return;
	}
	io_state.virq_port = xc_evtchn_bind_virq(xc, VIRQ_DOM_EXC);
	if (io_state.virq_port < 0)
		fprintf(stderr,
			"xenstored: cannot bind VIRQ_DOM_EXC: %s (looking "
			"at domains every %d s)\n",
			strerror(-io_state.virq_port), CHECK_SECS);
}

int xs_io_init(struct xs_store *st, const char *socket_path)
{
	io_state.listen_fd = listen_on(socket_path);
	if (io_state.listen_fd < 0) {
		fprintf(stderr, "xenstored: cannot listen on %s: %s\n",
			socket_path, strerror(errno));
		return -1;
	}
	open_devices();
	st->hooks.introduce = hook_introduce;
	st->hooks.release = hook_release;
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

void xs_io_fini(struct xs_store *st, const char *socket_path)
{
	struct xs_conn *c;

	for (c = st->conns; c; c = c->next) {
		io_conn_free(c->io);
		c->io = NULL;
	}
	if (io_state.listen_fd >= 0) {
		close(io_state.listen_fd);
		unlink(socket_path);
	}
	if (io_state.virq_port >= 0)
		xc_evtchn_unbind(&io_state.xc, (uint32_t)io_state.virq_port);
	xc_close(&io_state.xc);
}
