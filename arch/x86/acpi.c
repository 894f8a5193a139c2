/*
 * Boot-time ACPI table discovery: RSDP -> XSDT/RSDT -> MADT, FADT (and
 * from it the DSDT's \_S5 package) and HPET, distilled into
 * struct acpi_platform.
 *
 * Interface: acpi_boot_init() once on the BSP, after the heap and the
 * direct map exist (ioremap() may be needed for tables above 4 GiB) and
 * before apic_init_bsp(); afterwards acpi_platform is read-only.
 * Invariants: firmware tables are never trusted: a table is used only
 * when its signature, length and checksum are right (only the tables we
 * parse are checksummed); every walk is bounded by the table's length;
 * a bad MADT entry ends the MADT walk.  Missing pieces leave their
 * acpi_platform fields at the "absent" values documented in asm/acpi.h.
 *
 * The BSP is identified with CPUID (initial APIC id, or the x2APIC id
 * from the topology leaf) because the LAPIC is not mapped yet; firmware
 * that rewrote the xAPIC id register would defeat this, which we accept.
 */
#include <xen/lib.h>
#include <xen/acpi_aml.h>
#include <asm/acpi.h>
#include <asm/acpi_tables.h>
#include <asm/apic.h>
#include <asm/config.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>

struct acpi_platform acpi_platform;

#define ACPI_LOW_DIRECTMAP_END (4ULL << 30) /* always in the direct map */
#define ACPI_MAP_LIMIT	       (DIRECTMAP_VIRT_END - DIRECTMAP_VIRT_START)
#define ACPI_TABLE_MAX_LEN     (16u << 20) /* larger is taken as garbage */

/* Online-capable CPUs wait here until the enabled ones are all known. */
static u32 hotplug_apic_id[NR_CPUS];
static unsigned int nr_hotplug;
/* ACPI processor UID of every CPU recorded above, in MADT order. */
static struct {
	u32 apic_id, uid;
} cpu_uid[NR_CPUS];
static unsigned int nr_cpu_uid;
static unsigned int nr_cpus_dropped; /* beyond NR_CPUS */

/* Map [pa, pa + len) for reading; NULL if it cannot be a table. */
static const void *acpi_map(paddr_t pa, size_t len)
{
	if (!pa || len > ACPI_MAP_LIMIT || pa > ACPI_MAP_LIMIT - len)
		return NULL;
	if (pa + len <= ACPI_LOW_DIRECTMAP_END)
		return maddr_to_virt(pa);
	return ioremap(pa, len);
}

/*
 * Map the whole table at pa and check its length and checksum, and its
 * signature when sig is non-NULL.  Returns NULL (with a warning for a
 * corrupt table) when the table must not be used.
 */
static const struct acpi_table_header *acpi_map_table(paddr_t pa,
						      const char *sig)
{
	const struct acpi_table_header *h = acpi_map(pa, sizeof(*h)), *t;
	u32 len;

	if (!h) {
		printk(XENLOG_WARNING "ACPI: table at %#llx unmappable\n",
		       (unsigned long long)pa);
		return NULL;
	}
	if (sig && memcmp(h->signature, sig, sizeof(h->signature))) {
		printk(XENLOG_WARNING "ACPI: no %s table at %#llx\n", sig,
		       (unsigned long long)pa);
		return NULL;
	}
	len = h->length;
	t = len >= sizeof(*h) && len <= ACPI_TABLE_MAX_LEN ? acpi_map(pa, len)
							   : NULL;
	if (!t) {
		printk(XENLOG_WARNING
		       "ACPI: %.4s at %#llx: bad length %u, ignored\n",
		       h->signature, (unsigned long long)pa, len);
		return NULL;
	}
	if (acpi_checksum(t, len)) {
		printk(XENLOG_WARNING
		       "ACPI: %.4s at %#llx: bad checksum, ignored\n",
		       t->signature, (unsigned long long)pa);
		return NULL;
	}
	return t;
}

/* ---------------------------------------------------------------- RSDP */

