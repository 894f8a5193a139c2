/*
 * xm's xenstore client over xenstored's unix socket: a request is a
 * struct xsd_sockmsg header and its payload (NUL separated strings);
 * the reply has the same type, or XS_ERROR with an errno name.  Watch
 * events (XS_WATCH_EVENT) may arrive at any time and are skipped by
 * requests.
 *
 * Interface: xs.h.  Invariants: a reply payload is NUL terminated in
 * the caller's view; req_id counts up per connection.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <public/io/xs_wire.h>

#include "xs.h"

static char payload[XENSTORE_PAYLOAD_MAX + 1];

int xs_connect(struct xs *x)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	const char *path = getenv("XENSTORED_PATH");
	int e;

	if (!path)
		path = "/run/xenstored/socket";
	if (strlen(path) >= sizeof(a.sun_path))
		return -ENAMETOOLONG;
	strcpy(a.sun_path, path);
	x->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (x->fd < 0)
		return -errno;
	if (connect(x->fd, (struct sockaddr *)&a, sizeof(a))) {
		e = errno;
		close(x->fd);
		x->fd = -1;
		return -e;
	}
	return 0;
}

void xs_close(struct xs *x)
{
	if (x->fd >= 0)
		close(x->fd);
	x->fd = -1;
}

static int full_io(int fd, void *buf, size_t len, int wr)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = wr ? write(fd, (char *)buf + done, len - done)
		       : read(fd, (char *)buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -EIO;
		done += (size_t)n;
	}
	return 0;
}

static int errno_of(const char *name)
{
	unsigned int i;

	for (i = 0; i < XSD_ERROR_COUNT; i++)
		if (strcmp(name, xsd_errors[i].errstring) == 0)
			return xsd_errors[i].errnum;
	return EIO;
}

/* The next message; its payload in payload[], NUL terminated. */
static int recv_msg(struct xs *x, struct xsd_sockmsg *h)
{
	if (full_io(x->fd, h, sizeof(*h), 0) || h->len > XENSTORE_PAYLOAD_MAX)
		return -EIO;
	if (full_io(x->fd, payload, h->len, 0))
		return -EIO;
	payload[h->len] = '\0';
	return 0;
}

/* Sends the strings of args (the last without its NUL if raw_last);
 * returns the reply's length (payload[]) or -errno. */
static int request(struct xs *x, uint32_t type, const char *const *args,
		   unsigned int n, int raw_last)
{
	static char req[XENSTORE_PAYLOAD_MAX];
	struct xsd_sockmsg h = {type, 0, 0, 0};
	size_t len = 0, k;
	unsigned int i;
	int rc;

	if (x->fd < 0)
		return -EBADF;
	for (i = 0; i < n; i++) {
		k = strlen(args[i]) + (raw_last && i == n - 1 ? 0 : 1);
		if (len + k > sizeof(req))
			return -E2BIG;
		memcpy(req + len, args[i], k);
		len += k;
	}
	h.len = (uint32_t)len;
	if (full_io(x->fd, &h, sizeof(h), 1) || full_io(x->fd, req, len, 1))
		return -EIO;
	do {
		rc = recv_msg(x, &h);
		if (rc)
			return rc;
	} while (h.type == XS_WATCH_EVENT);
	if (h.type == XS_ERROR)
		return -errno_of(payload);
	return h.type == type ? (int)h.len : -EIO;
}

int xs_read(struct xs *x, const char *path, char *buf, size_t len)
{
	int rc = request(x, XS_READ, &path, 1, 0);

	if (rc < 0)
		return rc;
	if ((size_t)rc >= len)
		return -E2BIG;
	memcpy(buf, payload, (size_t)rc);
	buf[rc] = '\0';
	return 0;
}

int xs_write(struct xs *x, const char *path, const char *value)
{
	const char *args[2] = {path, value};
	int rc = request(x, XS_WRITE, args, 2, 1);

	return rc < 0 ? rc : 0;
}

int xs_writef(struct xs *x, const char *path, const char *fmt, ...)
{
	char value[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	return xs_write(x, path, value);
}

int xs_mkdir(struct xs *x, const char *path)
{
	int rc = request(x, XS_MKDIR, &path, 1, 0);

	return rc < 0 ? rc : 0;
}

int xs_rm(struct xs *x, const char *path)
{
	int rc = request(x, XS_RM, &path, 1, 0);

	return rc < 0 ? rc : 0;
}

int xs_ls(struct xs *x, const char *path, char *buf, size_t len)
{
	int rc = request(x, XS_DIRECTORY, &path, 1, 0), n = 0, i;

	if (rc < 0)
		return rc;
	if ((size_t)rc > len)
		return -E2BIG;
	memcpy(buf, payload, (size_t)rc);
	for (i = 0; i < rc; i++)
		n += buf[i] == '\0';
	return n;
}

int xs_setperms(struct xs *x, const char *path, const char *const *perms,
		unsigned int n)
{
	const char *args[16];
	unsigned int i;
	int rc;

	if (n + 1 > sizeof(args) / sizeof(args[0]))
		return -E2BIG;
	args[0] = path;
	for (i = 0; i < n; i++)
		args[i + 1] = perms[i];
	rc = request(x, XS_SET_PERMS, args, n + 1, 0);
	return rc < 0 ? rc : 0;
}

int xs_introduce(struct xs *x, uint32_t domid, uint64_t mfn, uint32_t port)
{
	char d[16], m[24], p[16];
	const char *args[3] = {d, m, p};
	int rc;

	snprintf(d, sizeof(d), "%u", domid);
	snprintf(m, sizeof(m), "%llu", (unsigned long long)mfn);
	snprintf(p, sizeof(p), "%u", port);
	rc = request(x, XS_INTRODUCE, args, 3, 0);
	return rc < 0 ? rc : 0;
}

int xs_release(struct xs *x, uint32_t domid)
{
	char d[16];
	const char *arg = d;
	int rc;

	snprintf(d, sizeof(d), "%u", domid);
	rc = request(x, XS_RELEASE, &arg, 1, 0);
	return rc < 0 ? rc : 0;
}

int xs_watch(struct xs *x, const char *path, const char *token)
{
	const char *args[2] = {path, token};
	int rc = request(x, XS_WATCH, args, 2, 0);

	return rc < 0 ? rc : 0;
}

int xs_wait_event(struct xs *x, int timeout_ms, char *buf, size_t len)
{
	struct pollfd p = {.fd = x->fd, .events = POLLIN};
	struct xsd_sockmsg h;
	int rc;

	if (x->fd < 0)
		return -EBADF;
	rc = poll(&p, 1, timeout_ms);
	if (rc <= 0)
		return rc < 0 && errno != EINTR ? -errno : 0;
	rc = recv_msg(x, &h);
	if (rc)
		return rc;
	if (h.type != XS_WATCH_EVENT)
		return 0;
	snprintf(buf, len, "%s", payload);
	return 1;
}
