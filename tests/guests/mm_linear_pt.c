/*
 * mm_linear_pt: linear ("recursive") page-table entries, as Xen 4.17
 * allows them (pv-linear-pt, on by default): an L4, L3 or L2 entry may
 * map a table of its own level if the entry is read-only and the target
 * is the table itself or an already validated table of that level that
 * holds no linear entry of its own (and the holder is no target).
 * Accepted and read through:
 *  - kernel L4 slot 2 -> the kernel L4 itself: the L1 entry of a kernel
 *    address reads as our own walk finds it;
 *  - kernel L4 slot 3 -> a second pinned L4 (k2, our kernel slots): same;
 *  - an L3 and an L2 (tree under slot 4) mapping themselves, an L2 ->
 *    another pinned L2; the L2 reads itself through its self entry.
 * Refused with -EINVAL (Xen's errno, nothing changes): writable linear
 * entries at each level; cross-level entries (L4 -> L1 table, L2 -> L3
 * table); chains (a target may not get a linear entry to another table,
 * a holder may not become a target); update_va_mapping of an address
 * whose walk through the self-map ends at the L4 or an L2 (not an L1).
 * Clean: after the linear entries go, unpinned tables lose every type
 * reference (a writable mapping of them is accepted again); with linear
 * entries still in place the domain is torn down without leaks (run as a
 * domU; the test checks the hypervisor's teardown message is absent).
 */
#include "guest.h"

const char test_name[] = "mm_linear_pt";

#define SELF_SLOT 2
#define K2_SLOT	  3
#define TREE_SLOT 4
#define SLOT_VA(l4, l3, l2, l1)                                                \
	(((unsigned long)(l4) << 39) | ((unsigned long)(l3) << 30) |           \
	 ((unsigned long)(l2) << 21) | ((unsigned long)(l1) << 12))

static uint64_t k2[512] __page_aligned_bss;
static uint64_t t3[512] __page_aligned_bss;
static uint64_t t2[512] __page_aligned_bss;
static uint64_t t2b[512] __page_aligned_bss;
static uint64_t t1[512] __page_aligned_bss;

static const uint64_t ro = _PAGE_PRESENT | _PAGE_ACCESSED;
static const uint64_t rw = _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_RW;

static uint64_t ma_of(const void *table, unsigned idx)
{
	return (virt_to_mfn(table) << PAGE_SHIFT) + idx * 8;
}

static long set_entry(const void *table, unsigned idx, uint64_t val)
{
	struct mmu_update req = {ma_of(table, idx) | MMU_NORMAL_PT_UPDATE, val};

	return hc_mmu_update(&req, 1, NULL, DOMID_SELF);
}

static uint64_t ent(const void *target, uint64_t flags)
{
	return (virt_to_mfn(target) << PAGE_SHIFT) | flags;
}

