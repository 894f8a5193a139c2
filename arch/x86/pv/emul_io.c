/*
 * Port I/O of PV guests (linux-pv-abi.md §5.4, §8.4): every IN/OUT/INS/
 * OUTS at CPL 3 traps (hardware IOPL 0, no TSS I/O bitmap); emulate.c
 * decodes it and asks here whether and how to perform it.
 *
 * Interface: pv_io_allowed() first (false: the instruction raises #GP),
 * then pv_io_read()/pv_io_write() for each element.
 * Invariants: guest kernel mode counts as ring 1 and user mode as ring 3
 * against the virtual IOPL (PHYSDEVOP_set_iopl); otherwise the guest's
 * I/O bitmap (PHYSDEVOP_set_iobitmap, a guest kernel VA, 1 = denied)
 * decides.  Only the privileged domain, and a domU for the ports the
 * toolstack granted it (XEN_DOMCTL_ioport_permission, xen/iocap.h),
 * reach real ports, never the ones the hypervisor drives (PICs, PIT
 * channels, its UART); every other allowed access reads all-ones and
 * drops writes, so a domU's legacy probes (8250 at 0x3f8, ...) see "no
 * device".  The PCI configuration ports 0xcf8-0xcff, 0x61, 0x92, 0xf0
 * and the ACPI PM timer are never granted (as Xen's dom0 lacks them).  dom0's PCI
 * configuration accesses are virtualised: a 32-bit write to 0xcf8 only
 * sets its latch (d->arch.pci_cf8), and 0xcfc-0xcff accesses go through
 * arch/x86/pci.c as one atomic pair with that latch, so they cannot
 * interleave with the hypervisor's own; writes that would rewrite an MSI
 * the hypervisor programmed are dropped (msi_conf_write_ok()).
 */
#include <xen/lib.h>
#include <xen/iocap.h>
#include <xen/sched.h>
#include <asm/acpi.h>
#include <asm/flushtlb.h>
#include <asm/guest_access.h>
#include <asm/i8259.h>
#include <asm/io.h>
#include <asm/msi.h>
#include <asm/pci.h>
#include <asm/pit.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/system.h>
#include <asm/uart.h>
#include "emulate.h"

#define NR_IO_PORTS	0x10000
#define PORT_NMI_SC	0x61 /* NMI status/control, PIT channel 2 gate */
#define PORT_SYS_CTRL_A	0x92 /* fast A20 gate and fast reset */
#define PORT_IGNNE	0xf0 /* clear the FPU's IGNNE# */
#define PIT_CH0		(PIT_CH2 - 2)
#define UART_NR_PORTS	8

/* Inclusive port ranges the hypervisor keeps, even from dom0. */
static const struct {
	u16 first, last;
} hv_ports[] = {
	{PIC_MASTER_CMD, PIC_MASTER_DATA},
	{PIC_SLAVE_CMD, PIC_SLAVE_DATA},
	{PIT_CH0, PIT_MODE},
	{UART_DEFAULT_BASE, UART_DEFAULT_BASE + UART_NR_PORTS - 1},
};

static bool hv_owns_ports(unsigned int port, unsigned int bytes)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(hv_ports); i++)
		if (port <= hv_ports[i].last &&
		    port + bytes - 1 >= hv_ports[i].first)
			return true;
	return false;
}

/*
 * Two bitmap bytes covering [port, port + bytes), read through the guest
 * kernel's page table (the bitmap is kernel memory); unreadable bytes
 * count as "denied".
 */
static u16 read_iobitmap(struct vcpu *v, unsigned int port)
{
	u8 b[2] = {0xff, 0xff};
	unsigned long off = port / 8, flags;
	bool user = !v->arch.kernel_mode;

	flags = arch_local_irq_save();
	if (user)
		tlb_load_cr3(v->arch.guest_table << PAGE_SHIFT);
	/* A partial copy leaves the unread byte 0xff. */
	copy_from_guest(b, v->arch.iobmp + off, 2);
	if (user)
		tlb_load_cr3(v->arch.guest_table_user << PAGE_SHIFT);
	arch_local_irq_restore(flags);
	return b[0] | (b[1] << 8);
}

bool pv_io_allowed(struct vcpu *v, unsigned int port, unsigned int bytes)
{
	u16 want;

	if (port + bytes > NR_IO_PORTS)
		return false;
	if (pv_iopl_ok(v))
		return true;
	if (port + bytes > v->arch.iobmp_nr)
		return false;
	if (!v->arch.kernel_mode && !v->arch.guest_table)
		return false;
	want = ((1u << bytes) - 1) << (port & 7);
	return !(read_iobitmap(v, port) & want);
}

