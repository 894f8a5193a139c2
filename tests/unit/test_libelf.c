/*
 * Unit tests for common/libelf.c: hand-built ELF64 images carrying the
 * Xen notes Linux 6.1 publishes, an image linked by the host gcc with a
 * .note.Xen section, hostile headers (out-of-bounds and overflowing
 * offsets, huge counts, bad notes) and random corruption under ASan.
 * With VMLINUZ=/path/to/vmlinuz the real Debian kernel is decompressed
 * (common/bzimage.c) and its notes printed.
 */
#include "check.h"
#include "tool_compress.h"
#include "../../common/inflate.c"
#include "../../common/unxz.c"
#include "../../common/unzstd.c"
#include "../../common/bzimage.c"
#include "../../common/lib.c"
#include "../../common/libelf.c"

#define IMG_SIZE 0x3000
#define NOTE_OFF 0x400
#define SEG0_OFF 0x1000
#define SEG1_OFF 0x2000

static u8 img[IMG_SIZE];
static size_t note_len;

static void put_note(u32 type, const void *desc, u32 sz)
{
	u8 *p = img + NOTE_OFF + note_len;
	u32 namesz = 4;

	memcpy(p, &namesz, 4);
	memcpy(p + 4, &sz, 4);
	memcpy(p + 8, &type, 4);
	memcpy(p + 12, "Xen", 4);
	memcpy(p + 16, desc, sz);
	note_len += 16 + ((sz + 3) & ~3u);
}

static void put_u64_note(u32 type, u64 v)
{
	put_note(type, &v, 8);
}

static void put_u32_note(u32 type, u32 v)
{
	put_note(type, &v, 4);
}

static struct elf64_phdr *phdr(unsigned int i)
{
	return (struct elf64_phdr *)(img + 64 + i * 56);
}

/* Two PT_LOADs (the second with .bss) and a PT_NOTE, Linux-like notes. */
static void build_image(void)
{
	struct elf64_ehdr *eh = (struct elf64_ehdr *)img;
	static const u64 l1[2] = {1, 1};
	unsigned int i;

	memset(img, 0, sizeof(img));
	note_len = 0;
	memcpy(eh->e_ident, "\177ELF\2\1\1", 7);
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = 1;
	eh->e_entry = 0x1000000;
	eh->e_phoff = 64;
	eh->e_ehsize = 64;
	eh->e_phentsize = 56;
	eh->e_phnum = 3;
	*phdr(0) = (struct elf64_phdr){
		PT_LOAD,   5,	  SEG0_OFF, 0xffffffff81000000ull,
		0x1000000, 0x800, 0x800,    0x1000};
	*phdr(1) = (struct elf64_phdr){PT_LOAD,	  6,	 SEG1_OFF, 0,
				       0x1002000, 0x100, 0x3000,   0x1000};
	put_note(XEN_ELFNOTE_GUEST_OS, "linux", 6);
	put_note(XEN_ELFNOTE_GUEST_VERSION, "2.6", 4);
	put_note(XEN_ELFNOTE_XEN_VERSION, "xen-3.0", 8);
	put_u64_note(XEN_ELFNOTE_VIRT_BASE, 0xffffffff80000000ull);
	put_u64_note(XEN_ELFNOTE_INIT_P2M, 0x8000000000ull);
	put_u64_note(XEN_ELFNOTE_ENTRY, 0xffffffff830791c0ull);
	/* Like Linux: no NUL at the end of FEATURES. */
	put_note(XEN_ELFNOTE_FEATURES,
		 "!writable_page_tables|pae_pgdir_above_4gb|bogus", 47);
	put_u32_note(XEN_ELFNOTE_SUPPORTED_FEATURES, 0x8801);
	put_note(XEN_ELFNOTE_PAE_MODE, "yes", 4);
	put_note(XEN_ELFNOTE_LOADER, "generic", 8);
	put_note(XEN_ELFNOTE_L1_MFN_VALID, l1, 16);
	put_u32_note(XEN_ELFNOTE_SUSPEND_CANCEL, 1);
	put_u32_note(XEN_ELFNOTE_MOD_START_PFN, 1);
	put_u64_note(XEN_ELFNOTE_HV_START_LOW, 0xffff800000000000ull);
	put_u64_note(XEN_ELFNOTE_PADDR_OFFSET, 0);
	put_u32_note(XEN_ELFNOTE_PHYS32_ENTRY, 0x1000850);
	*phdr(2) = (struct elf64_phdr){PT_NOTE, 4,	  NOTE_OFF, 0,
				       0,	note_len, note_len, 4};
	for (i = 0; i < 0x800; i++)
		img[SEG0_OFF + i] = i * 7 + 1;
	for (i = 0; i < 0x100; i++)
		img[SEG1_OFF + i] = 0xa5;
}

