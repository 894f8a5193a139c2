/*
 * Grant tables, version 1 (grant_table_op, hypercall 20): a domain grants
 * another one access to a frame through an entry of its table; the other
 * maps it (map/unmap_grant_ref, unmap_and_replace) or copies through it
 * (GNTTABOP_copy, grant_copy.c).  Version 2 is not offered (Xen 4.17
 * with v2 disabled).
 *
 * Interface: gnttab_domain_init() at domain creation (the limits are read
 * from d->max_grant_frames / max_maptrack_frames when the table first
 * grows, so the toolstack may set them before that);
 * gnttab_domain_release() at teardown; do_grant_table_op().
 * Invariants (all under gnttab_lock, which nests outside the MMU lock):
 *  - An active entry is pinned (ro_pins + rw_pins > 0) exactly while some
 *    maptrack entry or a copy in progress uses it; its shared entry then
 *    has GTF_reading, and GTF_writing while rw_pins > 0.  The hypervisor
 *    changes the shared flags only with atomic operations.
 *  - A maptrack entry in use holds one pin of rd's entry (while rd's
 *    table exists), one domain reference to rd, and, for a device map, a
 *    frame reference (see include/xen/grant_table.h for host maps).
 *  - A table frame holds one reference for the table until release; it
 *    is d's frame, so it outlives d while another domain maps it.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/hypercall.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/guest_access.h>
#include "grant_table.h"

#define GNTTABOP_CMD_MASK 0xfffu /* the low 12 bits name the op (as Xen) */
#define SHARED_RETRIES	  5	 /* cmpxchg rounds against a racing guest */

DEFINE_SPINLOCK(gnttab_lock);

int gnttab_domain_init(struct domain *d)
{
	d->grant_table = xzalloc_unshared(struct grant_table);
	if (!d->grant_table)
		return -ENOMEM;
	d->grant_table->mt_free = MT_NONE;
	return 0;
}

struct domain *gt_target(domid_t dom, bool any, int *st)
{
	struct domain *cd = current->domain, *d;

	if (dom == DOMID_SELF)
		dom = cd->domain_id;
	d = domain_lookup(dom);
	*st = GNTST_bad_domain;
	if (d && d != cd && !(any && cd->is_privileged)) {
		put_domain(d);
		*st = GNTST_permission_denied;
		return NULL;
	}
	if (d && !d->grant_table) {
		put_domain(d);
		return NULL;
	}
	return d;
}

void gt_put_target(struct domain *d)
{
	if (d)
		put_domain(d);
}

/* ---- table frames and entries ---- */

/* The per-frame arrays, sized by the limits in force at the first use. */
static int gt_arrays(struct domain *d, struct grant_table *gt)
{
	unsigned int n = d->max_grant_frames;

	if (gt->frames)
		return 0;
	gt->frames = xzalloc_unshared_bytes(n * sizeof(*gt->frames) + 1);
	gt->shared = xzalloc_unshared_bytes(n * sizeof(*gt->shared) + 1);
	gt->active = xzalloc_unshared_bytes(n * sizeof(*gt->active) + 1);
	if (!gt->frames || !gt->shared || !gt->active) {
		xfree(gt->frames);
		xfree(gt->shared);
		xfree(gt->active);
		gt->frames = NULL;
		gt->shared = NULL;
		gt->active = NULL;
		return -ENOMEM;
	}
	gt->max_frames = n;
	return 0;
}

int gt_grow(struct domain *d, unsigned int nr)
{
	struct grant_table *gt = d->grant_table;
	int rc = gt_arrays(d, gt);

	if (rc)
		return rc;
	if (nr > gt->max_frames)
		return -EINVAL;
	while (gt->nr_frames < nr) {
		unsigned int i = gt->nr_frames;
		struct page_info *pg;

		gt->active[i] = xzalloc_unshared_bytes(
			GT_ENTRIES_PER_FRAME * sizeof(struct active_grant));
		pg = gt->active[i] ? arch_gnttab_alloc_frame(d) : NULL;
		if (!pg) {
			xfree(gt->active[i]);
			gt->active[i] = NULL;
			return -ENOMEM;
		}
		gt->frames[i] = pg;
		gt->shared[i] = arch_gnttab_frame_va(arch_gnttab_frame_mfn(pg));
		gt->nr_frames = i + 1;
	}
	return 0;
}

