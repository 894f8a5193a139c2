/*
 * panic() and BUG(): report, then end the machine.
 *
 * Interface: callable from any context.  With `noreboot` the machine
 * halts with the console intact ("System halted"); otherwise it reboots,
 * as Xen does.
 */
#include <xen/lib.h>
#include <xen/console.h>
#include <xen/cmdline.h>
#include <xen/shutdown.h>

static bool in_panic;

void machine_crash_stop(void)
{
	if (opt_noreboot) {
		printk("System halted\n");
		machine_halt();
	}
	printk("Rebooting\n");
	machine_restart();
}

void panic(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	console_force_unlock();
	if (in_panic) {              /* panic while panicking: just stop */
		printk("Panic during panic\n");
		machine_halt();
	}
	in_panic = true;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk("****************************************\n");
	printk("Panic: %s", buf);
	if (buf[0] && buf[strlen(buf) - 1] != '\n')
		printk("\n");
	printk("****************************************\n");
	machine_crash_stop();
}

void bug_fail(const char *file, int line, const char *cond)
{
	console_force_unlock();
	printk("*** BUG at %s:%d: %s\n", file, line, cond);
	dump_execution_state();
	machine_crash_stop();
}
