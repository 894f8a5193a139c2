/*
 * ELF64 loader support for the dom0 kernel: validate the image, read the
 * "Xen" ELF notes that tell a PV domain builder where to enter the kernel
 * and how to map it, and copy PT_LOAD segments into place by p_paddr.
 *
 * Interface: elf_init() first; then, in any order, elf_xen_parse_notes()
 * and elf_load_segments().  See <xen/libelf.h>.
 *
 * Invariants: headers are copied out of the image with memcpy (the image
 * may be unaligned) and every offset/size taken from it is checked against
 * the image size before use, in a form that cannot overflow.  After a
 * successful elf_init() the program header table lies inside the image
 * and every PT_LOAD's file range does too.  Host byte order is assumed
 * little-endian (x86).
 */
#include <xen/compiler.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/libelf.h>
#include <public/features.h>

/* ELF64 (System V gABI) layouts and the values we accept. */
struct elf64_ehdr {
	u8 e_ident[16];
	u16 e_type;
	u16 e_machine;
	u32 e_version;
	u64 e_entry;
	u64 e_phoff;
	u64 e_shoff;
	u32 e_flags;
	u16 e_ehsize;
	u16 e_phentsize;
	u16 e_phnum;
	u16 e_shentsize;
	u16 e_shnum;
	u16 e_shstrndx;
};

struct elf64_phdr {
	u32 p_type;
	u32 p_flags;
	u64 p_offset;
	u64 p_vaddr;
	u64 p_paddr;
	u64 p_filesz;
	u64 p_memsz;
	u64 p_align;
};

struct elf64_shdr {
	u32 sh_name;
	u32 sh_type;
	u64 sh_flags;
	u64 sh_addr;
	u64 sh_offset;
	u64 sh_size;
	u32 sh_link;
	u32 sh_info;
	u64 sh_addralign;
	u64 sh_entsize;
};

BUILD_BUG_ON(sizeof(struct elf64_ehdr) != 64);
BUILD_BUG_ON(sizeof(struct elf64_phdr) != 56);
BUILD_BUG_ON(sizeof(struct elf64_shdr) != 64);

#define EI_CLASS      4
#define EI_DATA	      5
#define EI_VERSION    6
#define ELFCLASS64    2
#define ELFDATA2LSB   1
#define EV_CURRENT    1
#define ET_EXEC	      2
#define EM_X86_64     62
#define PN_XNUM	      0xffff /* real phnum elsewhere: not supported */
#define PT_LOAD	      1
#define PT_NOTE	      4
#define SHT_NOTE      7
#define NOTE_HDR_SIZE 12 /* namesz, descsz, type */

static const u8 elf_magic[4] = {0x7f, 'E', 'L', 'F'};

/* Does [off, off + len) lie inside an object of 'size' bytes? */
static inline bool in_bounds(u64 off, u64 len, u64 size)
{
	return off <= size && len <= size - off;
}

static void get_phdr(const struct elf_image *elf, unsigned int i,
		     struct elf64_phdr *ph)
{
	memcpy(ph, elf->img + elf->phoff + (u64)i * sizeof(*ph), sizeof(*ph));
}

static int check_ehdr(const struct elf64_ehdr *eh, size_t size)
{
	if (memcmp(eh->e_ident, elf_magic, sizeof(elf_magic)))
		return -EINVAL;
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_type != ET_EXEC ||
	    eh->e_machine != EM_X86_64)
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum == PN_XNUM)
		return -EINVAL;
	if (!in_bounds(eh->e_phoff,
		       (u64)eh->e_phnum * sizeof(struct elf64_phdr), size))
		return -EINVAL;
	return 0;
}

/* Check one PT_LOAD and fold it into pstart/pend. */
static int add_load(struct elf_image *elf, const struct elf64_phdr *ph)
{
	if (ph->p_filesz > ph->p_memsz ||
	    !in_bounds(ph->p_offset, ph->p_filesz, elf->size) ||
	    ph->p_paddr + ph->p_memsz < ph->p_paddr ||
	    ph->p_vaddr + ph->p_memsz < ph->p_vaddr)
		return -EINVAL;
	if (!ph->p_memsz)
		return 0;
	if (!elf->nr_load || ph->p_paddr < elf->pstart)
		elf->pstart = ph->p_paddr;
	if (!elf->nr_load || ph->p_paddr + ph->p_memsz > elf->pend)
		elf->pend = ph->p_paddr + ph->p_memsz;
	elf->nr_load++;
	return 0;
}

