/*
 * Rangesets: sets of unsigned long values kept as a sorted array of
 * inclusive ranges.  The domctls that grant a domain I/O ports, machine
 * frames or interrupts write them; the checks on the guest's use of
 * those resources read them.
 *
 * Interface: include/xen/rangeset.h (and iocap_update() of
 * include/xen/iocap.h, the lazily created caps of a domain).  Any CPU
 * may call any function concurrently except rangeset_destroy().
 * Invariants (under r->lock): ranges[0..nr) are sorted, each s <= e, and
 * neither overlap nor touch (ranges[i].e + 1 < ranges[i + 1].s), so each
 * set has exactly one representation; cap >= nr.  An update that cannot
 * get memory changes nothing.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/iocap.h>
#include <xen/rangeset.h>
#include <xen/spinlock.h>

#define RANGESET_MAX 4096 /* ranges per set: bounds the heap a set takes */

struct range {
	unsigned long s, e; /* inclusive */
};

struct rangeset {
	spinlock_t lock;      /* guards everything below */
	unsigned int nr, cap; /* ranges in use / allocated */
	struct range *ranges; /* [cap], sorted, see Invariants */
};

struct rangeset *rangeset_new(void)
{
	struct rangeset *r = xzalloc(struct rangeset);

	if (r)
		spin_lock_init(&r->lock);
	return r;
}

void rangeset_destroy(struct rangeset *r)
{
	if (!r)
		return;
	xfree(r->ranges);
	xfree(r);
}

/* Caller holds r->lock.  Index of the first range with e >= v. */
static unsigned int first_ending_at_or_after(const struct rangeset *r,
					     unsigned long v)
{
	unsigned int lo = 0, hi = r->nr;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (r->ranges[mid].e < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Caller holds r->lock.  Replace ranges [i, j) by the n (0-2) ranges of
 * repl; -ENOMEM (nothing changed) if the array cannot grow.
 */
static int splice(struct rangeset *r, unsigned int i, unsigned int j,
		  const struct range *repl, unsigned int n)
{
	unsigned int nr = r->nr - (j - i) + n;

	if (nr > r->cap) {
		unsigned int cap = MAX(r->cap * 2, 4u);
		struct range *a;

		if (nr > RANGESET_MAX)
			return -ENOMEM;
		a = xmalloc_array(struct range, MIN(cap, RANGESET_MAX));
		if (!a)
			return -ENOMEM;
		if (r->nr)
			memcpy(a, r->ranges, r->nr * sizeof(*a));
		xfree(r->ranges);
		r->ranges = a;
		r->cap = MIN(cap, RANGESET_MAX);
	}
	memmove(&r->ranges[i + n], &r->ranges[j],
		(r->nr - j) * sizeof(r->ranges[0]));
	memcpy(&r->ranges[i], repl, n * sizeof(*repl));
	r->nr = nr;
	return 0;
}

int rangeset_add_range(struct rangeset *r, unsigned long s, unsigned long e)
{
	struct range m = {s, e};
	unsigned int i, j;
	unsigned long flags;
	int rc;

	if (s > e)
		return -EINVAL;
	spin_lock_irqsave(&r->lock, flags);
	/* Ranges that overlap or touch [s, e] merge with it. */
	i = first_ending_at_or_after(r, s ? s - 1 : 0);
	for (j = i; j < r->nr && (e == ~0UL || r->ranges[j].s <= e + 1); j++) {
		m.s = MIN(m.s, r->ranges[j].s);
		m.e = MAX(m.e, r->ranges[j].e);
	}
	rc = splice(r, i, j, &m, 1);
	spin_unlock_irqrestore(&r->lock, flags);
	return rc;
}

int rangeset_remove_range(struct rangeset *r, unsigned long s, unsigned long e)
{
	struct range keep[2];
	unsigned int i, j, n = 0;
	unsigned long flags;
	int rc;

	if (s > e)
		return -EINVAL;
	spin_lock_irqsave(&r->lock, flags);
	i = first_ending_at_or_after(r, s);
	for (j = i; j < r->nr && r->ranges[j].s <= e; j++)
		;
	/* What the first and last overlapping ranges keep outside [s, e]. */
	if (i < j && r->ranges[i].s < s)
		keep[n++] = (struct range){r->ranges[i].s, s - 1};
	if (i < j && r->ranges[j - 1].e > e)
		keep[n++] = (struct range){e + 1, r->ranges[j - 1].e};
	rc = i < j ? splice(r, i, j, keep, n) : 0;
	spin_unlock_irqrestore(&r->lock, flags);
	return rc;
}

bool rangeset_contains_range(struct rangeset *r, unsigned long s,
			     unsigned long e)
{
	unsigned long flags;
	unsigned int i;
	bool in;

	if (!r || s > e)
		return false;
	spin_lock_irqsave(&r->lock, flags);
	i = first_ending_at_or_after(r, e);
	in = i < r->nr && r->ranges[i].s <= s;
	spin_unlock_irqrestore(&r->lock, flags);
	return in;
}

bool rangeset_overlaps_range(struct rangeset *r, unsigned long s,
			     unsigned long e)
{
	unsigned long flags;
	unsigned int i;
	bool any;

	if (!r || s > e)
		return false;
	spin_lock_irqsave(&r->lock, flags);
	i = first_ending_at_or_after(r, s);
	any = i < r->nr && r->ranges[i].s <= e;
	spin_unlock_irqrestore(&r->lock, flags);
	return any;
}

unsigned int rangeset_nr_ranges(struct rangeset *r)
{
	unsigned long flags;
	unsigned int n;

	if (!r)
		return 0;
	spin_lock_irqsave(&r->lock, flags);
	n = r->nr;
	spin_unlock_irqrestore(&r->lock, flags);
	return n;
}

int iocap_update(struct rangeset **rp, unsigned long s, unsigned long e,
		 bool allow)
{
	struct rangeset *r = *rp;

	if (!r && !allow)
		return 0;
	if (!r) {
		if (!(r = rangeset_new()))
			return -ENOMEM;
		if (rangeset_add_range(r, s, e)) {
			rangeset_destroy(r);
			return -ENOMEM;
		}
		__atomic_store_n(rp, r, __ATOMIC_RELEASE); /* complete first */
		return 0;
	}
	return allow ? rangeset_add_range(r, s, e)
		     : rangeset_remove_range(r, s, e);
}
