/*
 * The PV domain builder's shared state and its steps, one file each:
 * xc_dom_kernel.c (read and unpack the kernel, the decompressed-kernel
 * cache), xc_dom_elf.c (ELF headers and Xen notes), xc_dom_x86.c (the
 * x86-64 start-of-day layout: p2m, start_info, page tables, vcpu),
 * xc_dom_core.c (xc_dom_build: memory, mapping, rings, grants, order).
 *
 * Interface: included by those files only; xc_dom_build() (xc.h) is the
 * entry point.
 * Invariants: the bootstrap region maps pfn p at virt_base + p pages from
 * pfn 0 to end_pfn, inside one 1 GiB L2, read-only for its own page-table
 * frames; everything the builder writes goes through one foreign mapping
 * of pfns [map_first, map_first + map_pages), unmapped before the page
 * tables are pinned.
 */
#ifndef TOOLS_XC_DOM_H
#define TOOLS_XC_DOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xc_private.h"

#define XC_DOM_UNSET (~0ULL)

/* What the kernel's Xen ELF notes say (XEN_ELFNOTE_*), and its extent. */
struct xc_dom_elf {
	const uint8_t *img;	 /* the ELF image */
	size_t size;		 /* its length */
	uint64_t phoff;		 /* program headers */
	unsigned int phnum;	 /* their number */
	uint64_t pstart, pend;	 /* lowest / highest PT_LOAD p_paddr */
	uint64_t entry;		 /* ENTRY (or e_entry) */
	uint64_t virt_base;	 /* VIRT_BASE: VA of pfn 0 */
	uint64_t paddr_offset;	 /* PADDR_OFFSET */
	uint64_t hypercall_page; /* HYPERCALL_PAGE, XC_DOM_UNSET: none */
	uint64_t init_p2m;	 /* INIT_P2M, XC_DOM_UNSET: none */
	bool mod_start_pfn;	 /* MOD_START_PFN: initrd given by pfn */
	uint32_t feat_required;	 /* FEATURES names marked '!' */
	uint64_t virt_kstart, virt_kend; /* the kernel's virtual extent */
	char loader[32], guest_os[32], xen_version[32]; /* string notes */
	uint32_t present; /* 1 << XEN_ELFNOTE_* seen */
};

struct xc_dom {
	struct xc *xc;
	uint32_t domid;
	const struct xc_dom_config *cfg;
	char *err; /* first error line, or "" */
	size_t errlen;

	uint8_t *kernel; /* the ELF image (heap) */
	size_t kernel_len;
	struct xc_dom_elf elf;
	uint8_t *ramdisk; /* heap copy, NULL: none */
	size_t ramdisk_len;

	unsigned long nr_pages; /* the domain's memory */
	xen_pfn_t *p2m;		/* pfn -> mfn (heap) */
	uint64_t shared_info_mfn;

	/* Layout in pfns (see xc_dom_x86.c). */
	unsigned long kern_pfn, kern_end;
	unsigned long ramdisk_pfn, ramdisk_pages;
	bool ramdisk_mapped; /* inside the bootstrap region */
	bool init_p2m;	     /* p2m mapped at elf.init_p2m */
	unsigned long p2m_pfn, p2m_pages;
	unsigned long p2m_seg_pfn, p2m_seg_pages; /* INIT_P2M data + tables */
	unsigned long si_pfn, store_pfn, cons_pfn;
	unsigned long pt_pfn, nr_pt, stack_pfn, end_pfn;
	unsigned long used_pfn; /* first pfn the layout leaves free */

	uint8_t *map; /* foreign mapping of the used pfns */
	unsigned long map_first, map_pages;

	uint32_t store_port, cons_port;
};

/* Record the first error (one line); returns rc (negative errno). */
int xc_dom_fail(struct xc_dom *dom, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* xc_dom_kernel.c: cfg->kernel to dom->kernel (an ELF), via the cache. */
int xc_dom_load_kernel(struct xc_dom *dom);
int xc_dom_load_ramdisk(struct xc_dom *dom);

/* xc_dom_elf.c */
int xc_dom_parse_elf(struct xc_dom *dom);
/* Copy the PT_LOAD segments to the mapped pfns from kern_pfn on. */
void xc_dom_load_segments(struct xc_dom *dom);

/* xc_dom_x86.c */
int xc_dom_plan(struct xc_dom *dom);
void xc_dom_write_image(struct xc_dom *dom);
int xc_dom_write_page_tables(struct xc_dom *dom);
int xc_dom_pin_and_boot(struct xc_dom *dom);

/* xc_dom_core.c: the mapped frame of pfn (inside the mapping). */
void *xc_dom_pfn_ptr(const struct xc_dom *dom, unsigned long pfn);
uint64_t xc_dom_pfn_va(const struct xc_dom *dom, unsigned long pfn);

/* xc_sha256.c: out = SHA-256(data). */
void xc_sha256(const void *data, size_t len, uint8_t out[32]);

#endif /* TOOLS_XC_DOM_H */
