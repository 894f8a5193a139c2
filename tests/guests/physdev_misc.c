/*
 * physdev_misc: the physdev_op (33) sub-ops no other guest makes, run as
 * dom0 and as domU 1 at once.
 *  - set_iobitmap: with virtual IOPL 0, guest-kernel port I/O follows the
 *    bitmap (0 = allowed): a port it allows works (dom0 reaches the
 *    hardware, a domU reads all-ones), a denied one, an access half
 *    denied and a port past nr_ports raise #GP; nr_ports 0 denies all;
 *    more than 65536 ports is -EINVAL;
 *  - dom0: apic_read of the IO-APIC version register (QEMU's: 24 pins),
 *    an unknown IO-APIC base or register -EINVAL; apic_write -EPERM (the
 *    IO-APIC is the hypervisor's); alloc_irq_vector gives the IRQ back as
 *    the vector; pci_mmcfg_reserved 0; manage_pci_add_ext with
 *    is_extfn 2 -EINVAL; manage_pci_remove of an absent function 0;
 *  - a domU: all of those -EPERM;
 *  - both: the unsupported sub-ops (IRQ_UNMASK_NOTIFY, free_irq_vector,
 *    pirq_eoi_gmfn v1/v2, dbgp_op, pci_device_reset) and unknown ones
 *    -ENOSYS.
 * dom0 stays up after its result so that the domU can report.
 */
#include "guest.h"
#include <public/physdev.h>

const char test_name[] = "physdev_misc";

#define IOAPIC_BASE  0xfec00000UL
#define IOAPIC_VER   1		  /* register: version, max redirection */
#define HPET_BASE    0xfed00000UL /* not an IO-APIC */
#define PORT	     0x80
#define BITMAP_PORTS 0x88

static uint8_t bitmap[BITMAP_PORTS / 8 + 2];

extern char in81_at[], inw_at[], in90_at[], in80_at[];

static long physdev(unsigned cmd, void *arg)
{
	return HC(__HYPERVISOR_physdev_op, cmd, arg, 0, 0, 0);
}

static void expect_rc(const char *what, long rc, long want)
{
	check(rc == want, "%s returned %ld, expected %ld", what, rc, want);
}

static void expect_gp(unsigned before, const char *what, const char *rip)
{
	check(last_trap.count == before + 1 && last_trap.vector == X86_EXC_GP &&
		      last_trap.rip == (uint64_t)rip,
	      "%s: no #GP (%u traps, vector %lu)", what,
	      last_trap.count - before, last_trap.vector);
}

static long set_bitmap(unsigned nr_ports)
{
	struct physdev_set_iobitmap op = {.nr_ports = nr_ports};

	xen_set_guest_handle(op.bitmap, bitmap);
	return physdev(PHYSDEVOP_set_iobitmap, &op);
}

static void iobitmap(bool dom0)
{
	uint64_t rax = 0x1234;
	unsigned n;

	memset(bitmap, 0xff, sizeof(bitmap));
	bitmap[PORT / 8] &= ~(1u << (PORT % 8));
	expect_rc("set_iobitmap(65537 ports)", set_bitmap(65537), -XEN_EINVAL);
	expect_rc("set_iobitmap", set_bitmap(BITMAP_PORTS), 0);
	__asm__ __volatile__("inb $0x80, %%al" : "+a"(rax));
	if (!dom0)
		check((rax & 0xff) == 0xff, "domU inb 0x80: %lx", rax);
	n = last_trap.count;
	__asm__ __volatile__("in81_at: inb $0x81, %%al\n\tin81_end:\n\t" FIXUP(
				     "in81_at", "in81_end")::
				     : "rax", "memory");
	expect_gp(n, "inb of a denied port", in81_at);
	n = last_trap.count;
	__asm__ __volatile__("inw_at: inw $0x80, %%ax\n\tinw_end:\n\t" FIXUP(
				     "inw_at", "inw_end")::
				     : "rax", "memory");
	expect_gp(n, "inw over an allowed and a denied port", inw_at);
	n = last_trap.count;
	__asm__ __volatile__("in90_at: inb $0x90, %%al\n\tin90_end:\n\t" FIXUP(
				     "in90_at", "in90_end")::
				     : "rax", "memory");
	expect_gp(n, "inb past nr_ports", in90_at);
	expect_rc("set_iobitmap(0 ports)", set_bitmap(0), 0);
	n = last_trap.count;
	__asm__ __volatile__("in80_at: inb $0x80, %%al\n\tin80_end:\n\t" FIXUP(
				     "in80_at", "in80_end")::
				     : "rax", "memory");
	expect_gp(n, "inb with an empty bitmap", in80_at);
}

