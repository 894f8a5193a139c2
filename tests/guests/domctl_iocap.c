/*
 * domctl_iocap: XEN_DOMCTL_{ioport,iomem,irq}_permission, and a domU
 * using what dom0 granted it (TWO_ENDS: dom0 and domU 1 "peer").
 *
 * dom0: refused, each changing nothing: an absent domain (-ESRCH), an
 * empty or wrapping range (-EINVAL), ranges dom0 itself lacks (the PIC,
 * the hypervisor's UART, the PCI configuration ports, the fast reset
 * port 0x92, the LAPIC frame,
 * a frame beyond the physical address width: -EPERM), an unmapped pirq
 * (-EPERM) and one beyond nr_pirqs (-EINVAL).  It grants the domU
 * ports 0x70-0x77 and revokes 0x72-0x77 again (a split), grants BIOS
 * frame 0xff (once the domU signals it is ready: it gives back a page),
 * and the machine irq of a GSI it mapped to a pirq (then revokes and
 * unmaps it).  At the domU's second signal it revokes ports and frame,
 * and waits for the domU to finish.
 * domU: the domctls are -EPERM for it (-ESRCH for an absent domain).
 * Before the grant: CMOS reads all-ones, frame 0xff is -EPERM through
 * DOMID_IO and DOMID_SELF, a cache-disabled PTE is -EINVAL.  Once granted
 * (polled): CMOS register 0x0d reads 0x80 (valid RAM and time), a 4-byte
 * read of 0x70-0x73 all-ones (0x72 was revoked), frame 0xff maps through
 * DOMID_IO and DOMID_SELF and holds the BIOS reset vector's far jump,
 * a cache-disabled PTE is accepted, its own RAM through DOMID_IO is
 * -EBUSY.  After the signal: CMOS reads all-ones again and frame 0xff is
 * -EPERM again; the mapping it had stays (as Xen).  Then it passes.
 */
#include "guest.h"
#include <public/domctl.h>
#include <public/physdev.h>

const char test_name[] = "domctl_iocap";

#define PEER	    1
#define NO_DOMAIN   77
#define CMOS_INDEX  0x70
#define CMOS_DATA   0x71
#define CMOS_REG_D  0x0d
#define CMOS_VRT    0x80   /* register D: valid RAM and time */
#define BIOS_MFN    0xffUL /* 0xff000: the reset vector's page */
#define RESET_OFF   0xff0  /* 0xffff0 */
#define LJMP	    0xea   /* far jmp opcode */
#define LAPIC_MFN   0xfee00UL
#define FAR_MFN	    (1UL << 40) /* beyond any physical address width */
#define TEST_GSI    10
#define WAIT_ROUNDS 500
#define POLL_NS	    20000000UL

static struct xen_domctl dc;
static char win[PAGE_SIZE] __page_aligned_bss;	    /* domU: map window */
static char spare[2][PAGE_SIZE] __page_aligned_bss; /* domU: signals */
static const unsigned long ro = _PAGE_PRESENT | _PAGE_ACCESSED;

static void expect_rc(const char *what, long rc, long want)
{
	check(rc == want, "%s returned %ld, expected %ld", what, rc, want);
}

static long domctl(uint32_t cmd, domid_t dom)
{
	dc.cmd = cmd;
	dc.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	dc.domain = dom;
	return hypercall(__HYPERVISOR_domctl, (unsigned long)&dc, 0, 0, 0, 0);
}

static long ioport(domid_t dom, uint32_t first, uint32_t nr, bool allow)
{
	memset(&dc.u, 0, sizeof(dc.u));
	dc.u.ioport_permission.first_port = first;
	dc.u.ioport_permission.nr_ports = nr;
	dc.u.ioport_permission.allow_access = allow;
	return domctl(XEN_DOMCTL_ioport_permission, dom);
}

static long iomem(domid_t dom, uint64_t first, uint64_t nr, bool allow)
{
	memset(&dc.u, 0, sizeof(dc.u));
	dc.u.iomem_permission.first_mfn = first;
	dc.u.iomem_permission.nr_mfns = nr;
	dc.u.iomem_permission.allow_access = allow;
	return domctl(XEN_DOMCTL_iomem_permission, dom);
}

static long irq(domid_t dom, uint32_t pirq, bool allow)
{
	memset(&dc.u, 0, sizeof(dc.u));
	dc.u.irq_permission.pirq = pirq;
	dc.u.irq_permission.allow_access = allow;
	return domctl(XEN_DOMCTL_irq_permission, dom);
}

static long physdev(int cmd, void *arg)
{
	return HC(__HYPERVISOR_physdev_op, cmd, arg, 0, 0, 0);
}

/* ---- domU ---- */

static uint8_t cmos_read(uint8_t reg)
{
	uint8_t v;

	__asm__ __volatile__("outb %%al, %1" ::"a"(reg), "i"(CMOS_INDEX));
	__asm__ __volatile__("inb %1, %%al" : "=a"(v) : "i"(CMOS_DATA));
	return v;
}

static uint32_t inl_cmos(void)
{
	uint32_t v;

	__asm__ __volatile__("inl %1, %%eax" : "=a"(v) : "i"(CMOS_INDEX));
	return v;
}

