/*
 * Micro-benchmarks run in the dom0 test initrd (compiled on the host with
 * gcc -static -O2 by tests/qemu/mkinitrd.py).
 *
 * Interface: dom0bench getpid|fork|hypercall [SECONDS]
 *            dom0bench create SECONDS LOG MARKER COMMAND [ARG...]
 *   getpid     up to 1e6 getpid() system calls (syscall(), never cached)
 *              -> "DOM0-BENCH getpid_ns <ns per call>"
 *   fork       up to 200 fork + _exit + waitpid
 *              -> "DOM0-BENCH fork_us <us per iteration>"
 *   hypercall  up to 1e6 xen_version(XENVER_version) hypercalls through
 *              /dev/xen/privcmd's IOCTL_PRIVCMD_HYPERCALL
 *              -> "DOM0-BENCH hypercall_ns <ns per call>" (and the version)
 *   create     runs COMMAND (e.g. `xl create domU.cfg`) and times it until
 *              the text MARKER appears in the file LOG (a domU's console
 *              log, written by xenconsoled), read on every inotify event
 *              of LOG's directory (at least every 50 ms: no busy loop
 *              that would slow the domU down)
 *              -> "DOM0-CREATE ms=<launch to MARKER> cmd_ms=<launch to
 *              COMMAND's exit> rc=<its exit status>"; SECONDS bounds the
 *              whole (a COMMAND still running then is left running).
 * Invariants: each loop stops after its count or after SECONDS (default 2)
 * of wall time, whichever comes first, so a slow hypervisor bounds the run;
 * the result is always time / iterations actually done.  On error:
 * "DOM0-BENCH <name> error <reason>", exit status 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * The privcmd hypercall ioctl, written from the Linux UAPI facts: the
 * argument is { u64 op; u64 arg[5]; } (48 bytes) and the number is
 * _IOC(_IOC_NONE, 'P', 0, sizeof(that struct)).
 */
struct privcmd_hypercall {
	uint64_t op;
	uint64_t arg[5];
};
_Static_assert(sizeof(struct privcmd_hypercall) == 48, "privcmd ABI");
#define IOC_NRSHIFT 0
#define IOC_TYPESHIFT 8
#define IOC_SIZESHIFT 16
#define IOCTL_PRIVCMD_HYPERCALL                                           \
	((0UL << IOC_NRSHIFT) | ((unsigned long)'P' << IOC_TYPESHIFT) |   \
	 ((unsigned long)sizeof(struct privcmd_hypercall) << IOC_SIZESHIFT))
#define HYPERVISOR_xen_version 17 /* __HYPERVISOR_xen_version */
#define XENVER_version 0          /* returns major << 16 | minor */

#define CHUNK 1000 /* iterations between looks at the clock */
#define CREATE_POLL_MS 50 /* longest wait between looks at LOG */
#define CREATE_TAIL 256         /* bytes kept between reads: > MARKER */

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int bench_getpid(double budget_ns)
{
	const long max = 1000000;
	double t0 = now_ns(), t = t0;
	long n = 0;

	while (n < max && t - t0 < budget_ns) {
		for (int i = 0; i < CHUNK; i++)
			syscall(SYS_getpid);
		n += CHUNK;
		t = now_ns();
	}
	printf("DOM0-BENCH getpid_ns %.0f\n", (t - t0) / n);
	return 0;
}

static int bench_fork(double budget_ns)
{
	const long max = 200;
	double t0 = now_ns(), t = t0;
	long n = 0;

	while (n < max && t - t0 < budget_ns) {
		pid_t pid = fork();

		if (pid < 0) {
			printf("DOM0-BENCH fork_us error fork: %s\n", strerror(errno));
			return 1;
		}
		if (pid == 0)
			_exit(0);
		if (waitpid(pid, NULL, 0) != pid) {
			printf("DOM0-BENCH fork_us error waitpid: %s\n", strerror(errno));
			return 1;
		}
		n++;
		t = now_ns();
	}
	printf("DOM0-BENCH fork_us %.1f\n", (t - t0) / n / 1e3);
	return 0;
}

static int bench_hypercall(double budget_ns)
{
	const long max = 1000000;
	struct privcmd_hypercall h = { .op = HYPERVISOR_xen_version,
				       .arg = { XENVER_version, 0 } };
	int fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
	long n = 0, ver;
	double t0, t;

	if (fd < 0) {
		printf("DOM0-BENCH hypercall_ns error open /dev/xen/privcmd: %s\n",
		       strerror(errno));
		return 1;
	}
	ver = ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &h);
	if (ver < 0) {
		printf("DOM0-BENCH hypercall_ns error ioctl: %s\n", strerror(errno));
		return 1;
	}
	t0 = t = now_ns();
	while (n < max && t - t0 < budget_ns) {
		for (int i = 0; i < CHUNK; i++)
			ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &h);
		n += CHUNK;
		t = now_ns();
	}
	printf("DOM0-BENCH xen_version %ld.%ld\n", ver >> 16, ver & 0xffff);
	printf("DOM0-BENCH hypercall_ns %.0f\n", (t - t0) / n);
	close(fd);
	return 0;
}

