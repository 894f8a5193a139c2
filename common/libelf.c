/*
 * ELF64 loader support for the dom0 kernel: validate the image, read the
 * "Xen" ELF notes that tell a PV domain builder where to enter the kernel
 * and how to map it, and copy PT_LOAD segments into place by p_paddr.
 *
 * Interface: elf_init() first; then elf_xen_parse_notes() and
 * elf_xen_check() (Xen 4.17's accept/refuse rules and defaults), and
 * elf_load_segments().  See <xen/libelf.h>.
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
		elf->shstrndx = eh.e_shstrndx < eh.e_shnum ? eh.e_shstrndx : 0;
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

/*
 * The names Xen 4.17's libelf knows: it refuses an image that marks any
 * other name required ('!').
 */
#define XEN417_FEATURES                                                        \
	((1u << XENFEAT_writable_page_tables) |                                \
	 (1u << XENFEAT_writable_descriptor_tables) |                          \
	 (1u << XENFEAT_auto_translated_physmap) |                             \
	 (1u << XENFEAT_supervisor_mode_kernel) |                              \
	 (1u << XENFEAT_pae_pgdir_above_4gb) |                                 \
	 (1u << XENFEAT_hvm_callback_vector) | (1u << XENFEAT_dom0))

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
		if (required && !(XEN417_FEATURES & (1u << xen_features[i].bit)))
			info->feat_bad_required++;
		return;
	}
	info->feat_unknown++;
	if (required)
		info->feat_bad_required++;
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

/* A native-size integer note: 1, 2, 4 or 8 bytes; other sizes read 0. */
static int note_int(const u8 *desc, u32 sz, u64 *val)
{
	u8 b[8] = {0};

	if (sz == 1 || sz == 2 || sz == 4 || sz == 8)
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
 * Walk the notes in p[0..len), 'align'-padded, counting the Xen notes in
 * info->nr_xen_notes.  A header or name overrunning the area is
 * malformed; a final descriptor may lack its padding.
 */
static int parse_note_area(const u8 *p, u64 len, u64 align,
			   struct elf_xen_info *info)
{
	u64 pos = 0, nlen, dlen;
	u32 namesz, descsz, type;
	int rc;

	info->note_area = true;
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
			info->nr_xen_notes++;
			rc = xen_note(type, p + pos + nlen, descsz, info);
			if (rc)
				return rc;
		}
		pos += nlen + MIN(dlen, len - pos - nlen);
	}
	return 0;
}

static void get_shdr(const struct elf_image *elf, unsigned int i,
		     struct elf64_shdr *sh)
{
	memcpy(sh, elf->img + elf->shoff + (u64)i * sizeof(*sh), sizeof(*sh));
}

/* Section 0 is the null section: Xen's walks start at 1. */
static int notes_from_sections(const struct elf_image *elf,
			       struct elf_xen_info *info)
{
	struct elf64_shdr sh;
	unsigned int i;
	int rc;

	for (i = 1; i < elf->shnum; i++) {
		get_shdr(elf, i, &sh);
		if (sh.sh_type != SHT_NOTE)
			continue;
		if (!in_bounds(sh.sh_offset, sh.sh_size, elf->size))
			return -EINVAL;
		rc = parse_note_area(elf->img + sh.sh_offset, sh.sh_size,
				     sh.sh_addralign == 8 ? 8 : 4, info);
		if (rc)
			return rc;
	}
	return 0;
}

static int notes_from_segments(const struct elf_image *elf,
			       struct elf_xen_info *info)
{
	struct elf64_phdr ph;
	unsigned int i;
	int rc;

