/*
 * xcbuild: create a PV domain from a kernel with libxc's builder, start
 * it, and optionally show its console -- the builder's test driver in
 * the dom0 initrd.
 *
 * Interface:
 *   xcbuild [--mem MiB] [--vcpus N] [--cmdline S] [--ramdisk FILE]
 *           [--console] [--timeout S] [--cache DIR | --no-cache] KERNEL
 *   xcbuild --list | --physinfo | --destroy DOMID
 * A built domain is introduced to xenstored when /run/xenstored/socket
 * exists, then unpaused; --console copies its console to stdout until it
 * shuts down (or --timeout, default 60 s) and reports how it ended.
 * Errors: one line "xcbuild: ...", exit status 1.
 * Invariants: a domain whose build fails is destroyed before exit.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <public/io/xs_wire.h>

#include "xcbuild.h"

#define DEFAULT_CACHE	"/var/cache/xen/kernels"
#define MAXMEM_SLACK_KB 1024 /* libxl's LIBXL_MAXMEM_CONSTANT */
#define MAX_LIST	64

struct opts {
	struct xc_dom_config cfg;
	bool console;
	unsigned int timeout;
};

static const char *const reasons[] = {"poweroff", "reboot",   "suspend",
				      "crash",	  "watchdog", "soft_reset"};

static void usage(FILE *f)
{
	fprintf(f, "Usage: xcbuild [--mem MiB] [--vcpus N] [--cmdline S] "
		   "[--ramdisk FILE] [--console] [--timeout S]\n"
		   "               [--cache DIR | --no-cache] KERNEL\n"
		   "       xcbuild --list | --physinfo | --destroy DOMID\n"
		   "Build a PV domain from KERNEL (ELF or bzImage) and start "
		   "it.\n");
}

static int die(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "xcbuild: ");
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	return 1;
}

static unsigned long number(const char *s, const char *what, unsigned long max)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (!*s || *end || v == 0 || v > max) {
		die("invalid %s '%s'", what, s);
		exit(1);
	}
	return v;
}

static int open_xc(struct xc *xc)
{
	int rc = xc_open(xc);

	if (rc < 0)
		return die("cannot open /dev/xen/privcmd: %s (is this dom0 on "
			   "Xen?)%s",
			   strerror(-rc), "");
	return 0;
}

