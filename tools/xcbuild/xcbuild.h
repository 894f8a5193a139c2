/*
 * xcbuild, the builder's test driver: what its files share.
 *
 * Interface: xs_client.c (xenstored socket requests), console.c (drain a
 * domain's console ring), main.c (the command line).
 * Invariants: none beyond each file's.
 */
#ifndef TOOLS_XCBUILD_H
#define TOOLS_XCBUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../libxc/xc.h"

#define XCB_XS_SOCKET "/run/xenstored/socket"

int xcb_xs_open(const char *path);
void xcb_xs_close(int fd);
int xcb_xs_request(int fd, uint32_t type, const char *args, size_t len);

/*
 * Copy domid's console output (ring at mfn) to stdout until the domain
 * shuts down or dies, or timeout_s passes; *info gets its last state.
 * Returns 0, or -errno when the ring cannot be mapped.
 */
int xcb_console(struct xc *xc, uint32_t domid, uint64_t mfn,
		unsigned int timeout_s, struct xen_domctl_getdomaininfo *info);

#endif /* TOOLS_XCBUILD_H */