static long map_win(unsigned long mfn, unsigned long flags, unsigned dom)
{
	struct mmu_update r = {.ptr = pte_maddr((unsigned long)win) |
				      MMU_NORMAL_PT_UPDATE,
			       .val = (mfn << PAGE_SHIFT) | flags};

	return hc_mmu_update(&r, 1, NULL, dom);
}

static void domU_refused(void)
{
	struct physdev_set_iopl iopl = {.iopl = 1};

	expect_rc("domU ioport_permission", ioport(PEER, 0x70, 2, true),
		  -XEN_EPERM);
	expect_rc("domU iomem_permission", iomem(PEER, BIOS_MFN, 1, true),
		  -XEN_EPERM);
	expect_rc("domU irq_permission", irq(PEER, 1, true), -XEN_EPERM);
	expect_rc("domU ioport_permission(absent)",
		  ioport(NO_DOMAIN, 0x70, 2, true), -XEN_ESRCH);
	expect_rc("set_iopl(1)", physdev(PHYSDEVOP_set_iopl, &iopl), 0);
}

/* Poll until CMOS answers (dom0 granted the ports). */
static void domU_wait_grant(void)
{
	int i;

	for (i = 0; i < WAIT_ROUNDS && cmos_read(CMOS_REG_D) == 0xff; i++)
		sleep_ns(POLL_NS);
	check(i < WAIT_ROUNDS, "domU: the ports were never granted");
	printf("domU: ports granted after %d polls\n", i);
}

static void domU_use_grants(void)
{
	unsigned long own = virt_to_mfn(win);
	uint8_t v = cmos_read(CMOS_REG_D);

	check(v == CMOS_VRT, "CMOS register D reads %#x", v);
	check(inl_cmos() == 0xffffffffu, "inl(0x70) reads %#x (0x72 revoked)",
	      inl_cmos());
	for (int i = 0; i < WAIT_ROUNDS && map_win(BIOS_MFN, ro, DOMID_IO); i++)
		sleep_ns(POLL_NS); /* the frame is granted after the ports */
	check(win[RESET_OFF] == (char)LJMP, "BIOS reset vector reads %#x",
	      (uint8_t)win[RESET_OFF]);
	expect_rc("map the frame with DOMID_SELF",
		  remap_page(win, BIOS_MFN, ro), 0);
	expect_rc("a cache-disabled PTE with I/O rights",
		  remap_page(win, BIOS_MFN, ro | _PAGE_PCD), 0);
	expect_rc("own RAM through DOMID_IO", map_win(own, ro, DOMID_IO),
		  -XEN_EBUSY);
	expect_rc("restore the window", remap_page(win, own, ro), 0);
}

/* Signal n (0: ready for the grants, 1: done with them): one page less. */
static void domU_signal(int n)
{
	unsigned long mfn = virt_to_mfn(spare[n]);
	struct xen_memory_reservation r = {.nr_extents = 1,
					   .domid = DOMID_SELF};

	xen_set_guest_handle(r.extent_start, &mfn);
	expect_rc("unmap the signal page",
		  hc_update_va_mapping((unsigned long)spare[n], 0, UVMF_INVLPG),
		  0);
	expect_rc("give back the signal page",
		  hc_memory_op(XENMEM_decrease_reservation, &r), 1);
}

static void domU_side(void)
{
	unsigned long own = virt_to_mfn(win);
	int i;

	domU_refused();
	check(cmos_read(CMOS_REG_D) == 0xff, "CMOS answers before the grant");
	expect_rc("frame 0xff through DOMID_IO before the grant",
		  map_win(BIOS_MFN, ro, DOMID_IO), -XEN_EPERM);
	expect_rc("frame 0xff through DOMID_SELF before the grant",
		  remap_page(win, BIOS_MFN, ro), -XEN_EPERM);
	expect_rc("a cache-disabled PTE without I/O rights",
		  remap_page(win, own, ro | _PAGE_PCD), -XEN_EINVAL);
	domU_signal(0);
	domU_wait_grant();
	domU_use_grants();
	expect_rc("keep the frame mapped", map_win(BIOS_MFN, ro, DOMID_IO), 0);
	domU_signal(1);
	for (i = 0; i < WAIT_ROUNDS && cmos_read(CMOS_REG_D) != 0xff; i++)
		sleep_ns(POLL_NS);
	check(i < WAIT_ROUNDS, "domU: the ports were never revoked");
	for (i = 0; i < WAIT_ROUNDS && map_win(BIOS_MFN, ro, DOMID_IO) == 0;
	     i++)
		sleep_ns(POLL_NS);
	expect_rc("frame 0xff after the revocation",
		  map_win(BIOS_MFN, ro, DOMID_IO), -XEN_EPERM);
	check(win[RESET_OFF] == (char)LJMP, "the kept mapping reads %#x",
	      (uint8_t)win[RESET_OFF]);
	expect_rc("restore the window", remap_page(win, own, ro), 0);
	printf("domU: grants used, revocations seen\n");
	pass();
}

/* ---- dom0 ---- */