/*
 * Is there a valid RSDP at pa?  *ext_ok says whether the ACPI 2.0 part
 * (length, XSDT address) passed its own checksum too.
 */
static const struct acpi_rsdp *rsdp_check(paddr_t pa, bool *ext_ok)
{
	const struct acpi_rsdp *r = acpi_map(pa, sizeof(*r));

	*ext_ok = false;
	if (!r || memcmp(r->signature, ACPI_RSDP_SIG, sizeof(r->signature)) ||
	    acpi_checksum(r, ACPI_RSDP_V1_LEN))
		return NULL;
	if (r->revision < 2)
		return r;
	if (r->length >= sizeof(*r) && r->length <= PAGE_SIZE &&
	    acpi_map(pa, r->length) && !acpi_checksum(r, r->length))
		*ext_ok = true;
	else
		printk(XENLOG_WARNING
		       "ACPI: RSDP v2 extension corrupt, using the RSDT\n");
	return r;
}

static const struct acpi_rsdp *rsdp_scan(paddr_t start, paddr_t end,
					 paddr_t *found, bool *ext_ok)
{
	const struct acpi_rsdp *r;

	for (paddr_t pa = start; pa + ACPI_RSDP_V1_LEN <= end;
	     pa += ACPI_RSDP_ALIGN) {
		r = rsdp_check(pa, ext_ok);
		if (r) {
			*found = pa;
			return r;
		}
	}
	return NULL;
}

/* The hint first, then the EBDA's first KiB, then the BIOS area. */
static const struct acpi_rsdp *rsdp_find(paddr_t hint, paddr_t *found,
					 bool *ext_ok)
{
	const struct acpi_rsdp *r;
	paddr_t ebda, end;
	u16 seg;

	if (hint) {
		r = rsdp_check(hint, ext_ok);
		if (r) {
			*found = hint;
			return r;
		}
		printk(XENLOG_WARNING
		       "ACPI: loader's RSDP copy invalid, scanning\n");
	}
	seg = *(const volatile u16 *)maddr_to_virt(ACPI_EBDA_SEG_PTR);
	ebda = (paddr_t)seg << 4; /* real-mode segment -> address */
	if (ebda >= ACPI_EBDA_MIN && ebda < ACPI_EBDA_MAX) {
		end = MIN(ebda + ACPI_EBDA_SCAN_LEN, (paddr_t)ACPI_EBDA_MAX);
		r = rsdp_scan(ebda, end, found, ext_ok);
		if (r)
			return r;
	}
	return rsdp_scan(ACPI_BIOS_AREA_START, ACPI_BIOS_AREA_END, found,
			 ext_ok);
}

/* ---------------------------------------------------------------- MADT */

static bool cpu_known(u32 apic_id)
{
	const struct acpi_platform *ap = &acpi_platform;

	for (unsigned int i = 0; i < ap->nr_cpus; i++)
		if (ap->cpu_apic_id[i] == apic_id)
			return true;
	for (unsigned int i = 0; i < nr_hotplug; i++)
		if (hotplug_apic_id[i] == apic_id)
			return true;
	return false;
}

/* Record a processor entry; firmware may list one CPU as LAPIC and x2APIC. */
static void madt_add_cpu(u32 apic_id, u32 uid, u32 flags)
{
	struct acpi_platform *ap = &acpi_platform;

	if (!(flags & (ACPI_MADT_CPU_ENABLED | ACPI_MADT_CPU_ONLINE_CAP)) ||
	    cpu_known(apic_id))
		return;
	if (ap->nr_cpus + nr_hotplug >= NR_CPUS) {
		nr_cpus_dropped++;
		return;
	}
	if (flags & ACPI_MADT_CPU_ENABLED)
		ap->cpu_apic_id[ap->nr_cpus++] = apic_id;
	else
		hotplug_apic_id[nr_hotplug++] = apic_id;
	cpu_uid[nr_cpu_uid].apic_id = apic_id;
	cpu_uid[nr_cpu_uid++].uid = uid;
}

