/*
 * vm_assist: vm_assist (21), as Xen 4.17 checks it for a 64-bit PV guest:
 * the type first (-EINVAL for one outside PV64_VM_ASSIST_MASK, whatever
 * the command), then the command (-ENOSYS for one that is neither enable
 * nor disable).  Every offered type (4gb_segments, 4gb_segments_notify,
 * writable_pagetables, pae_extended_cr3, architectural_iopl,
 * runstate_update_flag, m2p_strict) enables and disables, twice over.
 * Effects:
 *  - writable_pagetables: while it is off, a direct write to one of our
 *    validated L1 tables faults (#PF, nothing written); enabled, the same
 *    write is emulated and the mapping appears; disabled, it faults again.
 *  - architectural_iopl: off, the IOPL in the RFLAGS we iret with is
 *    ignored, bounce frames show IOPL 0 and kernel mode needs a virtual
 *    IOPL >= 1 (PHYSDEVOP_set_iopl) for port I/O; on, iret loads the
 *    virtual IOPL, bounce frames show it, and kernel mode (CPL 0 then)
 *    may always do port I/O.
 *  - m2p_strict: on, an L4 installed as a user table loses the read-only
 *    M2P slot (256) while a fresh L4 has it; off, installing that L4 as
 *    the kernel table gives the slot back, and the M2P reads through it.
 */