/*
 * Inclusive ranges Xen also removes from dom0's I/O caps, so dom0 cannot
 * grant them: PIT channel 2 gate, fast A20/reset, IGNNE#, and the PCI
 * configuration ports (virtualised for dom0 itself below).
 */
static const struct {
	u16 first, last;
} ungrantable[] = {
	{PORT_NMI_SC, PORT_NMI_SC},
	{PORT_SYS_CTRL_A, PORT_SYS_CTRL_A},
	{PORT_IGNNE, PORT_IGNNE},
	{PCI_CONF_ADDRESS, PCI_CONF_DATA + 3},
};

static bool overlaps_ungrantable(unsigned int s, unsigned int e)
{
	unsigned int pmt = acpi_platform.pm_tmr_port;

	if (pmt && s <= pmt + 3u && e >= pmt)
		return true;
	for (unsigned int i = 0; i < ARRAY_SIZE(ungrantable); i++)
		if (s <= ungrantable[i].last && e >= ungrantable[i].first)
			return true;
	return false;
}

/* As Xen's dom0 I/O caps: all but the hypervisor's ports and the above. */
bool ioports_access_permitted(struct domain *d, unsigned int s,
			      unsigned int e)
{
	if (s > e || e >= NR_IO_PORTS)
		return false;
	if (!d->is_privileged)
		return iocap_contains(&d->ioport_caps, s, e);
	return !hv_owns_ports(s, e - s + 1) && !overlaps_ungrantable(s, e);
}

/* dom0's accesses to 0xcf8-0xcff are virtualised below, not refused. */
static bool real_io(struct domain *d, unsigned int port, unsigned int bytes)
{
	if (d->is_privileged)
		return !hv_owns_ports(port, bytes);
	return ioports_access_permitted(d, port, port + bytes - 1);
}

static bool is_cf8(const struct domain *d, unsigned int port,
		   unsigned int bytes)
{
	return d->is_privileged && port == PCI_CONF_ADDRESS && bytes == 4;
}

/* A data-port access (without a configuration cycle latched, the
 * hardware would do nothing: reads float, writes vanish). */
static bool is_cfc(const struct domain *d, unsigned int port,
		   unsigned int bytes)
{
	return d->is_privileged && port >= PCI_CONF_DATA &&
	       port + bytes <= PCI_CONF_DATA + 4;
}

static void conf_write(struct domain *d, unsigned int off, unsigned int bytes,
		       u32 val)
{
	u32 latch = d->arch.pci_cf8;
	u8 bus = (latch >> PCI_CONF_BUS_SHIFT) & 0xff;
	u8 devfn = (latch >> PCI_CONF_FN_SHIFT) & 0xff;

	if (msi_conf_write_ok(bus, devfn, (latch & PCI_CONF_REG_MASK) + off,
			      bytes))
		pci_conf_write_latched(latch, off, bytes, val);
}

u32 pv_io_read(struct domain *d, unsigned int port, unsigned int bytes)
{
	if (!real_io(d, port, bytes))
		return ~0u >> (32 - 8 * bytes);
	if (is_cf8(d, port, bytes))
		return d->arch.pci_cf8;
	if (is_cfc(d, port, bytes))
		return d->arch.pci_cf8 & PCI_CONF_ENABLE
			       ? pci_conf_read_latched(d->arch.pci_cf8,
						       port - PCI_CONF_DATA,
						       bytes)
			       : ~0u >> (32 - 8 * bytes);
	switch (bytes) {
	case 1:
		return inb(port);
	case 2:
		return inw(port);
	default:
		return inl(port);
	}
}

void pv_io_write(struct domain *d, unsigned int port, unsigned int bytes,
		 u32 val)
{
	if (!real_io(d, port, bytes))
		return;
	if (is_cf8(d, port, bytes)) {
		d->arch.pci_cf8 = val;
		return;
	}
	if (is_cfc(d, port, bytes)) {
		if (d->arch.pci_cf8 & PCI_CONF_ENABLE)
			conf_write(d, port - PCI_CONF_DATA, bytes, val);
		return;
	}
	switch (bytes) {
	case 1:
		outb(val, port);
		break;
	case 2:
		outw(val, port);
		break;
	default:
		outl(val, port);
		break;
	}
}
