/*
 * Sets of inclusive unsigned long ranges (common/rangeset.c): the I/O
 * ports, machine frames and interrupts a domain has been granted
 * (XEN_DOMCTL_{ioport,iomem,irq}_permission).  Internal.
 */
#ifndef XEN_RANGESET_H
#define XEN_RANGESET_H

#include <xen/types.h>

struct rangeset;

/* An empty set, or NULL (out of memory). */
struct rangeset *rangeset_new(void);
/* NULL is fine.  No other CPU may still use r. */
void rangeset_destroy(struct rangeset *r);
/*
 * Add / remove [s, e] (s <= e, else -EINVAL).  -ENOMEM leaves r as it
 * was.  Removing what is not in r is no error.
 */
int rangeset_add_range(struct rangeset *r, unsigned long s, unsigned long e);
int rangeset_remove_range(struct rangeset *r, unsigned long s, unsigned long e);
/* Is every value of [s, e] in r?  Is any?  (r == NULL: the empty set.) */
bool rangeset_contains_range(struct rangeset *r, unsigned long s,
			     unsigned long e);
bool rangeset_overlaps_range(struct rangeset *r, unsigned long s,
			     unsigned long e);
/* Disjoint, non-touching ranges r holds (for tests and logs). */
unsigned int rangeset_nr_ranges(struct rangeset *r);

#endif