u32 acpi_cpu_uid(u32 apic_id)
{
	for (unsigned int i = 0; i < nr_cpu_uid; i++)
		if (cpu_uid[i].apic_id == apic_id)
			return cpu_uid[i].uid;
	return ACPI_UID_INVALID;
}

static void madt_add_ioapic(const struct acpi_madt_ioapic *e)
{
	struct acpi_platform *ap = &acpi_platform;

	if (!e->address) {
		printk(XENLOG_WARNING
		       "ACPI: IO-APIC %u without an address ignored\n",
		       e->id);
		return;
	}
	if (ap->nr_ioapics == MAX_IOAPICS) {
		printk(XENLOG_WARNING
		       "ACPI: more than %u IO-APICs, IO-APIC %u ignored\n",
		       MAX_IOAPICS, e->id);
		return;
	}
	ap->ioapic[ap->nr_ioapics].id = e->id;
	ap->ioapic[ap->nr_ioapics].base = e->address;
	ap->ioapic[ap->nr_ioapics].gsi_base = e->gsi_base;
	ap->nr_ioapics++;
}

/* Only ISA overrides exist; a second one for the same IRQ is ignored. */
static void madt_add_override(const struct acpi_madt_override *e)
{
	struct acpi_platform *ap = &acpi_platform;
	unsigned int i;

	if (e->bus != 0 || e->source >= ISA_NR_IRQS)
		return;
	for (i = 0; i < ap->nr_overrides; i++)
		if (ap->override[i].isa_irq == e->source)
			return;
	if (ap->nr_overrides == MAX_IRQ_OVERRIDES)
		return;
	ap->override[i].isa_irq = e->source;
	ap->override[i].gsi = e->gsi;
	ap->override[i].flags = e->flags;
	ap->nr_overrides++;
}

/* One MADT entry; e->length is known to lie within the table. */
static void madt_entry(const struct acpi_madt_entry *e)
{
	const struct acpi_madt_lapic *lapic = (const void *)e;
	const struct acpi_madt_x2apic *x2apic = (const void *)e;
	const struct acpi_madt_lapic_addr *addr = (const void *)e;

	switch (e->type) {
	case ACPI_MADT_LAPIC:
		if (e->length >= sizeof(*lapic))
			madt_add_cpu(lapic->apic_id, lapic->processor_uid,
				     lapic->flags);
		break;
	case ACPI_MADT_X2APIC:
		if (e->length >= sizeof(*x2apic))
			madt_add_cpu(x2apic->x2apic_id, x2apic->processor_uid,
				     x2apic->flags);
		break;
	case ACPI_MADT_IOAPIC:
		if (e->length >= sizeof(struct acpi_madt_ioapic))
			madt_add_ioapic((const void *)e);
		break;
	case ACPI_MADT_INT_OVERRIDE:
		if (e->length >= sizeof(struct acpi_madt_override))
			madt_add_override((const void *)e);
		break;
	case ACPI_MADT_LAPIC_ADDR:
		if (e->length >= sizeof(*addr) && addr->address)
			acpi_platform.lapic_base = addr->address;
		break;
	default: /* NMI sources, LINT NMIs, GIC...: not needed */
		break;
	}
}

static void acpi_parse_madt(const struct acpi_table_header *h)
{
	const struct acpi_madt *madt = (const void *)h;
	const u8 *p = (const u8 *)(madt + 1), *end = (const u8 *)h + h->length;
	const struct acpi_madt_entry *e;

	if (h->length < sizeof(*madt))
		return;
	if (madt->lapic_address)
		acpi_platform.lapic_base = madt->lapic_address;
	acpi_platform.pcat_compat = madt->flags & ACPI_MADT_PCAT_COMPAT;
	while (end - p >= (ptrdiff_t)sizeof(*e)) {
		e = (const void *)p;
		if (e->length < sizeof(*e) || e->length > end - p) {
			printk(XENLOG_WARNING "ACPI: MADT entry at +%#lx "
					      "malformed, rest ignored\n",
			       (unsigned long)(p - (const u8 *)h));
			break;
		}
		madt_entry(e);
		p += e->length;
	}
}

