/*
 * hostile_ptrs: every pointer-taking hypercall we use returns -EFAULT for
 * NULL, a hypervisor address and a non-canonical address, and output
 * buffers in read-only guest memory (the M2P, our own L4) are not written:
 * the hypervisor must access guest memory with the guest's permissions
 * (docs/style.md rule 12).
 */
#include "guest.h"

const char test_name[] = "hostile_ptrs";

static void expect_efault(const char *what, unsigned long p, long rc)
{
	printf("%-40s %p: %ld\n", what, (void *)p, rc);
	check(rc == -XEN_EFAULT, "%s with pointer %lx returned %ld", what, p,
	      rc);
}

static void try_pointer(unsigned long p, bool in_too)
{
	void *v = (void *)p;

	expect_efault("xen_version(capabilities)", p,
		      hc_xen_version(XENVER_capabilities, v));
	expect_efault("xen_version(extraversion)", p,
		      hc_xen_version(XENVER_extraversion, v));
	if (!in_too)
		return;
	expect_efault("console_io(write)", p,
		      hc_console_io(CONSOLEIO_write, 16, v));
	expect_efault("xen_version(get_features)", p,
		      hc_xen_version(XENVER_get_features, v));
	expect_efault("sched_op(shutdown)", p,
		      hc_sched_op(SCHEDOP_shutdown, v));
	expect_efault("event_channel_op(alloc_unbound)", p,
		      hc_event_channel_op(EVTCHNOP_alloc_unbound, v));
	expect_efault("event_channel_op(send)", p,
		      hc_event_channel_op(EVTCHNOP_send, v));
	expect_efault("callback_op(register)", p,
		      hc_callback_op(CALLBACKOP_register, v));
	expect_efault("vcpu_op(set_singleshot_timer)", p,
		      hc_vcpu_op(VCPUOP_set_singleshot_timer, 0, v));
	expect_efault("multicall", p, hc_multicall(v, 1));
	expect_efault("mmu_update", p, hc_mmu_update(v, 1, NULL, DOMID_SELF));
	expect_efault("mmuext_op", p, hc_mmuext_op(v, 1, NULL, DOMID_SELF));
	expect_efault("set_gdt(frame list)", p, hc_set_gdt(v, 1));
	if (p) /* set_trap_table(NULL) legitimately clears the table */
		expect_efault("set_trap_table", p, hc_set_trap_table(v));
}

void guest_main(void)
{
	const uint64_t *l4 = kernel_l4();
	uint64_t l4_511 = l4[511], m2p_0;

	install_traps();
	try_pointer(0, true);
	try_pointer(BAD_PTR_HV, true);
	try_pointer(BAD_PTR_NONCANON, true);

	/* Readable but not writable by the guest. */
	m2p_0 = m2p()[0];
	try_pointer(MACH2PHYS_VIRT_START, false);
	check(m2p()[0] == m2p_0, "the M2P was written");
	try_pointer((unsigned long)l4, false);
	check(l4[511] == l4_511, "our read-only L4 was written");
}