int elf_init(struct elf_image *elf, const u8 *img, size_t size)
{
	struct elf64_ehdr eh;
	struct elf64_phdr ph;
	unsigned int i;
	int rc;

	memset(elf, 0, sizeof(*elf));
	if (size < sizeof(eh))
		return -EINVAL;
	memcpy(&eh, img, sizeof(eh));
	rc = check_ehdr(&eh, size);
	if (rc)
		return rc;
	elf->img = img;
	elf->size = size;
	elf->e_entry = eh.e_entry;
	elf->phoff = eh.e_phoff;
	elf->phnum = eh.e_phnum;
	/* Section headers are optional: only the note fallback uses them. */
	if (eh.e_shentsize == sizeof(struct elf64_shdr) &&
	    in_bounds(eh.e_shoff, (u64)eh.e_shnum * sizeof(struct elf64_shdr),
		      size)) {
		elf->shoff = eh.e_shoff;
		elf->shnum = eh.e_shnum;
	}
	for (i = 0; i < elf->phnum; i++) {
		get_phdr(elf, i, &ph);
		if (ph.p_type == PT_LOAD && add_load(elf, &ph))
			return -EINVAL;
	}
	return elf->nr_load ? 0 : -EINVAL;
}

/* ---- Xen notes ---- */

/* XENFEAT_* names as guests spell them in the FEATURES note. */
static const struct {
	const char *name;
	unsigned int bit;
} xen_features[] = {
	{"writable_page_tables", XENFEAT_writable_page_tables},
	{"writable_descriptor_tables", XENFEAT_writable_descriptor_tables},
	{"auto_translated_physmap", XENFEAT_auto_translated_physmap},
	{"supervisor_mode_kernel", XENFEAT_supervisor_mode_kernel},
	{"pae_pgdir_above_4gb", XENFEAT_pae_pgdir_above_4gb},
	{"mmu_pt_update_preserve_ad", XENFEAT_mmu_pt_update_preserve_ad},
	{"highmem_assist", XENFEAT_highmem_assist},
	{"gnttab_map_avail_bits", XENFEAT_gnttab_map_avail_bits},
	{"hvm_callback_vector", XENFEAT_hvm_callback_vector},
	{"hvm_safe_pvclock", XENFEAT_hvm_safe_pvclock},
	{"hvm_pirqs", XENFEAT_hvm_pirqs},
	{"dom0", XENFEAT_dom0},
	{"memory_op_vnode_supported", XENFEAT_memory_op_vnode_supported},
	{"ARM_SMCCC_supported", XENFEAT_ARM_SMCCC_supported},
	{"linux_rsdp_unrestricted", XENFEAT_linux_rsdp_unrestricted},
	{"not_direct_mapped", XENFEAT_not_direct_mapped},
	{"direct_mapped", XENFEAT_direct_mapped},
	{"runstate_phys_area", XENFEAT_runstate_phys_area},
	{"vcpu_time_phys_area", XENFEAT_vcpu_time_phys_area},
};

/* Record one feature name s[0..n) ('!' already stripped). */
static void add_feature(const char *s, size_t n, bool required,
			struct elf_xen_info *info)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xen_features); i++) {
		const char *name = xen_features[i].name;

		if (strlen(name) != n || memcmp(name, s, n))
			continue;
		info->feat_supported |= 1u << xen_features[i].bit;
		if (required)
			info->feat_required |= 1u << xen_features[i].bit;
		return;
	}
	info->feat_unknown++;
}

void elf_xen_parse_features(const char *s, size_t len,
			    struct elf_xen_info *info)
{
	size_t pos = 0, start;
	bool required;

	len = strnlen(s, len);
	while (pos < len) {
		required = s[pos] == '!';
		if (required)
			pos++;
		start = pos;
		while (pos < len && s[pos] != '|')
			pos++;
		if (pos > start)
			add_feature(s + start, pos - start, required, info);
		pos++; /* skip the '|' */
	}
}

