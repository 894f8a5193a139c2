/*
 * xm's domain configuration: the Xen 3 config file (Python-like
 * assignments) parsed into struct xm_config, command-line overrides
 * ("name=x memory=128"), the final consistency check, and the copy
 * written back out for restarts.
 *
 * Interface: xm_config_init() sets the defaults; xm_config_parse() reads
 * a file's text; xm_config_set() applies one "key=value" override;
 * xm_config_check() checks what no single key can (required keys,
 * maxmem >= memory).  Each returns 0, or -1 with one line in err naming
 * the file, the line and the problem ("vm.cfg:3: unknown key 'memroy'").
 * xm_config_cmdline() gives the kernel command line (root= + extra);
 * xm_config_write() the config in the file syntax.
 *
 * Invariants: host code only (libc; unit-tested on the host); every
 * string of a struct xm_config is NUL terminated and fits its array.
 */
#ifndef TOOLS_XM_CONFIG_H
#define TOOLS_XM_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define XM_PATH_MAX   1024
#define XM_NAME_MAX   64
#define XM_MAX_DISKS  16
#define XM_MAX_VIFS   8
#define XM_MAX_VCPUS  32      /* XEN_LEGACY_MAX_VCPUS */
#define XM_MAX_MEM_MB 4194304 /* 4 TiB */

enum xm_action { XM_DESTROY, XM_RESTART, XM_PRESERVE };

struct xm_disk {
	char type[8];		  /* "file" or "phy" */
	char target[XM_PATH_MAX]; /* image file or device (/dev/...) */
	char vdev[16];		  /* xvda, hdb, sdc1... */
	int writable;		  /* mode w or w! */
	int shared;		  /* mode w!: others may write too */
};

struct xm_vif {
	char mac[18];	  /* "00:16:3e:xx:xx:xx"; "" = choose one */
	char bridge[32];  /* "" = the default bridge */
	char ip[64];	  /* as given */
	char script[128]; /* as given */
	char vifname[32]; /* as given */
	char type[16];	  /* as given */
	char model[32];	  /* as given */
};

struct xm_config {
	char kernel[XM_PATH_MAX];  /* required */
	char ramdisk[XM_PATH_MAX]; /* "" = none */
	char name[XM_NAME_MAX];	   /* required */
	char root[256];		   /* "" = no root= */
	char extra[1024];	   /* appended to the command line */
	uint64_t memory_mb;	   /* default 128 */
	uint64_t maxmem_mb;	   /* 0 = memory_mb */
	unsigned int vcpus;	   /* default 1 */
	struct xm_disk disk[XM_MAX_DISKS];
	unsigned int n_disk;
	struct xm_vif vif[XM_MAX_VIFS];
	unsigned int n_vif;
	enum xm_action on_poweroff; /* default destroy */
	enum xm_action on_reboot;   /* default restart */
	enum xm_action on_crash;    /* default restart */
	uint8_t uuid[16];
	int has_uuid; /* uuid was given */
};

void xm_config_init(struct xm_config *c);
int xm_config_parse(struct xm_config *c, const char *file, const char *text,
		    char *err, size_t errlen);
int xm_config_set(struct xm_config *c, const char *assignment, char *err,
		  size_t errlen);
int xm_config_check(const struct xm_config *c, const char *file, char *err,
		    size_t errlen);
void xm_config_cmdline(const struct xm_config *c, char *buf, size_t len);
void xm_config_write(const struct xm_config *c, FILE *f);
const char *xm_action_name(enum xm_action a);
void xm_uuid_format(const uint8_t uuid[16], char out[37]);
int xm_uuid_parse(const char *s, uint8_t uuid[16]);

#endif /* TOOLS_XM_CONFIG_H */