#include "guest.h"
#include <public/physdev.h>

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
		VMASST_TYPE_architectural_iopl, VMASST_TYPE_runstate_update_flag,
		VMASST_TYPE_m2p_strict};
	static const unsigned long refused[] = {6,
						33,
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

/* ---- architectural_iopl ---- */
static unsigned want_iopl, frame_iopl;

/* int3: note the IOPL of the bounce frame, iret with want_iopl. */
static bool on_bp(struct trap_regs *r)
{
	if (r->vector != X86_EXC_BP)
		return false;
	frame_iopl = (r->rflags >> 12) & 3;
	r->rflags = (r->rflags & ~0x3000UL) | ((uint64_t)want_iopl << 12);
	return true;
}

/* The IOPL a bounce frame shows now; then iret with RFLAGS.IOPL = iopl. */
static unsigned iret_with_iopl(unsigned iopl)
{
	want_iopl = iopl;
	frame_iopl = 9;
	__asm__ __volatile__("int3" ::: "memory");
	check(frame_iopl != 9, "int3 not delivered");
	return frame_iopl;
}

static void set_iopl(unsigned iopl)
{
	struct physdev_set_iopl op = {.iopl = iopl};
	long rc = HC(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, &op, 0, 0, 0);

	check(rc == 0, "set_iopl(%u) returned %ld", iopl, rc);
}

/* inb $0x80 from kernel mode: true if it raised #GP(0). */
static bool io_faults(void)
{
	unsigned n = last_trap.count;

	__asm__ __volatile__("io_at: inb $0x80, %%al\n\tio_end:\n\t" FIXUP(
				     "io_at", "io_end")::
				     : "rax", "memory");
	if (last_trap.count == n)
		return false;
	check(last_trap.vector == X86_EXC_GP && last_trap.error_code == 0,
	      "inb: vector %lu ec %lx", last_trap.vector,
	      last_trap.error_code);
	return true;
}

static void architectural_iopl(void)
{
	unsigned seen;

	trap_hook = on_bp;
	set_iopl(0);
	check(io_faults(), "inb at virtual IOPL 0 did not fault");
	seen = iret_with_iopl(3);
	check(seen == 0, "off: frame IOPL %u", seen);
	check(io_faults(), "off: iret with IOPL 3 granted port I/O");
	set_iopl(1);
	check(!io_faults(), "off: inb at virtual IOPL 1 faulted");
	check(iret_with_iopl(0) == 0, "off: frame shows the virtual IOPL");
	set_iopl(0);

	expect_rc(VMASST_CMD_enable, VMASST_TYPE_architectural_iopl, 0);
	check(!io_faults(), "on: kernel mode (CPL 0) inb faulted at IOPL 0");
	check(iret_with_iopl(2) == 0, "on: frame IOPL not 0");
	seen = iret_with_iopl(1);
	check(seen == 2, "on: iret with IOPL 2, frame shows %u", seen);
	set_iopl(3);
	seen = iret_with_iopl(0);
	check(seen == 3, "on: set_iopl(3), frame shows %u", seen);
	check(iret_with_iopl(0) == 0, "on: iret with IOPL 0 not taken");

	expect_rc(VMASST_CMD_disable, VMASST_TYPE_architectural_iopl, 0);
	check(io_faults(), "off again: inb at IOPL 0 did not fault");
	check(iret_with_iopl(3) == 0, "off again: frame IOPL not 0");
	check(io_faults(), "off again: iret with IOPL 3 granted port I/O");
	trap_hook = NULL;
	printf("architectural_iopl: iret/frames/CPL 0 as Xen\n");
}

/* ---- m2p_strict ---- */
#define M2P_SLOT 256

static uint64_t k2[512] __page_aligned_bss;

static long mmuext(unsigned cmd, unsigned long mfn)
{
	struct mmuext_op op = {.cmd = cmd, .arg1.mfn = mfn};

	return hc_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static void m2p_strict(void)
{
	unsigned long k1_mfn = virt_to_mfn((void *)start_info->pt_base);
	unsigned long k2_mfn = virt_to_mfn(k2);
	uint64_t m2p_e = kernel_l4()[M2P_SLOT];

	check(m2p_e & _PAGE_PRESENT, "kernel L4 lacks the M2P slot");
	/* A second kernel table: our L4 entries, none of Xen's slots. */
	for (unsigned i = 0; i < 512; i++)
		if (i < 256 || i >= 272)
			k2[i] = kernel_l4()[i];
	check(make_readonly(k2) == 0, "k2 read-only failed");
	expect_rc(VMASST_CMD_enable, VMASST_TYPE_m2p_strict, 0);
	check(mmuext(MMUEXT_PIN_L4_TABLE, k2_mfn) == 0, "pin k2 failed");
	check(k2[M2P_SLOT] == m2p_e, "strict: fresh L4 slot %lx",
	      k2[M2P_SLOT]);
	check(mmuext(MMUEXT_NEW_USER_BASEPTR, k2_mfn) == 0,
	      "strict: user baseptr failed");
	check(k2[M2P_SLOT] == 0, "strict: user table keeps the M2P: %lx",
	      k2[M2P_SLOT]);
	check(kernel_l4()[M2P_SLOT] == m2p_e, "strict: kernel L4 lost it");

	expect_rc(VMASST_CMD_disable, VMASST_TYPE_m2p_strict, 0);
	check(mmuext(MMUEXT_NEW_USER_BASEPTR, 0) == 0, "user baseptr 0");
	check(mmuext(MMUEXT_NEW_BASEPTR, k2_mfn) == 0, "baseptr k2 failed");
	check(k2[M2P_SLOT] == m2p_e, "off: kernel table did not regain it");
	check(m2p()[k2_mfn] == virt_to_pfn(k2), "M2P via k2: %lx",
	      m2p()[k2_mfn]);
	check(mmuext(MMUEXT_NEW_BASEPTR, k1_mfn) == 0, "baseptr back failed");
	check(mmuext(MMUEXT_UNPIN_TABLE, k2_mfn) == 0, "unpin k2 failed");
	check(remap_page(k2, k2_mfn, kflags) == 0,
	      "k2 writable again after unpin failed");
	printf("m2p_strict: user table zapped, kernel table refilled\n");
}

void guest_main(void)
{
	map_shared_info();
	install_traps();
	types();
	writable_pagetables();
	architectural_iopl();
	m2p_strict();
}
