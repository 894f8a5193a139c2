/*
 * PV guest descriptor tables (arch/x86/pv/descriptor_tables.c): the
 * descriptor check the PGT_seg_desc_page frame type relies on, and
 * vCPU GDT teardown.
 */
#ifndef ASM_PV_DESC_H
#define ASM_PV_DESC_H

#include <xen/types.h>

struct page_info;
struct vcpu;

/*
 * Check one guest descriptor, rewriting it in place to be safe (DPL of
 * code/data raised to 3); false if it must be refused.
 */
bool pv_check_descriptor(u64 *desc);
/*
 * Check (and fix up in place) all 512 descriptors of a frame that is
 * becoming PGT_seg_desc_page: 0 or -EINVAL.  get_page_type() calls this
 * on a frame's first PGT_seg_desc_page type reference.
 */
int pv_validate_descriptor_page(struct page_info *pg);
/* Drop v's GDT frames (domain teardown); v must not run elsewhere. */
void pv_destroy_gdt(struct vcpu *v);

#endif
