/*
 * xm create [-c] <ConfigFile> [KEY=VALUE...]: read and check the config
 * and the host (kernel and ramdisk readable, the name free, enough free
 * memory), start the domain, keep a copy of its config, start its
 * monitor (on_poweroff/on_reboot/on_crash), attach the console for -c.
 *
 * Interface: cmd_create() of xm.h.  Invariants: every check is made
 * before anything is created; a failure prints one line and exits 1
 * with no domain left behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "devices.h"
#include "xm.h"

#define CONFIG_MAX 65536

static char err[1024];

/* The file, or /etc/xen/FILE for a bare name, into buf. */
static int read_config(const char *file, char *path, size_t plen, char *buf)
{
	ssize_t n = -1;
	int fd;

	snprintf(path, plen, "%s", file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && !strchr(file, '/')) {
		snprintf(path, plen, "/etc/xen/%s", file);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			snprintf(path, plen, "%s", file);
	}
	if (fd >= 0) {
		n = read(fd, buf, CONFIG_MAX);
		close(fd);
	}
	if (n < 0 || n >= CONFIG_MAX) {
		xm_error("cannot read config file '%s': %s", path,
			 n < 0 ? strerror(errno) : "larger than 64 KiB");
		return -1;
	}
	buf[n] = '\0';
	return 0;
}

static int load(const char *file, char **vars, int nvars, struct xm_config *c)
{
	static char text[CONFIG_MAX + 1];
	char path[XM_PATH_MAX];
	int i;

	if (read_config(file, path, sizeof(path), text))
		return -1;
	printf("Using config file \"%s\".\n", path);
	xm_config_init(c);
	if (xm_config_parse(c, path, text, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	for (i = 0; i < nvars; i++) {
		if (xm_config_set(c, vars[i], err, sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			return -1;
		}
	}
	if (xm_config_check(c, path, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int readable_file(const char *what, const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		xm_error("%s '%s': %s", what, path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		xm_error("%s '%s' is not a file", what, path);
		return -1;
	}
	close(fd);
	return 0;
}

static int check_host(const struct xm_config *c)
{
	struct xen_sysctl_physinfo pi;
	uint64_t free_mb;
	uint32_t other;
	int rc;

	if (readable_file("kernel", c->kernel) ||
	    (c->ramdisk[0] && readable_file("ramdisk", c->ramdisk)) ||
	    xm_devices_check(c, err, sizeof(err))) {
		if (err[0])
			xm_error("%s", err);
		return -1;
	}
	if (xm_find_name(c->name, &other) == 0) {
		xm_error("domain name '%s' is already in use by domain %u",
			 c->name, other);
		return -1;
	}
	rc = xc_physinfo(xm_xc(), &pi);
	if (rc) {
		xm_error("cannot read the host's free memory: %s",
			 strerror(-rc));
		return -1;
	}
	free_mb = pi.free_pages * 4 / 1024;
	if (free_mb < c->memory_mb) {
		xm_error("not enough free memory for '%s': %llu MiB wanted, "
			 "%llu MiB free",
			 c->name, (unsigned long long)c->memory_mb,
			 (unsigned long long)free_mb);
		return -1;
	}
	return 0;
}

/* A random (version 4) UUID unless the config gave one. */
static void choose_uuid(struct xm_config *c)
{
	int fd;

	if (c->has_uuid)
		return;
	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, c->uuid, 16) != 16) {
		unsigned int i;

		srand((unsigned int)getpid() ^ (unsigned int)time(NULL));
		for (i = 0; i < 16; i++)
			c->uuid[i] = (uint8_t)rand();
	}
	if (fd >= 0)
		close(fd);
	c->uuid[6] = (uint8_t)((c->uuid[6] & 0x0f) | 0x40);
	c->uuid[8] = (uint8_t)((c->uuid[8] & 0x3f) | 0x80);
	c->has_uuid = 1;
}

/* XM_CONFIG_DIR/NAME.cfg: the config the domain was created with. */
static void save_config(const struct xm_config *c)
{
	char path[XM_PATH_MAX];
	FILE *f;

	mkdir("/var/lib", 0755);
	mkdir(XM_CONFIG_DIR, 0755);
	snprintf(path, sizeof(path), "%s/%s.cfg", XM_CONFIG_DIR, c->name);
	f = fopen(path, "w");
	if (!f)
		return;
	xm_config_write(c, f);
	fclose(f);
}

int cmd_create(int argc, char **argv)
{
	static struct xm_config c;
	int console = 0, i = 1;
	uint32_t domid;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-c") &&
		    strcmp(argv[i], "--console_autoconnect")) {
			xm_error("'xm create' has no option '%s'", argv[i]);
			return xm_usage("create");
		}
		console = 1;
	}
	if (i >= argc) {
		xm_error("'xm create' needs a config file");
		return xm_usage("create");
	}
	if (load(argv[i], argv + i + 1, argc - i - 1, &c) || check_host(&c))
		return 1;
	choose_uuid(&c);
	if (xm_start_domain(&c, &domid, err, sizeof(err))) {
		xm_error("%s", err);
		return 1;
	}
	save_config(&c);
	if (xm_monitor_start(&c, domid))
		fprintf(stderr,
			"Warning: no monitor for domain %u: on_poweroff,"
			" on_reboot and on_crash will not be acted on\n",
			domid);
	printf("Started domain %s (id=%u)\n", c.name, domid);
	fflush(stdout);
	return console ? xm_console(domid) : 0;
}
