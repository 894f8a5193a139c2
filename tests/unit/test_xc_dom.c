/*
 * Unit tests for libxc's PV domain builder (tools/libxc/xc_dom_*.c) on
 * the host, with the hypercalls faked: populate_physmap hands out
 * "machine" frames BASE_MFN + pfn backed by one host buffer, foreign
 * mappings point into it, and pin/setvcpucontext/grant seeding are
 * recorded.  A synthetic Linux-like ELF (Xen notes ENTRY, VIRT_BASE,
 * PADDR_OFFSET, HYPERCALL_PAGE, INIT_P2M, MOD_START_PFN) is built; the
 * checks walk the page tables from the pinned L4 for every pfn of the
 * boot region and the INIT_P2M area, and read start_info, the p2m, the
 * hypercall page, the kernel and ramdisk bytes, the grants and vcpu 0's
 * context.  Refusals: no notes, HVM-only features, malformed notes, too
 * little memory, a domain that has memory, an out-of-memory hypervisor.
 * Also SHA-256 against FIPS 180-4's examples.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#include "../../tools/libxc/xc_dom_core.c"
#include "../../tools/libxc/xc_dom_elf.c"
#include "../../tools/libxc/xc_dom_x86.c"
#include "../../tools/libxc/xc_sha256.c"

#include <public/elfnote.h>

#define BASE_MFN   0x100000UL
#define NR_PAGES   2048UL /* 8 MiB */
#define VIRT_BASE  0xffffffff80000000ULL
#define KERN_PADDR 0x200000ULL /* pfn 512 */
#define KERN_FILE  0x3000
#define KERN_MEM   0x5000
#define INIT_P2M   0x8000000000ULL
#define SHINFO_MFN 0x777UL
#define DOMID	   5

/* ---- fake hypervisor ---- */
static uint8_t *machine;       /* NR_PAGES frames, BASE_MFN.. */
static unsigned long handed;   /* frames populated so far */
static unsigned long mem_left; /* populate fails beyond this */
static uint64_t tot_pages;
static struct grant_entry_v1 grant_page[512];
static struct shared_info shinfo;
static struct mmuext_op pinned;
static uint32_t pin_dom;
static struct vcpu_guest_context ctx0;
static int ports;
static uint8_t *elf_img;
static size_t elf_len;
static const uint8_t ramdisk[] = "RAMDISK-CONTENT";

int xc_domain_getinfo(struct xc *xc, uint32_t domid,
		      struct xen_domctl_getdomaininfo *info)
{
	memset(info, 0, sizeof(*info));
	info->domain = domid;
	info->tot_pages = tot_pages;
	info->shared_info_frame = SHINFO_MFN;
	return 0;
}

int xc_populate_physmap(struct xc *xc, uint32_t domid, unsigned long nr,
			unsigned int order, xen_pfn_t *gpfns)
{
	unsigned long i;

	for (i = 0; i < nr && handed < mem_left; i++, handed++)
		gpfns[i] = BASE_MFN + gpfns[i];
	return (int)i;
}

int xc_evtchn_alloc_unbound(struct xc *xc, uint32_t domid, uint32_t remote)
{
	return ++ports;
}

void *xc_map_foreign(struct xc *xc, uint32_t domid, int prot,
		     const xen_pfn_t *frames, int *errs, unsigned int n)
{
	if (n == 1 && frames[0] == SHINFO_MFN)
		return &shinfo;
	for (unsigned int i = 0; i < n; i++)
		if (frames[i] != frames[0] + i)
			return NULL; /* the fake maps contiguous runs only */
	return machine + (frames[0] - BASE_MFN) * XC_PAGE_SIZE;
}

void *xc_map_resource(struct xc *xc, uint32_t domid, unsigned int type,
		      unsigned int id, unsigned int idx, unsigned int n,
		      int prot)
{
	return type == XENMEM_resource_grant_table && !idx ? grant_page : NULL;
}

int xc_unmap(void *addr, unsigned int n)
{
	return 0;
}

int xc_mmuext_op(struct xc *xc, uint32_t foreigndom, struct mmuext_op *op,
		 unsigned int n)
{
	pinned = *op;
	pin_dom = foreigndom;
	return 0;
}

int xc_vcpu_setcontext(struct xc *xc, uint32_t domid, uint32_t vcpu,
		       struct vcpu_guest_context *ctx)
{
	ctx0 = *ctx;
	return vcpu == 0 ? 0 : -EINVAL;
}

/* The kernel "file" is the synthetic ELF (xc_dom_kernel.c: host tests
 * of the decompressors live with the hypervisor's). */
