/*
 * Multiboot 1 and Multiboot 2 information parsing.
 *
 * Interface: multiboot_parse() once on the BSP, while the boot page
 * tables still map the first 4 GiB; it copies everything we need out of
 * the loader's structures into a struct boot_info, so later code never
 * touches loader memory (other than module contents).
 * Invariants: every loop is bounded by the structure's own size fields
 * and by fixed maxima; malformed input is truncated, not trusted.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <asm/page.h>
#include <asm/bootinfo.h>

#define MB1_BOOT_MAGIC 0x2badb002
#define MB2_BOOT_MAGIC 0x36d76289

/* Multiboot 1 info flags. */
#define MB1_INFO_MEMORY   (1u << 0)
#define MB1_INFO_CMDLINE  (1u << 2)
#define MB1_INFO_MODS     (1u << 3)
#define MB1_INFO_MMAP     (1u << 6)
#define MB1_INFO_LOADER   (1u << 9)

struct mb1_info {
	u32 flags;
	u32 mem_lower, mem_upper;   /* KiB below 1 MiB / above 1 MiB */
	u32 boot_device;
	u32 cmdline;
	u32 mods_count, mods_addr;
	u32 syms[4];
	u32 mmap_length, mmap_addr;
	u32 drives_length, drives_addr;
	u32 config_table;
	u32 boot_loader_name;
};
BUILD_BUG_ON(offsetof(struct mb1_info, boot_loader_name) != 64);

struct mb1_module {
	u32 mod_start, mod_end, string, reserved;
};

struct __packed mb1_mmap {
	u32 size;          /* of the rest of this entry */
	u64 addr, len;
	u32 type;
};

/* Multiboot 2 tags. */
#define MB2_TAG_END     0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_LOADER  2
#define MB2_TAG_MODULE  3
#define MB2_TAG_MEMINFO 4
#define MB2_TAG_MMAP    6
#define MB2_TAG_ACPI1   14
#define MB2_TAG_ACPI2   15

struct mb2_tag {
	u32 type, size;
};

struct mb2_mmap_entry {
	u64 addr, len;
	u32 type, reserved;
};

static void copy_string(char *dst, size_t n, paddr_t pa)
{
	if (pa)
		strlcpy(dst, maddr_to_virt(pa), n);
	else
		dst[0] = '\0';
}

/* Loaders pass "file args"; the module's string is the args part. */
static void add_module(struct boot_info *bi, paddr_t start, paddr_t end,
		       const char *string)
{
	struct boot_module *m;

	if (bi->nr_modules == MAX_BOOT_MODULES || end < start)
		return;
	m = &bi->mod[bi->nr_modules++];
	m->start = start;
	m->size = end - start;
	strlcpy(m->cmdline, string ? string : "", sizeof(m->cmdline));
}

static void mb1_parse(const struct mb1_info *mbi, struct boot_info *bi)
{
	bi->mb_version = 1;
	if (mbi->flags & MB1_INFO_CMDLINE)
		copy_string(bi->cmdline, sizeof(bi->cmdline), mbi->cmdline);
	if (mbi->flags & MB1_INFO_LOADER)
		copy_string(bi->loader, sizeof(bi->loader), mbi->boot_loader_name);
	if (mbi->flags & MB1_INFO_MODS) {
		const struct mb1_module *mod = maddr_to_virt(mbi->mods_addr);
		for (u32 i = 0; i < mbi->mods_count && i < MAX_BOOT_MODULES; i++)
			add_module(bi, mod[i].mod_start, mod[i].mod_end,
				   mod[i].string ? maddr_to_virt(mod[i].string) : NULL);
	}
	if (mbi->flags & MB1_INFO_MMAP) {
		paddr_t p = mbi->mmap_addr, end = p + mbi->mmap_length;
		while (p + sizeof(struct mb1_mmap) <= end) {
			const struct mb1_mmap *e = maddr_to_virt(p);
			memmap_add(&bi->mem, e->addr, e->len, e->type);
			p += e->size + sizeof(e->size);
		}
	} else if (mbi->flags & MB1_INFO_MEMORY) {
		memmap_add(&bi->mem, 0, (u64)mbi->mem_lower << 10, MEM_RAM);
		memmap_add(&bi->mem, 1 << 20, (u64)mbi->mem_upper << 10, MEM_RAM);
	}
}

