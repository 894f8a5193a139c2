/*
 * Micro-benchmarks run in the dom0 test initrd (compiled on the host with
 * gcc -static -O2 by tests/qemu/mkinitrd.py).
 *
 * Interface: dom0bench getpid|fork|hypercall [SECONDS]
 *   getpid     up to 1e6 getpid() system calls (syscall(), never cached)
 *              -> "DOM0-BENCH getpid_ns <ns per call>"
 *   fork       up to 200 fork + _exit + waitpid
 *              -> "DOM0-BENCH fork_us <us per iteration>"
 *   hypercall  up to 1e6 xen_version(XENVER_version) hypercalls through
 *              /dev/xen/privcmd's IOCTL_PRIVCMD_HYPERCALL
 *              -> "DOM0-BENCH hypercall_ns <ns per call>" (and the version)
 * Invariants: each loop stops after its count or after SECONDS (default 2)
 * of wall time, whichever comes first, so a slow hypervisor bounds the run;
 * the result is always time / iterations actually done.  On error:
 * "DOM0-BENCH <name> error <reason>", exit status 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	else
		fprintf(stderr, "usage: dom0bench getpid|fork|hypercall [SECONDS]\n");
	return rc;
}