/* A native-size integer note: 1, 2, 4 or 8 bytes. */
static int note_int(const u8 *desc, u32 sz, u64 *val)
{
	u8 b[8] = {0};

	if (sz != 1 && sz != 2 && sz != 4 && sz != 8)
		return -EINVAL;
	memcpy(b, desc, sz);
	memcpy(val, b, sizeof(*val));
	return 0;
}

/*
 * A string note ends at its first NUL or at descsz, whichever is first:
 * Linux 6.1's FEATURES note has no terminator.  Truncated copy.
 */
static int note_str(const u8 *desc, u32 sz, char *dst)
{
	size_t n = strnlen((const char *)desc, sz);

	if (n >= ELF_XEN_STR_MAX)
		n = ELF_XEN_STR_MAX - 1;
	memcpy(dst, desc, n);
	dst[n] = 0;
	return 0;
}

static int xen_note_str(u32 type, const u8 *desc, u32 sz,
			struct elf_xen_info *info)
{
	switch (type) {
	case XEN_ELFNOTE_XEN_VERSION:
		return note_str(desc, sz, info->xen_version);
	case XEN_ELFNOTE_GUEST_OS:
		return note_str(desc, sz, info->guest_os);
	case XEN_ELFNOTE_GUEST_VERSION:
		return note_str(desc, sz, info->guest_version);
	case XEN_ELFNOTE_LOADER:
		return note_str(desc, sz, info->loader);
	case XEN_ELFNOTE_PAE_MODE:
		return note_str(desc, sz, info->pae_mode);
	case XEN_ELFNOTE_BSD_SYMTAB:
		return note_str(desc, sz, info->bsd_symtab);
	}
	/* FEATURES: parsed in place, the string may be long. */
	elf_xen_parse_features((const char *)desc, sz, info);
	return 0;
}

/* Where each integer note goes. */
static u64 *xen_note_u64(u32 type, struct elf_xen_info *info)
{
	switch (type) {
	case XEN_ELFNOTE_ENTRY:
		return &info->entry;
	case XEN_ELFNOTE_HYPERCALL_PAGE:
		return &info->hypercall_page;
	case XEN_ELFNOTE_VIRT_BASE:
		return &info->virt_base;
	case XEN_ELFNOTE_PADDR_OFFSET:
		return &info->paddr_offset;
	case XEN_ELFNOTE_HV_START_LOW:
		return &info->hv_start_low;
	case XEN_ELFNOTE_INIT_P2M:
		return &info->init_p2m;
	}
	return NULL;
}

static u32 *xen_note_u32(u32 type, struct elf_xen_info *info)
{
	switch (type) {
	case XEN_ELFNOTE_SUSPEND_CANCEL:
		return &info->suspend_cancel;
	case XEN_ELFNOTE_MOD_START_PFN:
		return &info->mod_start_pfn;
	case XEN_ELFNOTE_SUPPORTED_FEATURES:
		return &info->supported_features;
	case XEN_ELFNOTE_PHYS32_ENTRY:
		return &info->phys32_entry;
	}
	return NULL;
}

/* One "Xen" note.  Unknown types are recorded as present and skipped. */
static int xen_note(u32 type, const u8 *desc, u32 sz, struct elf_xen_info *info)
{
	u64 v, *p64 = xen_note_u64(type, info);
	u32 *p32 = xen_note_u32(type, info);
	int rc = 0;

	if (p64 || p32) {
		rc = note_int(desc, sz, &v);
		if (!rc && p64)
			*p64 = v;
		else if (!rc)
			*p32 = v;
	} else if (type == XEN_ELFNOTE_L1_MFN_VALID) {
		if (sz == 16) {
			memcpy(&info->l1_mfn_valid_mask, desc, 8);
			memcpy(&info->l1_mfn_valid_value, desc + 8, 8);
		} else {
			rc = note_int(desc, sz, &info->l1_mfn_valid_mask);
			info->l1_mfn_valid_value = info->l1_mfn_valid_mask;
		}
	} else if (type >= XEN_ELFNOTE_XEN_VERSION &&
		   type <= XEN_ELFNOTE_BSD_SYMTAB) {
		rc = xen_note_str(type, desc, sz, info);
	}
	if (!rc && type < 32)
		info->present |= 1u << type;
	return rc;
}

