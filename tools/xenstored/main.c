/*
 * xenstored: the Xen store daemon for dom0 (Xen 4.17 wire protocol).
 *
 * Interface: xenstored [-s SOCKET] [-r]
 *   -s SOCKET  the tools' socket (default /run/xenstored/socket, or
 *              $XENSTORED_PATH as libxenstore looks for it)
 *   -r         also serve dom0's own ring (/dev/xen/xenbus_backend), i.e.
 *              become the xenstored of Linux's in-kernel xenbus
 * Runs in the foreground until SIGTERM/SIGINT; prints
 * "xenstored: ready on SOCKET" once clients may connect.
 *
 * Invariants: one thread; all state is in one struct xs_store.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xenstored.h"
#include "xs_io.h"

static void on_signal(int sig)
{
	(void)sig;
	xs_io_stop = 1;
}

int main(int argc, char **argv)
{
	const char *path = getenv("XENSTORED_PATH");
	bool dom0_ring = false;
	struct xs_store st;
	int opt;

	if (!path)
		path = XS_SOCKET_PATH;
	while ((opt = getopt(argc, argv, "s:r")) != -1) {
		switch (opt) {
		case 's':
			path = optarg;
			break;
		case 'r':
			dom0_ring = true;
			break;
		default:
			fprintf(stderr, "usage: xenstored [-s socket] [-r]\n");
			return 2;
		}
	}
	if (xs_store_init(&st) || xs_io_init(&st, path))
		return 1;
	if (dom0_ring && xs_io_dom0_ring(&st))
		fprintf(stderr, "xenstored: no dom0 ring (xenbus_backend)\n");
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	fprintf(stderr, "xenstored: ready on %s\n", path);
	xs_io_run(&st);
	xs_io_fini(&st, path);
	xs_store_fini(&st);
	return 0;
}
