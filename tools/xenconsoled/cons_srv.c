/*
 * xenconsoled's clients: the unix socket `xm console` connects to.  A
 * client sends "DOMID\n"; from then on bytes flow raw both ways: what the
 * domain writes to the client, what the client writes into the domain's
 * console input.
 *
 * Interface: cons_srv_listen(); per loop round cons_srv_poll() fills
 * pollfds, cons_srv_serve() handles them, cons_srv_accept() takes a new
 * client; cons_srv_output()/cons_srv_room() for a domain's output,
 * cons_srv_flush_input() when its input ring may have room,
 * cons_srv_drop() when it is gone (its clients are closed: they see EOF).
 *
 * Invariants: at most CONS_CLIENTS clients; each queues at most
 * CONS_CLIENT_BUF bytes of output (excess is dropped for that client) and
 * CONS_IN_BUF of input (it is not read while that is full); a client
 * naming a domain we do not serve, or sending a bad line, is closed; one
 * that shuts down its sending side still gets the domain's output.
 */
#define _GNU_SOURCE /* accept4 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "xenconsoled.h"

#define HDR_MAX 16 /* "65535\n" fits with room */

struct client {
	int fd;
	bool attached;	   /* header received, domid valid */
	bool in_eof;	   /* it shut its sending side: output only */
	uint32_t domid;	   /* the domain it talks to */
	char hdr[HDR_MAX]; /* the "DOMID\n" line so far */
	size_t hdr_len;
	char *out; /* CONS_CLIENT_BUF: domain output to send */
	size_t out_len;
	char in[CONS_IN_BUF]; /* input not yet in the ring */
	size_t in_len;
};

static struct client clients[CONS_CLIENTS];
static int listen_fd = -1;

int cons_srv_listen(const char *path)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	char dir[sizeof(a.sun_path)], *slash;
	unsigned int i;

	for (i = 0; i < CONS_CLIENTS; i++)
		clients[i].fd = -1;
	if (strlen(path) >= sizeof(a.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(a.sun_path, path);
	strcpy(dir, path);
	for (slash = dir + 1; (slash = strchr(slash, '/')); slash++) {
		*slash = '\0';
		mkdir(dir, 0755);
		*slash = '/';
	}
	unlink(path);
	listen_fd =
		socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (listen_fd < 0)
		return -1;
	if (bind(listen_fd, (struct sockaddr *)&a, sizeof(a)) ||
	    chmod(path, 0600) || listen(listen_fd, 16)) {
		close(listen_fd);
		listen_fd = -1;
		return -1;
	}
	return listen_fd;
}

int cons_srv_listen_fd(void)
{
	return listen_fd;
}

static void client_close(struct client *c)
{
	close(c->fd);
	free(c->out);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

void cons_srv_accept(void)
{
	int fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	unsigned int i;

	if (fd < 0)
		return;
	for (i = 0; i < CONS_CLIENTS && clients[i].fd >= 0; i++)
		;
	if (i == CONS_CLIENTS) {
		close(fd);
		return;
	}
	clients[i].out = malloc(CONS_CLIENT_BUF);
	if (!clients[i].out) {
		close(fd);
		return;
	}
	clients[i].fd = fd;
}

unsigned int cons_srv_poll(struct pollfd *pfd, unsigned int max)
{
	unsigned int i, n = 0;
	struct client *c;

	for (i = 0; i < CONS_CLIENTS && n < max; i++) {
		c = &clients[i];
		if (c->fd < 0)
			continue;
		pfd[n].fd = c->fd;
		pfd[n].events =
			!c->in_eof && c->in_len < sizeof(c->in) ? POLLIN : 0;
		if (c->out_len)
			pfd[n].events |= POLLOUT;
		pfd[n].revents = 0;
		n++;
	}
	return n;
}

/* Parse "DOMID\n" at the head of what arrived; the rest is input. */
static bool take_header(struct client *c, const char *buf, size_t n)
{
	const char *nl = memchr(buf, '\n', n);
	size_t k = nl ? (size_t)(nl - buf) : n;
	uint32_t id;

	if (c->hdr_len + k >= HDR_MAX)
		return false;
	memcpy(c->hdr + c->hdr_len, buf, k);
	c->hdr_len += k;
	if (!nl)
		return true;
	c->hdr[c->hdr_len] = '\0';
	if (cons_parse_domid(c->hdr, &id))
		return false;
	if (!cons_dom_find(id))
		cons_dom_scan(false); /* just created? look once more */
	if (!cons_dom_find(id))
		return false;
	c->attached = true;
	c->domid = id;
	k = n - k - 1;
	memcpy(c->in, nl + 1, k); /* k < sizeof(buf) <= CONS_IN_BUF */
	c->in_len = k;
	return true;
}

static void push_input(struct client *c)
{
	struct cons_dom *d;
	size_t n;

	if (!c->attached || !c->in_len)
		return;
	d = cons_dom_find(c->domid);
	if (!d)
		return;
	n = cons_dom_input(d, c->in, c->in_len);
	memmove(c->in, c->in + n, c->in_len - n);
	c->in_len -= n;
}

/* Returns false if the client is to be closed. */
static bool client_read(struct client *c)
{
	char buf[CONS_IN_BUF];
	size_t room = sizeof(c->in) - c->in_len;
	ssize_t n;

	if (c->in_eof)
		return false; /* hung up entirely */
	n = read(c->fd, buf, c->attached ? room : sizeof(buf) / 2);
	if (n == 0 && c->attached) {
		c->in_eof = true; /* half closed: keep sending its output */
		return true;
	}
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
		return false;
	if (n < 0)
		return true;
	if (!c->attached)
		return take_header(c, buf, (size_t)n);
	memcpy(c->in + c->in_len, buf, (size_t)n);
	c->in_len += (size_t)n;
	return true;
}

static bool client_write(struct client *c)
{
	ssize_t n = write(c->fd, c->out, c->out_len);

	if (n < 0)
		return errno == EAGAIN || errno == EINTR;
	memmove(c->out, c->out + n, c->out_len - (size_t)n);
	c->out_len -= (size_t)n;
	if (c->attached)
		cons_dom_kick(c->domid); /* room: take more of its output */
	return true;
}

void cons_srv_serve(const struct pollfd *pfd, unsigned int n)
{
	struct client *c;
	unsigned int i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < CONS_CLIENTS && clients[j].fd != pfd[i].fd; j++)
			;
		if (j == CONS_CLIENTS || !pfd[i].revents)
			continue;
		c = &clients[j];
		if ((pfd[i].revents & POLLOUT) && !client_write(c)) {
			client_close(c);
			continue;
		}
		if ((pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) &&
		    !client_read(c)) {
			client_close(c);
			continue;
		}
		push_input(c);
	}
}

