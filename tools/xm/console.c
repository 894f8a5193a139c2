/*
 * xm console <Domain>, and xm create -c: the domain's console through
 * xenconsoled (xc_console_attach); Ctrl-] leaves it.
 *
 * Interface: cmd_console(), xm_console() of xm.h.  Invariants: the
 * domain is looked up before the daemon is asked (xenconsoled just
 * closes the connection for a domain it does not serve).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "xm.h"

int xm_console(uint32_t domid)
{
	int rc = xc_console_attach(domid, 0, 1);

	if (rc) {
		xm_error("cannot attach to the console of domain %u: %s%s",
			 domid, strerror(-rc),
			 rc == -ENOENT || rc == -ECONNREFUSED
				 ? " (is xenconsoled running?)"
				 : "");
		return 1;
	}
	return 0;
}

int cmd_console(int argc, char **argv)
{
	uint32_t id;

	if (argc != 2) {
		xm_error("'xm console' takes one domain");
		return xm_usage("console");
	}
	if (xm_lookup(argv[1], &id))
		return 1;
	if (id == 0) {
		xm_error("Domain-0's console is the hypervisor's, not "
			 "xenconsoled's");
		return 1;
	}
	return xm_console(id);
}
