/*
 * xenconsoled: the console daemon of dom0 (Xen 3's xenconsoled, for PV
 * domains): logs each domain's console and serves `xm console`.
 *
 * Interface:
 *   xenconsoled [-h] [-V] [-v] [-i] [--log=none|guest|hv|all]
 *               [--log-dir=DIR] [--pid-file=PATH]
 *               [-t, --timestamp=none|guest|hv|all]
 *               [-o, --overflow-data=discard|keep]
 * Without -i it becomes a daemon once its sockets are ready (so a caller
 * may connect as soon as it returns), writes its pid file and sends its
 * own messages to DIR/xenconsoled.log.  xenstored ($XENSTORED_PATH or
 * /run/xenstored/socket) must be running.  Clients connect to
 * /run/xen/xenconsoled.sock (see cons_srv.c).
 *
 * Invariants: one thread; the loop blocks only in poll() and in xenstore
 * requests (answered by a local daemon); every ring is also looked at
 * once a second, so a lost notification delays output, never loses it.
 */
#define _GNU_SOURCE /* getopt_long */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../libxc/xc.h"
#include "xenconsoled.h"

#define POLL_MAX (4 + CONS_CLIENTS)

static volatile sig_atomic_t stop;
static struct xc xc = {-1, -1, -1};
static struct cons_opts opts = {CONS_LOG_DIR, true, false, true, false};
static bool log_hv, stamp_hv, interactive;
static const char *pid_file = CONS_PID_FILE;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: xenconsoled [-h] [-V] [-v] [-i] "
		"[--log=none|guest|hv|all] [--log-dir=DIR] "
		"[--pid-file=PATH] [-t, --timestamp=none|guest|hv|all] "
		"[-o, --overflow-data=discard|keep]\n"
		"  -i, --interactive  stay in the foreground\n"
		"  -v, --verbose      report domains coming and going\n"
		"  --log=WHAT         log guest consoles and/or the "
		"hypervisor's"
		" (default: guest)\n"
		"  --log-dir=DIR      where logs go (default: %s)\n"
		"  --pid-file=PATH    (default: %s)\n"
		"  -t, --timestamp    prefix logged lines with the time\n"
		"  -o, --overflow-data  what to do with output a slow client "
		"cannot take (default: discard)\n",
		CONS_LOG_DIR, CONS_PID_FILE);
}

/* "none|guest|hv|all" into two flags; false if none of them. */
static bool which(const char *s, bool *guest, bool *hv)
{
	bool g = strcmp(s, "guest") == 0 || strcmp(s, "all") == 0;
	bool h = strcmp(s, "hv") == 0 || strcmp(s, "all") == 0;

	if (!g && !h && strcmp(s, "none") != 0)
		return false;
	*guest = g;
	*hv = h;
	return true;
}

static void parse(int argc, char **argv)
{
	static const struct option lopts[] = {
		{"help", 0, 0, 'h'},	      {"version", 0, 0, 'V'},
		{"verbose", 0, 0, 'v'},	      {"interactive", 0, 0, 'i'},
		{"log", 1, 0, 'l'},	      {"log-dir", 1, 0, 'r'},
		{"pid-file", 1, 0, 'p'},      {"timestamp", 1, 0, 't'},
		{"overflow-data", 1, 0, 'o'}, {0, 0, 0, 0}};
	bool ok = true;
	int ch;

	while ((ch = getopt_long(argc, argv, "hVvit:o:", lopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("Xen Console Daemon 3.0\n");
			exit(0);
		case 'v':
			opts.verbose = true;
			break;
		case 'i':
			interactive = true;
			break;
		case 'l':
			ok = which(optarg, &opts.log_guest, &log_hv);
			break;
		case 'r':
			opts.log_dir = optarg;
			break;
		case 'p':
			pid_file = optarg;
			break;
		case 't':
			ok = which(optarg, &opts.stamp_guest, &stamp_hv);
			break;
		case 'o':
			ok = strcmp(optarg, "discard") == 0 ||
			     strcmp(optarg, "keep") == 0;
			opts.discard = strcmp(optarg, "keep") != 0;
			break;
		default:
			ok = false;
		}
		if (!ok) {
			fprintf(stderr, "Try `xenconsoled --help' for more "
					"information\n");
			exit(EINVAL);
		}
	}
}

static void mkdirs(const char *path)
{
	char dir[4096], *p;

	snprintf(dir, sizeof(dir), "%s/", path);
	for (p = dir + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(dir, 0755);
		*p = '/';
	}
}

/* Sockets and devices, before becoming a daemon; returns the xs fd. */
static int setup(void)
{
	const char *xs_path = getenv("XENSTORED_PATH");
	bool ev = false;
	int fd, efd;

	if (!xs_path)
		xs_path = CONS_XS_SOCKET;
	if (xc_open(&xc) < 0) {
		fprintf(stderr,
			"xenconsoled: cannot open /dev/xen/privcmd: %s "
			"(foreign maps and domain checks disabled)\n",
			strerror(errno));
		xc.privcmd = xc.evtchn = xc.gntdev = -1;
	}
	efd = xc_evtchn_fd(&xc);
	if (efd < 0 || fcntl(efd, F_SETFL, fcntl(efd, F_GETFL) | O_NONBLOCK)) {
		fprintf(stderr,
			"xenconsoled: cannot open /dev/xen/evtchn: %s\n",
			strerror(-efd));
		exit(1);
	}
	fd = cons_xs_open(xs_path);
	if (fd < 0 || cons_xs_watch(fd, "@introduceDomain", &ev) ||
	    cons_xs_watch(fd, "@releaseDomain", &ev) ||
	    cons_xs_watch(fd, "/local/domain", &ev)) {
		fprintf(stderr,
			"xenconsoled: cannot talk to xenstored at %s: %s\n",
			xs_path, strerror(errno));
		exit(1);
	}
	if (cons_srv_listen(CONS_SOCKET) < 0) {
		fprintf(stderr, "xenconsoled: cannot listen on %s: %s\n",
			CONS_SOCKET, strerror(errno));
		exit(1);
	}
	mkdirs(opts.log_dir);
	return fd;
}

static void daemonize(void)
{
	char path[4096];
	pid_t pid;
	FILE *f;
	int fd;

	pid = fork();
	if (pid < 0) {
		perror("xenconsoled: fork");
		exit(1);
	}
	if (pid > 0)
		_exit(0);
	setsid();
	if (chdir("/") < 0)
		exit(1);
	snprintf(path, sizeof(path), "%s/xenconsoled.log", opts.log_dir);
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		close(fd);
	}
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (fd >= 0) {
		dup2(fd, 2);
		close(fd);
	}
	mkdirs(pid_file);
	rmdir(pid_file); /* mkdirs made the file's name a directory */
	f = fopen(pid_file, "w");
	if (f) {
		fprintf(f, "%d\n", (int)getpid());
		fclose(f);
	}
}

