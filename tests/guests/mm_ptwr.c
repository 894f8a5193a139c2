/*
 * mm_ptwr: direct writes to a validated L1 are emulated (linux-pv-abi.md
 * §4.6).  We hang an L1 of ours under L4 slot 1 of the running tree with
 * mmu_update, then store a PTE into it with MOV (89), clear it with XCHG
 * (87), set it again with LOCK CMPXCHG (0F B1; once failing, once
 * succeeding) and MOV imm32 (C7 /0), and check the mapping through the
 * new VA each time; a bad PTE written directly must fault (#PF).  As
 * Linux does, we first enable VMASST_TYPE_writable_pagetables (without
 * it every such write faults: see vm_assist).
 */
#include "guest.h"

const char test_name[] = "mm_ptwr";

#define VA 0x0000008000000000UL /* L4 1, L3 0, L2 0, L1 0 */

static uint64_t t3[512] __page_aligned_bss;
static uint64_t t2[512] __page_aligned_bss;
static uint64_t t1[512] __page_aligned_bss;
static char data[PAGE_SIZE] __page_aligned_bss;

static const unsigned long kflags =
	_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;

static void flush(void)
{
	struct mmuext_op op = {.cmd = MMUEXT_TLB_FLUSH_LOCAL};

	check(hc_mmuext_op(&op, 1, NULL, DOMID_SELF) == 0, "flush failed");
}

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

void guest_main(void)
{
	uint64_t pte = (virt_to_mfn(data) << PAGE_SHIFT) | kflags, old;
	volatile uint64_t *slot = &t1[3];
	volatile char *via = (volatile char *)(VA + 3 * PAGE_SIZE);
	uint64_t expect;
	unsigned n;
	bool ok;

	install_traps();
	check(hc_vm_assist(VMASST_CMD_enable,
			   VMASST_TYPE_writable_pagetables) == 0,
	      "vm_assist(enable, writable_pagetables)");
	hang_tree();
	data[0] = 'x';

	__asm__ __volatile__("movq %1, %0" : "=m"(*slot) : "r"(pte) : "memory");
	flush();
	check(via[0] == 'x', "MOV-written PTE maps %x", via[0]);
	check(*slot & _PAGE_USER, "emulated PTE lacks _PAGE_USER");

	old = 0;
	__asm__ __volatile__("xchgq %0, %1" : "+r"(old), "+m"(*slot)::"memory");
	check((old & ~(uint64_t)_PAGE_USER) == pte, "XCHG old %lx", old);
	check(*slot == 0, "XCHG left %lx", *slot);
	flush();

	expect = 1; /* wrong: the entry is 0 */
	__asm__ __volatile__("lock cmpxchgq %3, %1; sete %2"
			     : "+a"(expect), "+m"(*slot), "=q"(ok)
			     : "r"(pte)
			     : "memory", "cc");
	check(!ok && expect == 0 && *slot == 0, "failing CMPXCHG wrote");
	__asm__ __volatile__("lock cmpxchgq %3, %1; sete %2"
			     : "+a"(expect), "+m"(*slot), "=q"(ok)
			     : "r"(pte)
			     : "memory", "cc");
	check(ok && (*slot & ~(uint64_t)_PAGE_USER) == pte, "CMPXCHG %lx",
	      *slot);
	flush();
	check(via[0] == 'x', "CMPXCHG-written PTE maps %x", via[0]);

	/* A PTE mapping the hypervisor (mfn 0x200): must fault, not map. */
	n = last_trap.count;
	__asm__ __volatile__(
		"bad_at: movq %1, %0\n\tbad_end:\n\t" FIXUP("bad_at", "bad_end")
		: "=m"(t1[4])
		: "r"((0x200UL << PAGE_SHIFT) | _PAGE_PRESENT)
		: "memory");
	check(last_trap.count == n + 1 && last_trap.vector == X86_EXC_PF,
	      "bad PTE write did not fault");
	check(t1[4] == 0, "bad PTE was written: %lx", t1[4]);
}
