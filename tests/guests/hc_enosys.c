/*
 * hc_enosys: every hypercall number without a handler answers -ENOSYS
 * and changes nothing, through SYSCALL and through the hypercall page:
 * the legacy ones Xen still offers 64-bit PV guests (set_callbacks,
 * sched_op_compat, event_channel_op_compat, physdev_op_compat,
 * nmi_op), xsm_op, xenoprof_op, hvm_op,
 * kexec_op, tmem_op, argo_op, xenpmu_op, dm_op, hypfs_op,
 * arch_1-7, the unassigned numbers and numbers past the table.
 * grant_table_op (20): the commands not implemented (dump_table,
 * transfer, swap_grant_ref, cache_flush, unknown) are -ENOSYS.
 */
#include "guest.h"

const char test_name[] = "hc_enosys";

#define NR_TABLE 64

/* The numbers with a handler (xen/hypercall.c). */
static bool implemented(unsigned long nr)
{
	static const unsigned char have[] = {0,	 1,  2,	 3,  5,	 7,  8,	 9,  10,
					     12, 13, 14, 15, 17, 18, 20, 21, 22, 23,
					     24, 25, 26, 29, 30, 32, 33, 48,
					     35, 36};

	for (unsigned i = 0; i < ARRAY_SIZE(have); i++)
		if (have[i] == nr)
			return true;
	return false;
}

static void expect_enosys(unsigned long nr, unsigned long a1)
{
	long rc = hypercall(nr, a1, 0, 0, 0, 0);

	check(rc == -XEN_ENOSYS, "hypercall %lu (%lu) via %s returned %ld", nr,
	      a1, hypercall_use_page ? "page" : "syscall", rc);
}

void guest_main(void)
{
	static const unsigned long past[] = {64, 65, 255, 4096, ~0UL};
	unsigned n = 0;

	install_traps();
	for (int page = 0; page < 2; page++) {
		hypercall_use_page = page;
		for (unsigned long nr = 0; nr < NR_TABLE; nr++)
			if (!implemented(nr)) {
				expect_enosys(nr, 0);
				n++;
			}
		for (unsigned i = 0; i < ARRAY_SIZE(past) && !page; i++)
			expect_enosys(past[i], 0);
		for (unsigned long cmd = 3; cmd <= 13; cmd++)
			if (cmd == 3 || cmd == 4 || cmd >= 11)
				expect_enosys(__HYPERVISOR_grant_table_op, cmd);
	}
	printf("hc_enosys: %u numbers without a handler\n", n / 2);
}