static long mmuext(unsigned cmd, const void *table)
{
	struct mmuext_op op = {.cmd = cmd, .arg1.mfn = virt_to_mfn(table)};

	return hc_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static void flush(void)
{
	struct mmuext_op op = {.cmd = MMUEXT_TLB_FLUSH_LOCAL};

	check(hc_mmuext_op(&op, 1, NULL, DOMID_SELF) == 0, "flush failed");
}

#define EXPECT(call, want)                                                     \
	do {                                                                   \
		long rc_ = (call);                                             \
		check(rc_ == (want), "%s returned %ld, expected %ld", #call,   \
		      rc_, (long)(want));                                      \
	} while (0)

/* The L1 entry of va, read through a linear L4 entry in slot s. */
static uint64_t linear_pte(unsigned s, unsigned long va)
{
	unsigned long a = SLOT_VA(s, (va >> 39) & 511, (va >> 30) & 511,
				  (va >> 21) & 511);

	return ((volatile uint64_t *)a)[(va >> 12) & 511];
}

static void l4_cases(void)
{
	const uint64_t *k1 = kernel_l4();
	unsigned long va = (unsigned long)&k2[0];

	/* k2: a second kernel L4 (our slots), validated by the pin. */
	for (unsigned i = 0; i < 512; i++)
		if (i < 256 || i >= 272)
			k2[i] = k1[i];
	check(make_readonly(k2) == 0, "k2 read-only failed");
	EXPECT(mmuext(MMUEXT_PIN_L4_TABLE, k2), 0);

	EXPECT(set_entry(k1, SELF_SLOT, ent(k1, rw)), -XEN_EINVAL);
	EXPECT(set_entry(k1, SELF_SLOT, ent(k1, ro)), 0);
	flush();
	check(linear_pte(SELF_SLOT, va) == pte_read(va),
	      "self-map: pte %lx, walk %lx", linear_pte(SELF_SLOT, va),
	      pte_read(va));
	/* update_va_mapping where the walk ends at the L4 or an L2: no L1. */
	EXPECT(hc_update_va_mapping(SLOT_VA(SELF_SLOT, SELF_SLOT, SELF_SLOT, 7),
				    ent(k2, rw), 0),
	       -XEN_EINVAL);
	EXPECT(hc_update_va_mapping(SLOT_VA(SELF_SLOT, 511, 510, 7),
				    ent(k2, rw), 0),
	       -XEN_EINVAL);
	check(k1[7] == 0, "update_va_mapping wrote the L4: %lx", k1[7]);
	EXPECT(set_entry(k1, K2_SLOT, ent(k2, rw)), -XEN_EINVAL);
	EXPECT(set_entry(k1, K2_SLOT, ent(t1, ro)), -XEN_EINVAL); /* L1 */
	EXPECT(set_entry(k1, K2_SLOT, ent(t2, ro)), -XEN_EINVAL); /* L2 */
	check(k1[K2_SLOT] == 0, "refused entries changed slot %u: %lx", K2_SLOT,
	      k1[K2_SLOT]);
	EXPECT(set_entry(k1, K2_SLOT, ent(k2, ro)), 0);
	flush();
	check(linear_pte(K2_SLOT, va) == pte_read(va),
	      "k1 -> k2: pte %lx, walk %lx", linear_pte(K2_SLOT, va),
	      pte_read(va));
	/* Chains: k2 is a target, k1 a holder. */
	EXPECT(set_entry(k2, SELF_SLOT, ent(k1, ro)), -XEN_EINVAL);
	EXPECT(set_entry(k2, SELF_SLOT, ent(k2, ro)), 0); /* self: no ref */
	EXPECT(set_entry(k2, SELF_SLOT, 0), 0);
	printf("L4: self and L4 -> L4 read-only ok, hostile forms refused\n");
}

/* A tree at TREE_SLOT: t3 -> t2 -> t1 (normal), linear L3/L2 entries. */
static void l3_l2_cases(void)
{
	const uint64_t *k1 = kernel_l4();
	volatile uint64_t *t2_view =
		(volatile uint64_t *)SLOT_VA(TREE_SLOT, 0, 1, 1);

	t3[0] = ent(t2, rw);
	t2[0] = ent(t1, rw);
	check(make_readonly(t3) == 0 && make_readonly(t2) == 0 &&
		      make_readonly(t2b) == 0 && make_readonly(t1) == 0,
	      "tree read-only failed");
	EXPECT(set_entry(k1, TREE_SLOT, ent(t3, rw)), 0);
	EXPECT(mmuext(MMUEXT_PIN_L2_TABLE, t2b), 0);

	EXPECT(set_entry(t3, 1, ent(t3, rw)), -XEN_EINVAL);
	EXPECT(set_entry(t3, 1, ent(t3, ro)), 0);
	EXPECT(set_entry(t2, 1, ent(t2, rw)), -XEN_EINVAL);
	EXPECT(set_entry(t2, 4, ent(t3, ro)), -XEN_EINVAL); /* L2 -> L3 */
	EXPECT(set_entry(t2, 1, ent(t2, ro)), 0);
	flush();
	/* t3[0] -> t2, t2[1] -> t2 as L1, its entry 1 -> t2 as data. */
	check(t2_view[1] == t2[1], "t2 through itself: %lx, expected %lx",
	      t2_view[1], t2[1]);
	EXPECT(set_entry(t2, 3, ent(t2b, rw)), -XEN_EINVAL);
	EXPECT(set_entry(t2, 3, ent(t2b, ro)), 0);
	EXPECT(set_entry(t2b, 1, ent(t2, ro)), -XEN_EINVAL); /* chain */
	EXPECT(set_entry(t2b, 1, ent(t2b, ro)), 0);	     /* self */
	printf("L3/L2: self and L2 -> L2 read-only ok, hostile refused\n");
}

/* Unpinned, unlinked tables keep no type reference: RW maps work. */
static void teardown_cases(void)
{
	const uint64_t *k1 = kernel_l4();

	EXPECT(mmuext(MMUEXT_UNPIN_TABLE, k2), 0);
	EXPECT(remap_page(k2, virt_to_mfn(k2), rw | _PAGE_DIRTY),
	       -XEN_EINVAL); /* k1's linear entry still holds it */
	EXPECT(set_entry(k1, K2_SLOT, 0), 0);
	EXPECT(remap_page(k2, virt_to_mfn(k2), rw | _PAGE_DIRTY), 0);
	EXPECT(mmuext(MMUEXT_UNPIN_TABLE, t2b), 0);
	EXPECT(remap_page(t2b, virt_to_mfn(t2b), rw | _PAGE_DIRTY),
	       -XEN_EINVAL); /* t2[3] holds it */
	EXPECT(set_entry(t2, 3, 0), 0);
	EXPECT(remap_page(t2b, virt_to_mfn(t2b), rw | _PAGE_DIRTY), 0);
	/* k1's self-map and the L3/L2 self-maps stay: the domain's
	 * teardown must release everything anyway. */
	printf("teardown: unlinked tables free again\n");
}

void guest_main(void)
{
	map_shared_info();
	install_traps();
	l4_cases();
	l3_l2_cases();
	teardown_cases();
}
