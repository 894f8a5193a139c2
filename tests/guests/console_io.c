/*
 * console_io: console_io (18), run as dom0 and as domU 1 at once.
 * CONSOLEIO_write returns 0 (as Xen; 0 bytes too) for both (a domU may
 * write, as in a Xen debug build).  CONSOLEIO_read is dom0's: with no
 * input on the serial line it returns 0 and writes nothing (even to a
 * bad buffer); a count above INT_MAX is -E2BIG; for the domU it is
 * -EPERM.  An unknown command is -ENOSYS for both.  dom0 stays up after
 * its result so that the domU can report.
 */
#include "guest.h"

const char test_name[] = "console_io";

static void expect_rc(const char *what, long rc, long want)
{
	check(rc == want, "%s returned %ld, expected %ld", what, rc, want);
}

void guest_main(void)
{
	static const char msg[] = "console_io: written by CONSOLEIO_write\n";
	bool dom0 = start_info->flags & SIF_INITDOMAIN;
	char buf[64];

	install_traps();
	expect_rc("write", hc_console_io(CONSOLEIO_write, sizeof(msg) - 1, msg),
		  0);
	expect_rc("write of 0 bytes", hc_console_io(CONSOLEIO_write, 0, msg),
		  0);
	expect_rc("command 2", hc_console_io(2, sizeof(buf), buf), -XEN_ENOSYS);
	expect_rc("command ~0", hc_console_io(~0, sizeof(buf), buf),
		  -XEN_ENOSYS);
	if (!dom0) {
		expect_rc("domU read",
			  hc_console_io(CONSOLEIO_read, sizeof(buf), buf),
			  -XEN_EPERM);
		return;
	}
	memset(buf, 'z', sizeof(buf));
	expect_rc("read, no input",
		  hc_console_io(CONSOLEIO_read, sizeof(buf), buf), 0);
	check(buf[0] == 'z', "read with no input wrote the buffer");
	expect_rc("read of 0 bytes", hc_console_io(CONSOLEIO_read, 0, buf), 0);
	expect_rc("read into a bad buffer, no input",
		  hc_console_io(CONSOLEIO_read, 16, (void *)BAD_PTR_HV), 0);
	expect_rc("read of 2^31 bytes",
		  hc_console_io(CONSOLEIO_read, 0x80000000UL, buf), -XEN_E2BIG);
	pass_and_idle();
}
