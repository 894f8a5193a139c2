/*
 * mm_misc: the mmu_update (1) and mmuext_op (26) requests no other guest
 * makes, run as dom0 and as domU 1 at once.
 *  - MMU_PT_UPDATE_PRESERVE_AD keeps the Accessed/Dirty bits the CPU set
 *    in a present entry, MMU_NORMAL_PT_UPDATE replaces them; an
 *    unknown command (4) is -ENOSYS and the batch stops there (done
 *    count 1 of 2);
 *  - MMUEXT_PIN_L2_TABLE pins an L2 in use (again: -EINVAL; as an L1,
 *    which it is not: -EINVAL); UNPIN_TABLE releases it;
 *  - MMUEXT_CLEAR_PAGE zeroes a frame of ours, MMUEXT_COPY_PAGE copies
 *    one; both refuse (-EINVAL) a destination that is a page table and a
 *    frame we do not own (the hypervisor's, mfn 0x200);
 *  - MMUEXT_FLUSH_CACHE and _GLOBAL: 0 for dom0, -EPERM for a domU;
 *  - MMUEXT_MARK_SUPER/UNMARK_SUPER: -EOPNOTSUPP; command 14 and 99:
 *    -ENOSYS; FLUSH_CACHE for another domain: -EPERM (dom0: not a
 *    command for another domain; domU: not permitted), for none -ESRCH.
 * dom0 stays up after its result so that the domU can report.
 */
#include "guest.h"

const char test_name[] = "mm_misc";

#define VA     0x0000008000000000UL /* L4 1, L3 0, L2 0, L1 0 */
#define HV_MFN 0x200UL		    /* a frame of the hypervisor */
#define PTE_AD (_PAGE_ACCESSED | _PAGE_DIRTY)
#define PEER   1

static uint64_t t3[512] __page_aligned_bss;
static uint64_t t2[512] __page_aligned_bss;
static uint64_t t1[512] __page_aligned_bss;
static char data[PAGE_SIZE] __page_aligned_bss;
static char src[PAGE_SIZE] __page_aligned_bss;
static char dst[PAGE_SIZE] __page_aligned_bss;

static void expect_rc(const char *what, long rc, long want)
{
	check(rc == want, "%s returned %ld, expected %ld", what, rc, want);
}

