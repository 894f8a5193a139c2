/*
 * multidom: run as dom0 and as boot-time domUs at once.  Each checks its
 * start_info (magic, nr_pages, SIF_INITDOMAIN/SIF_PRIVILEGED only in
 * dom0) and reports; dom0 then stays up (blocked) so that the domUs get to
 * run and report too, each powering itself off.
 */
#include "guest.h"

const char test_name[] = "multidom";

void guest_main(void)
{
	const struct start_info *si = start_info;
	bool dom0 = si->flags & SIF_INITDOMAIN;

	install_traps();
	printf("multidom: %s, nr_pages %lu, cmdline '%s'\n",
	       dom0 ? "dom0" : "domU", (unsigned long)si->nr_pages,
	       si->cmd_line);
	check(!memcmp(si->magic, "xen-3.0-x86_64", 15), "bad start_info magic");
	check(si->nr_pages > 0, "nr_pages is 0");
	if (dom0) {
		check(si->flags & SIF_PRIVILEGED,
		      "dom0 without SIF_PRIVILEGED");
		pass_and_idle();
	}
	check(!(si->flags & SIF_PRIVILEGED), "domU with SIF_PRIVILEGED");
}
