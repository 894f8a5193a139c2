/*
 * Internal to arch/x86/pv/mm.c and mm_frames.c: which frames a domain
 * may map (mm_frames.c answers, mm.c counts references by the answers).
 */
#ifndef PV_MM_FRAMES_H
#define PV_MM_FRAMES_H

#include <xen/types.h>
#include <asm/page.h>

struct domain;
struct page_info;

/*
 * A frame d may map that carries a reference count (RAM it owns, or a
 * hypervisor page shared with it), or NULL.  MMU lock held.
 */
struct page_info *pv_counted_page(struct domain *d, unsigned long mfn);
/* Non-RAM machine frame below the physical address width (no counts). */
bool pv_is_io_frame(unsigned long mfn);
/* A mapping *e of I/O frame mfn: -EPERM, or 0 (maybe made read-only). */
int pv_get_io_l1e(pte_t *e, unsigned long mfn);
/* Xen's l1_disallow_mask: may d set cache-attribute bits in L1 entries? */
bool pv_may_set_cache_attrs(struct domain *d);

#endif
