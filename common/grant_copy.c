/*
 * Grant copies and the memory_op side of grant tables: GNTTABOP_copy
 * (netback's path: bytes between a granted frame and a local one, or two
 * granted ones), XENMEM_add_to_physmap as Xen answers a PV caller, and
 * XENMEM_acquire_resource for a domain's grant table frames (privcmd's
 * IOCTL_PRIVCMD_MMAP_RESOURCE, the toolstack seeding entries 0 and 1).
 *
 * Interface: gt_copy() from do_grant_table_op(); gnttab_add_to_physmap()
 * and gnttab_acquire_resource() from the PV memory_op.
 * Invariants: a copy pins each granted end (GTF_reading/GTF_writing set
 * for its duration) and holds a frame reference on both frames (a
 * writable type on the destination) while it copies, all under
 * gnttab_lock; nothing of it remains when the op returns.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/sched.h>
#include <asm/guest_access.h>
#include <public/memory.h>
#include "grant_table.h"

#define COPY_PAGE	   4096u /* a copy stays within one frame */
#define MEMOP_EXTENT_SHIFT 6

/* One end of a copy. */
struct copy_end {
	struct domain *d; /* owner, referenced */
	bool gref;	  /* named by a grant reference */
	bool ro;	  /* source end */
	bool pinned;	  /* gt_pin() done */
	bool held;	  /* frame reference taken */
	u64 mfn;
};

static int end_lookup(const struct gnttab_copy_ptr *p, bool gref,
		      struct copy_end *e)
{
	domid_t id = p->domid;

	e->gref = gref;
	if (id != DOMID_SELF && !gref)
		return GNTST_permission_denied; /* frames: only our own */
	if (id == DOMID_SELF)
		id = current->domain->domain_id;
	e->d = domain_lookup(id);
	return e->d ? GNTST_okay : GNTST_bad_domain;
}

/* Pin and reference one end (gnttab_lock held). */
static int end_claim(const struct gnttab_copy_ptr *p, struct copy_end *e)
{
	int st;

	if (e->gref) {
		if (!e->d->grant_table)
			return GNTST_bad_gntref;
		st = gt_pin(e->d, p->u.ref, current->domain->domain_id, e->ro,
			    &e->mfn);
		if (st)
			return st;
		e->pinned = true;
	} else {
		e->mfn = p->u.gmfn;
	}
	st = arch_gnttab_get_frame(e->d, e->mfn, !e->ro);
	e->held = !st;
	return st;
}

static void end_release(const struct gnttab_copy_ptr *p, struct copy_end *e)
{
	if (e->held)
		arch_gnttab_put_frame(e->mfn, !e->ro);
	if (e->pinned && e->d->grant_table)
		gt_unpin(e->d, p->u.ref, e->ro);
	e->held = e->pinned = false;
}

static int copy_claimed(const struct gnttab_copy *op, struct copy_end *src,
			struct copy_end *dst)
{
	int st = end_claim(&op->source, src);

	if (!st)
		st = end_claim(&op->dest, dst);
	if (!st)
		memmove((char *)arch_gnttab_frame_va(dst->mfn) +
				op->dest.offset,
			(char *)arch_gnttab_frame_va(src->mfn) +
				op->source.offset,
			op->len);
	end_release(&op->dest, dst);
	end_release(&op->source, src);
	return st;
}

static int copy_one(const struct gnttab_copy *op)
{
	struct copy_end src = {.ro = true}, dst = {.ro = false};
	int st;

	st = end_lookup(&op->source, op->flags & GNTCOPY_source_gref, &src);
	if (!st)
		st = end_lookup(&op->dest, op->flags & GNTCOPY_dest_gref, &dst);
	if (!st && (op->source.offset + op->len > COPY_PAGE ||
		    op->dest.offset + op->len > COPY_PAGE))
		st = GNTST_bad_copy_arg;
	if (!st) {
		spin_lock(&gnttab_lock);
		st = copy_claimed(op, &src, &dst);
		spin_unlock(&gnttab_lock);
	}
	if (src.d)
		put_domain(src.d);
	if (dst.d)
		put_domain(dst.d);
	return st;
}

