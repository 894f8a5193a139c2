/*
 * Types of the "Xen" ELF notes a PV kernel carries to tell its domain
 * builder how to load it.  The note name is "Xen"; the descriptor is a
 * string or a native-size integer depending on the type.
 */
#ifndef PUBLIC_ELFNOTE_H
#define PUBLIC_ELFNOTE_H

#define XEN_ELFNOTE_INFO	       0 /* unused */
#define XEN_ELFNOTE_ENTRY	       1 /* int: initial RIP */
#define XEN_ELFNOTE_HYPERCALL_PAGE     2 /* int: VA to fill with stubs */
#define XEN_ELFNOTE_VIRT_BASE	       3 /* int: VA of pfn 0 */
#define XEN_ELFNOTE_PADDR_OFFSET       4 /* int: subtracted from p_paddr */
#define XEN_ELFNOTE_XEN_VERSION	       5 /* string: "xen-3.0" */
#define XEN_ELFNOTE_GUEST_OS	       6 /* string: e.g. "linux" */
#define XEN_ELFNOTE_GUEST_VERSION      7 /* string */
#define XEN_ELFNOTE_LOADER	       8 /* string: "generic" */
#define XEN_ELFNOTE_PAE_MODE	       9 /* string: 32-bit guests only */
/* string: "|"-separated features, "!" prefix = required */
#define XEN_ELFNOTE_FEATURES	       10
#define XEN_ELFNOTE_BSD_SYMTAB	       11 /* string: "yes" to load symbols */
#define XEN_ELFNOTE_HV_START_LOW       12 /* int: 32-bit guests only */
#define XEN_ELFNOTE_L1_MFN_VALID       13 /* int mask, int value */
#define XEN_ELFNOTE_SUSPEND_CANCEL     14 /* int: supports cancelled suspend */
#define XEN_ELFNOTE_INIT_P2M	       15 /* int: VA to map the p2m at */
/* int: accepts an unmapped initrd (SIF_MOD_START_PFN) */
#define XEN_ELFNOTE_MOD_START_PFN      16
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17 /* 32-bit XENFEAT_* bitmap */
#define XEN_ELFNOTE_PHYS32_ENTRY       18 /* int: PVH 32-bit entry point */
#define XEN_ELFNOTE_PHYS32_RELOC       19 /* PVH relocation range */
#define XEN_ELFNOTE_MAX		       XEN_ELFNOTE_PHYS32_RELOC

#endif /* PUBLIC_ELFNOTE_H */
