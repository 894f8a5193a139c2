/*
 * Private to common/grant_table.c and common/grant_copy.c: the table
 * structures and the helpers both use.  Everything here is guarded by
 * gnttab_lock (one lock for all tables; the MMU lock nests inside it).
 */
#ifndef COMMON_GRANT_TABLE_H
#define COMMON_GRANT_TABLE_H

#include <xen/types.h>
#include <xen/spinlock.h>
#include <public/grant_table.h>

struct domain;
struct page_info;

#define GT_ENTRIES_PER_FRAME 512 /* PAGE_SIZE / sizeof(grant_entry_v1) */
#define MT_PER_CHUNK	     512 /* maptrack entries per chunk (Xen: frame) */
#define MT_NONE		     (~0u)

/* What the hypervisor keeps about a granted entry while it is in use. */
struct active_grant {
	u32 ro_pins;   /* read-only maps and copies in progress */
	u32 rw_pins;   /* writable maps and copies in progress */
	domid_t domid; /* the domain using it, while pinned */
	u64 mfn;       /* the frame, read from the entry at the first pin */
};

/* One mapping a domain made (indexed by grant_handle_t). */
struct maptrack {
	u32 flags;	   /* GNTMAP_* still in effect; 0 = free */
	grant_ref_t ref;   /* entry in rd's table */
	domid_t dom;	   /* rd's id, as the guest named it */
	struct domain *rd; /* the granter, referenced while in use */
	u64 mfn;	   /* the mapped frame */
	u64 pte_ma;	   /* host map: machine address of the PTE */
	u32 next_free;	   /* free list link while free */
};

struct grant_table {
	unsigned int nr_frames;		/* frames of entries in use */
	unsigned int max_frames;	/* d->max_grant_frames at first growth */
	struct page_info **frames;	/* [max_frames] */
	struct grant_entry_v1 **shared; /* [max_frames]: their contents */
	struct active_grant **active; /* [max_frames] x GT_ENTRIES_PER_FRAME */
	unsigned int mt_chunks;	      /* maptrack chunks allocated */
	unsigned int mt_max_chunks;   /* d->max_maptrack_frames */
	struct maptrack **mt;	      /* [mt_max_chunks] x MT_PER_CHUNK */
	u32 mt_free;		      /* first free handle, MT_NONE */
};

extern spinlock_t gnttab_lock;

/*
 * The domain a grant op names (DOMID_SELF, own id, or any id for dom0),
 * referenced; NULL with *st = GNTST_bad_domain/permission_denied.
 */
struct domain *gt_target(domid_t dom, bool any, int *st);
void gt_put_target(struct domain *d);
/* Grow d's table to nr frames (gnttab_lock held); 0 or -EINVAL/-ENOMEM. */
int gt_grow(struct domain *d, unsigned int nr);
/* Entry ref of gt, or NULL if out of range. */
struct grant_entry_v1 *gt_entry(struct grant_table *gt, grant_ref_t ref);
struct active_grant *gt_active(struct grant_table *gt, grant_ref_t ref);
/*
 * Pin entry ref of rd for ld (read-only or writable), setting GTF_reading
 * / GTF_writing in the shared entry; *mfn gets the frame.  GNTST_*.
 */
int gt_pin(struct domain *rd, grant_ref_t ref, domid_t ld, bool ro, u64 *mfn);
/* Undo one gt_pin (clears GTF_* when the last pin of a kind goes). */
void gt_unpin(struct domain *rd, grant_ref_t ref, bool ro);
/* GNTTABOP_copy */
long gt_copy(unsigned long uop, unsigned int count);

#endif