/* ---------------------------------------------------------------- FADT */

/* The I/O port a GAS names, or 0 if it is not a 16-bit I/O address. */
static u16 gas_io_port(const struct acpi_gas *g)
{
	if (g->space_id != ACPI_GAS_IO || g->address > UINT16_MAX)
		return 0;
	return g->address;
}

static u16 legacy_port(u32 blk)
{
	return blk <= UINT16_MAX ? blk : 0;
}

static void fadt_pm_blocks(const struct acpi_fadt *f)
{
	struct acpi_platform *ap = &acpi_platform;

	ap->pm_tmr_port = gas_io_port(&f->x_pm_tmr_blk);
	if (!ap->pm_tmr_port && f->pm_tmr_len >= ACPI_PM_TMR_LEN)
		ap->pm_tmr_port = legacy_port(f->pm_tmr_blk);
	ap->pm_tmr_32bit =
		ap->pm_tmr_port && (f->flags & ACPI_FADT_TMR_VAL_EXT);

	ap->pm1a_cnt = gas_io_port(&f->x_pm1a_cnt_blk);
	if (!ap->pm1a_cnt)
		ap->pm1a_cnt = legacy_port(f->pm1a_cnt_blk);
	ap->pm1b_cnt = gas_io_port(&f->x_pm1b_cnt_blk);
	if (!ap->pm1b_cnt)
		ap->pm1b_cnt = legacy_port(f->pm1b_cnt_blk);
}

/* fadt_len: bytes the firmware's table really has (fields past it are 0). */
static void fadt_reset_reg(const struct acpi_fadt *f, u32 fadt_len)
{
	struct acpi_platform *ap = &acpi_platform;
	const struct acpi_gas *r = &f->reset_reg;

	if (!(f->flags & ACPI_FADT_RESET_REG_SUP) ||
	    fadt_len < offsetof(struct acpi_fadt, reset_value) + 1 ||
	    !r->address)
		return;
	if (r->space_id != ACPI_GAS_MEMORY && r->space_id != ACPI_GAS_IO &&
	    r->space_id != ACPI_GAS_PCI_CFG)
		return;
	ap->reset_valid = true;
	ap->reset_reg = *r;
	ap->reset_value = f->reset_value;
}

static void acpi_parse_dsdt(paddr_t pa)
{
	const struct acpi_table_header *h = acpi_map_table(pa, ACPI_SIG_DSDT);
	u64 a, b;

	if (!h)
		return;
	if (!acpi_aml_find_s5((const u8 *)(h + 1), h->length - sizeof(*h), &a,
			      &b)) {
		printk(XENLOG_WARNING
		       "ACPI: no \\_S5 in the DSDT, cannot power off\n");
		return;
	}
	if (a > ACPI_PM1_SLP_TYP_MASK || b > ACPI_PM1_SLP_TYP_MASK) {
		printk(XENLOG_WARNING
		       "ACPI: \\_S5 values %#llx/%#llx out of range\n",
		       (unsigned long long)a, (unsigned long long)b);
		return;
	}
	acpi_platform.s5_valid = true;
	acpi_platform.s5_slp_typ_a = a;
	acpi_platform.s5_slp_typ_b = b;
}

static void acpi_parse_fadt(const struct acpi_table_header *h)
{
	struct acpi_fadt f;

	/* Older, shorter FADTs: the missing fields read as "absent". */
	memset(&f, 0, sizeof(f));
	memcpy(&f, h, MIN((size_t)h->length, sizeof(f)));
	acpi_platform.sci_irq = f.sci_int;
	acpi_platform.hw_reduced = f.flags & ACPI_FADT_HW_REDUCED;
	if (!acpi_platform.hw_reduced)
		fadt_pm_blocks(&f);
	fadt_reset_reg(&f, h->length);
	acpi_parse_dsdt(f.x_dsdt ? f.x_dsdt : f.dsdt);
}

/* ---------------------------------------------------------------- HPET */

