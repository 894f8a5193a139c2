/*
 * Checked access to guest virtual memory (arch/x86/usercopy.c).
 *
 * The guest's kernel page table is loaded while the hypervisor serves it,
 * so a guest pointer is dereferenced in place; ranges are checked against
 * the hypervisor hole with overflow-safe arithmetic, and any fault is
 * caught by the exception table.  All return the number of bytes NOT
 * copied (0 = success).
 */
#ifndef ASM_GUEST_ACCESS_H
#define ASM_GUEST_ACCESS_H

#include <xen/types.h>

bool guest_range_ok(unsigned long addr, unsigned long len);
unsigned long copy_from_guest(void *to, unsigned long from, unsigned long len);
unsigned long copy_to_guest(unsigned long to, const void *from, unsigned long len);
unsigned long clear_guest(unsigned long to, unsigned long len);

#endif