static long ext1(unsigned cmd, unsigned long mfn, unsigned long src_mfn)
{
	struct mmuext_op op = {.cmd = cmd};

	op.arg1.mfn = mfn;
	op.arg2.src_mfn = src_mfn;
	return hc_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static void flush(void)
{
	expect_rc("flush", ext1(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0);
}

/* An L1 of ours, validated, at VA (as mm_ptwr). */
static void hang_tree(void)
{
	uint64_t l4_ma = (uint64_t)virt_to_mfn((void *)start_info->pt_base)
			 << PAGE_SHIFT;
	const unsigned long k = _PAGE_PRESENT | _PAGE_RW | PTE_AD;
	struct mmu_update req;

	t3[0] = (virt_to_mfn(t2) << PAGE_SHIFT) | k;
	t2[0] = (virt_to_mfn(t1) << PAGE_SHIFT) | k;
	check(make_readonly(t3) == 0 && make_readonly(t2) == 0 &&
		      make_readonly(t1) == 0,
	      "read-only failed");
	req.ptr = (l4_ma + 1 * 8) | MMU_NORMAL_PT_UPDATE;
	req.val = (virt_to_mfn(t3) << PAGE_SHIFT) | k;
	expect_rc("linking the tree", hc_mmu_update(&req, 1, NULL, DOMID_SELF),
		  0);
}

static long pt_update(unsigned kind, uint64_t val)
{
	struct mmu_update req = {
		.ptr = ((virt_to_mfn(t1) << PAGE_SHIFT) + 8) | kind,
		.val = val,
	};

	return hc_mmu_update(&req, 1, NULL, DOMID_SELF);
}

static void preserve_ad(void)
{
	uint64_t pte =
		(virt_to_mfn(data) << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_RW;
	volatile char *via = (volatile char *)(VA + PAGE_SIZE);
	struct mmu_update req[2];
	unsigned done = 99;

	hang_tree();
	expect_rc("map without A/D", pt_update(MMU_NORMAL_PT_UPDATE, pte), 0);
	flush();
	via[0] = 'w'; /* the CPU sets A and D */
	check((t1[1] & PTE_AD) == PTE_AD, "the CPU set no A/D: %lx", t1[1]);
	expect_rc("PRESERVE_AD", pt_update(MMU_PT_UPDATE_PRESERVE_AD, pte), 0);
	check((t1[1] & PTE_AD) == PTE_AD, "PRESERVE_AD dropped A/D: %lx",
	      t1[1]);
	expect_rc("NORMAL", pt_update(MMU_NORMAL_PT_UPDATE, pte), 0);
	check(!(t1[1] & PTE_AD), "NORMAL kept A/D: %lx", t1[1]);
	flush();
	check(via[0] == 'w', "the mapping changed");

	req[0].ptr = ((virt_to_mfn(t1) << PAGE_SHIFT) + 8) |
		     MMU_PT_UPDATE_PRESERVE_AD;
	req[0].val = pte;
	req[1].ptr = ((virt_to_mfn(t1) << PAGE_SHIFT) + 16) |
		     4;
	req[1].val = 0;
	expect_rc("batch ending in command 4",
		  hc_mmu_update(req, 2, &done, DOMID_SELF), -XEN_ENOSYS);
	check(done == 1, "done %u of 2", done);
}

static void pin_l2(void)
{
	unsigned long m = virt_to_mfn(t2);

	expect_rc("PIN_L2_TABLE", ext1(MMUEXT_PIN_L2_TABLE, m, 0), 0);
	expect_rc("PIN_L2_TABLE again", ext1(MMUEXT_PIN_L2_TABLE, m, 0),
		  -XEN_EINVAL);
	expect_rc("PIN_L1_TABLE of an L2", ext1(MMUEXT_PIN_L1_TABLE, m, 0),
		  -XEN_EINVAL);
	expect_rc("UNPIN_TABLE", ext1(MMUEXT_UNPIN_TABLE, m, 0), 0);
	expect_rc("UNPIN_TABLE again", ext1(MMUEXT_UNPIN_TABLE, m, 0),
		  -XEN_EINVAL);
}

static void clear_copy(void)
{
	unsigned long d = virt_to_mfn(dst), s = virt_to_mfn(src);

	memset(src, 's', PAGE_SIZE);
	memset(dst, 'd', PAGE_SIZE);
	expect_rc("COPY_PAGE", ext1(MMUEXT_COPY_PAGE, d, s), 0);
	check(dst[0] == 's' && dst[PAGE_SIZE - 1] == 's', "COPY_PAGE: %c",
	      dst[0]);
	expect_rc("CLEAR_PAGE", ext1(MMUEXT_CLEAR_PAGE, d, 0), 0);
	check(dst[0] == 0 && dst[PAGE_SIZE - 1] == 0, "CLEAR_PAGE: %c", dst[0]);
	memset(dst, 'd', PAGE_SIZE);
	expect_rc("CLEAR_PAGE of a page table",
		  ext1(MMUEXT_CLEAR_PAGE, virt_to_mfn(t1), 0), -XEN_EINVAL);
	expect_rc("COPY_PAGE onto a page table",
		  ext1(MMUEXT_COPY_PAGE, virt_to_mfn(t1), s), -XEN_EINVAL);
	check(t1[1] != 0, "a refused request changed our L1");
	expect_rc("CLEAR_PAGE of the hypervisor's frame",
		  ext1(MMUEXT_CLEAR_PAGE, HV_MFN, 0), -XEN_EINVAL);
	expect_rc("COPY_PAGE from the hypervisor's frame",
		  ext1(MMUEXT_COPY_PAGE, d, HV_MFN), -XEN_EINVAL);
	expect_rc("COPY_PAGE to the hypervisor's frame",
		  ext1(MMUEXT_COPY_PAGE, HV_MFN, s), -XEN_EINVAL);
	check(dst[0] == 'd', "a refused copy wrote our page");
}

static void others(bool dom0)
{
	struct mmuext_op op = {.cmd = MMUEXT_FLUSH_CACHE};
	long priv = dom0 ? 0 : -XEN_EPERM;

	expect_rc("FLUSH_CACHE", ext1(MMUEXT_FLUSH_CACHE, 0, 0), priv);
	expect_rc("FLUSH_CACHE_GLOBAL", ext1(MMUEXT_FLUSH_CACHE_GLOBAL, 0, 0),
		  priv);
	expect_rc("MARK_SUPER", ext1(MMUEXT_MARK_SUPER, virt_to_mfn(dst), 0),
		  -XEN_EOPNOTSUPP);
	expect_rc("UNMARK_SUPER",
		  ext1(MMUEXT_UNMARK_SUPER, virt_to_mfn(dst), 0),
		  -XEN_EOPNOTSUPP);
	expect_rc("command 14", ext1(14, 0, 0), -XEN_ENOSYS);
	expect_rc("command 99", ext1(99, 0, 0), -XEN_ENOSYS);
	/* dom0: FLUSH_CACHE acts on the caller only; domU: not permitted. */
	expect_rc("mmuext_op for another domain",
		  hc_mmuext_op(&op, 1, NULL, dom0 ? PEER : 0), -XEN_EPERM);
	expect_rc("mmuext_op for no domain", hc_mmuext_op(&op, 1, NULL, 77),
		  -XEN_ESRCH);
}

void guest_main(void)
{
	bool dom0 = start_info->flags & SIF_INITDOMAIN;

	install_traps();
	preserve_ad();
	pin_l2();
	clear_copy();
	others(dom0);
	if (dom0)
		pass_and_idle();
}
