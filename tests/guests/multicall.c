/*
 * multicall: a batch whose middle entries name no hypercall gets -ENOSYS
 * in those entries' results while the others run normally, and the
 * multicall itself returns 0 (linux-pv-abi.md §3.2, hypercall 13).
 */
#include "guest.h"

const char test_name[] = "multicall";

void guest_main(void)
{
	static const char msg[] = "multicall: console_io from a batch\n";
	static struct xen_feature_info fi;
	struct multicall_entry mc[5] = {
		{.op = __HYPERVISOR_xen_version, .args = {XENVER_version, 0}},
		{.op = 11 /* unassigned number */},
		{.op = __HYPERVISOR_console_io,
		 .args = {CONSOLEIO_write, sizeof(msg) - 1,
			  (unsigned long)msg}},
		{.op = 4096 /* beyond every table */},
		{.op = __HYPERVISOR_xen_version,
		 .args = {XENVER_get_features, (unsigned long)&fi}},
	};
	long rc, v = hc_xen_version(XENVER_version, NULL);

	for (unsigned i = 0; i < ARRAY_SIZE(mc); i++)
		mc[i].result = 0x5a5a5a5a;
	rc = hc_multicall(mc, ARRAY_SIZE(mc));
	check(rc == 0, "multicall returned %ld", rc);
	for (unsigned i = 0; i < ARRAY_SIZE(mc); i++)
		printf("entry %u op %lu result %ld\n", i, mc[i].op,
		       (long)mc[i].result);
	check((long)mc[0].result == v, "xen_version entry: %ld, expected %ld",
	      (long)mc[0].result, v);
	check((long)mc[1].result == -XEN_ENOSYS, "op 11 entry: %ld",
	      (long)mc[1].result);
	check(mc[2].result == 0, "console_io entry: %ld", (long)mc[2].result);
	check((long)mc[3].result == -XEN_ENOSYS, "op 4096 entry: %ld",
	      (long)mc[3].result);
	check(mc[4].result == 0, "get_features entry: %ld", (long)mc[4].result);

	rc = hc_multicall(mc, 0);
	check(rc == 0, "empty multicall returned %ld", rc);
}
