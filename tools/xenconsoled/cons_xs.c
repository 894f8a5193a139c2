/*
 * xenconsoled's xenstored client: one connection to the daemon's unix
 * socket, requests answered one at a time, watch events noted.
 *
 * Interface: cons_xs_open(); cons_xs_req()/cons_xs_read()/cons_xs_watch()
 * block for their reply; cons_xs_event() takes one message when poll()
 * says the socket is readable.  xenconsoled only needs to know *that* a
 * watch fired (it then looks at every domain again), so an event carries
 * no data out of here.
 *
 * Invariants: req_id 1 on every request; a reply longer than
 * XENSTORE_PAYLOAD_MAX loses the connection (-1/NULL, errno EPROTO).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <public/io/xs_wire.h>

#include "xenconsoled.h"

bool cons_xs_missed;

int cons_xs_open(const char *path)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	int fd;

	if (strlen(path) >= sizeof(a.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(a.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		close(fd);
		return -1;
	}
	return fd;
}

static int full_io(int fd, void *buf, size_t len, bool wr)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = wr ? write(fd, (char *)buf + done, len - done)
		       : read(fd, (char *)buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ECONNRESET;
			return -1;
		}
		done += (size_t)n;
	}
	return 0;
}

/* One whole message: header in h, payload malloc'd (NUL terminated). */
static char *recv_msg(int fd, struct xsd_sockmsg *h)
{
	char *p;

	if (full_io(fd, h, sizeof(*h), false))
		return NULL;
	if (h->len > XENSTORE_PAYLOAD_MAX) {
		errno = EPROTO;
		return NULL;
	}
	p = malloc(h->len + 1);
	if (!p)
		return NULL;
	if (full_io(fd, p, h->len, false)) {
		free(p);
		return NULL;
	}
	p[h->len] = '\0';
	return p;
}

/* errno for an XS_ERROR reply's name ("ENOENT"...). */
static int xs_errno(const char *name)
{
	static const struct {
		const char *name;
		int err;
	} tab[] = {{"ENOENT", ENOENT}, {"EACCES", EACCES}, {"EINVAL", EINVAL},
		   {"EEXIST", EEXIST}, {"ENOSPC", ENOSPC}, {"E2BIG", E2BIG},
		   {"EAGAIN", EAGAIN}, {"ENOMEM", ENOMEM}};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(name, tab[i].name) == 0)
			return tab[i].err;
	return EIO;
}

char *cons_xs_req(int fd, uint32_t type, const char *arg, size_t arglen,
		  size_t *len, bool *event)
{
	struct xsd_sockmsg h = {type, 1, 0, (uint32_t)arglen};
	char *p;

	if (arglen > XENSTORE_PAYLOAD_MAX) {
		errno = E2BIG;
		return NULL;
	}
	if (full_io(fd, &h, sizeof(h), true) ||
	    full_io(fd, (void *)arg, arglen, true))
		return NULL;
	for (;;) {
		p = recv_msg(fd, &h);
		if (!p)
			return NULL;
		if (h.type != XS_WATCH_EVENT)
			break;
		*event = true;
		cons_xs_missed = true;
		free(p);
	}
	if (h.type == XS_ERROR) {
		errno = xs_errno(p);
		free(p);
		return NULL;
	}
	if (len)
		*len = h.len;
	return p;
}

char *cons_xs_read(int fd, const char *path, bool *event)
{
	return cons_xs_req(fd, XS_READ, path, strlen(path) + 1, NULL, event);
}

int cons_xs_watch(int fd, const char *path, bool *event)
{
	char arg[XENSTORE_ABS_PATH_MAX + 16];
	size_t n = strlen(path);
	char *p;

	if (n + sizeof("xenconsoled") + 1 > sizeof(arg)) {
		errno = E2BIG;
		return -1;
	}
	memcpy(arg, path, n + 1);
	memcpy(arg + n + 1, "xenconsoled", sizeof("xenconsoled"));
	p = cons_xs_req(fd, XS_WATCH, arg, n + 1 + sizeof("xenconsoled"), NULL,
			event);
	if (!p)
		return -1;
	free(p);
	return 0;
}

int cons_xs_event(int fd)
{
	struct xsd_sockmsg h;
	char *p = recv_msg(fd, &h);

	if (!p)
		return -1;
	free(p);
	return h.type == XS_WATCH_EVENT;
}
