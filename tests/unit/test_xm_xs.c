/*
 * Unit tests for xm's xenstore client (tools/xm/xs.c) over a socketpair:
 * the reply is written before the request is made, so one thread does
 * both ends.  Checks each request's bytes on the wire (types, NULs, the
 * value of a write without its NUL), replies and errors (the daemon's
 * error names back to errno values), watch events skipped by requests
 * and returned by xs_wait_event, and refused replies (too large, wrong
 * type, too long for the caller's buffer).
 */
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "../../tools/xm/xs.c"

static struct xs x;
static int peer; /* the daemon's end */

static void reply(uint32_t type, const void *p, uint32_t len)
{
	struct xsd_sockmsg h = {type, 0, 0, len};

	CHECK(write(peer, &h, sizeof(h)) == sizeof(h));
	if (len)
		CHECK(write(peer, p, len) == (ssize_t)len);
}

/* The request the client sent: its type, and payload == want[0..len). */
static void sent(uint32_t type, const void *want, uint32_t len)
{
	static char buf[XENSTORE_PAYLOAD_MAX];
	struct xsd_sockmsg h;

	CHECK(read(peer, &h, sizeof(h)) == sizeof(h));
	CHECK_EQ(h.type, type);
	CHECK_EQ(h.len, len);
	if (h.len <= sizeof(buf) && h.len)
		CHECK(read(peer, buf, h.len) == (ssize_t)h.len);
	CHECK(h.len == len && memcmp(buf, want, len) == 0);
}

static void test_requests(void)
{
	const char *perms[2] = {"n0", "r5"};
	char buf[64];

	reply(XS_READ, "hello", 5);
	CHECK_EQ(xs_read(&x, "/a", buf, sizeof(buf)), 0);
	CHECK(strcmp(buf, "hello") == 0);
	sent(XS_READ, "/a", 3);

	reply(XS_WRITE, "OK", 3);
	CHECK_EQ(xs_writef(&x, "/a/b", "%d-%s", 7, "x"), 0);
	sent(XS_WRITE,
	     "/a/b\0"
	     "7-x",
	     8); /* the value without a NUL */

	reply(XS_DIRECTORY,
	      "0\0"
	      "12\0"
	      "3",
	      7);
	CHECK_EQ(xs_ls(&x, "/local/domain", buf, sizeof(buf)), 3);
	CHECK(strcmp(buf + 2, "12") == 0);
	sent(XS_DIRECTORY, "/local/domain", 14);

	reply(XS_SET_PERMS, "OK", 3);
	CHECK_EQ(xs_setperms(&x, "/p", perms, 2), 0);
	sent(XS_SET_PERMS, "/p\0n0\0r5", 9);

	reply(XS_INTRODUCE, "OK", 3);
	CHECK_EQ(xs_introduce(&x, 3, 12345, 7), 0);
	sent(XS_INTRODUCE,
	     "3\0"
	     "12345\0"
	     "7",
	     10);

	reply(XS_RELEASE, "OK", 3);
	CHECK_EQ(xs_release(&x, 3), 0);
	sent(XS_RELEASE, "3", 2);

	reply(XS_MKDIR, "OK", 3);
	CHECK_EQ(xs_mkdir(&x, "/m"), 0);
	sent(XS_MKDIR, "/m", 3);

	reply(XS_RM, "OK", 3);
	CHECK_EQ(xs_rm(&x, "/m"), 0);
	sent(XS_RM, "/m", 3);
}

static void test_errors(void)
{
	char buf[4];

	reply(XS_ERROR, "ENOENT", 7);
	CHECK_EQ(xs_rm(&x, "/none"), -ENOENT);
	sent(XS_RM, "/none", 6);
	reply(XS_ERROR, "EACCES", 7);
	CHECK_EQ(xs_write(&x, "/ro", "v"), -EACCES);
	sent(XS_WRITE, "/ro\0v", 5);
	reply(XS_ERROR, "EWHAT", 6); /* unknown names: EIO */
	CHECK_EQ(xs_mkdir(&x, "/w"), -EIO);
	sent(XS_MKDIR, "/w", 3);
	/* A value longer than the caller's buffer. */
	reply(XS_READ, "12345", 5);
	CHECK_EQ(xs_read(&x, "/l", buf, sizeof(buf)), -E2BIG);
	sent(XS_READ, "/l", 3);
	/* A reply of another type. */
	reply(XS_WRITE, "OK", 3);
	CHECK_EQ(xs_read(&x, "/t", buf, sizeof(buf)), -EIO);
	sent(XS_READ, "/t", 3);
}

static void test_watch(void)
{
	char buf[64];

	reply(XS_WATCH, "OK", 3);
	CHECK_EQ(xs_watch(&x, "@releaseDomain", "xm"), 0);
	sent(XS_WATCH, "@releaseDomain\0xm", 18);
	/* An event before a reply is skipped by the request... */
	reply(XS_WATCH_EVENT, "/w\0tok", 7);
	reply(XS_READ, "v", 1);
	CHECK_EQ(xs_read(&x, "/r", buf, sizeof(buf)), 0);
	CHECK(strcmp(buf, "v") == 0);
	sent(XS_READ, "/r", 3);
	/* ... and returned by xs_wait_event. */
	CHECK_EQ(xs_wait_event(&x, 10, buf, sizeof(buf)), 0);
	reply(XS_WATCH_EVENT, "@releaseDomain\0xm", 18);
	CHECK_EQ(xs_wait_event(&x, 1000, buf, sizeof(buf)), 1);
	CHECK(strcmp(buf, "@releaseDomain") == 0);
}

/* A header announcing more than XENSTORE_PAYLOAD_MAX: -EIO, not read. */
static void test_oversized(void)
{
	struct xsd_sockmsg h = {XS_READ, 0, 0, XENSTORE_PAYLOAD_MAX + 1};
	char buf[8];

	CHECK(write(peer, &h, sizeof(h)) == sizeof(h));
	CHECK_EQ(xs_read(&x, "/o", buf, sizeof(buf)), -EIO);
	sent(XS_READ, "/o", 3);
}

int main(void)
{
	int sv[2];

	CHECK_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	x.fd = sv[0];
	peer = sv[1];
	test_requests();
	test_errors();
	test_watch();
	test_oversized();
	xs_close(&x);
	CHECK_EQ(x.fd, -1);
	CHECK_EQ(xs_rm(&x, "/closed"), -EBADF);
	close(peer);
	return unit_finish("xm_xs");
}