static void test_valid(void)
{
	struct elf_image elf;
	struct elf_xen_info x;
	u8 *dest = malloc(0x5000);
	unsigned int i;
	bool ok = true;

	build_image();
	CHECK_EQ(elf_init(&elf, img, sizeof(img)), 0);
	CHECK_EQ(elf.pstart, 0x1000000);
	CHECK_EQ(elf.pend, 0x1005000);
	CHECK_EQ(elf.nr_load, 2);
	CHECK_EQ(elf_xen_parse_notes(&elf, &x), 0);
	CHECK_EQ(x.entry, 0xffffffff830791c0ull);
	CHECK_EQ(x.virt_base, 0xffffffff80000000ull);
	CHECK_EQ(x.init_p2m, 0x8000000000ull);
	CHECK_EQ(x.paddr_offset, 0);
	CHECK_EQ(x.hv_start_low, 0xffff800000000000ull);
	CHECK_EQ(x.supported_features, 0x8801);
	CHECK_EQ(x.feat_required, 1u << XENFEAT_writable_page_tables);
	CHECK_EQ(x.feat_supported, (1u << XENFEAT_writable_page_tables) |
					   (1u << XENFEAT_pae_pgdir_above_4gb));
	CHECK_EQ(x.feat_unknown, 1);
	CHECK_EQ(x.suspend_cancel, 1);
	CHECK_EQ(x.mod_start_pfn, 1);
	CHECK_EQ(x.phys32_entry, 0x1000850);
	CHECK_EQ(x.l1_mfn_valid_mask, 1);
	CHECK_EQ(x.l1_mfn_valid_value, 1);
	CHECK(!strcmp(x.guest_os, "linux") && !strcmp(x.loader, "generic"));
	CHECK(!strcmp(x.xen_version, "xen-3.0"));
	CHECK(!strcmp(x.pae_mode, "yes"));
	CHECK(elf_xen_has(&x, XEN_ELFNOTE_ENTRY));
	CHECK(elf_xen_has(&x, XEN_ELFNOTE_INIT_P2M));
	CHECK(!elf_xen_has(&x, XEN_ELFNOTE_HYPERCALL_PAGE));
	CHECK(!elf_xen_has(&x, 40));

	memset(dest, 0xee, 0x5000);
	CHECK_EQ(elf_load_segments(&elf, dest, 0x4fff), -ENOSPC);
	CHECK_EQ(dest[0], 0xee);
	CHECK_EQ(elf_load_segments(&elf, dest, 0x5000), 0);
	CHECK(!memcmp(dest, img + SEG0_OFF, 0x800));
	for (i = 0; i < 0x100; i++)
		ok &= dest[0x2000 + i] == 0xa5;
	for (i = 0x100; i < 0x3000; i++)
		ok &= dest[0x2000 + i] == 0;
	CHECK(ok);
	CHECK_EQ(dest[0x800], 0xee); /* the gap is not touched */
	free(dest);
}

static int init_rc(void)
{
	struct elf_image elf;

	return elf_init(&elf, img, sizeof(img));
}

