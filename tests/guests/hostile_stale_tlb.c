/*
 * hostile_stale_tlb: a frame that becomes a page table must not stay
 * writable through a TLB entry cached while it was an ordinary page
 * (linux-pv-abi.md §4.2; the flush rules in arch/x86/pv/mm.c).  Each
 * part caches a writable translation of a page, remaps the page
 * read-only with update_va_mapping and no flush flag, pins it as an L1,
 * and then stores through the old translation:
 *  - guest side: our own store of a PTE the hypervisor refuses must
 *    fault (#PF: the write is emulated and refused) and change nothing;
 *  - hypervisor side: the pin runs in a multicall whose one entry
 *    straddles the end of the page, so its result slot is the new L1's
 *    last entry (holding a valid PTE).  The hypervisor must not store
 *    the result there: -EFAULT, the PTE intact, the pin done.
 * Either store would land in the L1 unchecked if a flush were missing.
 */
#include "guest.h"

const char test_name[] = "hostile_stale_tlb";

static char area[2][PAGE_SIZE] __page_aligned_bss;
static uint64_t table[512] __page_aligned_bss;

static const unsigned long roflags =
	_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_DIRTY;

static long mmuext(unsigned cmd, unsigned long mfn)
{
	struct mmuext_op op = {.cmd = cmd};

	op.arg1.mfn = mfn;
	return hc_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/*
 * Our own stale translation: cache a writable one, go read-only without
 * a flush, pin (no hypervisor access to the page after that); a store of
 * a PTE the hypervisor refuses must then fault, not land.
 */
static void guest_side(void)
{
	volatile uint64_t *l1 = table;
	unsigned long mfn = virt_to_mfn(table);
	unsigned n;
	long rc;

	for (unsigned i = 0; i < 512; i++)
		l1[i] = 0;
	rc = hc_update_va_mapping((unsigned long)table,
				  (mfn << PAGE_SHIFT) | roflags, 0);
	check(rc == 0, "read-only remap without flush: %ld", rc);
	rc = mmuext(MMUEXT_PIN_L1_TABLE, mfn);
	check(rc == 0, "pin: %ld", rc);

	/* A PTE mapping the hypervisor (mfn 0x200): refused, so #PF. */
	n = last_trap.count;
	__asm__ __volatile__(
		"st_at: movq %1, %0\n\tst_end:\n\t" FIXUP("st_at", "st_end")
		: "=m"(l1[0])
		: "r"((0x200UL << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_RW)
		: "memory");
	check(last_trap.count == n + 1 && last_trap.vector == X86_EXC_PF,
	      "store into the pinned L1 did not fault");
	check(l1[0] == 0, "the store reached the L1: %lx", l1[0]);
	rc = mmuext(MMUEXT_UNPIN_TABLE, mfn);
	check(rc == 0, "unpin: %ld", rc);
	rc = remap_page(table, mfn, roflags | _PAGE_RW);
	check(rc == 0, "unpinned page cannot be made writable: %ld", rc);
}

/*
 * The hypervisor's stale translation: the multicall whose result slot
 * is the new L1's last entry.
 */
static void hypervisor_side(void)
{
	volatile uint64_t *l1 = (volatile uint64_t *)area[0];
	struct multicall_entry *mc =
		(struct multicall_entry *)(area[0] + PAGE_SIZE - 16);
	unsigned long l1_mfn = virt_to_mfn(area[0]);
	/* A PTE the L1 may hold: our second page, read-only. */
	uint64_t ro_pte = (virt_to_mfn(area[1]) << PAGE_SHIFT) | roflags;
	struct mmuext_op pin = {.cmd = MMUEXT_PIN_L1_TABLE};
	long rc;

	pin.arg1.mfn = l1_mfn;
	/*
	 * Let the hypervisor itself cache a writable translation of the
	 * page: its own accesses may use TLB entries apart from ours (QEMU
	 * keeps them apart by privilege level).
	 */
	mc->op = __HYPERVISOR_xen_version;
	mc->args[0] = XENVER_version;
	mc->args[1] = 0;
	rc = hc_multicall(mc, 1);
	check(rc == 0 && mc->result > 0, "xen_version in a multicall: %ld %lx",
	      rc, (unsigned long)mc->result);
	for (unsigned i = 0; i < 510; i++)
		l1[i] = 0; /* our own writable translation, now cached */
	mc->op = __HYPERVISOR_mmuext_op;   /* L1 entry 510: not present */
	mc->result = ro_pte;		   /* L1 entry 511 */
	mc->args[0] = (unsigned long)&pin; /* args[] lie in area[1] */
	mc->args[1] = 1;
	mc->args[2] = 0;
	mc->args[3] = DOMID_SELF;

	rc = hc_update_va_mapping((unsigned long)area[0],
				  (l1_mfn << PAGE_SHIFT) | roflags, 0);
	check(rc == 0, "read-only remap without flush: %ld", rc);
	rc = hc_multicall(mc, 1);
	check(rc == -XEN_EFAULT,
	      "multicall writing its result into the new L1 returned %ld", rc);
	check(l1[511] == (ro_pte | _PAGE_USER),
	      "the L1 slot under the result field is now %lx", l1[511]);
	rc = remap_page(area[0], l1_mfn, roflags | _PAGE_RW);
	check(rc == -XEN_EINVAL, "writable mapping of the pinned L1: %ld", rc);

	rc = mmuext(MMUEXT_UNPIN_TABLE, l1_mfn);
	check(rc == 0, "unpin: %ld", rc);
	rc = remap_page(area[0], l1_mfn, roflags | _PAGE_RW);
	check(rc == 0, "unpinned page cannot be made writable: %ld", rc);
}

void guest_main(void)
{
	install_traps();
	guest_side();
	hypervisor_side();
}
