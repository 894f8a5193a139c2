/*
 * PV linear ("recursive") page tables, as Xen 4.17 allows them by default
 * (its pv-linear-pt option): an L2, L3 or L4 entry may map a table of its
 * own level instead of the next lower one, so that the guest can read its
 * page tables through the hardware walk.
 *
 * Interface: the entry code of pv/mm.c calls pv_get_linear_entry() when
 * an upper-level entry's normal references fail with -EINVAL, and
 * pv_put_linear_entry() (when pv_is_linear_entry()) instead of the normal
 * release.  All under the MMU lock.
 *
 * Rules (Xen's get_<level>_linear_pagetable):
 *  - the entry must be read-only, or the guest could write its PTEs;
 *  - an entry mapping its own table takes no reference at all (so a
 *    table can be validated while it maps itself);
 *  - otherwise the target must belong to the same domain and already be
 *    a validated table of the same level; the entry holds a general and
 *    a type reference on it, like a normal entry;
 *  - a table holding such entries may not be the target of one, and a
 *    target may not hold any: linear_pt_count > 0 counts the linear
 *    entries a table holds, < 0 the linear entries that map it.
 * Invariants: the last rule keeps every chain of linear entries one step
 * long, so the type references stay acyclic: unpinning and teardown
 * release everything (a table's entries go when its type count reaches
 * 0, then its targets' counts drop).  Every other table of a linear walk
 * is reached read-only; walkers that want an L1 check its level.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/page.h>
#include <asm/pv_mm.h>

#define LINEAR_MAX 0x7fff0000 /* either sign: far below overflow */

static unsigned long entry_mfn(pte_t e)
{
	return (e & PADDR_MASK) >> PAGE_SHIFT;
}

static unsigned long level_type(unsigned int level)
{
	return (unsigned long)level << PGT_type_shift;
}

bool pv_is_linear_entry(pte_t e, unsigned int level, const struct page_info *pt)
{
	unsigned long mfn = entry_mfn(e);

	if (level < 2 || !(e & _PAGE_PRESENT))
		return false;
	if (mfn == mfn_x(page_to_mfn(pt)))
		return true;
	/* The entry's type reference pins the target's type. */
	return mfn < max_page && (mfn_to_page(_mfn(mfn))->type_info &
				  PGT_type_mask) == level_type(level);
}

/* Target tg: a validated level-`level` table with room for one more. */
static bool target_ok(const struct page_info *tg, unsigned int level)
{
	unsigned long t = tg->type_info;

	return (t & (PGT_type_mask | PGT_validated)) ==
		       (level_type(level) | PGT_validated) &&
	       (t & PGT_count_mask) != PGT_count_mask;
}

int pv_get_linear_entry(pte_t e, unsigned int level, struct page_info *pt,
			struct domain *d)
{
	unsigned long mfn = entry_mfn(e);
	struct page_info *tg;

	if (level < 2 || (e & _PAGE_RW))
		return -EINVAL;
	if (mfn == mfn_x(page_to_mfn(pt)))
		return 0;
	tg = pv_owned_page(d, mfn);
	if (!tg || pt->u.owner != d)
		return -EINVAL;
	if (pt->linear_pt_count < 0 || pt->linear_pt_count >= LINEAR_MAX ||
	    tg->linear_pt_count > 0 || tg->linear_pt_count <= -LINEAR_MAX ||
	    !target_ok(tg, level))
		return -EINVAL;
	if (get_page_and_type(tg, d, level_type(level)))
		return -EINVAL;
	pt->linear_pt_count++;
	tg->linear_pt_count--;
	return 0;
}

void pv_put_linear_entry(pte_t e, struct page_info *pt)
{
	struct page_info *tg;

	if (entry_mfn(e) == mfn_x(page_to_mfn(pt)))
		return;
	tg = mfn_to_page(_mfn(entry_mfn(e)));
	BUG_ON(pt->linear_pt_count <= 0 || tg->linear_pt_count >= 0);
	pt->linear_pt_count--;
	tg->linear_pt_count++;
	put_page_and_type(tg);
}
