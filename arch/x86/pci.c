/*
 * PCI configuration space through the type-1 mechanism (0xcf8/0xcfc), for
 * the hypervisor's own accesses (MSI programming, arch/x86/msi.c) and for
 * dom0's, which the port-I/O emulation hands over with dom0's latched
 * address so that the address/data pair cannot interleave with ours.
 *
 * Interface: asm/pci.h.  Segment 0 and the first 256 bytes of each
 * function only (no MMCONFIG).
 * Invariants: pci_lock (interrupts off, a leaf lock) is held across every
 * write of the address latch and the data access that follows, so the
 * latch always holds the address of the access in progress.
 */
#include <xen/lib.h>
#include <xen/spinlock.h>
#include <asm/io.h>
#include <asm/pci.h>

static DEFINE_SPINLOCK(pci_lock);

static u32 conf_address(u8 bus, u8 devfn, unsigned int reg)
{
	return PCI_CONF_ENABLE | (u32)bus << PCI_CONF_BUS_SHIFT |
	       (u32)devfn << PCI_CONF_FN_SHIFT | (reg & PCI_CONF_REG_MASK);
}

/* Caller holds pci_lock. */
static u32 data_in(unsigned int off, unsigned int size)
{
	switch (size) {
	case 1:
		return inb(PCI_CONF_DATA + off);
	case 2:
		return inw(PCI_CONF_DATA + off);
	default:
		return inl(PCI_CONF_DATA);
	}
}

/* Caller holds pci_lock. */
static void data_out(unsigned int off, unsigned int size, u32 val)
{
	switch (size) {
	case 1:
		outb(val, PCI_CONF_DATA + off);
		break;
	case 2:
		outw(val, PCI_CONF_DATA + off);
		break;
	default:
		outl(val, PCI_CONF_DATA);
		break;
	}
}

u32 pci_conf_read_latched(u32 latch, unsigned int off, unsigned int size)
{
	unsigned long flags;
	u32 v;

	spin_lock_irqsave(&pci_lock, flags);
	outl(latch, PCI_CONF_ADDRESS);
	v = data_in(off, size);
	spin_unlock_irqrestore(&pci_lock, flags);
	return v;
}

void pci_conf_write_latched(u32 latch, unsigned int off, unsigned int size,
			    u32 val)
{
	unsigned long flags;

	spin_lock_irqsave(&pci_lock, flags);
	outl(latch, PCI_CONF_ADDRESS);
	data_out(off, size, val);
	spin_unlock_irqrestore(&pci_lock, flags);
}

u32 pci_conf_read(u8 bus, u8 devfn, unsigned int reg, unsigned int size)
{
	ASSERT(!(reg & (size - 1)) && reg < PCI_CONF_SPACE_SIZE);
	return pci_conf_read_latched(conf_address(bus, devfn, reg), reg & 3,
				     size);
}

void pci_conf_write(u8 bus, u8 devfn, unsigned int reg, unsigned int size,
		    u32 val)
{
	ASSERT(!(reg & (size - 1)) && reg < PCI_CONF_SPACE_SIZE);
	pci_conf_write_latched(conf_address(bus, devfn, reg), reg & 3, size,
			       val);
}

bool pci_fn_present(u8 bus, u8 devfn)
{
	return pci_conf_read(bus, devfn, PCI_VENDOR_ID, 2) != 0xffff;
}

unsigned int pci_find_cap(u8 bus, u8 devfn, u8 cap_id)
{
	unsigned int pos;

	if (!(pci_conf_read(bus, devfn, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST))
		return 0;
	pos = pci_conf_read(bus, devfn, PCI_CAPABILITY_LIST, 1);
	/* Bounded: a looping list ends after as many capabilities as fit. */
	for (unsigned int n = 0; n < PCI_CAP_MAX; n++) {
		pos &= PCI_CAP_PTR_MASK;
		if (pos < PCI_CAP_FIRST)
			return 0;
		if (pci_conf_read(bus, devfn, pos, 1) == cap_id)
			return pos;
		pos = pci_conf_read(bus, devfn, pos + PCI_CAP_NEXT, 1);
	}
	return 0;
}

u64 pci_mem_bar(u8 bus, u8 devfn, unsigned int bir)
{
	unsigned int type = pci_conf_read(bus, devfn, PCI_HEADER_TYPE, 1) &
			    PCI_HEADER_TYPE_MASK;
	unsigned int nr = type == PCI_HEADER_TYPE_NORMAL   ? 6
			  : type == PCI_HEADER_TYPE_BRIDGE ? 2
							   : 0;
	unsigned int reg = PCI_BASE_ADDRESS_0 + 4 * bir;
	u64 bar;

	if (bir >= nr)
		return 0;
	bar = pci_conf_read(bus, devfn, reg, 4);
	if (bar & PCI_BAR_IO)
		return 0;
	if ((bar & PCI_BAR_MEM_TYPE_MASK) == PCI_BAR_MEM_TYPE_64) {
		if (bir + 1 >= nr)
			return 0;
		bar |= (u64)pci_conf_read(bus, devfn, reg + 4, 4) << 32;
	}
	return bar & PCI_BAR_MEM_MASK;
}