static const char *shutdown_reason(uint32_t flags)
{
	unsigned int r =
		(flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;

	return r < sizeof(reasons) / sizeof(reasons[0]) ? reasons[r]
							: "unknown";
}

/* XS_WRITE /local/domain/N/KEY = VALUE. */
static void xs_write(int fd, uint32_t domid, const char *key, const char *value)
{
	char req[256];
	int n = snprintf(req, sizeof(req), "/local/domain/%u/%s%c%s", domid,
			 key, 0, value);

	if (n > 0 && (size_t)n < sizeof(req))
		xcb_xs_request(fd, XS_WRITE, req, n); /* value: no NUL */
}

/* The nodes a domU's drivers read (as libxl writes them). */
static void home_nodes(int fd, uint32_t domid, const struct opts *o)
{
	char v[32], key[64];

	snprintf(v, sizeof(v), "xcbuild-%u", domid);
	xs_write(fd, domid, "name", v);
	snprintf(v, sizeof(v), "%u", domid);
	xs_write(fd, domid, "domid", v);
	snprintf(v, sizeof(v), "%llu", (unsigned long long)o->cfg.mem_kb);
	xs_write(fd, domid, "memory/target", v);
	xs_write(fd, domid, "memory/static-max", v);
	for (unsigned int i = 0; i < o->cfg.vcpus; i++) {
		snprintf(key, sizeof(key), "cpu/%u/availability", i);
		xs_write(fd, domid, key, "online");
	}
}

/*
 * /local/domain/N owned by N (nodes made below it inherit that), its
 * nodes, then XS_INTRODUCE N MFN PORT.
 */
static void introduce(uint32_t domid, const struct xc_dom_result *res,
		      const struct opts *o)
{
	char path[64], req[128];
	int fd = xcb_xs_open(XCB_XS_SOCKET), n, rc;

	if (fd == -ENOENT)
		return;
	if (fd < 0) {
		fprintf(stderr, "xcbuild: warning: xenstored: %s\n",
			strerror(-fd));
		return;
	}
	n = snprintf(path, sizeof(path), "/local/domain/%u", domid);
	xcb_xs_request(fd, XS_MKDIR, path, n + 1);
	n = snprintf(req, sizeof(req), "%s%cn%u", path, 0, domid);
	xcb_xs_request(fd, XS_SET_PERMS, req, n + 1);
	home_nodes(fd, domid, o);
	n = snprintf(req, sizeof(req), "%u%c%llu%c%u", domid, 0,
		     (unsigned long long)res->store_mfn, 0, res->store_port);
	rc = xcb_xs_request(fd, XS_INTRODUCE, req, n + 1);
	if (rc < 0)
		fprintf(stderr,
			"xcbuild: warning: xenstored refused to "
			"introduce domain %u: %s\n",
			domid, strerror(-rc));
	xcb_xs_close(fd);
}

/* XS_RELEASE N, and its home directory goes. */
static void release(uint32_t domid)
{
	char req[32];
	int fd = xcb_xs_open(XCB_XS_SOCKET), n;

	if (fd < 0)
		return;
	n = snprintf(req, sizeof(req), "%u", domid);
	xcb_xs_request(fd, XS_RELEASE, req, n + 1);
	n = snprintf(req, sizeof(req), "/local/domain/%u", domid);
	xcb_xs_request(fd, XS_RM, req, n + 1);
	xcb_xs_close(fd);
}

static int watch_console(struct xc *xc, uint32_t domid,
			 const struct xc_dom_result *res, unsigned int timeout)
{
	struct xen_domctl_getdomaininfo info;
	int rc = xcb_console(xc, domid, res->console_mfn, timeout, &info);

	if (rc < 0)
		return die("cannot map the console of the domain: %s%s",
			   strerror(-rc), "");
	if (info.flags & XEN_DOMINF_shutdown)
		printf("xcbuild: domain %u shut down (%s)\n", domid,
		       shutdown_reason(info.flags));
	else if (info.flags & XEN_DOMINF_dying)
		printf("xcbuild: domain %u is dying\n", domid);
	else
		printf("xcbuild: domain %u still running after %u s\n", domid,
		       timeout);
	return 0;
}

static void new_handle(uint8_t h[16])
{
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd < 0 || read(fd, h, 16) != 16)
		memset(h, 0, 16);
	if (fd >= 0)
		close(fd);
	h[6] = (h[6] & 0x0f) | 0x40; /* a version-4 UUID */
	h[8] = (h[8] & 0x3f) | 0x80;
}

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

static int create_and_build(struct xc *xc, const struct opts *o)
{
	struct xc_create c = {.max_vcpus = o->cfg.vcpus,
			      .max_mem_kb = o->cfg.mem_kb + MAXMEM_SLACK_KB};
	struct xc_dom_result res;
	uint32_t domid = 0;
	char err[256];
	long t0 = now_ms();
	int rc;

	new_handle(c.handle);
	rc = xc_domain_create(xc, &c, &domid);
	if (rc < 0)
		return die("cannot create a domain: %s%s", strerror(-rc), "");
	if (xc_dom_build(xc, domid, &o->cfg, &res, err, sizeof(err)) < 0) {
		xc_domain_destroy(xc, domid);
		return die("%s%s", err, "");
	}
	introduce(domid, &res, o);
	rc = xc_domain_unpause(xc, domid);
	if (rc < 0) {
		xc_domain_destroy(xc, domid);
		release(domid);
		return die("cannot unpause the domain: %s%s", strerror(-rc),
			   "");
	}
	printf("xcbuild: domain %u running: entry %#llx, console mfn %#llx "
	       "port %u, xenstore mfn %#llx port %u, built in %ld ms\n",
	       domid, (unsigned long long)res.virt_entry,
	       (unsigned long long)res.console_mfn, res.console_port,
	       (unsigned long long)res.store_mfn, res.store_port,
	       now_ms() - t0);
	fflush(stdout);
	return o->console ? watch_console(xc, domid, &res, o->timeout) : 0;
}

