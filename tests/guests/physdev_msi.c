/*
 * physdev_msi: dom0 maps MSI and MSI-X vectors of QEMU devices to pirqs
 * (PHYSDEVOP_map_pirq MSI/MSI_SEG) and gets their interrupts as events.
 * Run with "-device edu -device virtio-rng-pci" (test_guests.py).
 *  - Bad requests get the ABI's errors and change nothing: index != -1,
 *    bus/devfn out of range, another segment, no function there, no MSI
 *    capability, an MSI-X entry beyond the table, MULTI_MSI.
 *  - edu's MSI: the hypervisor programs a fixed, edge message to the
 *    BSP's LAPIC, enables MSI and disables INTx; the pirq needs no EOI;
 *    bound to a port, edu's "raise interrupt" register sets the port
 *    pending; our config writes to the message are dropped; mapping it
 *    again is -EEXIST; restore_msi_ext reprograms and re-enables it;
 * pci_device_remove is -EBUSY while mapped; unmapping (bound: by force)
 * disables MSI, a second unmap is -EINVAL.
 *  - virtio-rng's MSI-X entry 0: programmed in the table, which dom0 can
 *    map only read-only (writes are dropped, no fault).
 *  - dom0 may not map the LAPIC or IO-APIC, and maps the HPET read-only.
 */
#include "guest.h"
#include <public/physdev.h>

const char test_name[] = "physdev_msi";

#define CONF_ADDR      0xcf8
#define CONF_DATA      0xcfc
#define EDU_VENDOR     0x1234
#define EDU_DEVICE     0x11e8
#define VIRTIO_VENDOR  0x1af4
#define CAP_MSI	       0x05
#define CAP_MSIX       0x11
#define CMD_MEM_MASTER 0x6 /* memory decoding + bus mastering */
#define CMD_INTX_OFF   0x400
#define EDU_RAISE      0x60 /* write: raise these interrupt bits */
#define EDU_ACK	       0x64 /* write: acknowledge them */
#define LAPIC_MFN      0xfee00UL
#define IOAPIC_MFN     0xfec00UL
#define HPET_MFN       0xfed00UL
#define MAX_ROUNDS     2000

static char mmio[PAGE_SIZE] __page_aligned_bss;	 /* edu's registers */
static char table[PAGE_SIZE] __page_aligned_bss; /* an MSI-X table */
static char probe[PAGE_SIZE] __page_aligned_bss; /* LAPIC/IO-APIC/HPET */

extern char store_at[], store_end[];

#define EXPECT(call, want)                                                     \
	do {                                                                   \
		long rc_ = (call);                                             \
		check(rc_ == (want), "%s returned %ld, expected %d", #call,    \
		      rc_, (want));                                            \
	} while (0)

static long physdev(int cmd, void *arg)
{
	return HC(__HYPERVISOR_physdev_op, cmd, arg, 0, 0, 0);
}

static uint32_t conf_read(unsigned devfn, unsigned reg)
{
	uint32_t v, a = 0x80000000u | devfn << 8 | (reg & 0xfc);

	__asm__ __volatile__("outl %0, %w1" ::"a"(a), "Nd"(CONF_ADDR));
	__asm__ __volatile__("inl %w1, %0" : "=a"(v) : "Nd"(CONF_DATA));
	return v >> (8 * (reg & 3));
}

static void conf_write32(unsigned devfn, unsigned reg, uint32_t v)
{
	uint32_t a = 0x80000000u | devfn << 8 | (reg & 0xfc);

	__asm__ __volatile__("outl %0, %w1" ::"a"(a), "Nd"(CONF_ADDR));
	__asm__ __volatile__("outl %0, %w1" ::"a"(v), "Nd"(CONF_DATA));
}