	for (i = 0; i < elf->phnum; i++) {
		get_phdr(elf, i, &ph);
		if (ph.p_type != PT_NOTE || !ph.p_offset)
			continue;
		if (!in_bounds(ph.p_offset, ph.p_filesz, elf->size))
			return -EINVAL;
		rc = parse_note_area(elf->img + ph.p_offset, ph.p_filesz,
				     ph.p_align == 8 ? 8 : 4, info);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- the legacy "__xen_guest" section ---- */

#define GUEST_NAME_MAX	32  /* as Xen: longer names/values are cut */
#define GUEST_VALUE_MAX 128

/* The image offset of section 'name', or 0 if there is none. */
static u64 section_by_name(const struct elf_image *elf, const char *name)
{
	size_t n = strlen(name) + 1;
	struct elf64_shdr strtab, sh;

	if (!elf->shstrndx)
		return 0;
	get_shdr(elf, elf->shstrndx, &strtab);
	for (unsigned int i = 1; i < elf->shnum; i++) {
		get_shdr(elf, i, &sh);
		if (sh.sh_name >= strtab.sh_size ||
		    !in_bounds(strtab.sh_offset + sh.sh_name, n, elf->size) ||
		    strtab.sh_offset + sh.sh_name < strtab.sh_offset)
			continue;
		if (!memcmp(elf->img + strtab.sh_offset + sh.sh_name, name, n))
			return sh.sh_offset < elf->size ? sh.sh_offset : 0;
	}
	return 0;
}

/* Copy one token of s[*pos..len) up to a stop character, cut to max-1. */
static void guest_token(const char *s, size_t len, size_t *pos, char *dst,
			size_t max, const char *stops)
{
	size_t n = 0;

	while (*pos < len && s[*pos] && !strchr(stops, s[*pos])) {
		if (n < max - 1)
			dst[n++] = s[*pos];
		(*pos)++;
	}
	dst[n] = 0;
}

static void guest_u64(struct elf_xen_info *info, unsigned int type, u64 v)
{
	u64 *p = xen_note_u64(type, info);

	*p = v;
	info->present |= 1u << type;
}

/* One NAME=VALUE of the __xen_guest string, as Xen's parser reads it. */
static void guest_pair(const char *name, const char *value,
		       struct elf_xen_info *info)
{
	static const struct {
		const char *name;
		unsigned int type;
	} strs[] = {{"LOADER", XEN_ELFNOTE_LOADER},
		    {"GUEST_OS", XEN_ELFNOTE_GUEST_OS},
		    {"GUEST_VER", XEN_ELFNOTE_GUEST_VERSION},
		    {"XEN_VER", XEN_ELFNOTE_XEN_VERSION}};
	u64 v = simple_strtoull(value, NULL, 0);

	for (unsigned int i = 0; i < ARRAY_SIZE(strs); i++)
		if (!strcmp(name, strs[i].name)) {
			xen_note_str(strs[i].type, (const u8 *)value,
				     strlen(value) + 1, info);
			info->present |= 1u << strs[i].type;
		}
	if (!strcmp(name, "VIRT_BASE"))
		guest_u64(info, XEN_ELFNOTE_VIRT_BASE, v);
	else if (!strcmp(name, "VIRT_ENTRY"))
		guest_u64(info, XEN_ELFNOTE_ENTRY, v);
	else if (!strcmp(name, "ELF_PADDR_OFFSET"))
		guest_u64(info, XEN_ELFNOTE_PADDR_OFFSET, v);
	else if (!strcmp(name, "HYPERCALL_PAGE"))
		guest_u64(info, XEN_ELFNOTE_HYPERCALL_PAGE, v << 12);
	else if (!strcmp(name, "FEATURES"))
		elf_xen_parse_features(value, strlen(value), info);
	else if (!strcmp(name, "BSD_SYMTAB"))
		info->present |= 1u << XEN_ELFNOTE_BSD_SYMTAB;
}

/*
 * "NAME=VALUE,NAME,..." up to the first NUL (or the end of the image).
 * A bad required feature here is not fatal: Xen ignores that result.
 */
static void parse_xen_guest(const struct elf_image *elf, u64 off,
			    struct elf_xen_info *info)
{
	const char *s = (const char *)elf->img + off;
	size_t len = elf->size - off, pos = 0;
	unsigned int bad = info->feat_bad_required;
	char name[GUEST_NAME_MAX], value[GUEST_VALUE_MAX];

	info->legacy = true;
	while (pos < len && s[pos]) {
		guest_token(s, len, &pos, name, sizeof(name), ",=");
		value[0] = 0;
		if (pos < len && s[pos] == '=') {
			pos++;
			guest_token(s, len, &pos, value, sizeof(value), ",");
		}
		if (pos < len && s[pos] == ',')
			pos++;
		guest_pair(name, value, info);
	}
	info->feat_bad_required = bad;
	if (elf_xen_has(info, XEN_ELFNOTE_VIRT_BASE) &&
	    elf_xen_has(info, XEN_ELFNOTE_HYPERCALL_PAGE))
		info->hypercall_page += info->virt_base;
}

int elf_xen_parse_notes(const struct elf_image *elf, struct elf_xen_info *info)
{
	u64 off;
	int rc;

	memset(info, 0, sizeof(*info));
	rc = notes_from_segments(elf, info);
	if (!rc && !info->nr_xen_notes)
		rc = notes_from_sections(elf, info);
	if (rc)
		return rc;
	if (!info->nr_xen_notes) {
		off = section_by_name(elf, "__xen_guest");
		if (off) {
			info->note_area = false; /* Xen: notes not used */
			parse_xen_guest(elf, off, info);
		}
	}
	return info->nr_xen_notes || info->legacy ? 0 : -ENOENT;
}

/* ---- Xen 4.17's decision ---- */

static const char *check_strings(const struct elf_xen_info *x)
{
	if (!x->note_area && !x->legacy)
		return "not a Xen ELF image: no ELF notes and no __xen_guest "
		       "section";
	if (x->feat_bad_required)
		return "FEATURES marks a feature required that Xen does not "
		       "know";
	if (strncmp(x->loader, "generic", 7) && strncmp(x->guest_os, "linux", 5))
		return "only images for the generic loader (LOADER) or Linux "
		       "(GUEST_OS) are loaded";
	if (strncmp(x->xen_version, "xen-3.0", 7))
		return "only images built for Xen 3.0 (XEN_VERSION) are loaded";
	return NULL;
}

/* Defaults, then the kernel's virtual range; NULL or why not. */
static const char *check_addresses(const struct elf_image *elf,
				   struct elf_xen_info *x)
{
	u64 offset;

	if (elf_xen_has(x, XEN_ELFNOTE_PADDR_OFFSET) &&
	    !elf_xen_has(x, XEN_ELFNOTE_VIRT_BASE))
		return "PADDR_OFFSET is set but VIRT_BASE is not";
	if (!elf_xen_has(x, XEN_ELFNOTE_VIRT_BASE))
		x->virt_base = 0;
	if (!elf_xen_has(x, XEN_ELFNOTE_PADDR_OFFSET))
		x->paddr_offset = x->note_area ? 0 : x->virt_base;
	if (!elf_xen_has(x, XEN_ELFNOTE_ENTRY))
		x->entry = elf->e_entry;
	x->present |= (1u << XEN_ELFNOTE_VIRT_BASE) |
		      (1u << XEN_ELFNOTE_PADDR_OFFSET) |
		      (1u << XEN_ELFNOTE_ENTRY);
	offset = x->virt_base - x->paddr_offset; /* wraps, as in Xen */
	x->virt_kstart = elf->pstart + offset;
	x->virt_kend = elf->pend + offset;
	if (x->virt_kstart > x->virt_kend || x->entry < x->virt_kstart ||
	    x->entry > x->virt_kend || x->virt_base > x->virt_kstart)
		return "kernel start or entry point out of bounds";
	if (elf_xen_has(x, XEN_ELFNOTE_INIT_P2M) && x->init_p2m >= x->virt_kstart &&
	    x->init_p2m < x->virt_kend)
		return "INIT_P2M lies inside the kernel image";
	return NULL;
}

int elf_xen_check(const struct elf_image *elf, struct elf_xen_info *info,
		  const char **why)
{
	*why = check_strings(info);
	if (!*why)
		*why = check_addresses(elf, info);
	return *why ? -EINVAL : 0;
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
