/*
 * What the ACPI tables told us about the platform (arch/x86/acpi.c).
 * Filled once by acpi_boot_init() on the BSP before the LAPIC is set up,
 * read-only afterwards.  Without ACPI: 1 CPU (the BSP), the default LAPIC
 * address, no IO-APIC, no HPET, no PM timer, no S5, no reset register.
 */
#ifndef ASM_ACPI_H
#define ASM_ACPI_H

#include <xen/types.h>
#include <asm/config.h>

#define MAX_IOAPICS 8
#define MAX_IRQ_OVERRIDES 16
#define ISA_NR_IRQS 16      /* legacy IRQs 0-15, the only override sources */

/* Generic Address Structure (ACPI 5.2.3.2), as found in the FADT. */
struct __attribute__((packed)) acpi_gas {
	u8 space_id;        /* 0 = memory, 1 = system I/O */
	u8 bit_width;
	u8 bit_offset;
	u8 access_size;
	u64 address;
};

struct acpi_platform {
	paddr_t rsdp;                 /* 0 when no ACPI was found */
	unsigned int nr_cpus;         /* enabled LAPIC entries in the MADT */
	unsigned int nr_cpus_possible; /* nr_cpus + online-capable (hotplug) */
	/*
	 * BSP first, then the other enabled CPUs in MADT order, then the
	 * online-capable ones at [nr_cpus, nr_cpus_possible): those are not
	 * running and must not be sent INIT/SIPI at boot.
	 */
	u32 cpu_apic_id[NR_CPUS];
	paddr_t lapic_base;
	bool pcat_compat;             /* MADT: legacy 8259 PICs present */
	unsigned int nr_ioapics;
	struct {
		u8 id;
		paddr_t base;
		u32 gsi_base;
	} ioapic[MAX_IOAPICS];
	unsigned int nr_overrides;
	struct {
		u8 isa_irq;
		u32 gsi;
		u16 flags;            /* MPS INTI polarity/trigger flags */
	} override[MAX_IRQ_OVERRIDES];
	paddr_t hpet_base;            /* 0 = no HPET table */
	u16 pm_tmr_port;              /* 0 = no PM timer */
	bool pm_tmr_32bit;
	u16 pm1a_cnt, pm1b_cnt;       /* PM1 control ports, 0 = absent */
	bool hw_reduced;              /* FADT: no fixed hardware (PM1, timer) */
	bool s5_valid;                /* \_S5 found in the DSDT */
	u8 s5_slp_typ_a, s5_slp_typ_b;
	bool reset_valid;             /* FADT reset register usable */
	struct acpi_gas reset_reg;
	u8 reset_value;
	u16 sci_irq;                  /* SCI as an ISA IRQ, 0 = none */
};

extern struct acpi_platform acpi_platform;

/* Parse RSDP -> RSDT/XSDT -> MADT/FADT/HPET/DSDT. rsdp_hint may be 0. */
void acpi_boot_init(paddr_t rsdp_hint);

/*
 * The ACPI processor UID the MADT gave the CPU with this APIC id (what
 * the DSDT's Processor objects or _UIDs name), or ACPI_UID_INVALID.
 */
#define ACPI_UID_INVALID 0xffffffffu
u32 acpi_cpu_uid(u32 apic_id);

#endif
