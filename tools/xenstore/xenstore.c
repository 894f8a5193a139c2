/*
 * xenstore: a small client for xenstored's unix socket (the same wire
 * protocol as a domain's ring), in the spirit of Xen's xenstore-read,
 * -write, -ls, -rm and -watch.
 *
 * Interface: xenstore [-s SOCKET] COMMAND ARGS
 *   read PATH | write PATH VALUE | mkdir PATH | rm PATH | ls PATH
 *   getperms PATH | setperms PATH PERM... | domainpath DOMID
 *   introduced DOMID | control CMD [ARG] | introduce DOMID MFN PORT
 *   release DOMID | watch PATH COUNT (prints COUNT events "path token")
 *   raw   (stdin's bytes sent as they are, for tests; prints the type
 *          and payload of one reply, exits 1 if the daemon closes)
 * Prints the reply (ls/getperms: one entry a line) and exits 0, or prints
 * "error: ENAME" and exits 1.  The socket is $XENSTORED_PATH or
 * /run/xenstored/socket unless -s is given; a -s path below /dev/ or
 * /proc/ is opened as a device instead (Linux's /dev/xen/xenbus, which
 * relays to xenstored through the kernel's own ring).
 *
 * Invariants: include/public only; one request at a time (req_id 1).
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <public/io/xs_wire.h>

struct cmd {
	const char *name;
	uint32_t type;
	int nargs;     /* strings of the request; -1: at least one */
	bool raw_last; /* the last argument is not NUL terminated */
};

static const struct cmd cmds[] = {
	{"read", XS_READ, 1, false},
	{"write", XS_WRITE, 2, true},
	{"mkdir", XS_MKDIR, 1, false},
	{"rm", XS_RM, 1, false},
	{"ls", XS_DIRECTORY, 1, false},
	{"getperms", XS_GET_PERMS, 1, false},
	{"setperms", XS_SET_PERMS, -1, false},
	{"domainpath", XS_GET_DOMAIN_PATH, 1, false},
	{"introduced", XS_IS_DOMAIN_INTRODUCED, 1, false},
	{"control", XS_CONTROL, -1, false},
	{"introduce", XS_INTRODUCE, 3, false},
	{"release", XS_RELEASE, 1, false},
	{"watch", XS_WATCH, 1, false},
};

static char payload[XENSTORE_PAYLOAD_MAX + 1];

/* A unix socket, or a device speaking the same protocol (/dev/xen/xenbus). */
static int connect_to(const char *path)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	int fd;

	if (strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0)
		return open(path, O_RDWR);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);

	if (fd < 0 || strlen(path) >= sizeof(a.sun_path))
		return -1;
	strcpy(a.sun_path, path);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		close(fd);
		return -1;
	}
	return fd;
}

static int full_io(int fd, void *buf, size_t len, bool wr)
{
	ssize_t n;
	size_t done = 0;

	while (done < len) {
		n = wr ? write(fd, (char *)buf + done, len - done)
		       : read(fd, (char *)buf + done, len - done);
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

static int send_req(int fd, uint32_t type, const char *p, size_t len)
{
	struct xsd_sockmsg h = {type, 1, 0, (uint32_t)len};

	if (full_io(fd, &h, sizeof(h), true))
		return -1;
	return full_io(fd, (void *)p, len, true);
}

/* Next message; its payload lands in payload[] (NUL guarded). */
static int recv_msg(int fd, struct xsd_sockmsg *h)
{
	if (full_io(fd, h, sizeof(*h), false) || h->len > XENSTORE_PAYLOAD_MAX)
		return -1;
	if (full_io(fd, payload, h->len, false))
		return -1;
	payload[h->len] = '\0';
	return 0;
}

static size_t build(char **args, int n, bool raw_last)
{
	size_t len = 0, k;
	int i;

	for (i = 0; i < n; i++) {
		k = strlen(args[i]) + (raw_last && i == n - 1 ? 0 : 1);
		if (len + k > XENSTORE_PAYLOAD_MAX)
			exit(2);
		memcpy(payload + len, args[i], k);
		len += k;
	}
	return len;
}

static void print_reply(const struct cmd *c, const struct xsd_sockmsg *h)
{
	size_t off;

	if (c->type == XS_DIRECTORY || c->type == XS_GET_PERMS) {
		for (off = 0; off < h->len; off += strlen(payload + off) + 1)
			printf("%s\n", payload + off);
	} else if (c->type == XS_READ) {
		fwrite(payload, 1, h->len, stdout);
		printf("\n");
	} else {
		printf("%s\n", payload);
	}
}

static int watch(int fd, char *path, int count)
{
	char *args[2] = {path, "tok"};
	struct xsd_sockmsg h;
	int seen = 0;

	if (send_req(fd, XS_WATCH, payload, build(args, 2, false)))
		return 1;
	while (seen < count && !recv_msg(fd, &h)) {
		if (h.type == XS_ERROR) {
			printf("error: %s\n", payload);
			return 1;
		}
		if (h.type != XS_WATCH_EVENT)
			continue;
		printf("%s %s\n", payload, payload + strlen(payload) + 1);
		fflush(stdout);
		seen++;
	}
	return seen == count ? 0 : 1;
}

/* Bytes from stdin, unchecked; one message back. */
static int raw(int fd)
{
	static char in[65536];
	struct xsd_sockmsg h;
	ssize_t n = read(0, in, sizeof(in));

	if (n <= 0 || full_io(fd, in, (size_t)n, true) || recv_msg(fd, &h))
		return 1;
	printf("%u %s\n", h.type, payload);
	return 0;
}

int main(int argc, char **argv)
{
	const char *sock = getenv("XENSTORED_PATH");
	const struct cmd *c = NULL;
	struct xsd_sockmsg h;
	unsigned int i;
	int fd, n, a = 1;

	if (argc > 2 && strcmp(argv[1], "-s") == 0) {
		sock = argv[2];
		a = 3;
	}
	if (!sock)
		sock = "/run/xenstored/socket";
	if (a < argc && strcmp(argv[a], "raw") == 0) {
		fd = connect_to(sock);
		return fd < 0 ? 1 : raw(fd);
	}
	for (i = 0; a < argc && i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[a], cmds[i].name) == 0)
			c = &cmds[i];
	n = argc - a - 1;
	if (!c || n < 1 ||
	    (c->nargs > 0 && n != c->nargs + (c->type == XS_WATCH))) {
		fprintf(stderr, "usage: xenstore [-s socket] command args\n");
		return 2;
	}
	fd = connect_to(sock);
	if (fd < 0) {
		perror(sock);
		return 1;
	}
	if (c->type == XS_WATCH)
		return watch(fd, argv[a + 1], atoi(argv[a + 2]));
	if (send_req(fd, c->type, payload,
		     build(argv + a + 1, n, c->raw_last)) ||
	    recv_msg(fd, &h))
		return 1;
	if (h.type == XS_ERROR) {
		printf("error: %s\n", payload);
		return 1;
	}
	print_reply(c, &h);
	return 0;
}