struct grant_entry_v1 *gt_entry(struct grant_table *gt, grant_ref_t ref)
{
	if (!gt || ref >= gt->nr_frames * GT_ENTRIES_PER_FRAME)
		return NULL;
	return &gt->shared[ref / GT_ENTRIES_PER_FRAME]
			  [ref % GT_ENTRIES_PER_FRAME];
}

struct active_grant *gt_active(struct grant_table *gt, grant_ref_t ref)
{
	return &gt->active[ref / GT_ENTRIES_PER_FRAME]
			  [ref % GT_ENTRIES_PER_FRAME];
}

/* flags and domid of an entry as one word, as the guest writes them. */
static u32 *entry_word(struct grant_entry_v1 *e)
{
	return (u32 *)e;
}

/* Set GTF_reading (+ GTF_writing) if the entry grants ld that access. */
static int set_status(struct grant_entry_v1 *e, bool pinned, domid_t ld,
		      bool ro)
{
	u32 old = __atomic_load_n(entry_word(e), __ATOMIC_SEQ_CST);

	for (unsigned int i = 0; i < SHARED_RETRIES; i++) {
		u16 flags = (u16)old, domid = (u16)(old >> 16);
		u32 nw = old | GTF_reading | (ro ? 0 : GTF_writing);

		if (!pinned && ((flags & GTF_type_mask) != GTF_permit_access ||
				domid != ld))
			return GNTST_general_error;
		if (!ro && (flags & GTF_readonly))
			return GNTST_general_error;
		if (__atomic_compare_exchange_n(entry_word(e), &old, nw, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			return GNTST_okay;
	}
	return GNTST_general_error; /* the guest keeps changing it */
}

int gt_pin(struct domain *rd, grant_ref_t ref, domid_t ld, bool ro, u64 *mfn)
{
	struct grant_table *gt = rd->grant_table;
	struct grant_entry_v1 *e = gt_entry(gt, ref);
	struct active_grant *a;
	bool pinned;
	int st;

	if (!e)
		return GNTST_bad_gntref;
	a = gt_active(gt, ref);
	pinned = a->ro_pins || a->rw_pins;
	if (pinned && a->domid != ld)
		return GNTST_general_error;
	if (!pinned || (!ro && !a->rw_pins)) {
		st = set_status(e, pinned, ld, ro);
		if (st)
			return st;
	}
	if (!pinned) {
		a->domid = ld;
		a->mfn = READ_ONCE(e->frame);
	}
	if (ro)
		a->ro_pins++;
	else
		a->rw_pins++;
	*mfn = a->mfn;
	return GNTST_okay;
}

void gt_unpin(struct domain *rd, grant_ref_t ref, bool ro)
{
	struct grant_table *gt = rd->grant_table;
	struct grant_entry_v1 *e = gt_entry(gt, ref);
	struct active_grant *a;

	if (!e)
		return; /* rd's table is gone: nothing to tell it */
	a = gt_active(gt, ref);
	if (ro)
		a->ro_pins--;
	else
		a->rw_pins--;
	if (!a->rw_pins)
		__atomic_fetch_and(&e->flags, (u16)~GTF_writing,
				   __ATOMIC_SEQ_CST);
	if (!a->rw_pins && !a->ro_pins)
		__atomic_fetch_and(&e->flags, (u16)~GTF_reading,
				   __ATOMIC_SEQ_CST);
}

/* ---- maptrack ---- */

static struct maptrack *mt_entry(struct grant_table *gt, u32 h)
{
	if (h >= gt->mt_chunks * MT_PER_CHUNK)
		return NULL;
	return &gt->mt[h / MT_PER_CHUNK][h % MT_PER_CHUNK];
}

static bool mt_add_chunk(struct domain *d, struct grant_table *gt)
{
	struct maptrack *c;

	if (!gt->mt) {
		gt->mt_max_chunks = d->max_maptrack_frames;
		gt->mt = xzalloc_unshared_bytes(
			gt->mt_max_chunks * sizeof(*gt->mt) + 1);
		if (!gt->mt)
			return false;
	}
	if (gt->mt_chunks >= gt->mt_max_chunks)
		return false;
	c = xzalloc_unshared_bytes(MT_PER_CHUNK * sizeof(*c));
	if (!c)
		return false;
	for (u32 i = 0; i < MT_PER_CHUNK; i++)
		c[i].next_free = i + 1 < MT_PER_CHUNK
					 ? gt->mt_chunks * MT_PER_CHUNK + i + 1
					 : gt->mt_free;
	gt->mt_free = gt->mt_chunks * MT_PER_CHUNK;
	gt->mt[gt->mt_chunks++] = c;
	return true;
}

/* A free handle of d, or MT_NONE when the maptrack limit is reached. */
static u32 mt_get(struct domain *d)
{
	struct grant_table *gt = d->grant_table;
	u32 h;

	if (gt->mt_free == MT_NONE && !mt_add_chunk(d, gt))
		return MT_NONE;
	h = gt->mt_free;
	gt->mt_free = mt_entry(gt, h)->next_free;
	return h;
}

static void mt_put(struct grant_table *gt, u32 h)
{
	struct maptrack *m = mt_entry(gt, h);

	m->flags = 0;
	m->next_free = gt->mt_free;
	gt->mt_free = h;
}

/* ---- map ---- */

/* The frame's references and mappings for op; GNTST_*. */
static int map_frame(struct domain *rd, struct gnttab_map_grant_ref *op,
		     u64 mfn, u64 *pte_ma)
{
	bool ro = op->flags & GNTMAP_readonly;
	int st;

	if (op->flags & GNTMAP_device_map) {
		st = arch_gnttab_get_frame(rd, mfn, !ro);
		if (st)
			return st;
	}
	if (op->flags & GNTMAP_host_map) {
		st = arch_gnttab_create_host(rd, op->host_addr, op->flags, mfn,
					     pte_ma);
		if (st) {
			if (op->flags & GNTMAP_device_map)
				arch_gnttab_put_frame(mfn, !ro);
			return st;
		}
	}
	return GNTST_okay;
}

static int map_one(struct domain *ld, struct domain *rd,
		   struct gnttab_map_grant_ref *op)
{
	bool ro = op->flags & GNTMAP_readonly;
	struct maptrack *m;
	u64 mfn, pte_ma = 0;
	u32 h;
	int st;

	h = mt_get(ld);
	if (h == MT_NONE)
		return GNTST_no_space;
	st = gt_pin(rd, op->ref, ld->domain_id, ro, &mfn);
	if (!st) {
		st = map_frame(rd, op, mfn, &pte_ma);
		if (st)
			gt_unpin(rd, op->ref, ro);
	}
	m = mt_entry(ld->grant_table, h);
	if (st) {
		mt_put(ld->grant_table, h);
		return st;
	}
	get_domain(rd); /* cannot fail: the caller holds a reference */
	*m = (struct maptrack){.flags = op->flags,
			       .ref = op->ref,
			       .dom = op->dom,
			       .rd = rd,
			       .mfn = mfn,
			       .pte_ma = pte_ma};
	op->handle = h;
	op->dev_bus_addr = mfn << 12;
	return GNTST_okay;
}

static void map_grant_ref(struct gnttab_map_grant_ref *op)
{
	struct domain *ld = current->domain, *rd;

	if (!(op->flags & (GNTMAP_device_map | GNTMAP_host_map))) {
		op->status = GNTST_bad_gntref; /* as Xen: "bad flags" */
		return;
	}
	rd = domain_lookup(op->dom);
	if (!rd) {
		op->status = GNTST_bad_domain;
		return;
	}
	spin_lock(&gnttab_lock);
	op->status = rd->grant_table ? map_one(ld, rd, op) : GNTST_bad_gntref;
	spin_unlock(&gnttab_lock);
	put_domain(rd);
}

static long gt_map(unsigned long uop, unsigned int count)
{
	struct gnttab_map_grant_ref op;

	for (unsigned int i = 0; i < count; i++, uop += sizeof(op)) {
		if (copy_from_guest(&op, uop, sizeof(op)))
			return -EFAULT;
		map_grant_ref(&op);
		if (copy_to_guest(uop, &op, sizeof(op)))
			return -EFAULT;
	}
	return 0;
}

/* ---- unmap ---- */

/* Drop what is left of mapping h once neither kind remains. */
static void mt_finish(struct grant_table *gt, u32 h)
{
	struct maptrack *m = mt_entry(gt, h);
	struct domain *rd = m->rd;

	if (m->flags & (GNTMAP_device_map | GNTMAP_host_map))
		return;
	gt_unpin(rd, m->ref, m->flags & GNTMAP_readonly);
	mt_put(gt, h);
	put_domain(rd);
}

/*
 * Unmap (new_addr != 0: unmap and replace) handle h of current, under
 * gnttab_lock.  *gone: the mapping has no kind left; the caller flushes
 * the TLBs (arch_gnttab_flush) and only then mt_finish()es it, so the
 * granter never gets its frame back while a CPU may still translate it.
 */
static int unmap_one(u32 h, u64 host_addr, u64 dev_bus_addr, u64 new_addr,
		     bool *gone)
{
	struct grant_table *gt = current->domain->grant_table;
	struct maptrack *m = mt_entry(gt, h);
	bool ro;
	int st;

	*gone = false;
	/* No kind left: unmapped already (earlier in the same batch, too). */
	if (!m || !(m->flags & (GNTMAP_device_map | GNTMAP_host_map)))
		return GNTST_bad_handle;
	ro = m->flags & GNTMAP_readonly;
	if (dev_bus_addr && (m->flags & GNTMAP_device_map) &&
	    dev_bus_addr != m->mfn << 12)
		return GNTST_bad_dev_addr;
	if (host_addr && (m->flags & GNTMAP_host_map)) {
		st = arch_gnttab_replace_host(host_addr, new_addr, m->flags,
					      m->mfn);
		if (st && !m->rd->grant_table) {
			/*
			 * The guest zapped the PTE itself and the granter is
			 * gone (Xen would crash us): forget the mapping.
			 */
			m->flags &= ~GNTMAP_host_map;
			mt_finish(gt, h);
		}
		if (st)
			return st;
		m->flags &= ~GNTMAP_host_map;
	}
	if (dev_bus_addr && (m->flags & GNTMAP_device_map)) {
		arch_gnttab_put_frame(m->mfn, !ro);
		m->flags &= ~GNTMAP_device_map;
	}
	/* Keep GNTMAP_readonly for the unpin: clear only the kinds. */
	*gone = !(m->flags & (GNTMAP_device_map | GNTMAP_host_map));
	return GNTST_okay;
}

/*
 * Unmap ops are read, done and flushed UNMAP_BATCH at a time: one TLB
 * flush per batch instead of one per entry (backends unmap dozens).
 */
#define UNMAP_BATCH 32

static long gt_unmap(unsigned long uop, unsigned int count)
{
	struct grant_table *gt = current->domain->grant_table;
	struct gnttab_unmap_grant_ref op[UNMAP_BATCH];
	bool gone[UNMAP_BATCH];
	unsigned int i, k, n;
	long rc = 0;

	for (i = 0; i < count && !rc; i += n) {
		n = count - i < UNMAP_BATCH ? count - i : UNMAP_BATCH;
		for (k = 0; k < n; k++)
			if (copy_from_guest(&op[k], uop + (i + k) * sizeof(op[0]),
					    sizeof(op[0])))
				break;
		if (k < n) { /* done up to the op that could not be read */
			n = k;
			rc = -EFAULT;
		}
		spin_lock(&gnttab_lock);
		for (k = 0; k < n; k++)
			op[k].status = unmap_one(op[k].handle, op[k].host_addr,
						 op[k].dev_bus_addr, 0, &gone[k]);
		if (n)
			arch_gnttab_flush();
		for (k = 0; k < n; k++)
			if (gone[k])
				mt_finish(gt, op[k].handle);
		spin_unlock(&gnttab_lock);
		for (k = 0; k < n; k++)
			if (copy_to_guest(uop + (i + k) * sizeof(op[0]) +
						  offsetof(typeof(op[0]), status),
					  &op[k].status, sizeof(op[k].status)))
				return -EFAULT;
	}
	return rc;
}

static long gt_unmap_and_replace(unsigned long uop, unsigned int count)
{
	struct grant_table *gt = current->domain->grant_table;
	struct gnttab_unmap_and_replace op;
	bool gone;

	for (unsigned int i = 0; i < count; i++, uop += sizeof(op)) {
		if (copy_from_guest(&op, uop, sizeof(op)))
			return -EFAULT;
		spin_lock(&gnttab_lock);
		op.status = unmap_one(op.handle, op.host_addr, 0, op.new_addr,
				      &gone);
		arch_gnttab_flush();
		if (gone)
			mt_finish(gt, op.handle);
		spin_unlock(&gnttab_lock);
		if (copy_to_guest(uop + offsetof(typeof(op), status),
				  &op.status, sizeof(op.status)))
			return -EFAULT;
	}
	return 0;
}

/* ---- table size and version ---- */

static int setup_frames(struct domain *d, struct gnttab_setup_table *op)
{
	struct grant_table *gt = d->grant_table;
	unsigned long list = (unsigned long)op->frame_list.p;
	unsigned int max = gt->frames ? gt->max_frames : d->max_grant_frames;

	if (op->nr_frames > max || gt_grow(d, op->nr_frames))
		return GNTST_general_error;
	for (unsigned int i = 0; i < op->nr_frames; i++) {
		xen_pfn_t f = arch_gnttab_frame_mfn(gt->frames[i]);

		if (copy_to_guest(list + i * sizeof(f), &f, sizeof(f)))
			return GNTST_bad_virt_addr;
	}
	return GNTST_okay;
}

static long gt_setup_table(unsigned long uop, unsigned int count)
{
	struct gnttab_setup_table op;
	struct domain *d;
	int st;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	if (!guest_range_ok((unsigned long)op.frame_list.p,
			    (unsigned long)op.nr_frames * sizeof(xen_pfn_t)))
		return -EFAULT;
	d = gt_target(op.dom, true, &st);
	if (d) {
		spin_lock(&gnttab_lock);
		st = d->grant_table ? setup_frames(d, &op) : GNTST_bad_domain;
		spin_unlock(&gnttab_lock);
	}
	gt_put_target(d);
	op.status = (int16_t)st;
	if (copy_to_guest(uop + offsetof(typeof(op), status), &op.status,
			  sizeof(op.status)))
		return -EFAULT;
	return 0;
}

static long gt_query_size(unsigned long uop, unsigned int count)
{
	struct gnttab_query_size op;
	struct domain *d;
	int st;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	d = gt_target(op.dom, true, &st);
	if (d) {
		struct grant_table *gt;

		spin_lock(&gnttab_lock);
		gt = d->grant_table;
		st = gt ? GNTST_okay : GNTST_bad_domain;
		if (gt) {
			op.nr_frames = gt->nr_frames;
			op.max_nr_frames = gt->frames ? gt->max_frames
						      : d->max_grant_frames;
		}
		spin_unlock(&gnttab_lock);
	}
	gt_put_target(d);
	op.status = (int16_t)st;
	return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

/* Version 1 only: 2 is refused as by Xen built without v2 support. */
static long gt_set_version(unsigned long uop)
{
	struct gnttab_set_version op;
	long rc = 0;

	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	if (op.version != 1 && op.version != 2)
		rc = -EINVAL;
	else if (op.version == 2)
		rc = -ENOSYS;
	op.version = 1;
	return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : rc;
}

static long gt_get_version(unsigned long uop)
{
	struct gnttab_get_version op;
	struct domain *d;
	int st;

	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	d = gt_target(op.dom, true, &st);
	if (!d)
		return st == GNTST_permission_denied ? -EPERM : -ESRCH;
	put_domain(d);
	op.version = 1;
	if (copy_to_guest(uop + offsetof(typeof(op), version), &op.version,
			  sizeof(op.version)))
		return -EFAULT;
	return 0;
}

/* A v1 table has no status frames: any request for one fails. */
static long gt_get_status_frames(unsigned long uop, unsigned int count)
{
	struct gnttab_get_status_frames op;
	struct domain *d;
	int st;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	if (!guest_range_ok((unsigned long)op.frame_list.p,
			    (unsigned long)op.nr_frames * sizeof(uint64_t)))
		return -EFAULT;
	d = gt_target(op.dom, true, &st);
	if (d)
		st = op.nr_frames ? GNTST_general_error : GNTST_okay;
	gt_put_target(d);
	op.status = (int16_t)st;
	if (copy_to_guest(uop + offsetof(typeof(op), status), &op.status,
			  sizeof(op.status)))
		return -EFAULT;
	return 0;
}

long do_grant_table_op(unsigned long cmd_arg, unsigned long uop,
		       unsigned long count)
{
	unsigned int cmd = (unsigned int)cmd_arg; /* the ABI's width */

	if ((int)count < 0)
		return -EINVAL;
	if ((cmd & ~GNTTABOP_CMD_MASK) &&
	    (cmd & GNTTABOP_CMD_MASK) != GNTTABOP_cache_flush)
		return -EINVAL;
	switch (cmd & GNTTABOP_CMD_MASK) {
	case GNTTABOP_map_grant_ref:
		return gt_map(uop, (unsigned int)count);
	case GNTTABOP_unmap_grant_ref:
		return gt_unmap(uop, (unsigned int)count);
	case GNTTABOP_unmap_and_replace:
		return gt_unmap_and_replace(uop, (unsigned int)count);
	case GNTTABOP_setup_table:
		return gt_setup_table(uop, (unsigned int)count);
	case GNTTABOP_copy:
		return gt_copy(uop, (unsigned int)count);
	case GNTTABOP_query_size:
		return gt_query_size(uop, (unsigned int)count);
	case GNTTABOP_set_version:
		return gt_set_version(uop);
	case GNTTABOP_get_status_frames:
		return gt_get_status_frames(uop, (unsigned int)count);
	case GNTTABOP_get_version:
		return gt_get_version(uop);
	default: /* dump_table, transfer, swap_grant_ref, cache_flush */
		return -ENOSYS;
	}
}

/* ---- teardown ---- */

/* Force-unmap everything d mapped. */
static void release_mappings(struct domain *d, struct grant_table *gt)
{
	for (u32 h = 0; h < gt->mt_chunks * MT_PER_CHUNK; h++) {
		struct maptrack *m = mt_entry(gt, h);

		if (!m->flags)
			continue;
		if (m->flags & GNTMAP_host_map)
			arch_gnttab_release_host(d, m->pte_ma, m->mfn);
		if (m->flags & GNTMAP_device_map)
			arch_gnttab_put_frame(m->mfn,
					      !(m->flags & GNTMAP_readonly));
		m->flags &= ~(GNTMAP_host_map | GNTMAP_device_map);
		mt_finish(gt, h);
	}
}

static void free_table(struct grant_table *gt)
{
	for (unsigned int i = 0; i < gt->nr_frames; i++) {
		arch_gnttab_free_frame(gt->frames[i]);
		xfree(gt->active[i]);
	}
	for (unsigned int i = 0; i < gt->mt_chunks; i++)
		xfree(gt->mt[i]);
	xfree(gt->mt);
	xfree(gt->frames);
	xfree(gt->shared);
	xfree(gt->active);
	xfree(gt);
}

void gnttab_domain_release(struct domain *d)
{
	struct grant_table *gt;

	spin_lock(&gnttab_lock);
	gt = d->grant_table;
	if (gt)
		release_mappings(d, gt);
	d->grant_table = NULL; /* mappers' unpins now skip d's entries */
	spin_unlock(&gnttab_lock);
	if (gt)
		free_table(gt);
}
