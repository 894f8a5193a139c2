/*
 * mm_hostile: MMU requests a guest may not make get the ABI's errors,
 * change nothing, and the guest runs on: mapping a hypervisor frame by
 * mmu_update, an L4 that maps itself, a writable mapping of a pinned
 * L1, MMU_MACHPHYS_UPDATE of a frame we do not own, an L4 hypervisor
 * slot, a reserved PTE bit, huge and negative counts, unknown
 * commands, and bad guest pointers.
 */
#include "guest.h"

const char test_name[] = "mm_hostile";

#define XEN_MFN 0x200UL

static uint64_t self4[512] __page_aligned_bss;
static uint64_t l1[512] __page_aligned_bss;
static char spare[PAGE_SIZE] __page_aligned_bss;

static const unsigned long kflags =
	_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;

static long mmuext(unsigned cmd, unsigned long mfn)
{
	struct mmuext_op op = {.cmd = cmd};

	op.arg1.mfn = mfn;
	return hc_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static long mmu1(uint64_t ptr, uint64_t val, unsigned *done)
{
	struct mmu_update req = {.ptr = ptr, .val = val};

	return hc_mmu_update(&req, 1, done, DOMID_SELF);
}

static void hostile_tables(void)
{
	long rc;

	self4[0] = (virt_to_mfn(self4) << PAGE_SHIFT) | kflags;
	check(make_readonly(self4) == 0, "self4 read-only failed");
	rc = mmuext(MMUEXT_PIN_L4_TABLE, virt_to_mfn(self4));
	check(rc == -XEN_EINVAL, "pinning a self-mapping L4: %ld", rc);
	rc = mmuext(MMUEXT_PIN_L3_TABLE, virt_to_mfn(self4));
	check(rc == -XEN_EINVAL, "pinning a self-mapping L3: %ld", rc);
	rc = mmuext(MMUEXT_NEW_BASEPTR, virt_to_mfn(self4));
	check(rc == -XEN_EINVAL, "NEW_BASEPTR to a self-mapping L4: %ld", rc);

	check(make_readonly(l1) == 0, "l1 read-only failed");
	rc = mmuext(MMUEXT_PIN_L1_TABLE, virt_to_mfn(l1));
	check(rc == 0, "pinning an empty L1: %ld", rc);
	rc = remap_page(l1, virt_to_mfn(l1), kflags);
	check(rc == -XEN_EINVAL, "writable mapping of a pinned L1: %ld", rc);
	rc = mmu1(((uint64_t)virt_to_mfn(l1) << PAGE_SHIFT) |
			  MMU_NORMAL_PT_UPDATE,
		  (virt_to_mfn(l1) << PAGE_SHIFT) | kflags, NULL);
	check(rc == -XEN_EINVAL, "L1 entry mapping itself writable: %ld", rc);
	rc = mmu1(((uint64_t)virt_to_mfn(l1) << PAGE_SHIFT) |
			  MMU_NORMAL_PT_UPDATE,
		  (XEN_MFN << PAGE_SHIFT) | _PAGE_PRESENT, NULL);
	check(rc < 0, "L1 entry mapping a hypervisor frame: %ld", rc);
	rc = mmuext(MMUEXT_UNPIN_TABLE, virt_to_mfn(l1));
	check(rc == 0, "unpin: %ld", rc);
}

static void hostile_requests(void)
{
	uint64_t l4_ma = (uint64_t)virt_to_mfn((void *)start_info->pt_base)
			 << PAGE_SHIFT;
	struct mmu_update req = {.ptr = 0, .val = 0};
	unsigned done = 77;
	long rc;

	rc = mmu1((XEN_MFN << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE, 5, NULL);
	check(rc == -XEN_EINVAL, "MACHPHYS_UPDATE of a hypervisor frame: %ld",
	      rc);
	rc = mmu1((l4_ma + 260 * 8) | MMU_NORMAL_PT_UPDATE, 0, &done);
	check(rc == -XEN_EINVAL && done == 0, "L4 slot 260: %ld done %u", rc,
	      done);
	rc = mmu1(((uint64_t)virt_to_mfn(spare) << PAGE_SHIFT) | 5, 0, NULL);
	check(rc == -XEN_ENOSYS, "mmu_update command 5: %ld", rc);
	rc = hc_mmu_update(&req, 1UL << 40, NULL, DOMID_SELF);
	check(rc == -XEN_EINVAL, "mmu_update count 1<<40: %ld", rc);
	rc = hc_mmu_update(&req, -1L, NULL, DOMID_SELF);
	check(rc == -XEN_EINVAL, "mmu_update count -1: %ld", rc);
	rc = hc_mmuext_op(&req, -1L, NULL, DOMID_SELF);
	check(rc == -XEN_EINVAL, "mmuext_op count -1: %ld", rc);
	rc = hc_mmu_update((void *)BAD_PTR_HV, 1, NULL, DOMID_SELF);
	check(rc == -XEN_EFAULT, "mmu_update from a hypervisor pointer: %ld",
	      rc);
	req.ptr = ((uint64_t)virt_to_mfn(spare) << PAGE_SHIFT) |
		  MMU_MACHPHYS_UPDATE;
	req.val = virt_to_pfn(spare);
	rc = hc_mmu_update(&req, 1, (void *)BAD_PTR_HV, DOMID_SELF);
	check(rc == -XEN_EFAULT, "mmu_update done into the hypervisor: %ld",
	      rc);
	rc = hc_mmu_update((char *)&req + 1, 0, NULL, DOMID_SELF);
	check(rc == 0, "empty batch at an odd address: %ld", rc);
	rc = hc_mmu_update(&req, 1, NULL, 3);
	check(rc == -XEN_ESRCH, "no such foreign domain: %ld", rc);
	rc = hc_update_va_mapping((unsigned long)spare,
				  (virt_to_mfn(spare) << PAGE_SHIFT) | kflags,
				  3);
	check(rc == -XEN_EINVAL, "update_va_mapping flush type 3: %ld", rc);
	rc = hc_update_va_mapping((unsigned long)spare,
				  (virt_to_mfn(spare) << PAGE_SHIFT) | kflags |
					  (1UL << 55),
				  UVMF_INVLPG);
	check(rc == -XEN_EINVAL, "PTE with reserved bit 55: %ld", rc);
	check(m2p()[virt_to_mfn(spare)] == virt_to_pfn(spare), "M2P changed");
}

void guest_main(void)
{
	install_traps();
	spare[0] = 0x5a;
	hostile_tables();
	hostile_requests();
	check(*(volatile char *)spare == 0x5a, "spare page changed under us");
}