static int notes_rc(void)
{
	struct elf_image elf;
	struct elf_xen_info x;
	int rc = elf_init(&elf, img, sizeof(img));

	return rc ? rc : elf_xen_parse_notes(&elf, &x);
}

static void test_hostile_headers(void)
{
	struct elf64_ehdr *eh = (struct elf64_ehdr *)img;
	struct elf_image elf;

	build_image();
	CHECK_EQ(elf_init(&elf, img, 63), -EINVAL);
	CHECK_EQ(elf_init(&elf, img, 64 + 3 * 56 - 1), -EINVAL);
	eh->e_ident[EI_CLASS] = 1;
	CHECK_EQ(init_rc(), -ENOEXEC);
	build_image();
	eh->e_machine = 3;
	CHECK_EQ(init_rc(), -ENOEXEC);
	build_image();
	eh->e_type = 3;
	CHECK_EQ(init_rc(), -ENOEXEC);
	build_image();
	eh->e_phoff = IMG_SIZE;
	CHECK_EQ(init_rc(), -EINVAL);
	build_image();
	eh->e_phoff = ~0ull - 8;
	CHECK_EQ(init_rc(), -EINVAL);
	build_image();
	eh->e_phnum = 0xfffe;
	CHECK_EQ(init_rc(), -EINVAL);
	build_image();
	eh->e_phnum = PN_XNUM;
	CHECK_EQ(init_rc(), -EINVAL);
	build_image();
	eh->e_phentsize = 64;
	CHECK_EQ(init_rc(), -EINVAL);
	build_image();
	phdr(0)->p_filesz = 0x900;
	CHECK_EQ(init_rc(), -EINVAL);
	build_image();
	phdr(0)->p_offset = ~0ull - 0x10;
	CHECK_EQ(init_rc(), -EINVAL);
	build_image();
	phdr(1)->p_offset = IMG_SIZE - 0x80;
	CHECK_EQ(init_rc(), -EINVAL);
	build_image();
	phdr(1)->p_paddr = ~0ull - 0x1000;
	CHECK_EQ(init_rc(), -EINVAL);
	build_image();
	phdr(0)->p_type = phdr(1)->p_type = 6;
	CHECK_EQ(init_rc(), -EINVAL); /* no PT_LOAD */
	build_image();
	/* Section headers out of bounds are ignored, not fatal. */
	eh->e_shoff = ~0ull;
	eh->e_shnum = 5;
	eh->e_shentsize = 64;
	CHECK_EQ(init_rc(), 0);
}

static void test_hostile_notes(void)
{
	u32 v;

	build_image();
	phdr(2)->p_filesz = IMG_SIZE; /* note area past the end */
	CHECK_EQ(notes_rc(), -EINVAL);
	build_image();
	v = 0xfffffff0; /* namesz of the first note */
	memcpy(img + NOTE_OFF, &v, 4);
	CHECK_EQ(notes_rc(), -EINVAL);
	build_image();
	memcpy(img + NOTE_OFF + 4, &v, 4); /* descsz */
	CHECK_EQ(notes_rc(), -EINVAL);
	build_image();
	memset(img + NOTE_OFF + 16, 'x', 6); /* unterminated string: ok */
	CHECK_EQ(notes_rc(), 0);
	build_image();
	note_len = 0;
	put_note(XEN_ELFNOTE_ENTRY, "\1\2\3", 3); /* 3-byte integer: 0 */
	phdr(2)->p_filesz = note_len;
	CHECK_EQ(notes_rc(), 0);
	build_image();
	memcpy(img + NOTE_OFF + 12, "Xe", 3);
	note_len = 16 + 8; /* only a non-Xen note */
	phdr(2)->p_filesz = note_len;
	CHECK_EQ(notes_rc(), -ENOENT);
	build_image();
	phdr(2)->p_filesz = 11; /* too short for a header: ignored */
	CHECK_EQ(notes_rc(), -ENOENT);
}