void cons_srv_output(uint32_t domid, const char *buf, size_t len)
{
	struct client *c;
	unsigned int i;
	size_t k;

	for (i = 0; i < CONS_CLIENTS; i++) {
		c = &clients[i];
		if (c->fd < 0 || !c->attached || c->domid != domid)
			continue;
		k = CONS_CLIENT_BUF - c->out_len;
		if (k > len)
			k = len;
		memcpy(c->out + c->out_len, buf, k);
		c->out_len += k;
	}
}

size_t cons_srv_room(uint32_t domid)
{
	size_t room = SIZE_MAX;
	unsigned int i;

	for (i = 0; i < CONS_CLIENTS; i++)
		if (clients[i].fd >= 0 && clients[i].attached &&
		    clients[i].domid == domid &&
		    CONS_CLIENT_BUF - clients[i].out_len < room)
			room = CONS_CLIENT_BUF - clients[i].out_len;
	return room;
}

void cons_srv_flush_input(uint32_t domid)
{
	unsigned int i;

	for (i = 0; i < CONS_CLIENTS; i++)
		if (clients[i].fd >= 0 && clients[i].attached &&
		    clients[i].domid == domid)
			push_input(&clients[i]);
}

void cons_srv_drop(uint32_t domid)
{
	struct client *c;
	unsigned int i;

	for (i = 0; i < CONS_CLIENTS; i++) {
		c = &clients[i];
		if (c->fd < 0 || !c->attached || c->domid != domid)
			continue;
		/* Its last output, best effort, then EOF. */
		if (c->out_len && write(c->fd, c->out, c->out_len) < 0)
			c->out_len = 0;
		client_close(c);
	}
}

void cons_srv_fini(const char *path)
{
	unsigned int i;

	for (i = 0; i < CONS_CLIENTS; i++)
		if (clients[i].fd >= 0)
			client_close(&clients[i]);
	if (listen_fd >= 0) {
		close(listen_fd);
		unlink(path);
	}
}
