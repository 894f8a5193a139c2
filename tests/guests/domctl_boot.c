/*
 * domctl_boot: dom0 builds and runs a domain from nothing, as a toolstack
 * does: createdomain, max_mem, populate_physmap for it, mmu_update with
 * foreigndom to write its frames (a 4-level page table mapping one code
 * page at CODE_VA), setvcpucontext (CR3, entry point, online; loaded
 * again with the same tables: 0, with another CR3 or GDT: -EOPNOTSUPP;
 * reset by a NULL context, after which getvcpucontext is -ENODATA; and
 * loaded once more), then unpausedomain.  The new domain writes GREETING with console_io and
 * shuts itself down (poweroff); dom0 sees VIRQ_DOM_EXC, getdomaininfo
 * shows it shut down with reason poweroff, and destroydomain frees it
 * (the QEMU test checks the greeting and the teardown in the log).
 */
#include "guest.h"
#include <public/domctl.h>

const char test_name[] = "domctl_boot";

#define NR_FRAMES  5	      /* L4, L3, L2, L1, code */
#define CODE_VA	   0x400000UL /* L4 0, L3 0, L2 2, L1 0 */
#define WAIT_NS	   10000000000UL
#define POLL_NS	   20000000UL
#define REASON_OFF 48
#define MSG_OFF	   64
#define GREETING   "hello from a toolstack-built domain\n"

static struct xen_domctl dc;
static char win[PAGE_SIZE] __page_aligned_bss; /* map window */
static const unsigned long rw =
	_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;

/*
 * mov $18,%eax; mov $0,%edi; mov $len,%esi; lea msg(%rip),%rdx; syscall;
 * mov $29,%eax; mov $2,%edi; lea reason(%rip),%rsi; syscall; jmp .
 */
static const uint8_t code[] = {0xb8,
			       18,
			       0,
			       0,
			       0,
			       0xbf,
			       0,
			       0,
			       0,
			       0,
			       0xbe,
			       sizeof(GREETING) - 1,
			       0,
			       0,
			       0,
			       0x48,
			       0x8d,
			       0x15,
			       MSG_OFF - 22,
			       0,
			       0,
			       0,
			       0x0f,
			       0x05,
			       0xb8,
			       29,
			       0,
			       0,
			       0,
			       0xbf,
			       2,
			       0,
			       0,
			       0,
			       0x48,
			       0x8d,
			       0x35,
			       REASON_OFF - 41,
			       0,
			       0,
			       0,
			       0x0f,
			       0x05,
			       0xeb,
			       0xfe};

static long domctl(uint32_t cmd, domid_t dom)
{
	dc.cmd = cmd;
	dc.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	dc.domain = dom;
	return hypercall(__HYPERVISOR_domctl, (unsigned long)&dc, 0, 0, 0, 0);
}

static void expect_rc(const char *what, long rc, long want)
{
	check(rc == want, "%s returned %ld, expected %ld", what, rc, want);
}

static domid_t create(void)
{
	memset(&dc.u, 0, sizeof(dc.u));
	dc.u.createdomain.max_vcpus = 1;
	dc.u.createdomain.max_evtchn_port = 63;
	dc.u.createdomain.max_grant_frames = -1;
	dc.u.createdomain.max_maptrack_frames = -1;
	dc.u.createdomain.grant_opts = XEN_DOMCTL_GRANT_version(1);
	expect_rc("createdomain", domctl(XEN_DOMCTL_createdomain, 0), 0);
	memset(&dc.u, 0, sizeof(dc.u));
	dc.u.max_mem.max_memkb = 64;
	expect_rc("max_mem", domctl(XEN_DOMCTL_max_mem, dc.domain), 0);
	return dc.domain;
}

static void populate(domid_t id, unsigned long *mfn)
{
	struct xen_memory_reservation r = {.nr_extents = NR_FRAMES,
					   .domid = id};

	for (unsigned i = 0; i < NR_FRAMES; i++)
		mfn[i] = i;
	xen_set_guest_handle(r.extent_start, mfn);
	expect_rc("populate_physmap for the new domain",
		  hc_memory_op(XENMEM_populate_physmap, &r), NR_FRAMES);
}

