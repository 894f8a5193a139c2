/*
 * xm, the Xen 3 domain manager: what its commands share.
 *
 * Interface: main.c dispatches "xm COMMAND ARGS" to a cmd_* function
 * (returning the exit code); xm_xc()/xm_xs() open the hypervisor and
 * xenstored on first use (or print one "Error: ..." line and exit 1);
 * xm_lookup() turns a name or an id into a domain id.
 *
 * Invariants: every failure prints one line on stderr and makes the
 * command exit non-zero; nothing a command does is left half done
 * (create destroys the domain it was building).
 */
#ifndef TOOLS_XM_XM_H
#define TOOLS_XM_XM_H

#include <stdint.h>

#include "../libxc/xc.h"
#include "config.h"
#include "xs.h"

#define XM_CACHE_DIR  "/var/cache/xen" /* decompressed kernels */
#define XM_CONFIG_DIR "/var/lib/xen"   /* NAME.cfg: created domains */
#define XM_LOG_DIR    "/var/log/xen"   /* xm-monitor.log */

/* Prints "Error: ..." on stderr (one line). */
void xm_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the command's usage line and returns 2 (wrong arguments). */
int xm_usage(const char *cmd);

struct xc *xm_xc(void);
struct xs *xm_xs(void);
void xm_xs_reopen(void);    /* in a forked child */
struct xs *xm_xs_try(void); /* NULL (no message) if xenstored is not there */

/* NAME or ID of an existing domain -> its id; prints the error and
 * returns -1 if there is none. */
int xm_lookup(const char *arg, uint32_t *domid);
/* The domain with this name in xenstore, or -1. */
int xm_find_name(const char *name, uint32_t *domid);
/* The domain's name ("Domain-0" for 0; "(null)" if unnamed). */
void xm_domain_name(uint32_t domid, char *buf, size_t len);
/* -ESRCH if gone; 1 if it exists. */
int xm_domain_exists(uint32_t domid);
/* Removes a domain's xenstore nodes (/local/domain/N, its /vm/UUID)
 * and xenstored's connection to it. */
void xm_xs_forget(uint32_t domid);
/* Destroys the domain and forgets it in xenstore; waits (bounded) until
 * the hypervisor has freed it. */
/* Bounded waits in xm sleep this way (ms >= 0). */
void xm_sleep_ms(long ms);
int xm_destroy_domain(uint32_t domid);

/* create.c: builds and starts a domain from a checked config. */
int xm_start_domain(const struct xm_config *c, uint32_t *domid, char *err,
		    size_t errlen);
/* monitor.c: forks the detached process that carries out on_poweroff,
 * on_reboot and on_crash for domid. */
int xm_monitor_start(const struct xm_config *c, uint32_t domid);
/* console.c: xm console. */
int xm_console(uint32_t domid);

int cmd_create(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_dmesg(int argc, char **argv);
int cmd_domid(int argc, char **argv);
int cmd_domname(int argc, char **argv);
int cmd_uptime(int argc, char **argv);
int cmd_console(int argc, char **argv);
int cmd_shutdown(int argc, char **argv);
int cmd_reboot(int argc, char **argv);
int cmd_destroy(int argc, char **argv);
int cmd_pause(int argc, char **argv);
int cmd_unpause(int argc, char **argv);

#endif /* TOOLS_XM_XM_H */
