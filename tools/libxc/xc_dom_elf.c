/*
 * The kernel's ELF64 headers and "Xen" ELF notes (include/public/
 * elfnote.h), read as Xen 4.17's libelf reads them for a PV guest: entry
 * point, virtual base, hypercall page, INIT_P2M, MOD_START_PFN and the
 * required features; then the PT_LOAD segments copied into the domain.
 *
 * Interface: xc_dom_parse_elf() after the kernel is loaded;
 * xc_dom_load_segments() once the domain's frames are mapped.
 * Invariants: headers are copied out with memcpy (the image may be
 * unaligned) and every offset and size is checked against the image in a
 * form that cannot overflow; a refused kernel gets one error line.
 */
#include <errno.h>
#include <string.h>

#include <public/elfnote.h>
#include <public/features.h>

#include "xc_dom.h"

struct ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};
_Static_assert(sizeof(struct ehdr) == 64, "ELF64 header");
_Static_assert(sizeof(struct phdr) == 56, "ELF64 program header");

#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define ET_EXEC	    2
#define EM_X86_64   62
#define PT_LOAD	    1
#define PT_NOTE	    4

/* Features a PV guest here cannot have (HVM/PVH, ring-0 kernels). */
#define FEAT_IMPOSSIBLE                                                        \
	((1u << XENFEAT_auto_translated_physmap) |                             \
	 (1u << XENFEAT_supervisor_mode_kernel) |                              \
	 (1u << XENFEAT_hvm_callback_vector))

