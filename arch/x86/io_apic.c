/*
 * IO-APICs: found through the MADT, every pin masked at boot so that no
 * device interrupt arrives until someone routes it; then GSI routing and
 * masking, and the ISA IRQ -> GSI translation.  (The 8259s are remapped
 * and masked separately, by i8259_disable().)
 *
 * Interface: io_apic_init() once on the BSP after acpi_boot_init();
 * io_apic_route_gsi() / io_apic_mask_gsi() / io_apic_nr_gsis() /
 * io_apic_read_phys() after it, from any CPU; isa_irq_to_gsi() at any
 * time after acpi_boot_init().
 * Invariants: io_apic_lock serialises every IOREGSEL/IOWIN pair (the
 * index register is shared state); the table of IO-APICs is written only
 * by io_apic_init().  Routing uses physical destination mode and fixed
 * delivery only.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/spinlock.h>
#include <asm/acpi.h>
#include <asm/acpi_tables.h>
#include <asm/io.h>
#include <asm/io_apic.h>
#include <asm/mm.h>
#include <asm/x86-defns.h>

struct io_apic {
	volatile u8 *mmio;    /* IOREGSEL at +0, IOWIN at +0x10 */
	paddr_t base;	      /* physical address of mmio */
	u32 gsi_base;	      /* GSI of pin 0 */
	unsigned int nr_pins; /* redirection entries */
	u8 id;		      /* ACPI's IO-APIC id */
};

static struct io_apic io_apics[MAX_IOAPICS];
static unsigned int nr_io_apics;
static DEFINE_SPINLOCK(io_apic_lock);

/* Caller holds io_apic_lock, or is io_apic_init() (one CPU, boot). */
static u32 io_apic_read(const struct io_apic *a, unsigned int reg)
{
	writel(reg, a->mmio + IO_APIC_REGSEL);
	return readl(a->mmio + IO_APIC_IOWIN);
}

/* Caller holds io_apic_lock, or is io_apic_init(). */
static void io_apic_write(const struct io_apic *a, unsigned int reg, u32 v)
{
	writel(reg, a->mmio + IO_APIC_REGSEL);
	writel(v, a->mmio + IO_APIC_IOWIN);
}

static unsigned int rte_low(unsigned int pin)
{
	return IO_APIC_REG_REDTBL + 2 * pin;
}

/* The IO-APIC serving gsi, with the pin number in *pin; NULL if none. */
static struct io_apic *gsi_to_io_apic(u32 gsi, unsigned int *pin)
{
	for (unsigned int i = 0; i < nr_io_apics; i++) {
		struct io_apic *a = &io_apics[i];

		if (gsi >= a->gsi_base && gsi - a->gsi_base < a->nr_pins) {
			*pin = gsi - a->gsi_base;
			return a;
		}
	}
	return NULL;
}

/* Map one MADT IO-APIC and learn its size; false if it does not answer. */
static bool io_apic_probe(struct io_apic *a, paddr_t base, u32 gsi_base,
			  u8 acpi_id)
{
	u32 ver;

	a->mmio = ioremap(base, IO_APIC_MMIO_SIZE);
	if (!a->mmio) {
		printk(XENLOG_WARNING "IO-APIC %u: cannot map %#llx\n", acpi_id,
		       (unsigned long long)base);
		return false;
	}
	ver = io_apic_read(a, IO_APIC_REG_VER);
	if (ver == ~0u) { /* nothing decodes the address */
		printk(XENLOG_WARNING
		       "IO-APIC %u at %#llx does not respond, ignored\n",
		       acpi_id, (unsigned long long)base);
		return false;
	}
	a->nr_pins = ((ver >> IO_APIC_MRE_SHIFT) & IO_APIC_MRE_MASK) + 1;
	a->base = base;
	a->gsi_base = gsi_base;
	a->id = acpi_id;
	return true;
}

/* Overlapping GSI ranges would make gsi_to_io_apic() ambiguous. */
static bool io_apic_overlaps(const struct io_apic *n)
{
	for (unsigned int i = 0; i < nr_io_apics; i++) {
		const struct io_apic *a = &io_apics[i];

		if (n->gsi_base < a->gsi_base + a->nr_pins &&
		    a->gsi_base < n->gsi_base + n->nr_pins)
			return true;
	}
	return false;
}

static void io_apic_mask_all(const struct io_apic *a)
{
	for (unsigned int pin = 0; pin < a->nr_pins; pin++) {
		io_apic_write(a, rte_low(pin), IO_APIC_RTE_MASKED);
		io_apic_write(a, rte_low(pin) + 1, 0);
	}
}