/* Write one frame of the new domain through our window. */
static void fill(domid_t id, unsigned long mfn, const void *src, size_t len,
		 size_t off)
{
	struct mmu_update u = {.ptr = pte_maddr((unsigned long)win) |
				      MMU_NORMAL_PT_UPDATE,
			       .val = (mfn << PAGE_SHIFT) | rw};

	struct mmuext_op inv = {.cmd = MMUEXT_INVLPG_LOCAL,
				.arg1.linear_addr = (unsigned long)win};

	expect_rc("map a frame of the new domain",
		  hc_mmu_update(&u, 1, NULL, id), 0);
	/* mmu_update leaves the old translation to us, as Xen. */
	expect_rc("invlpg", hc_mmuext_op(&inv, 1, NULL, DOMID_SELF), 0);
	memset(win, 0, PAGE_SIZE);
	memcpy(win + off, src, len);
}

static void build(domid_t id, const unsigned long *mfn)
{
	uint64_t e;

	e = (mfn[1] << PAGE_SHIFT) | rw | _PAGE_USER;
	fill(id, mfn[0], &e, 8, 0); /* L4[0] -> L3 */
	e = (mfn[2] << PAGE_SHIFT) | rw | _PAGE_USER;
	fill(id, mfn[1], &e, 8, 0); /* L3[0] -> L2 */
	e = (mfn[3] << PAGE_SHIFT) | rw | _PAGE_USER;
	fill(id, mfn[2], &e, 8, 2 * 8); /* L2[2] -> L1 */
	e = (mfn[4] << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_ACCESSED |
	    _PAGE_USER;
	fill(id, mfn[3], &e, 8, 0); /* L1[0] -> code, read-only */
	fill(id, mfn[4], code, sizeof(code), 0);
	memcpy(win + MSG_OFF, GREETING, sizeof(GREETING) - 1);
	/* Nothing of it may stay writable here once it is a page table. */
	expect_rc("unmap the window", remap_page(win, virt_to_mfn(win), rw), 0);
}

/* getvcpucontext(0): loaded with CR3 l4, online as expected. */
static void check_context(domid_t id, unsigned long l4, bool online)
{
	static struct vcpu_guest_context got;
	struct vcpu_guest_context *want = NULL;

	memcpy(&want, &dc.u.vcpucontext.ctxt, sizeof(want));
	memset(&got, 0, sizeof(got));
	xen_set_guest_handle(dc.u.vcpucontext.ctxt, &got);
	expect_rc("getvcpucontext", domctl(XEN_DOMCTL_getvcpucontext, id), 0);
	check(got.ctrlreg[3] == xen_pfn_to_cr3(l4) &&
		      !!(got.flags & VGCF_online) == online &&
		      got.user_regs.rip == CODE_VA,
	      "getvcpucontext: cr3 %lx flags %lx rip %lx",
	      (unsigned long)got.ctrlreg[3], (unsigned long)got.flags,
	      (unsigned long)got.user_regs.rip);
	xen_set_guest_handle(dc.u.vcpucontext.ctxt, want);
}

/*
 * A context's GDT frames get set_gdt's checks: a frame of another
 * domain (dom0's own page), a frame beyond memory and too many entries
 * are -EINVAL, and the vCPU stays uninitialised.  (VCPUOP_initialise
 * shares the code.)
 */
static void bad_gdts(domid_t id, struct vcpu_guest_context *ctx)
{
	static uint8_t mine[PAGE_SIZE] __page_aligned_bss;
	const unsigned long frames[] = {virt_to_mfn(mine), 1UL << 40};

	for (unsigned int i = 0; i < 2; i++) {
		ctx->gdt_frames[0] = frames[i];
		ctx->gdt_ents = 16;
		expect_rc("setvcpucontext with a foreign/typed GDT frame",
			  domctl(XEN_DOMCTL_setvcpucontext, id), -XEN_EINVAL);
	}
	ctx->gdt_frames[0] = 0;
	ctx->gdt_ents = FIRST_RESERVED_GDT_ENTRY + 1;
	expect_rc("setvcpucontext with too many GDT entries",
		  domctl(XEN_DOMCTL_setvcpucontext, id), -XEN_EINVAL);
	ctx->gdt_ents = 0;
	expect_rc("getvcpucontext after refused loads",
		  domctl(XEN_DOMCTL_getvcpucontext, id), -XEN_ENODATA);
}

static void set_context(domid_t id, unsigned long l4, unsigned long other)
{
	static struct vcpu_guest_context ctx;

	memset(&ctx, 0, sizeof(ctx));
	ctx.flags = VGCF_in_kernel | VGCF_online;
	ctx.user_regs.rip = CODE_VA;
	ctx.user_regs.rsp = CODE_VA + PAGE_SIZE;
	ctx.user_regs.cs = FLAT_KERNEL_CS;
	ctx.user_regs.ss = FLAT_KERNEL_SS;
	ctx.kernel_ss = FLAT_KERNEL_SS;
	ctx.kernel_sp = CODE_VA + PAGE_SIZE;
	ctx.ctrlreg[3] = xen_pfn_to_cr3(l4);
	memset(&dc.u, 0, sizeof(dc.u));
	xen_set_guest_handle(dc.u.vcpucontext.ctxt, &ctx);
	expect_rc("setvcpucontext", domctl(XEN_DOMCTL_setvcpucontext, id), 0);
	/* As Xen: loaded again while not running, keeping its tables. */
	expect_rc("setvcpucontext again", domctl(XEN_DOMCTL_setvcpucontext, id),
		  0);
	ctx.ctrlreg[3] = xen_pfn_to_cr3(other);
	expect_rc("setvcpucontext with another CR3",
		  domctl(XEN_DOMCTL_setvcpucontext, id), -XEN_EOPNOTSUPP);
	ctx.ctrlreg[3] = xen_pfn_to_cr3(l4);
	ctx.gdt_ents = 16;
	expect_rc("setvcpucontext with another GDT",
		  domctl(XEN_DOMCTL_setvcpucontext, id), -XEN_EOPNOTSUPP);
	ctx.gdt_ents = 0;
	check_context(id, l4, true);
	/* A NULL context resets it: down, never initialised, CR3 released. */
	xen_set_guest_handle(dc.u.vcpucontext.ctxt, NULL);
	expect_rc("setvcpucontext(NULL)", domctl(XEN_DOMCTL_setvcpucontext, id),
		  0);
	expect_rc("getvcpucontext after the reset",
		  domctl(XEN_DOMCTL_getvcpucontext, id), -XEN_ENODATA);
	/* Hostile GDTs in a fresh load: refused, nothing taken or kept. */
	xen_set_guest_handle(dc.u.vcpucontext.ctxt, &ctx);
	bad_gdts(id, &ctx);
	/* Loaded fresh again (the L4 is validated anew), then run. */
	expect_rc("setvcpucontext after the reset",
		  domctl(XEN_DOMCTL_setvcpucontext, id), 0);
	check_context(id, l4, true);
}

static void run_and_reap(domid_t id, evtchn_port_t port)
{
	uint64_t end = system_time_ns() + WAIT_NS;
	uint32_t f;

	expect_rc("unpausedomain", domctl(XEN_DOMCTL_unpausedomain, id), 0);
	while (!evtchn_is_pending(port) && system_time_ns() < end)
		sleep_ns(POLL_NS);
	check(evtchn_is_pending(port), "no VIRQ_DOM_EXC from the new domain");
	memset(&dc.u, 0, sizeof(dc.u));
	expect_rc("getdomaininfo", domctl(XEN_DOMCTL_getdomaininfo, id), 0);
	f = dc.u.getdomaininfo.flags;
	check(dc.domain == id && (f & XEN_DOMINF_shutdown) &&
		      ((f >> XEN_DOMINF_shutdownshift) &
		       XEN_DOMINF_shutdownmask) == SHUTDOWN_poweroff,
	      "domain %u flags 0x%x", dc.domain, f);
	check(dc.u.getdomaininfo.tot_pages == NR_FRAMES, "tot_pages %lu",
	      (unsigned long)dc.u.getdomaininfo.tot_pages);
	expect_rc("destroydomain", domctl(XEN_DOMCTL_destroydomain, id), 0);
	expect_rc("getdomaininfo after destroy",
		  domctl(XEN_DOMCTL_getdomaininfo, id), -XEN_ESRCH);
}

void guest_main(void)
{
	struct evtchn_bind_virq bv = {.virq = VIRQ_DOM_EXC, .vcpu = 0};
	unsigned long mfn[NR_FRAMES];
	domid_t id;

	install_traps();
	map_shared_info();
	expect_rc("bind VIRQ_DOM_EXC",
		  hc_event_channel_op(EVTCHNOP_bind_virq, &bv), 0);
	id = create();
	populate(id, mfn);
	build(id, mfn);
	set_context(id, mfn[0], mfn[1]);
	run_and_reap(id, bv.port);
	printf("dom0: built, ran and destroyed domain %u\n", id);
	pass();
}