static bool in_bounds(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

static void get_phdr(const struct xc_dom_elf *e, unsigned int i,
		     struct phdr *ph)
{
	memcpy(ph, e->img + e->phoff + (uint64_t)i * sizeof(*ph), sizeof(*ph));
}

static const char *check_ehdr(struct xc_dom_elf *e)
{
	struct ehdr h;

	if (e->size < sizeof(h))
		return "truncated ELF header";
	memcpy(&h, e->img, sizeof(h));
	if (h.ident[4] != ELFCLASS64 || h.ident[5] != ELFDATA2LSB ||
	    h.type != ET_EXEC || h.machine != EM_X86_64)
		return "not an x86-64 executable ELF";
	if (h.phentsize != sizeof(struct phdr) || !h.phnum ||
	    !in_bounds(h.phoff, (uint64_t)h.phnum * sizeof(struct phdr),
		       e->size))
		return "bad program header table";
	e->phoff = h.phoff;
	e->phnum = h.phnum;
	e->entry = h.entry;
	return NULL;
}

static const char *scan_loads(struct xc_dom_elf *e)
{
	struct phdr ph;
	unsigned int n = 0;

	for (unsigned int i = 0; i < e->phnum; i++) {
		get_phdr(e, i, &ph);
		if (ph.type != PT_LOAD || !ph.memsz)
			continue;
		if (ph.filesz > ph.memsz ||
		    !in_bounds(ph.offset, ph.filesz, e->size) ||
		    ph.paddr + ph.memsz < ph.paddr)
			return "bad PT_LOAD segment";
		if (!n || ph.paddr < e->pstart)
			e->pstart = ph.paddr;
		if (!n || ph.paddr + ph.memsz > e->pend)
			e->pend = ph.paddr + ph.memsz;
		n++;
	}
	return n ? NULL : "no PT_LOAD segment";
}

static uint64_t note_int(const uint8_t *d, uint32_t sz)
{
	uint8_t b[8] = {0};

	if (sz == 1 || sz == 2 || sz == 4 || sz == 8)
		memcpy(b, d, sz);
	return (uint64_t)b[0] | (uint64_t)b[1] << 8 | (uint64_t)b[2] << 16 |
	       (uint64_t)b[3] << 24 | (uint64_t)b[4] << 32 |
	       (uint64_t)b[5] << 40 | (uint64_t)b[6] << 48 |
	       (uint64_t)b[7] << 56;
}

static void note_str(const uint8_t *d, uint32_t sz, char *dst, size_t max)
{
	size_t n = strnlen((const char *)d, sz);

	if (n >= max)
		n = max - 1;
	memcpy(dst, d, n);
	dst[n] = 0;
}

/* The '!'-marked names of "a|!b|c" that we know (others: ignored). */
static uint32_t required_features(const char *s, size_t len)
{
	static const struct {
		const char *name;
		unsigned int bit;
	} names[] = {
		{"auto_translated_physmap", XENFEAT_auto_translated_physmap},
		{"supervisor_mode_kernel", XENFEAT_supervisor_mode_kernel},
		{"hvm_callback_vector", XENFEAT_hvm_callback_vector},
		{"writable_page_tables", XENFEAT_writable_page_tables},
	};
	uint32_t req = 0;
	size_t pos = 0, start;

	len = strnlen(s, len);
	while (pos < len) {
		bool bang = s[pos] == '!';

		start = pos += bang;
		while (pos < len && s[pos] != '|')
			pos++;
		for (unsigned int i = 0; bang && i < 4; i++)
			if (strlen(names[i].name) == pos - start &&
			    !memcmp(names[i].name, s + start, pos - start))
				req |= 1u << names[i].bit;
		pos++;
	}
	return req;
}

static void xen_note(struct xc_dom_elf *e, uint32_t type, const uint8_t *d,
		     uint32_t sz)
{
	switch (type) {
	case XEN_ELFNOTE_ENTRY:
		e->entry = note_int(d, sz);
		break;
	case XEN_ELFNOTE_HYPERCALL_PAGE:
		e->hypercall_page = note_int(d, sz);
		break;
	case XEN_ELFNOTE_VIRT_BASE:
		e->virt_base = note_int(d, sz);
		break;
	case XEN_ELFNOTE_PADDR_OFFSET:
		e->paddr_offset = note_int(d, sz);
		break;
	case XEN_ELFNOTE_INIT_P2M:
		e->init_p2m = note_int(d, sz);
		break;
	case XEN_ELFNOTE_MOD_START_PFN:
		e->mod_start_pfn = note_int(d, sz) != 0;
		break;
	case XEN_ELFNOTE_FEATURES:
		e->feat_required |= required_features((const char *)d, sz);
		break;
	case XEN_ELFNOTE_LOADER:
		note_str(d, sz, e->loader, sizeof(e->loader));
		break;
	case XEN_ELFNOTE_GUEST_OS:
		note_str(d, sz, e->guest_os, sizeof(e->guest_os));
		break;
	case XEN_ELFNOTE_XEN_VERSION:
		note_str(d, sz, e->xen_version, sizeof(e->xen_version));
		break;
	}
	if (type < 32)
		e->present |= 1u << type;
}

/* Notes of one PT_NOTE area: namesz, descsz, type, name, desc. */
static const char *parse_notes(struct xc_dom_elf *e, const uint8_t *p,
			       uint64_t len, unsigned int align)
{
	uint64_t off = 0;

	while (len - off >= 12) {
		uint32_t nsz, dsz, type;
		uint64_t name, desc;

		memcpy(&nsz, p + off, 4);
		memcpy(&dsz, p + off + 4, 4);
		memcpy(&type, p + off + 8, 4);
		name = off + 12;
		desc = name + ((nsz + align - 1) & ~(uint64_t)(align - 1));
		if (!in_bounds(name, nsz, len) || !in_bounds(desc, dsz, len))
			return "malformed ELF note";
		if (nsz == 4 && !memcmp(p + name, "Xen", 4))
			xen_note(e, type, p + desc, dsz);
		off = desc + ((dsz + align - 1) & ~(uint64_t)(align - 1));
		if (off > len)
			break;
	}
	return NULL;
}

static const char *scan_notes(struct xc_dom_elf *e)
{
	struct phdr ph;
	const char *why;

	for (unsigned int i = 0; i < e->phnum; i++) {
		get_phdr(e, i, &ph);
		if (ph.type != PT_NOTE)
			continue;
		if (!in_bounds(ph.offset, ph.filesz, e->size))
			return "bad PT_NOTE segment";
		why = parse_notes(e, e->img + ph.offset, ph.filesz,
				  ph.align == 8 ? 8 : 4);
		if (why)
			return why;
	}
	return e->present ? NULL : "no Xen ELF notes (not a PV kernel)";
}

/* Xen 4.17's accept/refuse rules for a PV domU kernel. */
static const char *check_xen(struct xc_dom_elf *e)
{
	uint64_t off;

	if (strncmp(e->loader, "generic", 7) &&
	    strncmp(e->guest_os, "linux", 5))
		return "LOADER is not \"generic\" and GUEST_OS not \"linux\"";
	if (strncmp(e->xen_version, "xen-3.0", 7))
		return "XEN_VERSION is not \"xen-3.0\"";
	if (e->feat_required & FEAT_IMPOSSIBLE)
		return "it requires features of HVM or ring-0 guests";
	if (!(e->present & (1u << XEN_ELFNOTE_PADDR_OFFSET)))
		e->paddr_offset = 0;
	off = e->virt_base - e->paddr_offset;
	e->virt_kstart = e->pstart + off;
	e->virt_kend = e->pend + off;
	if ((e->virt_base & (XC_PAGE_SIZE - 1)) ||
	    e->virt_base > e->virt_kstart || e->virt_kstart > e->virt_kend ||
	    e->entry < e->virt_kstart || e->entry >= e->virt_kend)
		return "kernel start or entry point out of bounds";
	if (e->init_p2m != XC_DOM_UNSET && e->init_p2m >= e->virt_kstart &&
	    e->init_p2m < e->virt_kend)
		return "INIT_P2M lies inside the kernel";
	return NULL;
}

int xc_dom_parse_elf(struct xc_dom *dom)
{
	struct xc_dom_elf *e = &dom->elf;
	const char *why;

	memset(e, 0, sizeof(*e));
	e->img = dom->kernel;
	e->size = dom->kernel_len;
	e->hypercall_page = XC_DOM_UNSET;
	e->init_p2m = XC_DOM_UNSET;
	why = check_ehdr(e);
	if (!why)
		why = scan_loads(e);
	if (!why)
		why = scan_notes(e);
	if (!why)
		why = check_xen(e);
	if (why)
		return xc_dom_fail(dom, -ENOEXEC, "kernel %s: %s",
				   dom->cfg->kernel, why);
	return 0;
}

/* Copy bytes to guest-physical address gpa through the mapping. */
static void copy_to_pfns(struct xc_dom *dom, uint64_t gpa, const uint8_t *src,
			 size_t len)
{
	while (len) {
		size_t off = gpa & (XC_PAGE_SIZE - 1);
		size_t n = XC_PAGE_SIZE - off < len ? XC_PAGE_SIZE - off : len;

		memcpy((uint8_t *)xc_dom_pfn_ptr(dom, gpa >> XC_PAGE_SHIFT) +
			       off,
		       src, n);
		gpa += n, src += n, len -= n;
	}
}

void xc_dom_load_segments(struct xc_dom *dom)
{
	const struct xc_dom_elf *e = &dom->elf;
	uint64_t base = e->virt_kstart - e->virt_base;
	struct phdr ph;

	/* The memsz tails stay zero: populate_physmap scrubs every frame. */
	for (unsigned int i = 0; i < e->phnum; i++) {
		get_phdr(e, i, &ph);
		if (ph.type == PT_LOAD && ph.memsz)
			copy_to_pfns(dom, base + (ph.paddr - e->pstart),
				     e->img + ph.offset, ph.filesz);
	}
	if (dom->ramdisk)
		copy_to_pfns(dom, (uint64_t)dom->ramdisk_pfn << XC_PAGE_SHIFT,
			     dom->ramdisk, dom->ramdisk_len);
}