/*
 * One look at LOG: reads what was appended since the last look (the file
 * may not exist yet) and says whether MARKER is in it.  *fd and *tail
 * carry the open file and the last bytes read (a marker split between
 * two reads is found).
 */
static int log_has(const char *log, const char *marker, int *fd, char *tail,
		   size_t *tail_len)
{
	char buf[4096 + CREATE_TAIL];
	ssize_t n;

	if (*fd < 0)
		*fd = open(log, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return 0;
	memcpy(buf, tail, *tail_len);
	while ((n = read(*fd, buf + *tail_len, sizeof(buf) - *tail_len)) > 0) {
		size_t len = *tail_len + n;

		if (memmem(buf, len, marker, strlen(marker)))
			return 1;
		*tail_len = len < CREATE_TAIL ? len : CREATE_TAIL;
		memmove(buf, buf + len - *tail_len, *tail_len);
		memcpy(tail, buf, *tail_len);
	}
	return 0;
}

static int bench_create(double budget_ns, char **argv)
{
	const char *log = argv[0], *marker = argv[1];
	char dir[4096], events[4096];
	struct pollfd pfd = { .fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC),
			      .events = POLLIN };
	double t0 = now_ns(), t_mark = -1, t_cmd = -1;
	char tail[CREATE_TAIL];
	size_t tail_len = 0;
	int fd = -1, status = 0;
	pid_t pid;

	if (strlen(marker) == 0 || strlen(marker) >= CREATE_TAIL) {
		printf("DOM0-CREATE error marker length\n");
		return 1;
	}
	snprintf(dir, sizeof(dir), "%s", log);
	if (pfd.fd >= 0 &&
	    inotify_add_watch(pfd.fd, dirname(dir), IN_CREATE | IN_MODIFY) < 0) {
		close(pfd.fd); /* then a look every CREATE_POLL_MS */
		pfd.fd = -1;
	}
	pid = fork();
	if (pid < 0) {
		printf("DOM0-CREATE error fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		execv(argv[2], argv + 2);
		fprintf(stderr, "dom0bench: exec %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	while ((t_mark < 0 || t_cmd < 0) && now_ns() - t0 < budget_ns) {
		if (t_mark < 0 && log_has(log, marker, &fd, tail, &tail_len))
			t_mark = now_ns();
		if (t_cmd < 0 && waitpid(pid, &status, WNOHANG) == pid)
			t_cmd = now_ns();
		if (t_cmd >= 0 && (!WIFEXITED(status) || WEXITSTATUS(status)))
			break; /* the command failed: no marker will come */
		if (poll(&pfd, 1, CREATE_POLL_MS) > 0)
			while (read(pfd.fd, events, sizeof(events)) > 0)
				;
	}
	if (fd >= 0)
		close(fd);
	if (pfd.fd >= 0)
		close(pfd.fd);
	printf("DOM0-CREATE ms=%.0f cmd_ms=%.0f rc=%d\n",
	       t_mark < 0 ? -1 : (t_mark - t0) / 1e6,
	       t_cmd < 0 ? -1 : (t_cmd - t0) / 1e6,
	       t_cmd < 0 ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : 128);
	return t_mark < 0 || t_cmd < 0 || status != 0;
}

int main(int argc, char **argv)
{
	double budget_ns = (argc > 2 ? atof(argv[2]) : 2.0) * 1e9;
	int rc = 2;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (budget_ns <= 0)
		budget_ns = 2e9;
	if (argc > 1 && !strcmp(argv[1], "getpid"))
		rc = bench_getpid(budget_ns);
	else if (argc > 1 && !strcmp(argv[1], "fork"))
		rc = bench_fork(budget_ns);
	else if (argc > 1 && !strcmp(argv[1], "hypercall"))
		rc = bench_hypercall(budget_ns);
	else if (argc > 5 && !strcmp(argv[1], "create"))
		rc = bench_create(budget_ns, argv + 3);
	else
		fprintf(stderr, "usage: dom0bench getpid|fork|hypercall [SECONDS]\n"
				"       dom0bench create SECONDS LOG MARKER COMMAND [ARG...]\n");
	return rc;
}
