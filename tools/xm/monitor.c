/*
 * The domain monitor: a small detached process per domain, forked by
 * xm create, that carries out the config's on_poweroff, on_reboot and
 * on_crash once the domain has shut down.  It waits on xenstored's
 * @releaseDomain watch (fired when a domain shuts down or dies) and
 * polls once a second as well, then reads the shutdown reason from
 * getdomaininfo: poweroff, reboot, crash (and watchdog, as a crash).
 * destroy -> the domain is destroyed and forgotten; preserve -> left as
 * it is (xm destroy removes it); restart -> destroyed and started again
 * from the same config (same name and UUID, a new id).
 *
 * Interface: xm_monitor_start() of xm.h; the monitor logs one line per
 * event to XM_LOG_DIR/xm-monitor.log and writes its pid to
 * /vm/UUID/monitor-pid (xm shutdown -w uses it).
 *
 * Invariants: as Xen 3, a domain that shuts down for a restart less
 * than MIN_RESTART_S (or $XM_MIN_RESTART_S) seconds after its previous
 * restart is destroyed, not restarted again; the monitor ends when its
 * domain is gone.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "xm.h"

#define MIN_RESTART_S 20

static void mlog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void mlog(const char *fmt, ...)
{
	char when[32];
	time_t now = time(NULL);
	va_list ap;

	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", gmtime(&now));
	fprintf(stderr, "[%s] xm-monitor: ", when);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
}

static void write_pid(uint32_t domid)
{
	char path[160], vm[128];

	snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
	if (xs_read(xm_xs(), path, vm, sizeof(vm)) == 0) {
		snprintf(path, sizeof(path), "%s/monitor-pid", vm);
		xs_writef(xm_xs(), path, "%d", (int)getpid());
	}
}

/* -1: gone or dying; 0: running; 1: shut down (*why: SHUTDOWN_*). */
static int domain_state(uint32_t domid, unsigned int *why)
{
	struct xen_domctl_getdomaininfo info;

	if (xc_domain_getinfo(xm_xc(), domid, &info) || info.domain != domid ||
	    (info.flags & XEN_DOMINF_dying))
		return -1;
	if (!(info.flags & XEN_DOMINF_shutdown))
		return 0;
	*why = (info.flags >> XEN_DOMINF_shutdownshift) &
	       XEN_DOMINF_shutdownmask;
	return 1;
}

/* Blocks until domid is gone (-1) or shut down (1). */
static int wait_shutdown(struct xs *w, uint32_t domid, unsigned int *why)
{
	struct timespec ts = {1, 0};
	char path[256];
	int st;

	for (;;) {
		st = domain_state(domid, why);
		if (st)
			return st;
		if (w->fd < 0 ||
		    xs_wait_event(w, 1000, path, sizeof(path)) < 0) {
			xs_close(w);
			nanosleep(&ts, NULL);
		}
	}
}

static const char *reason_name(unsigned int why)
{
	static const char *const n[] = {"poweroff", "reboot",	"suspend",
					"crash",    "watchdog", "soft_reset"};

	return why < sizeof(n) / sizeof(n[0]) ? n[why] : "unknown";
}

static enum xm_action action_for(const struct xm_config *c, unsigned int why)
{
	switch (why) {
	case SHUTDOWN_poweroff:
		return c->on_poweroff;
	case SHUTDOWN_reboot:
		return c->on_reboot;
	case SHUTDOWN_crash:
	case SHUTDOWN_watchdog:
		return c->on_crash;
	default:
		return XM_PRESERVE; /* suspended: the toolstack saves it */
	}
}

/* Restarts the domain (a new id in *domid); 0, or -1 to stop. */
static int restart(const struct xm_config *c, uint32_t *domid, time_t *last,
		   long min_s)
{
	time_t now = time(NULL);
	char err[1024];

	if (*last && now - *last < min_s) {
		mlog("domain %s restarting too fast (%ld s since the last "
		     "restart, less than %ld): destroyed, not restarted",
		     c->name, (long)(now - *last), min_s);
		return -1;
	}
	*last = now;
	if (xm_start_domain(c, domid, err, sizeof(err))) {
		mlog("domain %s: restart failed: %s", c->name, err);
		return -1;
	}
	write_pid(*domid);
	mlog("domain %s restarted as id %u", c->name, *domid);
	return 0;
}

static void monitor(const struct xm_config *c, uint32_t domid, long min_s)
{
	struct xs w = {-1};
	time_t last = 0;
	unsigned int why;
	enum xm_action a;

	for (;;) {
		if (xs_connect(&w) == 0 && xs_watch(&w, "@releaseDomain", "xm"))
			xs_close(&w);
		if (wait_shutdown(&w, domid, &why) < 0) {
			mlog("domain %s (id %u) is gone", c->name, domid);
			return;
		}
		xs_close(&w);
		a = action_for(c, why);
		mlog("domain %s (id %u) shut down (%s): %s", c->name, domid,
		     reason_name(why), xm_action_name(a));
		if (a == XM_PRESERVE)
			return;
		xm_destroy_domain(domid);
		if (a == XM_DESTROY || restart(c, &domid, &last, min_s))
			return;
	}
}

/* The grandchild: detached, its own xenstore connection. */
static void run_detached(const struct xm_config *c, uint32_t domid, int ready)
{
	const char *env = getenv("XM_MIN_RESTART_S");
	long min_s = env ? atol(env) : MIN_RESTART_S;
	int fd;

	mkdir(XM_LOG_DIR, 0755);
	fd = open(XM_LOG_DIR "/xm-monitor.log",
		  O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd >= 0)
		dup2(fd, 2);
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
	}
	if (chdir("/"))
		mlog("cannot chdir to /");
	xm_xs_reopen();
	write_pid(domid);
	if (write(ready, "", 1) < 0)
		mlog("cannot tell xm create that the monitor runs");
	close(ready);
	mlog("watching domain %s (id %u)", c->name, domid);
	monitor(c, domid, min_s);
}

int xm_monitor_start(const struct xm_config *c, uint32_t domid)
{
	int p[2];
	char b;
	pid_t pid;

	fflush(NULL);
	if (pipe(p))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		close(p[0]);
		setsid();
		if (fork() == 0) {
			run_detached(c, domid, p[1]);
			_exit(0);
		}
		_exit(0);
	}
	close(p[1]);
	waitpid(pid, NULL, 0);
	pid = read(p[0], &b, 1) == 1 ? 0 : -ECHILD;
	close(p[0]);
	return (int)pid;
}