/*
 * Walk the notes in p[0..len), 'align'-padded.  Sets *found when a Xen
 * note is seen.  A header or name overrunning the area is malformed; a
 * final descriptor may lack its padding.
 */
static int parse_note_area(const u8 *p, u64 len, u64 align,
			   struct elf_xen_info *info, bool *found)
{
	u64 pos = 0, nlen, dlen;
	u32 namesz, descsz, type;
	int rc;

	while (len - pos >= NOTE_HDR_SIZE) {
		memcpy(&namesz, p + pos, 4);
		memcpy(&descsz, p + pos + 4, 4);
		memcpy(&type, p + pos + 8, 4);
		pos += NOTE_HDR_SIZE;
		nlen = ROUNDUP((u64)namesz, align);
		dlen = ROUNDUP((u64)descsz, align);
		if (nlen > len - pos || descsz > len - pos - nlen)
			return -EINVAL;
		if (namesz == 4 && !memcmp(p + pos, "Xen", 4)) {
			*found = true;
			rc = xen_note(type, p + pos + nlen, descsz, info);
			if (rc)
				return rc;
		}
		pos += nlen + MIN(dlen, len - pos - nlen);
	}
	return 0;
}

static int notes_from_sections(const struct elf_image *elf,
			       struct elf_xen_info *info, bool *found)
{
	struct elf64_shdr sh;
	unsigned int i;
	int rc;

	for (i = 0; i < elf->shnum; i++) {
		memcpy(&sh, elf->img + elf->shoff + (u64)i * sizeof(sh),
		       sizeof(sh));
		if (sh.sh_type != SHT_NOTE)
			continue;
		if (!in_bounds(sh.sh_offset, sh.sh_size, elf->size))
			return -EINVAL;
		rc = parse_note_area(elf->img + sh.sh_offset, sh.sh_size,
				     sh.sh_addralign == 8 ? 8 : 4, info, found);
		if (rc)
			return rc;
	}
	return 0;
}

int elf_xen_parse_notes(const struct elf_image *elf, struct elf_xen_info *info)
{
	struct elf64_phdr ph;
	bool found = false, any_pt_note = false;
	unsigned int i;
	int rc;

	memset(info, 0, sizeof(*info));
	for (i = 0; i < elf->phnum; i++) {
		get_phdr(elf, i, &ph);
		if (ph.p_type != PT_NOTE)
			continue;
		any_pt_note = true;
		if (!in_bounds(ph.p_offset, ph.p_filesz, elf->size))
			return -EINVAL;
		rc = parse_note_area(elf->img + ph.p_offset, ph.p_filesz,
				     ph.p_align == 8 ? 8 : 4, info, &found);
		if (rc)
			return rc;
	}
	if (!any_pt_note) {
		rc = notes_from_sections(elf, info, &found);
		if (rc)
			return rc;
	}
	return found ? 0 : -ENOENT;
}

/* ---- loading ---- */

int elf_load_segments(const struct elf_image *elf, u8 *dest, size_t dest_size)
{
	struct elf64_phdr ph;
	unsigned int i, pass;

	/* Pass 0 checks every segment, pass 1 copies: all or nothing. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < elf->phnum; i++) {
			u64 off;

			get_phdr(elf, i, &ph);
			if (ph.p_type != PT_LOAD || !ph.p_memsz)
				continue;
			off = ph.p_paddr - elf->pstart;
			if (pass == 0) {
				/* Re-checked: elf_init() may be long ago. */
				if (ph.p_filesz > ph.p_memsz ||
				    !in_bounds(ph.p_offset, ph.p_filesz,
					       elf->size) ||
				    ph.p_paddr < elf->pstart)
					return -EINVAL;
				if (!in_bounds(off, ph.p_memsz, dest_size))
					return -ENOSPC;
				continue;
			}
			memcpy(dest + off, elf->img + ph.p_offset, ph.p_filesz);
			memset(dest + off + ph.p_filesz, 0,
			       ph.p_memsz - ph.p_filesz);
		}
	}
	return 0;
}