/* The hypervisor's console ring into DIR/hypervisor.log (--log=hv). */
static void hv_log(void)
{
	static uint32_t index;
	static int fd = -2;
	char buf[4096], path[4096];
	int n, i;

	if (!log_hv || xc.privcmd < 0)
		return;
	if (fd == -2) {
		snprintf(path, sizeof(path), "%s/hypervisor.log", opts.log_dir);
		fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
			  0644);
	}
	for (i = 0; fd >= 0 && i < 16; i++) {
		n = xc_readconsole(&xc, buf, sizeof(buf), &index, 0);
		if (n <= 0 || write(fd, buf, (size_t)n) != n)
			break;
	}
}

static void drain_ports(void)
{
	int i, port;

	for (i = 0; i < 256; i++) {
		port = xc_evtchn_pending(&xc);
		if (port < 0)
			break;
		cons_dom_event(port);
	}
}

static void rescan(void)
{
	int i;

	for (i = 0; i < 4; i++) {
		cons_xs_missed = false;
		cons_dom_scan(true);
		if (!cons_xs_missed)
			break;
	}
}

static void loop(int xs_fd)
{
	struct pollfd pfd[POLL_MAX];
	time_t last = 0;
	unsigned int n;
	int rc;

	rescan();
	while (!stop) {
		pfd[0] = (struct pollfd){xs_fd, POLLIN, 0};
		pfd[1] = (struct pollfd){xc.evtchn, POLLIN, 0};
		pfd[2] = (struct pollfd){-1, 0, 0};
		n = cons_srv_poll(pfd + 3, POLL_MAX - 3);
		pfd[2].fd = cons_srv_listen_fd();
		pfd[2].events = POLLIN;
		rc = poll(pfd, 3 + n, 1000);
		if (rc < 0 && errno != EINTR)
			break;
		if (pfd[0].revents) {
			rc = cons_xs_event(xs_fd);
			if (rc < 0) {
				fprintf(stderr,
					"xenconsoled: lost xenstored\n");
				break;
			}
			if (rc > 0)
				rescan();
		}
		if (pfd[1].revents & POLLIN)
			drain_ports();
		cons_srv_serve(pfd + 3, n);
		if (pfd[2].revents & POLLIN)
			cons_srv_accept();
		if (cons_xs_missed)
			rescan();
		if (time(NULL) != last) {
			last = time(NULL);
			cons_dom_event(-1);
			hv_log();
		}
	}
}

int main(int argc, char **argv)
{
	int xs_fd;

	parse(argc, argv);
	if (geteuid() != 0) {
		fprintf(stderr, "xenconsoled requires root to run.\n");
		exit(EPERM);
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	xs_fd = setup();
	if (!interactive)
		daemonize();
	cons_dom_init(&xc, xs_fd, &opts);
	loop(xs_fd);
	cons_dom_fini();
	cons_srv_fini(CONS_SOCKET);
	if (!interactive)
		unlink(pid_file);
	xc_close(&xc);
	return 0;
}