static void dom0_ops(bool dom0)
{
	struct physdev_apic a = {.apic_physbase = IOAPIC_BASE,
				 .reg = IOAPIC_VER};
	struct physdev_irq irq = {.irq = 9, .vector = 0};
	struct physdev_pci_mmcfg_reserved mc = {.address = 0xb0000000UL,
						.segment = 0,
						.start_bus = 0,
						.end_bus = 255};
	struct physdev_manage_pci_ext ext = {
		.bus = 0, .devfn = 0xff, .is_extfn = 2};
	struct physdev_manage_pci mp = {.bus = 0, .devfn = 0xff};
	long perm = dom0 ? 0 : -XEN_EPERM;

	expect_rc("apic_read", physdev(PHYSDEVOP_apic_read, &a), perm);
	if (dom0)
		check(((a.value >> 16) & 0xff) == 23, "IO-APIC version %x",
		      a.value);
	a.apic_physbase = HPET_BASE;
	expect_rc("apic_read of a non-IO-APIC",
		  physdev(PHYSDEVOP_apic_read, &a),
		  dom0 ? -XEN_EINVAL : -XEN_EPERM);
	a.apic_physbase = IOAPIC_BASE;
	a.reg = 0x1000;
	expect_rc("apic_read of register 0x1000",
		  physdev(PHYSDEVOP_apic_read, &a),
		  dom0 ? -XEN_EINVAL : -XEN_EPERM);
	expect_rc("apic_write", physdev(PHYSDEVOP_apic_write, &a), -XEN_EPERM);
	expect_rc("alloc_irq_vector", physdev(PHYSDEVOP_alloc_irq_vector, &irq),
		  perm);
	if (dom0)
		check(irq.vector == 9, "alloc_irq_vector: vector %u",
		      irq.vector);
	expect_rc("pci_mmcfg_reserved",
		  physdev(PHYSDEVOP_pci_mmcfg_reserved, &mc), perm);
	expect_rc("manage_pci_add_ext(is_extfn 2)",
		  physdev(PHYSDEVOP_manage_pci_add_ext, &ext),
		  dom0 ? -XEN_EINVAL : -XEN_EPERM);
	expect_rc("manage_pci_remove(absent)",
		  physdev(PHYSDEVOP_manage_pci_remove, &mp), perm);
}

void guest_main(void)
{
	static const unsigned unsupported[] = {PHYSDEVOP_IRQ_UNMASK_NOTIFY,
					       PHYSDEVOP_free_irq_vector,
					       PHYSDEVOP_pirq_eoi_gmfn_v1,
					       PHYSDEVOP_pirq_eoi_gmfn_v2,
					       PHYSDEVOP_dbgp_op,
					       PHYSDEVOP_pci_device_reset,
					       18,
					       22,
					       99};
	bool dom0 = start_info->flags & SIF_INITDOMAIN;
	uint8_t scratch[64] = {0};

	install_traps();
	iobitmap(dom0);
	dom0_ops(dom0);
	for (unsigned i = 0; i < ARRAY_SIZE(unsupported); i++)
		check(physdev(unsupported[i], scratch) == -XEN_ENOSYS,
		      "physdev_op %u not -ENOSYS", unsupported[i]);
	if (dom0)
		pass_and_idle();
}
