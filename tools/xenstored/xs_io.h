/*
 * xenstored's Linux transport (xs_io.c): the tools' unix socket, domain
 * rings through /dev/xen/{gntdev,evtchn}, dom0's ring through
 * /dev/xen/xenbus_backend, and the poll loop.
 *
 * Interface: xs_io_init(); optionally xs_io_dom0_ring(); xs_io_run()
 * returns once xs_io_stop is set (signal handler); xs_io_fini().
 */
#ifndef XS_IO_H
#define XS_IO_H

#include <signal.h>

#include "xenstored.h"

/* Xen's path: XEN_RUN_STORED (/var/run/xenstored = /run/xenstored) + "/socket"
 */
#define XS_SOCKET_PATH "/run/xenstored/socket"

extern volatile sig_atomic_t xs_io_stop;

int xs_io_init(struct xs_store *st, const char *socket_path);
int xs_io_dom0_ring(struct xs_store *st);
void xs_io_run(struct xs_store *st);
void xs_io_fini(struct xs_store *st, const char *socket_path);

#endif /* XS_IO_H */
