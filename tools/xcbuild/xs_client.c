/*
 * A tiny xenstored client over its unix socket (the wire protocol of
 * include/public/io/xs_wire.h): one request, one reply, no watches.
 * xcbuild uses it to give a new domain its home directory and to
 * introduce (and later release) it.
 *
 * Interface: xcb_xs_open() (-ENOENT when no xenstored runs), then
 * xcb_xs_request(), xcb_xs_close().
 * Invariants: requests go out whole; a reply is read whole (header, then
 * exactly len bytes) before the next request.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <public/io/xs_wire.h>

#include "xcbuild.h"

int xcb_xs_open(const char *path)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	int fd;

	if (access(path, F_OK) < 0)
		return -ENOENT;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		int e = errno;

		close(fd);
		return -e;
	}
	return fd;
}

void xcb_xs_close(int fd)
{
	if (fd >= 0)
		close(fd);
}

static int io_all(int fd, void *buf, size_t len, bool out)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = out ? write(fd, (char *)buf + done, len - done)
				: read(fd, (char *)buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EPIPE;
		done += n;
	}
	return 0;
}

/* An XS_ERROR payload ("ENOENT") to -errno. */
static int error_reply(const char *name)
{
	for (unsigned int i = 0; i < XSD_ERROR_COUNT; i++)
		if (!strcmp(name, xsd_errors[i].errstring))
			return -xsd_errors[i].errnum;
	return -EIO;
}

/*
 * Send type with payload args (len bytes, NUL-separated as the request
 * wants); 0 when the reply is not XS_ERROR.
 */
int xcb_xs_request(int fd, uint32_t type, const char *args, size_t len)
{
	static uint32_t req_id;
	struct xsd_sockmsg h = {.type = type, .req_id = ++req_id, .len = len};
	char reply[XENSTORE_PAYLOAD_MAX + 1];
	int rc;

	if (len > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	if ((rc = io_all(fd, &h, sizeof(h), true)) ||
	    (rc = io_all(fd, (void *)args, len, true)) ||
	    (rc = io_all(fd, &h, sizeof(h), false)))
		return rc;
	if (h.len > XENSTORE_PAYLOAD_MAX)
		return -EIO;
	if ((rc = io_all(fd, reply, h.len, false)))
		return rc;
	reply[h.len] = 0;
	return h.type == XS_ERROR ? error_reply(reply) : 0;
}
