/*
 * hello: console_io(CONSOLEIO_write) through the hypercall page and through
 * a direct SYSCALL; both must succeed with 0, as Xen's does.
 */
#include "guest.h"

const char test_name[] = "hello";

static long say(const char *how)
{
	char msg[64];
	int n = snprintf(msg, sizeof(msg), "hello via %s\n", how);

	return console_write(msg, n);
}

void guest_main(void)
{
	static const unsigned char ud2[2] = {0x0f, 0x0b};
	long rc;

	hypercall_use_page = 0;
	rc = say("syscall");
	check(rc == 0, "console_io via syscall returned %ld", rc);

	check(memcmp(hypercall_page, ud2, 2) != 0,
	      "the hypercall page was not filled (XEN_ELFNOTE_HYPERCALL_PAGE)");
	hypercall_use_page = 1;
	rc = say("hypercall page");
	check(rc == 0, "console_io via the hypercall page returned %ld", rc);
}