static unsigned find_fn(uint16_t vendor, uint16_t device)
{
	for (unsigned devfn = 0; devfn < 256; devfn++) {
		uint32_t id = conf_read(devfn, 0);

		if ((id & 0xffff) == vendor &&
		    (!device || (id >> 16) == device))
			return devfn;
	}
	fail("no PCI function %04x:%04x on bus 0", vendor, device);
}

static unsigned find_cap(unsigned devfn, unsigned id)
{
	unsigned pos = conf_read(devfn, 0x34) & 0xfc;

	for (int n = 0; pos >= 0x40 && n < 48; n++) {
		if ((conf_read(devfn, pos) & 0xff) == id)
			return pos;
		pos = (conf_read(devfn, pos) >> 8) & 0xfc;
	}
	return 0;
}

static long map_msi(int type, int bus, int devfn, int entry, uint64_t table,
		    int *pirq)
{
	struct physdev_map_pirq m = {.domid = DOMID_SELF,
				     .type = type,
				     .index = -1,
				     .pirq = -1,
				     .bus = bus,
				     .devfn = devfn,
				     .entry_nr = entry,
				     .table_base = table};
	long rc = physdev(PHYSDEVOP_map_pirq, &m);

	if (pirq)
		*pirq = m.pirq;
	return rc;
}

static long unmap(int pirq)
{
	struct physdev_unmap_pirq u = {.domid = DOMID_SELF, .pirq = pirq};

	return physdev(PHYSDEVOP_unmap_pirq, &u);
}

static void bad_requests(unsigned edu, unsigned rng)
{
	struct physdev_map_pirq m = {.domid = DOMID_SELF,
				     .type = MAP_PIRQ_TYPE_MSI,
				     .index = 5,
				     .pirq = -1,
				     .devfn = edu};
	uint32_t ctrl = conf_read(edu, find_cap(edu, CAP_MSI)) >> 16;

	EXPECT(physdev(PHYSDEVOP_map_pirq, &m), -XEN_EINVAL); /* index */
	EXPECT(map_msi(MAP_PIRQ_TYPE_MSI, 256, edu, 0, 0, NULL), -XEN_EINVAL);
	EXPECT(map_msi(MAP_PIRQ_TYPE_MSI, 0, 300, 0, 0, NULL), -XEN_EINVAL);
	EXPECT(map_msi(MAP_PIRQ_TYPE_MSI_SEG, 1 << 16, edu, 0, 0, NULL),
	       -XEN_ENODEV);
	EXPECT(map_msi(MAP_PIRQ_TYPE_MSI, 0, 0xff, 0, 0, NULL), -XEN_ENODEV);
	/* The host bridge has no MSI; edu has no MSI-X. */
	EXPECT(map_msi(MAP_PIRQ_TYPE_MSI, 0, 0, 0, 0, NULL), -XEN_ENODEV);
	EXPECT(map_msi(MAP_PIRQ_TYPE_MSI, 0, edu, 0, 1, NULL), -XEN_ENODEV);
	EXPECT(map_msi(MAP_PIRQ_TYPE_MSI, 0, rng, 999, 1, NULL), -XEN_EINVAL);
	EXPECT(map_msi(MAP_PIRQ_TYPE_MSI, 0, rng, -1, 1, NULL), -XEN_EINVAL);
	EXPECT(map_msi(MAP_PIRQ_TYPE_MULTI_MSI, 0, edu, 2, 0, NULL),
	       -XEN_EINVAL);
	check(conf_read(edu, find_cap(edu, CAP_MSI)) >> 16 == ctrl,
	      "a refused map changed edu's MSI control");
}

static bool wait_count(evtchn_port_t port, unsigned want)
{
	for (int i = 0; i < MAX_ROUNDS && evtchn_count[port] < want; i++)
		hc_sched_op(SCHEDOP_yield, NULL);
	return evtchn_count[port] >= want;
}

static void edu_raise(void)
{
	*(volatile uint32_t *)(mmio + EDU_RAISE) = 1;
	*(volatile uint32_t *)(mmio + EDU_ACK) = 1;
}