static void mb2_mmap(const struct mb2_tag *t, struct boot_info *bi)
{
	const u32 *hdr = (const u32 *)(t + 1);   /* entry_size, version */
	u32 esize = hdr[0];
	const u8 *p = (const u8 *)(hdr + 2), *end = (const u8 *)t + t->size;

	if (esize < sizeof(struct mb2_mmap_entry))
		return;
	for (; p + esize <= end; p += esize) {
		const struct mb2_mmap_entry *e = (const void *)p;
		memmap_add(&bi->mem, e->addr, e->len, e->type);
	}
}

static void mb2_tag(const struct mb2_tag *t, paddr_t pa, struct boot_info *bi)
{
	const u32 *w = (const u32 *)(t + 1);

	switch (t->type) {
	case MB2_TAG_CMDLINE:
		strlcpy(bi->cmdline, (const char *)w, sizeof(bi->cmdline));
		break;
	case MB2_TAG_LOADER:
		strlcpy(bi->loader, (const char *)w, sizeof(bi->loader));
		break;
	case MB2_TAG_MODULE:
		add_module(bi, w[0], w[1], (const char *)(w + 2));
		break;
	case MB2_TAG_MMAP:
		mb2_mmap(t, bi);
		break;
	case MB2_TAG_ACPI1:
	case MB2_TAG_ACPI2:
		if (!bi->rsdp || t->type == MB2_TAG_ACPI2)
			bi->rsdp = pa + sizeof(*t);
		break;
	default:
		break;
	}
}

static void mb2_parse(paddr_t info, struct boot_info *bi)
{
	u32 total = *(const u32 *)maddr_to_virt(info);
	paddr_t p = info + 8, end = info + total;

	bi->mb_version = 2;
	bi->info_end = end;
	while (p + sizeof(struct mb2_tag) <= end) {
		const struct mb2_tag *t = maddr_to_virt(p);
		if (t->type == MB2_TAG_END || t->size < sizeof(*t))
			break;
		mb2_tag(t, p, bi);
		p += ROUNDUP((paddr_t)t->size, 8);
	}
}

/* Drop the first word (the file name) of a loader-supplied string. */
static void strip_file_name(char *s)
{
	char *p = s;

	while (*p == ' ')
		p++;
	while (*p && *p != ' ')
		p++;
	while (*p == ' ')
		p++;
	memmove(s, p, strlen(p) + 1);
}

/*
 * GRUB 2 passes only the arguments; other loaders (QEMU's built-in one,
 * GRUB legacy) put the file name first.
 */
static void cook_strings(struct boot_info *bi)
{
	if (!strncmp(bi->loader, "GRUB 2", 6))
		return;
	strip_file_name(bi->cmdline);
	for (unsigned int i = 0; i < bi->nr_modules; i++)
		strip_file_name(bi->mod[i].cmdline);
}

void multiboot_parse(u32 magic, paddr_t info, struct boot_info *bi)
{
	memset(bi, 0, sizeof(*bi));
	bi->info_start = info;
	if (magic == MB1_BOOT_MAGIC) {
		bi->info_end = info + sizeof(struct mb1_info);
		mb1_parse(maddr_to_virt(info), bi);
	} else if (magic == MB2_BOOT_MAGIC) {
		mb2_parse(info, bi);
	} else {
		panic("Not started by a Multiboot loader (magic %#x)\n", magic);
	}
	cook_strings(bi);
}
