/*
 * mm_pin: build a page-table tree of our own (linux-pv-abi.md §4.2-4.4):
 * a new L4 with the kernel's entries plus slot 1 -> L3 -> L2 -> L1 ->
 * a data page; make the frames read-only, pin the L4 (recursive
 * validation), pinning twice fails, switch to it with NEW_BASEPTR, touch
 * the data through slot 1, remap the L1 entry with mmu_update, switch
 * back, unpin, and the frames can be mapped read-write again (their
 * page-table type is gone).
 */
#include "guest.h"

const char test_name[] = "mm_pin";

#define VA_SLOT1 0x0000008000000000UL /* L4 1, L3 0, L2 0, L1 0 */

static uint64_t t4[512] __page_aligned_bss;
static uint64_t t3[512] __page_aligned_bss;
static uint64_t t2[512] __page_aligned_bss;
static uint64_t t1[512] __page_aligned_bss;
static char data[2][PAGE_SIZE] __page_aligned_bss;

static const unsigned long kflags =
	_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;

static long mmuext(unsigned cmd, unsigned long mfn)
{
	struct mmuext_op op = {.cmd = cmd};

	op.arg1.mfn = mfn;
	return hc_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static void build(void)
{
	const uint64_t *cur = kernel_l4();

	for (int i = 0; i < 512; i++)
		if (i < 256 || i >= 272)
			t4[i] = cur[i];
	t4[1] = (virt_to_mfn(t3) << PAGE_SHIFT) | kflags;
	t3[0] = (virt_to_mfn(t2) << PAGE_SHIFT) | kflags;
	t2[0] = (virt_to_mfn(t1) << PAGE_SHIFT) | kflags;
	t1[0] = (virt_to_mfn(data[0]) << PAGE_SHIFT) | kflags;
	check(make_readonly(t4) == 0 && make_readonly(t3) == 0 &&
		      make_readonly(t2) == 0 && make_readonly(t1) == 0,
	      "making the new tables read-only failed");
}

void guest_main(void)
{
	unsigned long cur_mfn = virt_to_mfn((void *)start_info->pt_base);
	volatile char *via = (volatile char *)VA_SLOT1;
	struct mmu_update req;
	long rc;

	install_traps();
	data[0][0] = 'a';
	data[1][0] = 'b';
	build();
	rc = mmuext(MMUEXT_PIN_L4_TABLE, virt_to_mfn(t4));
	check(rc == 0, "PIN_L4 of the new tree: %ld", rc);
	rc = mmuext(MMUEXT_PIN_L4_TABLE, virt_to_mfn(t4));
	check(rc == -XEN_EINVAL, "second PIN_L4: %ld", rc);
	rc = remap_page(t1, virt_to_mfn(t1), kflags);
	check(rc == -XEN_EINVAL, "writable mapping of a pinned L1: %ld", rc);

	rc = mmuext(MMUEXT_NEW_BASEPTR, virt_to_mfn(t4));
	check(rc == 0, "NEW_BASEPTR: %ld", rc);
	check(via[0] == 'a', "slot-1 mapping reads %x", via[0]);
	req.ptr = ((uint64_t)virt_to_mfn(t1) << PAGE_SHIFT) |
		  MMU_NORMAL_PT_UPDATE;
	req.val = (virt_to_mfn(data[1]) << PAGE_SHIFT) | kflags;
	rc = hc_mmu_update(&req, 1, NULL, DOMID_SELF);
	check(rc == 0, "mmu_update of the L1 entry: %ld", rc);
	check(t1[0] & _PAGE_USER, "hypervisor did not add _PAGE_USER");
	rc = mmuext(MMUEXT_INVLPG_LOCAL, VA_SLOT1);
	check(rc == 0, "INVLPG_LOCAL: %ld", rc);
	check(via[0] == 'b', "remapped slot-1 page reads %x", via[0]);
	via[1] = 'c';
	check(data[1][1] == 'c', "write through the new tree lost");

	rc = mmuext(MMUEXT_NEW_BASEPTR, cur_mfn);
	check(rc == 0, "NEW_BASEPTR back: %ld", rc);
	rc = mmuext(MMUEXT_UNPIN_TABLE, virt_to_mfn(t4));
	check(rc == 0, "UNPIN: %ld", rc);
	rc = mmuext(MMUEXT_UNPIN_TABLE, virt_to_mfn(t4));
	check(rc == -XEN_EINVAL, "second UNPIN: %ld", rc);
	rc = remap_page(t1, virt_to_mfn(t1), kflags);
	check(rc == 0, "unpinned L1 cannot be made writable: %ld", rc);
	rc = remap_page(t4, virt_to_mfn(t4), kflags);
	check(rc == 0, "unpinned L4 cannot be made writable: %ld", rc);
	t1[1] = 0;
	t4[1] = 0;
}