static void edu_msi(unsigned edu)
{
	unsigned pos = find_cap(edu, CAP_MSI);
	uint32_t bar = conf_read(edu, 0x10) & ~0xfu;
	struct physdev_irq_status_query q;
	struct evtchn_bind_pirq b = {0};
	struct physdev_pci_device dev = {.devfn = edu};
	struct physdev_pci_device_add add = {.devfn = edu};
	uint32_t addr, data;
	int pirq;

	check(pos, "edu has no MSI capability");
	conf_write32(edu, 4, conf_read(edu, 4) | CMD_MEM_MASTER);
	check(remap_page(mmio, bar >> PAGE_SHIFT,
			 _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED |
				 _PAGE_DIRTY | 0x10 /* PCD */) == 0,
	      "mapping edu's BAR0 %x", bar);
	check(*(volatile uint32_t *)mmio == 0x010000ed, "edu ident %x",
	      *(volatile uint32_t *)mmio);

	EXPECT(map_msi(MAP_PIRQ_TYPE_MSI_SEG, 0, edu, 0, 0, &pirq), 0);
	check(pirq >= 24 && pirq < 256, "MSI pirq %d", pirq);
	printf("edu %02x.%u: MSI pirq %d\n", edu >> 3, edu & 7, pirq);
	addr = conf_read(edu, pos + 4);
	data = conf_read(edu, pos + 12) & 0xffff; /* edu: 64-bit MSI */
	check((addr & 0xfff0000c) == 0xfee00000 && conf_read(edu, pos + 8) == 0,
	      "MSI address %x", addr);
	check((data & 0xff) >= 0x30 && (data & 0xff) < 0xf0 && !(data & 0x8700),
	      "MSI data %x: not a fixed, edge dynamic vector", data);
	check(conf_read(edu, pos) & 0x10000, "MSI not enabled");
	check(conf_read(edu, 4) & CMD_INTX_OFF, "INTx still enabled");
	EXPECT(map_msi(MAP_PIRQ_TYPE_MSI, 0, edu, 0, 0, NULL), -XEN_EEXIST);
	q.irq = pirq;
	EXPECT(physdev(PHYSDEVOP_irq_status_query, &q), 0);
	check(!(q.flags & XENIRQSTAT_needs_eoi), "MSI pirq needs EOI");

	/* Our own writes to the programmed message are dropped. */
	conf_write32(edu, pos + 4, 0xfee01000);
	check(conf_read(edu, pos + 4) == addr, "dom0 rewrote the MSI address");

	b.pirq = pirq;
	EXPECT(hc_event_channel_op(EVTCHNOP_bind_pirq, &b), 0);
	edu_raise();
	check(wait_count(b.port, 1), "no event for edu's MSI on port %u",
	      b.port);
	edu_raise();
	check(wait_count(b.port, 2), "no second event on port %u", b.port);
	printf("edu MSI: %u events on port %u\n", evtchn_count[b.port], b.port);

	/* MSI switched off (as by a reset) is reprogrammed and enabled
	 * again; a function in use cannot be removed. */
	conf_write32(edu, pos, conf_read(edu, pos) & ~0x10000u);
	EXPECT(physdev(PHYSDEVOP_restore_msi_ext, &dev), 0);
	check(conf_read(edu, pos + 4) == addr &&
		      (conf_read(edu, pos) & 0x10000),
	      "restore_msi_ext: address %x", conf_read(edu, pos + 4));
	EXPECT(physdev(PHYSDEVOP_pci_device_remove, &dev), -XEN_EBUSY);

	EXPECT(unmap(pirq), 0); /* bound: unbound by force, as Xen */
	check(!(conf_read(edu, pos) & 0x10000), "MSI still enabled");
	EXPECT(unmap(pirq), -XEN_EINVAL);
	edu_raise();
	check(!wait_count(b.port, 3), "event after unmap");
	EXPECT(physdev(PHYSDEVOP_pci_device_remove, &dev), 0);
	EXPECT(physdev(PHYSDEVOP_pci_device_add, &add), 0);
	EXPECT(map_msi(MAP_PIRQ_TYPE_MSI, 0, edu, 0, 0, &pirq), 0);
	EXPECT(unmap(pirq), 0);
}