static void dom0_refused(void)
{
	expect_rc("ioport(absent)", ioport(NO_DOMAIN, 0x70, 2, true),
		  -XEN_ESRCH);
	expect_rc("iomem(absent)", iomem(NO_DOMAIN, BIOS_MFN, 1, true),
		  -XEN_ESRCH);
	expect_rc("irq(absent)", irq(NO_DOMAIN, 1, true), -XEN_ESRCH);
	expect_rc("ioport(no ports)", ioport(PEER, 0x70, 0, true), -XEN_EINVAL);
	expect_rc("ioport(past 0xffff)", ioport(PEER, 0xffff, 2, true),
		  -XEN_EINVAL);
	expect_rc("ioport(wrapping)", ioport(PEER, 0x70, 0xffffffffu, true),
		  -XEN_EINVAL);
	expect_rc("ioport(PIC)", ioport(PEER, 0x20, 2, true), -XEN_EPERM);
	expect_rc("ioport(hypervisor UART)", ioport(PEER, 0x3f8, 8, true),
		  -XEN_EPERM);
	expect_rc("ioport(PCI config)", ioport(PEER, 0xcfc, 4, true),
		  -XEN_EPERM);
	expect_rc("ioport(fast reset)", ioport(PEER, 0x90, 4, true),
		  -XEN_EPERM);
	expect_rc("iomem(wrapping)", iomem(PEER, ~0UL, 2, true), -XEN_EINVAL);
	expect_rc("iomem(no frames)", iomem(PEER, BIOS_MFN, 0, true),
		  -XEN_EINVAL);
	expect_rc("iomem(LAPIC)", iomem(PEER, LAPIC_MFN - 1, 2, true),
		  -XEN_EPERM);
	expect_rc("iomem(beyond the address width)",
		  iomem(PEER, FAR_MFN, 1, true), -XEN_EPERM);
	expect_rc("irq(pirq beyond nr_pirqs)", irq(PEER, 100000, true),
		  -XEN_EINVAL);
	expect_rc("irq(unmapped pirq)", irq(PEER, 200, true), -XEN_EPERM);
}

static void dom0_irq(void)
{
	struct physdev_map_pirq m = {.domid = DOMID_SELF,
				     .type = MAP_PIRQ_TYPE_GSI,
				     .index = TEST_GSI,
				     .pirq = -1};
	struct physdev_unmap_pirq u = {.domid = DOMID_SELF};

	expect_rc("map_pirq(GSI)", physdev(PHYSDEVOP_map_pirq, &m), 0);
	expect_rc("irq(mapped pirq)", irq(PEER, m.pirq, true), 0);
	expect_rc("irq(again)", irq(PEER, m.pirq, true), 0);
	expect_rc("irq(revoke)", irq(PEER, m.pirq, false), 0);
	u.pirq = m.pirq;
	expect_rc("unmap_pirq", physdev(PHYSDEVOP_unmap_pirq, &u), 0);
	expect_rc("irq(pirq unmapped again)", irq(PEER, m.pirq, true),
		  -XEN_EPERM);
}

static long peer_pages(void)
{
	domid_t id = PEER;

	return hc_memory_op(XENMEM_current_reservation, &id);
}

/* Wait for the domU's signal n (its reservation drops to before - n - 1). */
static void dom0_wait_signal(long before, int n)
{
	int i;

	for (i = 0; i < WAIT_ROUNDS * 5 && peer_pages() > before - n - 1; i++)
		sleep_ns(POLL_NS);
	check(i < WAIT_ROUNDS * 5, "dom0: the domU never sent signal %d", n);
}

static void dom0_side(void)
{
	domid_t id = PEER;
	/* A boot-time domU starts with all of its pages (it may be faster). */
	long before = hc_memory_op(XENMEM_maximum_reservation, &id);
	int i;

	check(before > 0, "peer's reservation: %ld", before);
	dom0_refused();
	dom0_irq();
	expect_rc("revoke what was never granted", ioport(PEER, 0x80, 1, false),
		  0);
	dom0_wait_signal(before, 0);
	expect_rc("ioport(CMOS and more)", ioport(PEER, 0x70, 8, true), 0);
	expect_rc("ioport(revoke 0x72-0x77)", ioport(PEER, 0x72, 6, false), 0);
	expect_rc("iomem(BIOS frame)", iomem(PEER, BIOS_MFN, 1, true), 0);
	dom0_wait_signal(before, 1);
	expect_rc("ioport(revoke CMOS)", ioport(PEER, 0x70, 2, false), 0);
	expect_rc("iomem(revoke)", iomem(PEER, BIOS_MFN, 1, false), 0);
	for (i = 0; i < WAIT_ROUNDS * 5 && peer_pages() != -XEN_ESRCH; i++)
		sleep_ns(POLL_NS);
	check(i < WAIT_ROUNDS * 5, "dom0: the domU never went away");
	printf("dom0: grants and revocations done, domU gone\n");
	pass_and_idle();
}

void guest_main(void)
{
	map_shared_info();
	install_traps();
	if (start_info->flags & SIF_INITDOMAIN)
		dom0_side();
	else
		domU_side();
}
