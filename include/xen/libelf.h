/*
 * ELF64 kernel images: validation, the Xen ELF notes a PV kernel carries,
 * and loading PT_LOAD segments by physical address.  Everything here is
 * safe on hostile input: every offset and size read from the image is
 * checked against the image size with overflow-safe arithmetic.
 */
#ifndef XEN_LIBELF_H
#define XEN_LIBELF_H

#include <xen/types.h>
#include <public/elfnote.h>

/* What elf_init() learnt from a validated image. */
struct elf_image {
	const u8 *img; /* the whole file, owned by the caller */
	size_t size;
	u64 e_entry; /* ELF entry (not the Xen ENTRY note) */
	u64 phoff;   /* program headers: in bounds, checked */
	unsigned int phnum;
	u64 shoff; /* section headers: 0/0 if absent or bad */
	unsigned int shnum;
	unsigned int shstrndx; /* section-name table (e_shstrndx) */
	unsigned int nr_load; /* PT_LOAD segments with p_memsz != 0 */
	u64 pstart;	      /* lowest p_paddr of those */
	u64 pend;	      /* highest p_paddr + p_memsz of those */
};

#define ELF_XEN_STR_MAX 32 /* string notes are truncated to this */

/* The "Xen" notes; a field is meaningful only if its 'present' bit is. */
struct elf_xen_info {
	u32 present; /* bit XEN_ELFNOTE_x: that note was seen */
	u64 entry;   /* XEN_ELFNOTE_ENTRY: initial RIP */
	u64 hypercall_page;
	u64 virt_base;
	u64 paddr_offset;
	u64 hv_start_low;
	u64 init_p2m;
	u64 l1_mfn_valid_mask;	/* L1_MFN_VALID: first value */
	u64 l1_mfn_valid_value; /* L1_MFN_VALID: second value, if given */
	u32 suspend_cancel;
	u32 mod_start_pfn;
	u32 phys32_entry;
	u32 supported_features;	   /* SUPPORTED_FEATURES note bitmap */
	u32 feat_supported;	   /* FEATURES string: every name listed */
	u32 feat_required;	   /* FEATURES string: names with '!' */
	unsigned int feat_unknown; /* FEATURES names we do not know */
	char xen_version[ELF_XEN_STR_MAX];
	char guest_os[ELF_XEN_STR_MAX];
	char guest_version[ELF_XEN_STR_MAX];
	char loader[ELF_XEN_STR_MAX];
	char pae_mode[ELF_XEN_STR_MAX];
	char bsd_symtab[ELF_XEN_STR_MAX];
	unsigned int nr_xen_notes; /* "Xen" notes seen (0: none) */
	bool note_area;		   /* a PT_NOTE/SHT_NOTE area was walked */
	bool legacy;		   /* values came from __xen_guest */
	unsigned int feat_bad_required; /* '!'-names Xen 4.17 does not know */
	/* Set by elf_xen_check(): */
	u64 virt_kstart; /* kernel image start/end in the guest's VA */
	u64 virt_kend;
};

static inline bool elf_xen_has(const struct elf_xen_info *x, unsigned int t)
{
	return t < 32 && (x->present & (1u << t));
}

/*
 * Validate an ELF64 little-endian x86-64 ET_EXEC image and its program
 * headers: PT_LOAD segments need p_filesz <= p_memsz, file ranges inside
 * the image, no address overflow, and at least one must exist.
 * Returns 0 or -EINVAL / -ENOEXEC (valid ELF, wrong kind).
 */
int elf_init(struct elf_image *elf, const u8 *img, size_t size);

/*
 * Find the Xen guest information as Xen 4.17's libelf does: the "Xen"
 * notes of PT_NOTE segments (those at file offset 0 are skipped, a
 * binutils quirk); if none, those of SHT_NOTE sections; if none, the
 * legacy "__xen_guest" section string (KEY=VALUE,...), whose values land
 * in the same fields (and 'present' bits).  -ENOENT if none of the three
 * exists, -EINVAL if a note area is malformed (sizes overrun it).
 * String notes end at a NUL or at descsz (FEATURES in Linux 6.1 has no
 * NUL); integer notes of a size other than 1, 2, 4 or 8 read as 0.
 */
int elf_xen_parse_notes(const struct elf_image *elf, struct elf_xen_info *info);

/*
 * Xen 4.17's accept/refuse decision for a PV kernel (elf_xen_note_check
 * and elf_xen_addr_calc_check), then its defaults: VIRT_BASE 0;
 * PADDR_OFFSET 0 (notes) or VIRT_BASE (__xen_guest); ENTRY = e_entry.
 * Afterwards entry, virt_base and paddr_offset hold the values to use
 * (their 'present' bits are set) and virt_kstart/virt_kend the kernel's
 * virtual range.  0, or -EINVAL with *why a static reason.
 */
int elf_xen_check(const struct elf_image *elf, struct elf_xen_info *info,
		  const char **why);

/* Parse a FEATURES string of at most 'len' bytes into the info bitmaps. */
void elf_xen_parse_features(const char *s, size_t len,
			    struct elf_xen_info *info);

/*
 * Copy every PT_LOAD segment to dest + (p_paddr - pstart) and zero its
 * p_memsz - p_filesz tail.  -ENOSPC (nothing written) unless every
 * segment fits inside dest_size; needs dest_size >= pend - pstart.
 */
int elf_load_segments(const struct elf_image *elf, u8 *dest, size_t dest_size);

#endif