static uint64_t mem_bar(unsigned devfn, unsigned bir)
{
	uint32_t lo = conf_read(devfn, 0x10 + 4 * bir);
	uint64_t bar = lo & ~0xfULL;

	if ((lo & 6) == 4)
		bar |= (uint64_t)conf_read(devfn, 0x14 + 4 * bir) << 32;
	return bar;
}

static void rng_msix(unsigned rng)
{
	unsigned pos = find_cap(rng, CAP_MSIX);
	uint32_t loc = conf_read(rng, pos + 4);
	uint64_t pa = mem_bar(rng, loc & 7) + (loc & ~7u);
	volatile uint32_t *entry = (volatile uint32_t *)(table + (pa & 0xfff));
	uint32_t addr;
	unsigned traps = last_trap.count;
	int pirq;

	check(pos, "virtio-rng has no MSI-X capability");
	EXPECT(map_msi(MAP_PIRQ_TYPE_MSI_SEG, 0, rng, 0, 1 /* a hint */, &pirq),
	       0);
	printf("virtio-rng %02x.%u: MSI-X entry 0 pirq %d, table %lx\n",
	       rng >> 3, rng & 7, pirq, (unsigned long)pa);
	check(conf_read(rng, pos) & 0x80000000u, "MSI-X not enabled");
	EXPECT(remap_page(table, pa >> PAGE_SHIFT,
			  _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED |
				  _PAGE_DIRTY | 0x10),
	       0);
	check(!(pte_read((unsigned long)table) & _PAGE_RW),
	      "MSI-X table mapped writable");
	addr = entry[0];
	check((addr & 0xfff00000) == 0xfee00000 && (entry[3] & 1),
	      "MSI-X entry 0: address %x ctrl %x", addr, entry[3]);
	__asm__ __volatile__("store_at: movl %0, (%1)\n\tstore_end:\n\t" FIXUP(
				     "store_at", "store_end")::"r"(0xfee0f000),
			     "r"(entry)
			     : "memory");
	check(last_trap.count == traps && entry[0] == addr,
	      "write to the MSI-X table: %u traps, address %x",
	      last_trap.count - traps, entry[0]);
	EXPECT(unmap(pirq), 0);
	check(entry[3] & 1, "MSI-X entry 0 unmasked after unmap");
}

static void hypervisor_mmio(void)
{
	const unsigned long f = _PAGE_PRESENT | _PAGE_ACCESSED | 0x10;

	EXPECT(remap_page(probe, LAPIC_MFN, f | _PAGE_RW), -XEN_EPERM);
	EXPECT(remap_page(probe, LAPIC_MFN, f), -XEN_EPERM);
	EXPECT(remap_page(probe, IOAPIC_MFN, f), -XEN_EPERM);
	EXPECT(remap_page(probe, HPET_MFN, f | _PAGE_RW), 0);
	check(!(pte_read((unsigned long)probe) & _PAGE_RW),
	      "HPET mapped writable");
}

void guest_main(void)
{
	struct physdev_set_iopl iopl = {.iopl = 1};
	unsigned edu, rng;

	map_shared_info();
	install_traps();
	install_callbacks();
	events_enable();
	check(physdev(PHYSDEVOP_set_iopl, &iopl) == 0, "set_iopl");
	edu = find_fn(EDU_VENDOR, EDU_DEVICE);
	rng = find_fn(VIRTIO_VENDOR, 0);
	bad_requests(edu, rng);
	edu_msi(edu);
	rng_msix(rng);
	hypervisor_mmio();
}