static void acpi_parse_hpet(const struct acpi_table_header *h)
{
	const struct acpi_hpet *hpet = (const void *)h;

	if (h->length < sizeof(*hpet) ||
	    hpet->base.space_id != ACPI_GAS_MEMORY || !hpet->base.address) {
		printk(XENLOG_WARNING "ACPI: unusable HPET table ignored\n");
		return;
	}
	acpi_platform.hpet_base = hpet->base.address;
}

/* ---------------------------------------------------------- root table */

static const struct {
	const char *sig;
	void (*parse)(const struct acpi_table_header *h);
} acpi_parsers[] = {
	{ACPI_SIG_MADT, acpi_parse_madt},
	{ACPI_SIG_FADT, acpi_parse_fadt},
	{ACPI_SIG_HPET, acpi_parse_hpet},
};
static bool acpi_parsed[ARRAY_SIZE(acpi_parsers)];

/* Parse the table at pa if it is one we want and the first good copy. */
static void acpi_table(paddr_t pa)
{
	const struct acpi_table_header *h = acpi_map(pa, sizeof(*h));
	unsigned int i;

	if (!h) {
		if (pa)
			printk(XENLOG_WARNING
			       "ACPI: table at %#llx unmappable\n",
			       (unsigned long long)pa);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(acpi_parsers); i++)
		if (!memcmp(h->signature, acpi_parsers[i].sig,
			    sizeof(h->signature)))
			break;
	if (i == ARRAY_SIZE(acpi_parsers) || acpi_parsed[i])
		return;
	h = acpi_map_table(pa, NULL);
	if (!h)
		return;
	acpi_parsed[i] = true;
	acpi_parsers[i].parse(h);
}

/* The XSDT holds 8-byte entries, the RSDT 4-byte ones; both unaligned. */
static void acpi_walk_root(const struct acpi_table_header *root,
			   size_t entry_size)
{
	const u8 *ent = (const u8 *)(root + 1);
	size_t i, n = (root->length - sizeof(*root)) / entry_size;
	u64 pa;

	for (i = 0; i < n; i++) {
		pa = 0;
		memcpy(&pa, ent + i * entry_size, entry_size);
		acpi_table(pa);
	}
}

/* Prefer the XSDT (ACPI 2.0+); fall back to the RSDT if it is bad. */
static bool acpi_parse_root(const struct acpi_rsdp *r, bool ext_ok)
{
	const struct acpi_table_header *root = NULL;

	if (ext_ok && r->xsdt_address) {
		root = acpi_map_table(r->xsdt_address, ACPI_SIG_XSDT);
		if (root) {
			acpi_walk_root(root, sizeof(u64));
			return true;
		}
	}
	if (r->rsdt_address)
		root = acpi_map_table(r->rsdt_address, ACPI_SIG_RSDT);
	if (!root)
		return false;
	acpi_walk_root(root, sizeof(u32));
	return true;
}

/* ---------------------------------------------------------------- CPUs */

static u32 bsp_apic_id(void)
{
	struct cpuid_leaf l;

	cpuid(0, &l);
	if (l.a >= ACPI_CPUID_LEAF_TOPOLOGY) {
		struct cpuid_leaf t;

		cpuid_count(ACPI_CPUID_LEAF_TOPOLOGY, 0, &t);
		if (t.b)
			return t.d;
	}
	cpuid(ACPI_CPUID_LEAF_BASIC, &l);
	return (l.b >> ACPI_CPUID_APIC_ID_SHIFT) & ACPI_CPUID_APIC_ID_MASK;
}

/*
 * Put the BSP first (inserting it if the MADT forgot it: we are running
 * on it), then append the online-capable CPUs.
 */
