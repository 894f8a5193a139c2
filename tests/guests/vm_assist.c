/*
 * vm_assist: vm_assist (21), as Xen checks it: the type first (-EINVAL
 * for one this hypervisor does not offer, whatever the command), then
 * the command (-ENOSYS for one that is neither enable nor disable).
 * Every offered type (4gb_segments, 4gb_segments_notify,
 * writable_pagetables, pae_extended_cr3, runstate_update_flag) enables
 * and disables, twice over.  architectural_iopl and m2p_strict, which
 * Xen offers 64-bit PV guests but we do not implement, are -EINVAL.
 * writable_pagetables has a visible effect: while it is off, a direct
 * write to one of our validated L1 tables faults (#PF, nothing written);
 * enabled, the same write is emulated and the mapping appears; disabled
 * again, it faults again.
 */
#include "guest.h"

const char test_name[] = "vm_assist";

#define VA 0x0000008000000000UL /* L4 1, L3 0, L2 0, L1 0 */

static uint64_t t3[512] __page_aligned_bss;
static uint64_t t2[512] __page_aligned_bss;
static uint64_t t1[512] __page_aligned_bss;
static char data[PAGE_SIZE] __page_aligned_bss;

static const unsigned long kflags =
	_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;

static void expect_rc(unsigned cmd, unsigned long type, long want)
{
	long rc = hc_vm_assist(cmd, type);

	check(rc == want, "vm_assist(%u, %lu) returned %ld, expected %ld", cmd,
	      type, rc, want);
}

static void types(void)
{
	static const unsigned long offered[] = {
		VMASST_TYPE_4gb_segments, VMASST_TYPE_4gb_segments_notify,
		VMASST_TYPE_writable_pagetables, VMASST_TYPE_pae_extended_cr3,
		VMASST_TYPE_runstate_update_flag};
	static const unsigned long refused[] = {VMASST_TYPE_architectural_iopl,
						VMASST_TYPE_m2p_strict,
						6,
						31,
						63,
						64,
						1000,
						~0UL};

	for (unsigned i = 0; i < ARRAY_SIZE(offered); i++)
		for (int round = 0; round < 2; round++) {
			expect_rc(VMASST_CMD_enable, offered[i], 0);
			expect_rc(VMASST_CMD_enable, offered[i], 0);
			expect_rc(VMASST_CMD_disable, offered[i], 0);
			expect_rc(VMASST_CMD_disable, offered[i], 0);
			expect_rc(2, offered[i], -XEN_ENOSYS);
			expect_rc(~0u, offered[i], -XEN_ENOSYS);
		}
	for (unsigned i = 0; i < ARRAY_SIZE(refused); i++) {
		expect_rc(VMASST_CMD_enable, refused[i], -XEN_EINVAL);
		expect_rc(VMASST_CMD_disable, refused[i], -XEN_EINVAL);
		expect_rc(2, refused[i], -XEN_EINVAL);
	}
}

static void flush(void)
{
	struct mmuext_op op = {.cmd = MMUEXT_TLB_FLUSH_LOCAL};

	check(hc_mmuext_op(&op, 1, NULL, DOMID_SELF) == 0, "flush failed");
}

/* An L1 of ours, validated, at VA (as mm_ptwr). */
static void hang_tree(void)
{
	uint64_t l4_ma = (uint64_t)virt_to_mfn((void *)start_info->pt_base)
			 << PAGE_SHIFT;
	struct mmu_update req;
	long rc;

	t3[0] = (virt_to_mfn(t2) << PAGE_SHIFT) | kflags;
	t2[0] = (virt_to_mfn(t1) << PAGE_SHIFT) | kflags;
	check(make_readonly(t3) == 0 && make_readonly(t2) == 0 &&
		      make_readonly(t1) == 0,
	      "read-only failed");
	req.ptr = (l4_ma + 1 * 8) | MMU_NORMAL_PT_UPDATE;
	req.val = (virt_to_mfn(t3) << PAGE_SHIFT) | kflags;
	rc = hc_mmu_update(&req, 1, NULL, DOMID_SELF);
	check(rc == 0, "linking the tree into L4 slot 1: %ld", rc);
}

/* MOV pte into t1[3]; true if it faulted (#PF, write to a present page). */
static bool direct_write(uint64_t pte)
{
	unsigned n = last_trap.count;

	__asm__ __volatile__(
		"pt_at: movq %1, %0\n\tpt_end:\n\t" FIXUP("pt_at", "pt_end")
		: "=m"(t1[3])
		: "r"(pte)
		: "memory");
	if (last_trap.count == n)
		return false;
	check(last_trap.vector == X86_EXC_PF &&
		      (last_trap.error_code & (PFEC_PRESENT | PFEC_WRITE)) ==
			      (PFEC_PRESENT | PFEC_WRITE),
	      "direct PTE write: vector %lu ec %lx", last_trap.vector,
	      last_trap.error_code);
	return true;
}

static void writable_pagetables(void)
{
	uint64_t pte = (virt_to_mfn(data) << PAGE_SHIFT) | kflags;
	volatile char *via = (volatile char *)(VA + 3 * PAGE_SIZE);

	hang_tree();
	data[0] = 'x';
	check(direct_write(pte), "PTE write emulated while the assist is off");
	check(t1[3] == 0, "PTE written while the assist is off: %lx", t1[3]);

	expect_rc(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables, 0);
	check(!direct_write(pte), "PTE write faulted with the assist on");
	check((t1[3] & ~(uint64_t)_PAGE_USER) == pte, "emulated PTE %lx",
	      t1[3]);
	flush();
	check(via[0] == 'x', "the emulated PTE maps %x", via[0]);

	expect_rc(VMASST_CMD_disable, VMASST_TYPE_writable_pagetables, 0);
	check(direct_write(0), "PTE write emulated after disabling");
	check(t1[3] != 0, "PTE cleared after disabling the assist");
	printf("writable_pagetables: off faults, on emulates\n");
}

void guest_main(void)
{
	install_traps();
	types();
	writable_pagetables();
}
