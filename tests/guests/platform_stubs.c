/*
 * platform_stubs: the platform_op (7) and mca (48) commands this
 * hypervisor declines, as dom0, each with the answer of a Xen 4.17
 * without the feature: MTRR add/del -ENXIO, read -EINVAL; microcode
 * updates, CPU and memory hot-add -EOPNOTSUPP; EFI runtime calls,
 * frequency and idle-time queries, get_ucode_revision (newer than 4.17)
 * -ENOSYS; get_dom0_console -ENODEV; XEN_MC_inject_v2 -ENODEV.  The
 * argument is left as it was (only a sub-op's own member is ever copied
 * back, and these copy nothing).
 */
#include "guest.h"
#include <public/platform.h>
#include <public/arch-x86/xen-mca.h>

const char test_name[] = "platform_stubs";

static long pf(uint32_t cmd, struct xen_platform_op *op)
{
	memset(op, 0x5a, sizeof(*op));
	op->cmd = cmd;
	op->interface_version = XENPF_INTERFACE_VERSION;
	return HC(__HYPERVISOR_platform_op, op, 0, 0, 0, 0);
}

void guest_main(void)
{
	static const struct {
		uint32_t cmd;
		long rc;
	} stubs[] = {
		{XENPF_add_memtype, -XEN_ENXIO},
		{XENPF_del_memtype, -XEN_ENXIO},
		{XENPF_read_memtype, -XEN_EINVAL},
		{XENPF_microcode_update, -XEN_EOPNOTSUPP},
		{XENPF_microcode_update2, -XEN_EOPNOTSUPP},
		{XENPF_cpu_hotadd, -XEN_EOPNOTSUPP},
		{XENPF_mem_hotadd, -XEN_EOPNOTSUPP},
		{XENPF_efi_runtime_call, -XEN_ENOSYS},
		{XENPF_change_freq, -XEN_ENOSYS},
		{XENPF_getidletime, -XEN_ENOSYS},
		{XENPF_get_ucode_revision, -XEN_ENOSYS},
		{XENPF_get_dom0_console, -XEN_ENODEV},
	};
	static struct xen_platform_op op;
	struct xen_mc m = {.cmd = XEN_MC_inject_v2,
			   .interface_version = XEN_MCA_INTERFACE_VERSION};
	long rc;

	install_traps();
	for (unsigned i = 0; i < ARRAY_SIZE(stubs); i++) {
		rc = pf(stubs[i].cmd, &op);
		check(rc == stubs[i].rc, "platform_op %u returned %ld, not %ld",
		      stubs[i].cmd, rc, stubs[i].rc);
		check(op.cmd == stubs[i].cmd && op.u.pad[0] == 0x5a &&
			      op.u.pad[127] == 0x5a,
		      "platform_op %u wrote its argument", stubs[i].cmd);
	}
	rc = HC(__HYPERVISOR_mca, &m, 0, 0, 0, 0);
	check(rc == -XEN_ENODEV, "XEN_MC_inject_v2 returned %ld", rc);
}