long gt_copy(unsigned long uop, unsigned int count)
{
	struct gnttab_copy op;

	for (unsigned int i = 0; i < count; i++, uop += sizeof(op)) {
		if (copy_from_guest(&op, uop, sizeof(op)))
			return -EFAULT;
		op.status = (int16_t)copy_one(&op);
		if (copy_to_guest(uop + offsetof(typeof(op), status),
				  &op.status, sizeof(op.status)))
			return -EFAULT;
	}
	return 0;
}

/* ---- memory_op ---- */

/*
 * PV guests are not translated: Xen refuses every space with -EACCES once
 * the domain is found (Linux PV uses GNTTABOP_setup_table instead).
 */
long gnttab_add_to_physmap(unsigned long arg, unsigned long start)
{
	struct xen_add_to_physmap x;
	struct domain *d;
	int st;

	if (start != (uint16_t)start)
		return -EDOM;
	if (copy_from_guest(&x, arg, sizeof(x)))
		return -EFAULT;
	if (x.space == XENMAPSPACE_gmfn_foreign)
		return -ENOSYS;
	d = gt_target(x.domid, true, &st);
	if (!d)
		return st == GNTST_permission_denied ? -EACCES : -ESRCH;
	put_domain(d);
	return -EACCES;
}

/* Frames [first, first + nr) of d's table as MFNs to list; 0 or -errno. */
static long acquire_frames(struct domain *d, u64 first, unsigned int nr,
			   unsigned long list)
{
	long rc = -EINVAL;

	spin_lock(&gnttab_lock);
	if (d->grant_table && !gt_grow(d, (unsigned int)(first + nr)))
		rc = 0;
	for (unsigned int i = 0; !rc && i < nr; i++) {
		xen_pfn_t f = arch_gnttab_frame_mfn(
			d->grant_table->frames[first + i]);

		if (copy_to_guest(list + i * sizeof(f), &f, sizeof(f)))
			rc = -EFAULT;
	}
	spin_unlock(&gnttab_lock);
	return rc;
}

static unsigned int
resource_max_frames(struct domain *d, const struct xen_mem_acquire_resource *r)
{
	unsigned int max = 0;

	if (r->id != XENMEM_resource_grant_table_id_shared)
		return 0; /* no status frames without v2 */
	spin_lock(&gnttab_lock);
	if (d->grant_table)
		max = d->grant_table->frames ? d->grant_table->max_frames
					     : d->max_grant_frames;
	spin_unlock(&gnttab_lock);
	return max;
}

static long acquire_checked(struct domain *d,
			    struct xen_mem_acquire_resource *r,
			    unsigned long arg, unsigned long start)
{
	unsigned int max;

	if (!current->domain->is_privileged)
		return -EPERM;
	if (r->type != XENMEM_resource_grant_table)
		return -EOPNOTSUPP;
	max = resource_max_frames(d, r);
	if (!max)
		return -EINVAL;
	if (!r->frame_list.p) { /* how large is it? */
		if (r->nr_frames || start)
			return -EINVAL;
		r->nr_frames = max;
		return copy_to_guest(arg + offsetof(typeof(*r), nr_frames),
				     &r->nr_frames, sizeof(r->nr_frames))
			       ? -EFAULT
			       : 0;
	}
	if (start >= r->nr_frames || r->nr_frames > (~0u >> MEMOP_EXTENT_SHIFT))
		return -EINVAL;
	return acquire_frames(d, r->frame + start, r->nr_frames - start,
			      (unsigned long)r->frame_list.p +
				      start * sizeof(xen_pfn_t));
}

long gnttab_acquire_resource(unsigned long arg, unsigned long start)
{
	struct xen_mem_acquire_resource r;
	struct domain *d;
	long rc;

	if (copy_from_guest(&r, arg, sizeof(r)))
		return -EFAULT;
	if (r.pad)
		return -EINVAL;
	if ((r.frame >> 32) || ((r.frame + r.nr_frames) >> 32))
		return -EINVAL;
	d = r.domid == DOMID_SELF ? NULL : domain_lookup(r.domid);
	if (!d)
		return -ESRCH;
	rc = d == current->domain ? -EPERM : acquire_checked(d, &r, arg, start);
	put_domain(d);
	return rc;
}