static int list(struct xc *xc)
{
	struct xen_domctl_getdomaininfo d[MAX_LIST];
	int n = xc_domain_list(xc, 0, d, MAX_LIST);

	if (n < 0)
		return die("cannot list domains: %s%s", strerror(-n), "");
	for (int i = 0; i < n; i++)
		printf("domain %u pages %llu flags %#x\n", d[i].domain,
		       (unsigned long long)d[i].tot_pages, d[i].flags);
	return 0;
}

static int physinfo(struct xc *xc)
{
	struct xen_sysctl_physinfo p;
	int rc = xc_physinfo(xc, &p);

	if (rc < 0)
		return die("physinfo: %s%s", strerror(-rc), "");
	printf("total_pages=%llu free_pages=%llu nr_cpus=%u\n",
	       (unsigned long long)p.total_pages,
	       (unsigned long long)p.free_pages, p.nr_cpus);
	return 0;
}

/*
 * xenstored lets go of the domain's ring first: a frame it still maps
 * would keep the destroyed domain's remains alive.
 */
static int destroy(struct xc *xc, const char *arg)
{
	uint32_t domid = number(arg, "domain id", DOMID_FIRST_RESERVED - 1);
	int rc;

	release(domid);
	rc = xc_domain_destroy(xc, domid);
	if (rc < 0)
		return die("cannot destroy domain %s: %s", arg, strerror(-rc));
	return 0;
}

enum { OPT_LIST = 256, OPT_PHYSINFO, OPT_DESTROY, OPT_NO_CACHE };

static const struct option longopts[] = {
	{"mem", required_argument, NULL, 'm'},
	{"vcpus", required_argument, NULL, 'v'},
	{"cmdline", required_argument, NULL, 'c'},
	{"ramdisk", required_argument, NULL, 'r'},
	{"console", no_argument, NULL, 'C'},
	{"timeout", required_argument, NULL, 't'},
	{"cache", required_argument, NULL, 'k'},
	{"no-cache", no_argument, NULL, OPT_NO_CACHE},
	{"list", no_argument, NULL, OPT_LIST},
	{"physinfo", no_argument, NULL, OPT_PHYSINFO},
	{"destroy", required_argument, NULL, OPT_DESTROY},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0}};

/* Parse into o; returns a command (0: build) or -1 on bad usage. */
static int parse(int argc, char **argv, struct opts *o, const char **arg)
{
	int c, cmd = 0;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			o->cfg.mem_kb = number(optarg, "memory size", 1UL << 20)
					<< 10;
			break;
		case 'v':
			o->cfg.vcpus = number(optarg, "vcpu count", 128);
			break;
		case 'c':
			o->cfg.cmdline = optarg;
			break;
		case 'r':
			o->cfg.ramdisk = optarg;
			break;
		case 'C':
			o->console = true;
			break;
		case 't':
			o->timeout = number(optarg, "timeout", 86400);
			break;
		case 'k':
			o->cfg.cache_dir = optarg;
			break;
		case OPT_NO_CACHE:
			o->cfg.cache_dir = NULL;
			break;
		case OPT_LIST:
		case OPT_PHYSINFO:
		case OPT_DESTROY:
			cmd = c;
			*arg = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			return -1;
		}
	}
	if (!cmd && optind == argc - 1)
		*arg = argv[optind];
	else if (cmd ? optind != argc : 1)
		return -1;
	return cmd;
}

int main(int argc, char **argv)
{
	struct opts o = {.cfg = {.mem_kb = 128 << 10,
				 .vcpus = 1,
				 .cache_dir = DEFAULT_CACHE},
			 .timeout = 60};
	const char *arg = NULL;
	struct xc xc;
	int cmd = parse(argc, argv, &o, &arg), rc;

	if (cmd < 0) {
		usage(stderr);
		return 1;
	}
	if (open_xc(&xc))
		return 1;
	o.cfg.kernel = arg;
	if (cmd == OPT_LIST)
		rc = list(&xc);
	else if (cmd == OPT_PHYSINFO)
		rc = physinfo(&xc);
	else if (cmd == OPT_DESTROY)
		rc = destroy(&xc, arg);
	else
		rc = create_and_build(&xc, &o);
	xc_close(&xc);
	return rc;
}
