/*
 * Memory: the boot memory map, the boot allocator, the buddy page
 * allocator and the small-object heap.
 *
 * Order at boot: build a struct memmap from the loader, memmap_sanitize(),
 * boot_alloc_init() + boot_alloc_reserve() for the image and modules,
 * boot_alloc_pages() while page tables and the frame table are built,
 * page_alloc_init() with the frame table, boot_alloc_handover() to move
 * every remaining free range into the buddy heap.  After that only
 * alloc_heap_pages()/xmalloc() are used.
 */
#ifndef XEN_MM_H
#define XEN_MM_H

#include <xen/types.h>

/* ---- memory map (common/memmap.c) ---- */
#define MEMMAP_MAX 128
#define MEM_RAM      1   /* E820 numbering */
#define MEM_RESERVED 2
#define MEM_ACPI     3
#define MEM_NVS      4
#define MEM_UNUSABLE 5

struct memmap_entry {
	u64 addr;   /* first byte */
	u64 size;   /* bytes, never 0 after sanitising */
	u32 type;   /* MEM_* */
};

struct memmap {
	unsigned int nr;
	struct memmap_entry e[MEMMAP_MAX];
};

/* Append an entry; -ENOSPC when full, zero-size entries are ignored. */
int memmap_add(struct memmap *m, u64 addr, u64 size, u32 type);
/*
 * Sort by address, resolve overlaps (the more restrictive type wins:
 * any non-RAM type beats RAM, higher type number beats lower), merge
 * touching entries of equal type, and trim RAM to whole pages.
 */
void memmap_sanitize(struct memmap *m);
u64 memmap_ram_bytes(const struct memmap *m);
u64 memmap_end_of_ram(const struct memmap *m);  /* highest RAM byte + 1 */
void memmap_print(const struct memmap *m);
/* The sanitised host map, valid after boot (dom0's machine_memory_map). */
extern const struct memmap *host_memmap;

/* ---- boot allocator (common/boot_alloc.c) ---- */
void boot_alloc_init(const struct memmap *m);       /* takes RAM ranges */
void boot_alloc_reserve(paddr_t start, paddr_t end); /* carve out [s,e) */
/* nr contiguous frames aligned to align frames, below limit (0: none). */
mfn_t boot_alloc_pages(unsigned long nr, unsigned long align, paddr_t limit);
void boot_alloc_handover(void);  /* free ranges -> init_heap_pages() */

/* ---- frame table + buddy allocator (common/page_alloc.c) ---- */
struct page_list_entry {
	struct page_info *next, *prev;
};

struct page_info {
	struct page_list_entry list;   /* free list / owner's page list */
	unsigned long count_info;      /* PGC_* flags + reference count */
	unsigned long type_info;       /* PV page type + type count (PV mm) */
	u64 tlb_stamp;                 /* TLB clock when last unmapped (PV mm) */
	union {
		struct domain *owner;      /* when allocated to a domain */
		unsigned int order;        /* when free: buddy order (head) */
	} u;
	int linear_pt_count;           /* PV linear page tables (pv/linear_pt.c) */
};

#define PGC_allocated   (1UL << 63) /* owned by a domain's page list */
#define PGC_free        (1UL << 62) /* in the buddy heap (head or tail) */
#define PGC_xen_heap    (1UL << 61) /* hypervisor heap page */
/* Its owner was torn down while others held references: freed at the last put_page(). */
#define PGC_relinquished (1UL << 60)
#define PGC_count_mask  ((1UL << 32) - 1)

extern struct page_info *frame_table; /* indexed by MFN */
extern unsigned long max_page;        /* frames covered by frame_table */

static inline struct page_info *mfn_to_page(mfn_t m) { return frame_table + mfn_x(m); }
static inline mfn_t page_to_mfn(const struct page_info *pg) { return _mfn(pg - frame_table); }

#define MAX_ORDER 20                /* largest block: 4 GiB */
#define MEMF_bits(n) ((n) << 8)     /* only frames below 2^n bytes */
#define MEMF_get_bits(f) (((f) >> 8) & 0xff)

void page_alloc_init(struct page_info *ft, unsigned long nr_frames);
void init_heap_pages(mfn_t start, unsigned long nr);
/* NULL when no suitable block exists; never sleeps. */
struct page_info *alloc_heap_pages(unsigned int order, unsigned int memflags);
/*
 * The lock guarding every frame's count_info and type_info (arch code;
 * recursive on one CPU).  Nests outside domain locks.
 */
void page_refs_lock(void);
void page_refs_unlock(void);
/*
 * Arch: make sure no CPU still translates to frames whose tlb_stamp is
 * <= stamp (unmapped by any domain); interrupts on, no spinlock held.
 */
void page_flush_before_free(u64 stamp);
void free_heap_pages(struct page_info *pg, unsigned int order);
unsigned long heap_free_pages(void);
unsigned long heap_total_pages(void);

/* Pages for the hypervisor's own use, returned as direct-map pointers. */
void *alloc_xenheap_pages(unsigned int order, unsigned int memflags);
void free_xenheap_pages(void *va, unsigned int order);

/* ---- small-object heap (common/xmalloc.c) ---- */
void *xmalloc_bytes(size_t size);    /* 16-byte aligned; NULL on OOM */
void *xzalloc_bytes(size_t size);
void xfree(void *p);                 /* NULL is fine */
#define xmalloc(t) ((t *)xmalloc_bytes(sizeof(t)))
#define xzalloc(t) ((t *)xzalloc_bytes(sizeof(t)))
/* Overflow-checked array allocation. */
void *xmalloc_array_bytes(size_t elem, size_t n, bool zero);
#define xmalloc_array(t, n) ((t *)xmalloc_array_bytes(sizeof(t), (n), false))
#define xzalloc_array(t, n) ((t *)xmalloc_array_bytes(sizeof(t), (n), true))
/*
 * Zeroed, on whole pages of its own (xfree() as usual): for per-domain
 * structures, so a domain's destruction returns every page it cost.
 */
void *xzalloc_unshared_bytes(size_t size);
#define xzalloc_unshared(t) ((t *)xzalloc_unshared_bytes(sizeof(t)))

#endif
