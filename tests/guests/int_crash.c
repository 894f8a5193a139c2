/*
 * int_crash: a domain that leaves no sane way on is crashed, alone.
 * Roles, chosen by the command line:
 *   ud2             (domU) ud2 before any trap table exists: the
 *                   hypervisor has nowhere to bounce #UD and must crash
 *                   the domain ("crashed", one register dump);
 *   stack=unmapped  (domU) trap table installed, RSP pointing at an
 *                   unmapped page, then ud2: the #UD bounce frame cannot
 *                   be written, so the domain is crashed;
 *   stack=hv        (domU) the same with RSP inside the hypervisor's
 *                   area, which copy_to_guest must refuse;
 *   stack=noncanon  (domU) the same with a non-canonical RSP;
 *   otherwise       (dom0) keep running WAIT_MS of system time (yielding,
 *                   so the domUs run and crash meanwhile), report, then
 *                   print "int_crash: dom0 alive" every ALIVE_MS for
 *                   ALIVE_FOR_MS (then block): a line after the last crash
 *                   proves that dom0 survived them all, however slowly a
 *                   loaded host runs the domUs.
 * None of the domU roles prints a result line: a crash has no last word.
 */
#include "guest.h"

const char test_name[] = "int_crash";

#define MS	    1000000ULL
#define WAIT_MS	    1500
#define WAIT_YIELDS 20000 /* without a pvclock (no update_va_mapping) */
#define ALIVE_MS    200
#define ALIVE_FOR_MS 30000
#define UNMAPPED_VA 0x0000200000002000UL /* user half, L4 slot 64 */

static char si_page[PAGE_SIZE] __page_aligned_bss;

static void __noreturn ud2_on_stack(unsigned long sp)
{
	__asm__ __volatile__("mov %0, %%rsp\n\tud2" ::"r"(sp) : "memory");
	__builtin_unreachable();
}

/* map_shared_info() without failing the test when it is not possible. */
static bool try_map_shared_info(void)
{
	unsigned long mfn = start_info->shared_info >> PAGE_SHIFT;
	long rc = remap_page(si_page, mfn,
			     _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED |
				     _PAGE_DIRTY);

	if (rc) {
		printf("int_crash: no shared_info (update_va_mapping %ld), "
		       "waiting %d yields instead\n",
		       rc, WAIT_YIELDS);
		return false;
	}
	shared_info = (struct shared_info *)si_page;
	if (!vcpu0()->time.tsc_to_system_mul) {
		printf("int_crash: pvclock not running, waiting %d yields "
		       "instead\n",
		       WAIT_YIELDS);
		return false;
	}
	return true;
}

static bool have_pvclock;

/* Heartbeat lines for ALIVE_FOR_MS of system time, then block. */
static void __noreturn dom0_alive(void)
{
	if (have_pvclock) {
		uint64_t end = system_time_ns() + ALIVE_FOR_MS * MS;
		uint64_t next = system_time_ns();

		while (system_time_ns() < end) {
			if (system_time_ns() >= next) {
				printf("int_crash: dom0 alive\n");
				next += ALIVE_MS * MS;
			}
			hc_sched_op(SCHEDOP_yield, NULL);
		}
	} else {
		for (int i = 0; i < 20; i++) {
			for (int y = 0; y < WAIT_YIELDS; y++)
				hc_sched_op(SCHEDOP_yield, NULL);
			printf("int_crash: dom0 alive\n");
		}
	}
	for (;;)
		hc_sched_op(SCHEDOP_block, NULL);
}

static void dom0_wait(void)
{
	unsigned long yields = 0;

	have_pvclock = try_map_shared_info();
	if (have_pvclock) {
		uint64_t end = system_time_ns() + WAIT_MS * MS;

		while (system_time_ns() < end) {
			hc_sched_op(SCHEDOP_yield, NULL);
			yields++;
		}
	} else {
		while (yields < WAIT_YIELDS) {
			hc_sched_op(SCHEDOP_yield, NULL);
			yields++;
		}
	}
	printf("int_crash: dom0 still running after %lu yields\n", yields);
}

void guest_main(void)
{
	if (cmdline_has("ud2"))
		__asm__ __volatile__("ud2");
	if (start_info->flags & SIF_INITDOMAIN) {
		install_traps();
		dom0_wait();
		printf("GUEST-RESULT %s: PASS\n", test_name);
		dom0_alive();
	}
	install_traps();
	if (cmdline_has("stack=unmapped"))
		ud2_on_stack(UNMAPPED_VA);
	if (cmdline_has("stack=hv"))
		ud2_on_stack(BAD_PTR_HV + 0x1000);
	if (cmdline_has("stack=noncanon"))
		ud2_on_stack(BAD_PTR_NONCANON + 0x1000);
	fail("no role on the command line '%s'", start_info->cmd_line);
}