/* No PT_NOTE: the notes are found through an SHT_NOTE section. */
static void test_section_fallback(void)
{
	struct elf64_ehdr *eh = (struct elf64_ehdr *)img;
	struct elf64_shdr sh[2];
	struct elf_image elf;
	struct elf_xen_info x;

	build_image();
	memset(sh, 0, sizeof(sh));
	sh[1].sh_type = SHT_NOTE;
	sh[1].sh_offset = NOTE_OFF;
	sh[1].sh_size = note_len;
	sh[1].sh_addralign = 4;
	memcpy(img + 0x300, sh, sizeof(sh));
	eh->e_shoff = 0x300;
	eh->e_shnum = 2;
	eh->e_shentsize = 64;
	phdr(2)->p_type = 0x6474e551; /* PT_GNU_STACK */
	CHECK_EQ(elf_init(&elf, img, sizeof(img)), 0);
	CHECK_EQ(elf_xen_parse_notes(&elf, &x), 0);
	CHECK_EQ(x.entry, 0xffffffff830791c0ull);
	sh[1].sh_size = IMG_SIZE;
	memcpy(img + 0x300, sh, sizeof(sh));
	CHECK_EQ(elf_init(&elf, img, sizeof(img)), 0);
	CHECK_EQ(elf_xen_parse_notes(&elf, &x), -EINVAL);
}

static void test_features(void)
{
	struct elf_xen_info x;

	memset(&x, 0, sizeof(x));
	elf_xen_parse_features("dom0|!hvm_callback_vector||!|writable_page",
			       100, &x);
	CHECK_EQ(x.feat_supported,
		 (1u << XENFEAT_dom0) | (1u << XENFEAT_hvm_callback_vector));
	CHECK_EQ(x.feat_required, 1u << XENFEAT_hvm_callback_vector);
	CHECK_EQ(x.feat_unknown, 1);
	memset(&x, 0, sizeof(x));
	elf_xen_parse_features("dom0", 3, &x); /* length-bounded */
	CHECK_EQ(x.feat_supported, 0);
}

/* Random corruption of the valid image: never crash or overrun. */
static void test_fuzz(void)
{
	static u8 dest[0x8000];
	struct elf_image elf;
	struct elf_xen_info x;
	unsigned int i, j, inited = 0;
	u8 *copy = malloc(IMG_SIZE);

	for (i = 0; i < 20000; i++) {
		build_image();
		for (j = 0; j < 1 + tool_rand() % 4; j++) {
			unsigned int off = tool_rand() % 0x600;

			img[off] = tool_rand() % 3 ? tool_rand() : 0xff;
		}
		memcpy(copy, img, IMG_SIZE);
		if (elf_init(&elf, copy, IMG_SIZE))
			continue;
		inited++;
		elf_xen_parse_notes(&elf, &x);
		elf_load_segments(&elf, dest, sizeof(dest));
	}
	CHECK(inited > 0);
	free(copy);
}

