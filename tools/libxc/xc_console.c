/*
 * libxc's console client (`xm console`): attaches to a domain's console
 * through xenconsoled's unix socket and relays bytes both ways until the
 * user types Ctrl-] or the domain goes away.
 *
 * Interface: xc_console_attach(domid, in_fd, out_fd), see xc.h.  Protocol
 * (tools/xenconsoled/cons_srv.c): "DOMID\n", then raw bytes both ways; the
 * daemon closes the connection when the domain is gone (or unknown).
 *
 * Invariants: a terminal given as in_fd is in raw mode only while
 * attached and is restored on every return path; Ctrl-] is never sent to
 * the domain; when in_fd ends (not a terminal) our sending side is shut
 * down and the domain's output is still relayed until the daemon closes.
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "xc.h"

#define XC_CONSOLE_SOCKET "/run/xen/xenconsoled.sock"
#define XC_CONSOLE_ESCAPE 0x1d /* Ctrl-] */

static int console_connect(uint32_t domid)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	char line[16];
	int fd, n, err;

	strcpy(a.sun_path, XC_CONSOLE_SOCKET);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	n = snprintf(line, sizeof(line), "%u\n", domid);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    write(fd, line, (size_t)n) != n) {
		err = errno ? errno : EIO;
		close(fd);
		return -(errno = err);
	}
	return fd;
}

static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Input from the user: 1 on Ctrl-], 0 to go on, -errno. */
static int relay_in(int in_fd, int sock, bool *in_open)
{
	char buf[1024], *esc;
	ssize_t n = read(in_fd, buf, sizeof(buf));
	int rc;

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -errno;
	if (n == 0) {
		*in_open = false;
		shutdown(sock, SHUT_WR);
		return 0;
	}
	esc = memchr(buf, XC_CONSOLE_ESCAPE, (size_t)n);
	rc = write_all(sock, buf, esc ? (size_t)(esc - buf) : (size_t)n);
	if (rc == -EPIPE)
		return 1; /* the daemon closed: the domain is gone */
	return rc < 0 ? rc : esc != NULL;
}

/* Output of the domain: 1 when the daemon closed, 0, or -errno. */
static int relay_out(int sock, int out_fd)
{
	char buf[4096];
	ssize_t n = read(sock, buf, sizeof(buf));

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -errno;
	if (n == 0)
		return 1;
	return write_all(out_fd, buf, (size_t)n);
}

static int relay(int sock, int in_fd, int out_fd)
{
	struct pollfd pfd[2];
	bool in_open = true;
	int rc = 0;

	while (rc == 0) {
		pfd[0] = (struct pollfd){sock, POLLIN, 0};
		pfd[1] = (struct pollfd){in_open ? in_fd : -1, POLLIN, 0};
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (pfd[0].revents)
			rc = relay_out(sock, out_fd);
		if (rc == 0 && pfd[1].revents)
			rc = relay_in(in_fd, sock, &in_open);
	}
	return rc < 0 ? rc : 0;
}

int xc_console_attach(uint32_t domid, int in_fd, int out_fd)
{
	struct termios saved, raw;
	bool tty = isatty(in_fd) && tcgetattr(in_fd, &saved) == 0;
	int sock, rc;

	sock = console_connect(domid);
	if (sock < 0)
		return sock;
	if (tty) {
		raw = saved;
		cfmakeraw(&raw);
		tcsetattr(in_fd, TCSAFLUSH, &raw);
	}
	rc = relay(sock, in_fd, out_fd);
	if (tty)
		tcsetattr(in_fd, TCSAFLUSH, &saved);
	close(sock);
	if (rc < 0)
		errno = -rc;
	return rc;
}