void io_apic_init(void)
{
	const struct acpi_platform *ap = &acpi_platform;
	struct io_apic *a;
	u32 hw_id;

	for (unsigned int i = 0; i < ap->nr_ioapics; i++) {
		a = &io_apics[nr_io_apics];
		if (!io_apic_probe(a, ap->ioapic[i].base,
				   ap->ioapic[i].gsi_base, ap->ioapic[i].id))
			continue;
		if (io_apic_overlaps(a)) {
			printk(XENLOG_WARNING "IO-APIC %u: GSIs %u-%u overlap "
					      "another, ignored\n",
			       a->id, a->gsi_base,
			       a->gsi_base + a->nr_pins - 1);
			continue;
		}
		io_apic_mask_all(a);
		hw_id = (io_apic_read(a, IO_APIC_REG_ID) >> IO_APIC_ID_SHIFT) &
			IO_APIC_ID_MASK;
		printk("IO-APIC %u: id %u, %u pins at %#llx, GSI %u-%u\n",
		       nr_io_apics, hw_id, a->nr_pins,
		       (unsigned long long)ap->ioapic[i].base, a->gsi_base,
		       a->gsi_base + a->nr_pins - 1);
		nr_io_apics++;
	}
	if (!nr_io_apics)
		printk(XENLOG_WARNING
		       "No IO-APIC: device interrupts unavailable\n");
}

int io_apic_route_gsi(u32 gsi, u8 vector, u32 dest_apic_id, bool level,
		      bool active_low)
{
	struct io_apic *a;
	unsigned int pin;
	unsigned long flags;
	u32 low;

	a = gsi_to_io_apic(gsi, &pin);
	if (!a || vector < TRAP_nr || dest_apic_id > IO_APIC_RTE_DEST_MAX)
		return -EINVAL;
	low = vector | IO_APIC_RTE_DM_FIXED | IO_APIC_RTE_MASKED;
	if (level)
		low |= IO_APIC_RTE_LEVEL;
	if (active_low)
		low |= IO_APIC_RTE_ACTIVE_LOW;
	spin_lock_irqsave(&io_apic_lock, flags);
	/* Mask first so the pin never fires with half an entry written. */
	io_apic_write(a, rte_low(pin), IO_APIC_RTE_MASKED);
	io_apic_write(a, rte_low(pin) + 1,
		      dest_apic_id << IO_APIC_RTE_DEST_SHIFT);
	io_apic_write(a, rte_low(pin), low);
	spin_unlock_irqrestore(&io_apic_lock, flags);
	return 0;
}

void io_apic_mask_gsi(u32 gsi, bool mask)
{
	struct io_apic *a;
	unsigned int pin;
	unsigned long flags;
	u32 low;

	a = gsi_to_io_apic(gsi, &pin);
	if (!a)
		return;
	spin_lock_irqsave(&io_apic_lock, flags);
	low = io_apic_read(a, rte_low(pin));
	if (mask)
		low |= IO_APIC_RTE_MASKED;
	else
		low &= ~IO_APIC_RTE_MASKED;
	io_apic_write(a, rte_low(pin), low);
	spin_unlock_irqrestore(&io_apic_lock, flags);
}

int io_apic_read_phys(paddr_t base, unsigned int reg, u32 *val)
{
	unsigned long flags;

	if (reg > IO_APIC_REG_MAX)
		return -EINVAL;
	for (unsigned int i = 0; i < nr_io_apics; i++) {
		if (io_apics[i].base != base)
			continue;
		spin_lock_irqsave(&io_apic_lock, flags);
		*val = io_apic_read(&io_apics[i], reg);
		spin_unlock_irqrestore(&io_apic_lock, flags);
		return 0;
	}
	return -EINVAL;
}

unsigned int io_apic_nr_gsis(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < nr_io_apics; i++)
		n = MAX(n, io_apics[i].gsi_base + io_apics[i].nr_pins);
	return n;
}

/*
 * "Conforms to the bus" means ISA's rules, edge and active high.  The
 * reserved encodings (polarity/trigger 2) are treated the same way.
 */
u32 isa_irq_to_gsi(unsigned int irq, bool *level, bool *active_low)
{
	const struct acpi_platform *ap = &acpi_platform;
	u32 gsi = irq;
	u16 f = 0;

	if (irq >= ISA_NR_IRQS)
		return IO_APIC_INVALID_GSI;
	for (unsigned int i = 0; i < ap->nr_overrides; i++) {
		if (ap->override[i].isa_irq == irq) {
			gsi = ap->override[i].gsi;
			f = ap->override[i].flags;
			break;
		}
	}
	if (level)
		*level =
			(f & ACPI_MPS_INTI_TRIGGER_MASK) == ACPI_MPS_INTI_LEVEL;
	if (active_low)
		*active_low = (f & ACPI_MPS_INTI_POLARITY_MASK) ==
			      ACPI_MPS_INTI_ACTIVE_LOW;
	return gsi;
}