/* An image from the host toolchain with a real .note.Xen section. */
static void test_gcc_image(void)
{
	static const char src[] =
		"void _start(void) { for (;;) ; }\n"
		"asm(\".pushsection .note.Xen, \\\"a\\\", @note\\n"
		" .long 4, 8, 1\\n .asciz \\\"Xen\\\"\\n .quad _start\\n"
		" .long 4, 6, 6\\n .asciz \\\"Xen\\\"\\n .asciz "
		"\\\"linux\\\"\\n"
		" .balign 4\\n .popsection\");\n";
	char dir[] = "/tmp/unit-elf-XXXXXX", cmd[512], path[64];
	unsigned char *bin;
	struct elf_image elf;
	struct elf_xen_info x;
	size_t len;
	FILE *f;

	if (!mkdtemp(dir))
		return;
	snprintf(path, sizeof(path), "%s/k.c", dir);
	f = fopen(path, "w");
	fputs(src, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd),
		 "gcc -O2 -nostdlib -static -no-pie -o %s/k %s/k.c", dir, dir);
	CHECK_EQ(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/k", dir);
	bin = tool_read_file(path, &len);
	CHECK(bin != NULL);
	if (bin) {
		CHECK_EQ(elf_init(&elf, bin, len), 0);
		CHECK_EQ(elf_xen_parse_notes(&elf, &x), 0);
		CHECK_EQ(x.entry, elf.e_entry);
		CHECK(!strcmp(x.guest_os, "linux"));
		free(bin);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CHECK_EQ(system(cmd), 0);
}

static void print_kernel(const struct elf_image *elf,
			 const struct elf_xen_info *x)
{
	printf("  vmlinux: pstart %#llx pend %#llx, %u PT_LOAD\n",
	       (unsigned long long)elf->pstart, (unsigned long long)elf->pend,
	       elf->nr_load);
	printf("  notes: entry %#llx virt_base %#llx paddr_offset %#llx "
	       "init_p2m %#llx hypercall_page %s\n",
	       (unsigned long long)x->entry, (unsigned long long)x->virt_base,
	       (unsigned long long)x->paddr_offset,
	       (unsigned long long)x->init_p2m,
	       elf_xen_has(x, XEN_ELFNOTE_HYPERCALL_PAGE) ? "yes" : "absent");
	printf("  notes: features req %#x sup %#x, supported_features %#x, "
	       "mod_start_pfn %u, guest %s %s, loader %s, %s\n",
	       x->feat_required, x->feat_supported, x->supported_features,
	       x->mod_start_pfn, x->guest_os, x->guest_version, x->loader,
	       x->xen_version);
}

/* VMLINUZ=/boot/vmlinuz-...: decompress, parse, load, report time. */
static void test_real_kernel(void)
{
	const char *path = getenv("VMLINUZ");
	static u8 work[KERNEL_IMAGE_WORK_SIZE] __attribute__((aligned(8)));
	struct elf_image elf;
	struct elf_xen_info x;
	unsigned char *k, *out, *dest;
	size_t klen, cap, out_len;
	double t;
	int rc;

	if (!path) {
		printf("  VMLINUZ not set: real-kernel test skipped\n");
		return;
	}
	k = tool_read_file(path, &klen);
	CHECK(k != NULL);
	if (!k)
		return;
	cap = kernel_image_decompressed_size(k, klen);
	CHECK(cap > 0);
	out = malloc(cap);
	t = tool_now();
	rc = kernel_image_decompress(k, klen, out, cap, &out_len, work);
	t = tool_now() - t;
	CHECK_EQ(rc, 0);
	CHECK_EQ(out_len, cap);
	printf("  %s: %zu -> %zu bytes in %.2f s (%.1f MB/s out, "
	       "ASan build)\n",
	       path, klen, out_len, t, out_len / t / 1e6);
	if (!rc && elf_init(&elf, out, out_len) == 0) {
		CHECK_EQ(elf_xen_parse_notes(&elf, &x), 0);
		{
			const char *why = NULL;
			int crc = elf_xen_check(&elf, &x, &why);

			CHECK_EQ(crc, 0);
			printf("  Xen 4.17 rules: %s\n", crc ? why : "accepted");
		}
		CHECK(elf_xen_has(&x, XEN_ELFNOTE_ENTRY));
		CHECK(x.supported_features & (1u << XENFEAT_dom0));
		print_kernel(&elf, &x);
		dest = malloc(elf.pend - elf.pstart);
		CHECK_EQ(elf_load_segments(&elf, dest, elf.pend - elf.pstart),
			 0);
		free(dest);
	} else {
		CHECK(!"decompressed kernel is not a valid ELF");
	}
	free(out);
	free(k);
}

/* ---- Xen 4.17's accept/refuse decision (elf_xen_check) ---- */

static struct elf_image ck_elf;
static struct elf_xen_info ck_x;
static const char *ck_why;

/* The image with no notes yet (PT_NOTE of size 0), entry at pstart. */
static void min_image(void)
{
	build_image();
	note_len = 0;
	phdr(2)->p_filesz = phdr(2)->p_memsz = 0;
}

static void put_str(u32 type, const char *str)
{
	put_note(type, str, strlen(str) + 1);
	phdr(2)->p_filesz = phdr(2)->p_memsz = note_len;
}

static void put_u64(u32 type, u64 v)
{
	put_u64_note(type, v);
	phdr(2)->p_filesz = phdr(2)->p_memsz = note_len;
}

/* Parse and decide: 0, -EINVAL (refused) or a parse error. */
static int decide(void)
{
	int rc = elf_init(&ck_elf, img, sizeof(img));

	ck_why = "";
	if (rc)
		return rc;
	rc = elf_xen_parse_notes(&ck_elf, &ck_x);
	if (rc && rc != -ENOENT)
		return rc;
	rc = elf_xen_check(&ck_elf, &ck_x, &ck_why);
	if (!ck_why)
		ck_why = "";
	return rc;
}

static bool refused_for(const char *word)
{
	return decide() == -EINVAL && strstr(ck_why, word);
}

/* XTF's notes: no ENTRY, VIRT_BASE, PADDR_OFFSET; accepted with defaults. */
static void test_check_minimal(void)
{
	min_image();
	put_str(XEN_ELFNOTE_LOADER, "generic");
	put_str(XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	CHECK_EQ(decide(), 0);
	CHECK_EQ(ck_x.virt_base, 0);
	CHECK_EQ(ck_x.paddr_offset, 0);
	CHECK_EQ(ck_x.entry, 0x1000000); /* e_entry */
	CHECK_EQ(ck_x.virt_kstart, 0x1000000);
	CHECK_EQ(ck_x.virt_kend, 0x1005000);
	CHECK(elf_xen_has(&ck_x, XEN_ELFNOTE_ENTRY));
	/* e_entry outside the image */
	((struct elf64_ehdr *)img)->e_entry = 0x1005001;
	CHECK(refused_for("entry"));
	((struct elf64_ehdr *)img)->e_entry = 0x1005000; /* == kend: ok */
	CHECK_EQ(decide(), 0);
	/* VIRT_BASE only: PADDR_OFFSET 0, kernel at pstart + VIRT_BASE */
	min_image();
	put_str(XEN_ELFNOTE_LOADER, "generic");
	put_str(XEN_ELFNOTE_XEN_VERSION, "xen-3.0-x86_64");
	put_u64(XEN_ELFNOTE_VIRT_BASE, 0xffffffff80000000ull);
	put_u64(XEN_ELFNOTE_ENTRY, 0xffffffff81000010ull);
	CHECK_EQ(decide(), 0);
	CHECK_EQ(ck_x.virt_kstart, 0xffffffff81000000ull);
	/* PADDR_OFFSET above pstart: VIRT_BASE above the kernel start */
	put_u64(XEN_ELFNOTE_PADDR_OFFSET, 0x2000000);
	CHECK(refused_for("out of bounds"));
}

static void test_check_strings(void)
{
	static const struct {
		const char *loader, *guest_os, *xen_ver;
		bool ok;
	} cases[] = {
		{"generic", NULL, "xen-3.0", true},
		{"generic-x", NULL, "xen-3.0", true},	/* prefix */
		{NULL, "linux", "xen-3.0", true},
		{NULL, "linuxish", "xen-3.0", true},	/* prefix */
		{"other", "linux", "xen-3.0", true},
		{NULL, "ourguest", "xen-3.0", false},
		{"Generic", "Linux", "xen-3.0", false}, /* case matters */
		{NULL, NULL, "xen-3.0", false},
		{"generic", NULL, NULL, false},
		{"generic", NULL, "xen-3.1", false},
		{"generic", NULL, "xen-3", false},
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		min_image();
		if (cases[i].loader)
			put_str(XEN_ELFNOTE_LOADER, cases[i].loader);
		if (cases[i].guest_os)
			put_str(XEN_ELFNOTE_GUEST_OS, cases[i].guest_os);
		if (cases[i].xen_ver)
			put_str(XEN_ELFNOTE_XEN_VERSION, cases[i].xen_ver);
		CHECK_EQ(decide(), cases[i].ok ? 0 : -EINVAL);
	}
}

static void test_check_hostile(void)
{
	struct elf64_ehdr *eh = (struct elf64_ehdr *)img;

	/* No note area at all: not a Xen image. */
	min_image();
	phdr(2)->p_type = 6;
	CHECK(refused_for("not a Xen ELF image"));
	/* A note area, but no "Xen" note: the string check refuses. */
	min_image();
	CHECK(refused_for("generic loader"));
	/* PT_NOTE at file offset 0 is skipped (binutils quirk). */
	min_image();
	put_str(XEN_ELFNOTE_LOADER, "generic");
	put_str(XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	phdr(2)->p_offset = 0;
	CHECK(refused_for("not a Xen ELF image"));
	/* PADDR_OFFSET without VIRT_BASE */
	min_image();
	put_str(XEN_ELFNOTE_LOADER, "generic");
	put_str(XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	put_u64(XEN_ELFNOTE_PADDR_OFFSET, 0);
	CHECK(refused_for("PADDR_OFFSET"));
	/* ENTRY below the kernel, INIT_P2M inside it */
	min_image();
	put_str(XEN_ELFNOTE_LOADER, "generic");
	put_str(XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	put_u64(XEN_ELFNOTE_ENTRY, 0xfff);
	CHECK(refused_for("entry"));
	min_image();
	put_str(XEN_ELFNOTE_LOADER, "generic");
	put_str(XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	put_u64(XEN_ELFNOTE_INIT_P2M, 0x1004fff);
	CHECK(refused_for("INIT_P2M"));
	put_u64(XEN_ELFNOTE_INIT_P2M, 0x1005000); /* just past: ok */
	CHECK_EQ(decide(), 0);
	/* A wrapping offset (VIRT_BASE - PADDR_OFFSET) lands out of bounds */
	min_image();
	put_str(XEN_ELFNOTE_LOADER, "generic");
	put_str(XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	put_u64(XEN_ELFNOTE_VIRT_BASE, 0x1000);
	put_u64(XEN_ELFNOTE_PADDR_OFFSET, 0x1000000);
	put_u64(XEN_ELFNOTE_ENTRY, 0x1000);
	CHECK_EQ(decide(), 0);
	put_u64(XEN_ELFNOTE_PADDR_OFFSET, 0x1000001);
	eh->e_entry = 0;
	CHECK(refused_for("out of bounds"));
}

/* Required features: only the names Xen 4.17's libelf knows. */
static void test_check_features(void)
{
	static const struct {
		const char *features;
		bool ok;
	} cases[] = {
		{"!writable_page_tables|pae_pgdir_above_4gb", true},
		{"!dom0|!hvm_callback_vector", true},
		{"gnttab_map_avail_bits|whatever", true}, /* supported: fine */
		{"!gnttab_map_avail_bits", false},	  /* Xen 4.17 lacks it */
		{"!whatever", false},
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		min_image();
		put_str(XEN_ELFNOTE_LOADER, "generic");
		put_str(XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
		put_str(XEN_ELFNOTE_FEATURES, cases[i].features);
		CHECK_EQ(decide(), cases[i].ok ? 0 : -EINVAL);
	}
}

/* Sections: [1] .shstrtab, [2] named 'name' of 'type' at data_off. */
static void put_sections(const char *name, u32 type, u64 data_off,
			 u64 size)
{
	struct elf64_ehdr *eh = (struct elf64_ehdr *)img;
	static const char strtab[] = "\0.shstrtab\0";
	struct elf64_shdr sh[3];

	memset(sh, 0, sizeof(sh));
	memcpy(img + 0x200, strtab, sizeof(strtab));
	memcpy(img + 0x200 + sizeof(strtab), name, strlen(name) + 1);
	sh[1] = (struct elf64_shdr){1, 3, 0, 0, 0x200, 0x80, 0, 0, 1, 0};
	sh[2] = (struct elf64_shdr){sizeof(strtab), type, 0, 0, data_off,
				    size, 0, 0, 4, 0};
	memcpy(img + 0x300, sh, sizeof(sh));
	eh->e_shoff = 0x300;
	eh->e_shnum = 3;
	eh->e_shentsize = 64;
	eh->e_shstrndx = 1;
}

static void test_check_fallbacks(void)
{
	static const char guest[] =
		"GUEST_OS=linux,XEN_VER=xen-3.0,VIRT_BASE=0xffffffff80000000,"
		"HYPERCALL_PAGE=0x1001,LOADER=generic,BSD_SYMTAB";
	size_t nl;

	/* PT_NOTE without Xen notes: the SHT_NOTE sections are used. */
	min_image();
	put_str(XEN_ELFNOTE_LOADER, "generic");
	put_str(XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	nl = note_len;
	memcpy(img + NOTE_OFF + 12, "Xe", 3); /* first note: not "Xen" */
	memcpy(img + NOTE_OFF + 24 + 12, "Xe", 3);
	put_sections("sect.note", SHT_NOTE, NOTE_OFF + 0x100, 0);
	CHECK(refused_for("generic loader"));
	memcpy(img + NOTE_OFF + 0x100, img + NOTE_OFF, nl);
	memcpy(img + NOTE_OFF + 0x100 + 12, "Xen", 4);
	memcpy(img + NOTE_OFF + 0x100 + 24 + 12, "Xen", 4);
	put_sections("sect.note", SHT_NOTE, NOTE_OFF + 0x100, nl);
	CHECK_EQ(decide(), 0);
	CHECK_EQ(ck_x.nr_xen_notes, 2);

	/* __xen_guest: PADDR_OFFSET defaults to VIRT_BASE, page number. */
	min_image();
	phdr(2)->p_type = 6;
	phdr(0)->p_paddr += 0xffffffff80000000ull;
	phdr(1)->p_paddr += 0xffffffff80000000ull;
	((struct elf64_ehdr *)img)->e_entry = 0xffffffff81000000ull;
	memcpy(img + 0x600, guest, sizeof(guest));
	put_sections("__xen_guest", 1, 0x600, sizeof(guest));
	CHECK_EQ(decide(), 0);
	CHECK(ck_x.legacy && !ck_x.note_area);
	CHECK_EQ(ck_x.paddr_offset, 0xffffffff80000000ull);
	CHECK_EQ(ck_x.virt_kstart, 0xffffffff81000000ull);
	CHECK_EQ(ck_x.hypercall_page, 0xffffffff81001000ull);
	CHECK(!strcmp(ck_x.guest_os, "linux"));
	/* Named differently: nothing found. */
	put_sections("__xen_guesT", 1, 0x600, sizeof(guest));
	CHECK(refused_for("not a Xen ELF image"));
	/* Section name offset past the string table: ignored, no overrun. */
	put_sections("__xen_guest", 1, 0x600, sizeof(guest));
	((struct elf64_shdr *)(img + 0x300))[2].sh_name = 0x7fffffff;
	CHECK(refused_for("not a Xen ELF image"));
	/* An unterminated string at the very end of the image. */
	put_sections("__xen_guest", 1, IMG_SIZE - 4, 4);
	memcpy(img + IMG_SIZE - 4, "XEN_", 4);
	CHECK(refused_for("generic loader"));
}

int main(void)
{
	test_valid();
	test_hostile_headers();
	test_hostile_notes();
	test_section_fallback();
	test_features();
	test_check_minimal();
	test_check_strings();
	test_check_hostile();
	test_check_features();
	test_check_fallbacks();
	test_fuzz();
	test_gcc_image();
	test_real_kernel();
	return unit_finish("libelf");
}
