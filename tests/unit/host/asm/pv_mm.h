/*
 * Host stand-in for arch/x86/include/asm/pv_mm.h (unit tests only): the
 * frame reference calls, which a test that uses them defines.
 */
#ifndef ASM_PV_MM_H
#define ASM_PV_MM_H
#include <xen/types.h>
#include <xen/mm.h>
#include <asm/page.h>
#define PGT_writable_page (7UL << 61)
struct domain;
int get_page_and_type(struct page_info *pg, struct domain *d,
		      unsigned long type);
void put_page_and_type(struct page_info *pg);
#endif