static void acpi_order_cpus(void)
{
	struct acpi_platform *ap = &acpi_platform;
	u32 bsp = bsp_apic_id();
	unsigned int i;

	for (i = 0; i < ap->nr_cpus && ap->cpu_apic_id[i] != bsp; i++)
		;
	if (i == ap->nr_cpus) {
		if (ap->nr_cpus)
			printk(XENLOG_WARNING
			       "ACPI: BSP (APIC id %u) missing from the MADT\n",
			       bsp);
		if (ap->nr_cpus + nr_hotplug == NR_CPUS) {
			/* Make room: the BSP surely exists. */
			if (nr_hotplug)
				nr_hotplug--;
			else
				ap->nr_cpus--;
		}
		i = ap->nr_cpus++;
	}
	memmove(&ap->cpu_apic_id[1], &ap->cpu_apic_id[0],
		i * sizeof(ap->cpu_apic_id[0]));
	ap->cpu_apic_id[0] = bsp;
	for (i = 0; i < nr_hotplug; i++)
		ap->cpu_apic_id[ap->nr_cpus + i] = hotplug_apic_id[i];
	ap->nr_cpus_possible = ap->nr_cpus + nr_hotplug;
	if (nr_cpus_dropped)
		printk(XENLOG_WARNING
		       "ACPI: %u CPUs beyond NR_CPUS=%u ignored\n",
		       nr_cpus_dropped, NR_CPUS);
}

/* ---------------------------------------------------------------- init */

static void acpi_print_summary(const struct acpi_rsdp *r)
{
	const struct acpi_platform *ap = &acpi_platform;
	char oem[sizeof(r->oem_id) + 1];
	size_t n = sizeof(r->oem_id);

	memcpy(oem, r->oem_id, n);
	while (n && (oem[n - 1] == ' ' || !oem[n - 1]))
		n--;
	oem[n] = '\0';
	printk("ACPI: RSDP %#llx (v%u %s), %u CPU%s, %u IO-APIC%s, HPET %#llx, "
	       "PM timer port %#x%s\n",
	       (unsigned long long)ap->rsdp, r->revision, oem, ap->nr_cpus,
	       ap->nr_cpus == 1 ? "" : "s", ap->nr_ioapics,
	       ap->nr_ioapics == 1 ? "" : "s",
	       (unsigned long long)ap->hpet_base, ap->pm_tmr_port,
	       ap->pm_tmr_32bit ? " (32-bit)" : "");
	printk(XENLOG_INFO
	       "ACPI: LAPIC %#llx, PM1a_CNT %#x, PM1b_CNT %#x, SCI %u, S5 "
	       "%s%u/%u, reset %s space %u addr %#llx value %#x\n",
	       (unsigned long long)ap->lapic_base, ap->pm1a_cnt, ap->pm1b_cnt,
	       ap->sci_irq, ap->s5_valid ? "" : "(none) ", ap->s5_slp_typ_a,
	       ap->s5_slp_typ_b, ap->reset_valid ? "reg" : "(none)",
	       ap->reset_reg.space_id,
	       (unsigned long long)ap->reset_reg.address, ap->reset_value);
	if (ap->nr_cpus_possible > ap->nr_cpus)
		printk(XENLOG_INFO
		       "ACPI: %u online-capable CPU%s not started\n",
		       ap->nr_cpus_possible - ap->nr_cpus,
		       ap->nr_cpus_possible - ap->nr_cpus == 1 ? "" : "s");
}

void acpi_boot_init(paddr_t rsdp_hint)
{
	struct acpi_platform *ap = &acpi_platform;
	const struct acpi_rsdp *r;
	bool ext_ok = false;
	paddr_t pa = 0;

	ap->lapic_base = APIC_DEFAULT_PHYS_BASE;
	r = rsdp_find(rsdp_hint, &pa, &ext_ok);
	if (r && !acpi_parse_root(r, ext_ok)) {
		printk(XENLOG_WARNING
		       "ACPI: RSDP at %#llx has no usable RSDT/XSDT\n",
		       (unsigned long long)pa);
		r = NULL;
	}
	acpi_order_cpus();
	if (!r) {
		printk(XENLOG_WARNING "ACPI: not found: 1 CPU, LAPIC %#llx, no "
				      "IO-APIC, no HPET, no power off\n",
		       (unsigned long long)ap->lapic_base);
		return;
	}
	ap->rsdp = pa;
	acpi_print_summary(r);
}