int xc_dom_load_kernel(struct xc_dom *dom)
{
	dom->kernel = malloc(elf_len);
	memcpy(dom->kernel, elf_img, elf_len);
	dom->kernel_len = elf_len;
	return 0;
}

int xc_dom_load_ramdisk(struct xc_dom *dom)
{
	if (!dom->cfg->ramdisk)
		return 0;
	dom->ramdisk = malloc(sizeof(ramdisk));
	memcpy(dom->ramdisk, ramdisk, sizeof(ramdisk));
	dom->ramdisk_len = sizeof(ramdisk);
	return 0;
}

/* ---- the synthetic kernel ---- */
struct note_buf {
	uint8_t b[1024];
	size_t len;
};

static void add_note(struct note_buf *n, uint32_t type, const void *d,
		     uint32_t sz)
{
	uint32_t h[3] = {4, sz, type};

	memcpy(n->b + n->len, h, 12);
	memcpy(n->b + n->len + 12, "Xen", 4);
	memcpy(n->b + n->len + 16, d, sz);
	n->len += 16 + ((sz + 3) & ~3u);
}

static void add_u64(struct note_buf *n, uint32_t type, uint64_t v)
{
	add_note(n, type, &v, 8);
}

static void default_notes(struct note_buf *n, const char *features)
{
	uint32_t one = 1;

	n->len = 0;
	add_note(n, XEN_ELFNOTE_GUEST_OS, "linux", 6);
	add_note(n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0", 8);
	add_u64(n, XEN_ELFNOTE_VIRT_BASE, VIRT_BASE);
	add_u64(n, XEN_ELFNOTE_PADDR_OFFSET, 0);
	add_u64(n, XEN_ELFNOTE_ENTRY, VIRT_BASE + KERN_PADDR + 0x10);
	add_u64(n, XEN_ELFNOTE_HYPERCALL_PAGE, VIRT_BASE + KERN_PADDR + 0x2000);
	add_u64(n, XEN_ELFNOTE_INIT_P2M, INIT_P2M);
	add_note(n, XEN_ELFNOTE_MOD_START_PFN, &one, 4);
	add_note(n, XEN_ELFNOTE_FEATURES, features, strlen(features));
}

static void make_elf(const struct note_buf *n)
{
	struct ehdr eh = {.ident = {0x7f, 'E', 'L', 'F', 2, 1, 1},
			  .type = ET_EXEC,
			  .machine = EM_X86_64,
			  .version = 1,
			  .entry = VIRT_BASE + KERN_PADDR,
			  .phoff = 64,
			  .ehsize = 64,
			  .phentsize = 56,
			  .phnum = 2};
	struct phdr ph[2] = {{.type = PT_LOAD,
			      .offset = 0x1000,
			      .vaddr = VIRT_BASE + KERN_PADDR,
			      .paddr = KERN_PADDR,
			      .filesz = KERN_FILE,
			      .memsz = KERN_MEM},
			     {.type = PT_NOTE,
			      .offset = 0x800,
			      .filesz = n->len,
			      .align = 4}};

	free(elf_img);
	elf_len = 0x1000 + KERN_FILE;
	elf_img = calloc(1, elf_len);
	memcpy(elf_img, &eh, sizeof(eh));
	memcpy(elf_img + 64, ph, sizeof(ph));
	memcpy(elf_img + 0x800, n->b, n->len);
	for (size_t i = 0; i < KERN_FILE; i++)
		elf_img[0x1000 + i] = (uint8_t)(i * 7 + 1);
}

static void reset(void)
{
	memset(machine, 0, NR_PAGES * XC_PAGE_SIZE);
	memset(grant_page, 0, sizeof(grant_page));
	memset(&shinfo, 0, sizeof(shinfo));
	memset(&pinned, 0, sizeof(pinned));
	memset(&ctx0, 0, sizeof(ctx0));
	handed = tot_pages = 0;
	mem_left = ~0UL;
	ports = 0;
}

static int do_build(const char *cmdline, uint64_t mem_kb, char *err)
{
	struct xc xc = {-1, -1, -1};
	struct xc_dom_config cfg = {.kernel = "K",
				    .ramdisk = "R",
				    .cmdline = cmdline,
				    .mem_kb = mem_kb,
				    .vcpus = 1};
	struct xc_dom_result res;

	reset();
	return xc_dom_build(&xc, DOMID, &cfg, &res, err, 256);
}

/* ---- walking what was built ---- */
static unsigned long wild_frames; /* page-table entries outside memory */

static uint64_t *frame(uint64_t mfn)
{
	if (mfn < BASE_MFN || mfn >= BASE_MFN + NR_PAGES) {
		wild_frames++;
		return (uint64_t *)machine;
	}
	return (uint64_t *)(machine + (mfn - BASE_MFN) * XC_PAGE_SIZE);
}

/* The L1 entry for va, from the pinned L4 (0 if not mapped). */
static uint64_t translate(uint64_t va)
{
	uint64_t e = (uint64_t)pinned.arg1.mfn << 12 | PTE_PRESENT;

	for (int level = 4; level >= 1; level--) {
		if (!(e & PTE_PRESENT))
			return 0;
		e = frame(e >> 12 & 0xffffffffffULL)[pt_index(va, level)];
	}
	return e;
}

static void *va_ptr(uint64_t va)
{
	uint64_t e = translate(va);

	return (uint8_t *)frame(e >> 12 & 0xffffffffffULL) + (va & 0xfff);
}

static void check_region_mapping(const struct start_info *si)
{
	unsigned long pt_pfn = (si->pt_base - VIRT_BASE) >> 12, bad = 0;
	unsigned long end = NR_PAGES, pfn;

	for (pfn = 0; pfn < end; pfn++) {
		uint64_t e = translate(VIRT_BASE + (pfn << 12));
		bool pt = pfn >= pt_pfn && pfn < pt_pfn + si->nr_pt_frames;

		if (!e)
			break;
		if ((e >> 12) != BASE_MFN + pfn || !(e & PTE_USER) ||
		    !!(e & PTE_RW) == pt)
			bad++;
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(pfn % 1024, 0); /* ends on a 4 MiB boundary */
	/* Slack: 512 KiB after the stack; rsp is the stack page's end. */
	CHECK(pfn - (ctx0.user_regs.rsp - VIRT_BASE) / 4096 >= 128);
	CHECK_EQ(ctx0.user_regs.rsp,
		 VIRT_BASE + ((pt_pfn + si->nr_pt_frames + 1) << 12));
	CHECK_EQ(si->mod_start, pfn); /* the unmapped ramdisk comes next */
}

static void check_p2m(const struct start_info *si)
{
	unsigned long bad = 0;

	CHECK_EQ(si->mfn_list, INIT_P2M);
	for (unsigned long i = 0; i < si->nr_pages; i++)
		if (*(uint64_t *)va_ptr(INIT_P2M + i * 8) != BASE_MFN + i)
			bad++;
	CHECK_EQ(bad, 0);
	/* The p2m data and its tables, right after the ramdisk. */
	CHECK_EQ(si->first_p2m_pfn, si->mod_start + 1);
	CHECK_EQ(si->nr_p2m_frames, 4 + 1 + 1 + 1);
}

static void check_start_info(const struct start_info *si)
{
	CHECK(!strcmp(si->magic, "xen-3.0-x86_64"));
	CHECK_EQ(si->nr_pages, NR_PAGES);
	CHECK_EQ(si->shared_info, SHINFO_MFN << 12);
	CHECK_EQ(si->flags, SIF_MOD_START_PFN);
	CHECK_EQ(si->mod_len, sizeof(ramdisk));
	CHECK(!memcmp(frame(BASE_MFN + si->mod_start), ramdisk,
		      sizeof(ramdisk)));
	CHECK(!strcmp((const char *)si->cmd_line, "console=hvc0"));
	CHECK_EQ(si->console.domU.evtchn, 1);
	CHECK_EQ(si->store_evtchn, 2);
	CHECK_EQ(grant_page[0].flags, GTF_permit_access);
	CHECK_EQ(grant_page[0].frame, si->console.domU.mfn);
	CHECK_EQ(grant_page[1].flags, GTF_permit_access);
	CHECK_EQ(grant_page[1].frame, si->store_mfn);
	CHECK_EQ(grant_page[1].domid, 0);
	CHECK_EQ(si->store_mfn, si->console.domU.mfn - 1);
}

static void check_kernel(void)
{
	const uint8_t *k = va_ptr(VIRT_BASE + KERN_PADDR);
	const uint8_t *hc = va_ptr(VIRT_BASE + KERN_PADDR + 0x2000);
	unsigned long bad = 0;

	for (size_t i = 0; i < KERN_FILE; i++)
		if (i / 4096 != 2 && k[i] != (uint8_t)(i * 7 + 1))
			bad++;
	for (size_t i = KERN_FILE; i < KERN_MEM; i++)
		if (*(uint8_t *)va_ptr(VIRT_BASE + KERN_PADDR + i))
			bad++;
	CHECK_EQ(bad, 0);
	/* Stub 1 (mmu_update): push rcx; push r11; mov $1,%eax; syscall. */
	CHECK(hc[32] == 0x51 && hc[35] == 0xb8 && hc[36] == 1 &&
	      hc[40] == 0x0f && hc[41] == 0x05 && hc[45] == 0xc3);
	CHECK(hc[23 * 32 + 3] == 0x50 && hc[23 * 32 + 5] == 23);
}

static void test_build(void)
{
	struct note_buf n;
	char err[256];
	const struct start_info *si;

	default_notes(&n, "!writable_page_tables|pae_pgdir_above_4gb");
	make_elf(&n);
	CHECK_EQ(do_build("console=hvc0", NR_PAGES * 4, err), 0);
	CHECK(!err[0]);
	CHECK_EQ(pinned.cmd, MMUEXT_PIN_L4_TABLE);
	CHECK_EQ(pin_dom, DOMID);
	CHECK_EQ(ctx0.ctrlreg[3], (uint64_t)pinned.arg1.mfn << 12);
	CHECK_EQ(ctx0.user_regs.rip, VIRT_BASE + KERN_PADDR + 0x10);
	CHECK_EQ(ctx0.flags, VGCF_in_kernel | VGCF_online);
	CHECK_EQ(ctx0.user_regs.cs, FLAT_KERNEL_CS);
	CHECK_EQ(ctx0.kernel_sp, ctx0.user_regs.rsp);
	si = va_ptr(ctx0.user_regs.rsi);
	check_start_info(si);
	check_region_mapping(si);
	check_p2m(si);
	check_kernel();
	CHECK_EQ(wild_frames, 0);
	CHECK(shinfo.vcpu_info[0].evtchn_upcall_mask &&
	      shinfo.vcpu_info[XEN_LEGACY_MAX_VCPUS - 1].evtchn_upcall_mask);
}

static void expect_refusal(const char *why, const char *cmdline,
			   uint64_t mem_kb)
{
	char err[256];

	CHECK(do_build(cmdline, mem_kb, err) < 0);
	if (!strstr(err, why))
		fprintf(stderr, "  got \"%s\", want \"%s\"\n", err, why);
	CHECK(strstr(err, why) != NULL);
}

static void test_refusals(void)
{
	struct note_buf n;
	char big[MAX_GUEST_CMDLINE + 1];

	default_notes(&n, "!auto_translated_physmap");
	make_elf(&n);
	expect_refusal("kernel K: it requires features of HVM", "", 8192);
	n.len = 0;
	make_elf(&n);
	expect_refusal("kernel K: no Xen ELF notes", "", 8192);
	default_notes(&n, "");
	n.b[7] = 0x10; /* first note's descsz runs off the area */
	make_elf(&n);
	expect_refusal("kernel K: malformed ELF note", "", 8192);
	default_notes(&n, "");
	make_elf(&n);
	expect_refusal("4 MiB of memory are too few", "", 4096);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	expect_refusal("command line is longer", big, 8192);
	reset();
	tot_pages = 1;
	{
		struct xc xc = {-1, -1, -1};
		struct xc_dom_config cfg = {.kernel = "K", .mem_kb = 8192};
		struct xc_dom_result res;
		char err[256];

		CHECK_EQ(xc_dom_build(&xc, DOMID, &cfg, &res, err, 256),
			 -EEXIST);
		CHECK(strstr(err, "already has memory") != NULL);
	}
}

static void test_out_of_memory(void)
{
	struct xc xc = {-1, -1, -1};
	struct xc_dom_config cfg = {.kernel = "K", .mem_kb = 8192};
	struct xc_dom_result res;
	char err[256];
	struct note_buf n;

	default_notes(&n, "");
	make_elf(&n);
	reset();
	mem_left = 100;
	CHECK_EQ(xc_dom_build(&xc, DOMID, &cfg, &res, err, 256), -ENOMEM);
	CHECK(strstr(err, "cannot allocate 8 MiB") != NULL);
}

static void hex(const uint8_t *h, char *out)
{
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
}

static void test_sha256(void)
{
	static const char *const want[] = {
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8"
		"55",
		"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015"
		"ad",
		"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06"
		"c1",
	};
	static const char *const msg[] = {
		"", "abc",
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"};
	uint8_t h[32];
	char s[65];

	for (int i = 0; i < 3; i++) {
		xc_sha256(msg[i], strlen(msg[i]), h);
		hex(h, s);
		CHECK(!strcmp(s, want[i]));
	}
}

int main(void)
{
	machine = calloc(NR_PAGES, XC_PAGE_SIZE);
	test_build();
	test_refusals();
	test_out_of_memory();
	test_sha256();
	free(machine);
	free(elf_img);
	return unit_finish("xc_dom");
}
