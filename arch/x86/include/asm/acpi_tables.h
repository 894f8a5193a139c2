/*
 * Layouts of the firmware ACPI tables the hypervisor reads at boot
 * (ACPI 6.5, chapter 5.2), and the fixed-hardware register bits it uses.
 * Every layout is packed and its size checked, because the firmware
 * places tables at arbitrary byte addresses.
 */
#ifndef ASM_ACPI_TABLES_H
#define ASM_ACPI_TABLES_H

#include <xen/compiler.h>   /* first: its offsetof() yields to stddef.h's */
#include <xen/types.h>
#include <asm/acpi.h>   /* struct acpi_gas */

BUILD_BUG_ON(sizeof(struct acpi_gas) != 12);

#define ACPI_GAS_MEMORY   0   /* Generic Address Structure space_id: memory */
#define ACPI_GAS_IO       1   /* system I/O port space */
#define ACPI_GAS_PCI_CFG  2   /* PCI config space, bus 0 (see shutdown.c) */

/* PCI config space GAS address: bits 0-15 offset, 16-31 function, 32-47 device. */
#define ACPI_GAS_PCI_OFF(a)  ((unsigned int)((a) & 0xffff))
#define ACPI_GAS_PCI_FN(a)   ((unsigned int)(((a) >> 16) & 0xffff))
#define ACPI_GAS_PCI_DEV(a)  ((unsigned int)(((a) >> 32) & 0xffff))

/* ---- Root System Description Pointer (5.2.5.3) ---- */
#define ACPI_RSDP_SIG        "RSD PTR "  /* 8 bytes, no terminator */
#define ACPI_RSDP_V1_LEN     20          /* bytes covered by checksum */
#define ACPI_RSDP_ALIGN      16          /* found on 16-byte boundaries */
#define ACPI_BIOS_AREA_START 0xe0000     /* BIOS read-only area scanned */
#define ACPI_BIOS_AREA_END   0x100000
#define ACPI_EBDA_SEG_PTR    0x40e       /* BDA word: EBDA segment */
#define ACPI_EBDA_SCAN_LEN   1024        /* only the first KiB is searched */
#define ACPI_EBDA_MIN        0x80000     /* a sane EBDA lies in 512-640 KiB */
#define ACPI_EBDA_MAX        0xa0000

struct __packed acpi_rsdp {
	char signature[8];   /* "RSD PTR " */
	u8 checksum;         /* first 20 bytes sum to 0 */
	char oem_id[6];
	u8 revision;         /* 0 = ACPI 1.0, 2 = ACPI 2.0+ */
	u32 rsdt_address;
	/* Present when revision >= 2: */
	u32 length;          /* of the whole structure */
	u64 xsdt_address;
	u8 ext_checksum;     /* all `length` bytes sum to 0 */
	u8 reserved[3];
};
BUILD_BUG_ON(offsetof(struct acpi_rsdp, length) != ACPI_RSDP_V1_LEN);
BUILD_BUG_ON(sizeof(struct acpi_rsdp) != 36);

/* ---- System Description Table header (5.2.6) ---- */
struct __packed acpi_table_header {
	char signature[4];
	u32 length;          /* whole table, header included */
	u8 revision;
	u8 checksum;         /* all `length` bytes sum to 0 */
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	u32 creator_id;
	u32 creator_revision;
};
BUILD_BUG_ON(sizeof(struct acpi_table_header) != 36);

#define ACPI_SIG_RSDT "RSDT"
#define ACPI_SIG_XSDT "XSDT"
#define ACPI_SIG_MADT "APIC"
#define ACPI_SIG_FADT "FACP"
#define ACPI_SIG_HPET "HPET"
#define ACPI_SIG_DSDT "DSDT"

/* ---- Multiple APIC Description Table (5.2.12) ---- */
struct __packed acpi_madt {
	struct acpi_table_header hdr;
	u32 lapic_address;   /* 32-bit local APIC base */
	u32 flags;           /* bit 0: PC-AT dual 8259 present */
	/* followed by variable-length entries */
};
BUILD_BUG_ON(sizeof(struct acpi_madt) != 44);

#define ACPI_MADT_PCAT_COMPAT 0x1  /* flags: legacy 8259s are present */

struct __packed acpi_madt_entry {
	u8 type;             /* ACPI_MADT_* below */
	u8 length;           /* whole entry, these two bytes included */
};

#define ACPI_MADT_LAPIC          0  /* processor local APIC */
#define ACPI_MADT_IOAPIC         1
#define ACPI_MADT_INT_OVERRIDE   2  /* interrupt source override */
#define ACPI_MADT_LAPIC_ADDR     5  /* 64-bit local APIC address override */
#define ACPI_MADT_X2APIC         9  /* processor local x2APIC */

#define ACPI_MADT_CPU_ENABLED    0x1  /* LAPIC/x2APIC flags: usable now */
#define ACPI_MADT_CPU_ONLINE_CAP 0x2  /* flags: may be enabled later */

struct __packed acpi_madt_lapic {
	struct acpi_madt_entry e;
	u8 processor_uid;
	u8 apic_id;
	u32 flags;           /* ACPI_MADT_CPU_* */
};
BUILD_BUG_ON(sizeof(struct acpi_madt_lapic) != 8);

struct __packed acpi_madt_ioapic {
	struct acpi_madt_entry e;
	u8 id;
	u8 reserved;
	u32 address;         /* MMIO base of IOREGSEL/IOWIN */
	u32 gsi_base;        /* GSI of the first redirection entry */
};
BUILD_BUG_ON(sizeof(struct acpi_madt_ioapic) != 12);

struct __packed acpi_madt_override {
	struct acpi_madt_entry e;
	u8 bus;              /* 0 = ISA, the only value defined */
	u8 source;           /* ISA IRQ */
	u32 gsi;
	u16 flags;           /* MPS INTI flags, ACPI_MPS_INTI_* */
};
BUILD_BUG_ON(sizeof(struct acpi_madt_override) != 10);

#define ACPI_MPS_INTI_POLARITY_MASK  0x3   /* bits 0-1 */
#define ACPI_MPS_INTI_POLARITY_BUS   0x0   /* conforms to the bus (ISA: high) */
#define ACPI_MPS_INTI_ACTIVE_HIGH    0x1
#define ACPI_MPS_INTI_ACTIVE_LOW     0x3
#define ACPI_MPS_INTI_TRIGGER_MASK   0xc   /* bits 2-3 */
#define ACPI_MPS_INTI_TRIGGER_BUS    0x0   /* conforms to the bus (ISA: edge) */
#define ACPI_MPS_INTI_EDGE           0x4
#define ACPI_MPS_INTI_LEVEL          0xc

struct __packed acpi_madt_lapic_addr {
	struct acpi_madt_entry e;
	u16 reserved;
	u64 address;         /* replaces acpi_madt.lapic_address */
};
BUILD_BUG_ON(sizeof(struct acpi_madt_lapic_addr) != 12);

struct __packed acpi_madt_x2apic {
	struct acpi_madt_entry e;
	u16 reserved;
	u32 x2apic_id;
	u32 flags;           /* ACPI_MADT_CPU_* */
	u32 processor_uid;
};
BUILD_BUG_ON(sizeof(struct acpi_madt_x2apic) != 16);

/* ---- Fixed ACPI Description Table (5.2.9) ---- */
struct __packed acpi_fadt {
	struct acpi_table_header hdr;
	u32 firmware_ctrl;
	u32 dsdt;            /* 32-bit DSDT address */
	u8 reserved0;
	u8 preferred_pm_profile;
	u16 sci_int;         /* SCI as an ISA IRQ / GSI number */
	u32 smi_cmd;
	u8 acpi_enable;
	u8 acpi_disable;
	u8 s4bios_req;
	u8 pstate_cnt;
	u32 pm1a_evt_blk;
	u32 pm1b_evt_blk;
	u32 pm1a_cnt_blk;    /* I/O port of PM1a_CNT */
	u32 pm1b_cnt_blk;    /* I/O port of PM1b_CNT, 0 = none */
	u32 pm2_cnt_blk;
	u32 pm_tmr_blk;      /* I/O port of the PM timer, 0 = none */
	u32 gpe0_blk;
	u32 gpe1_blk;
	u8 pm1_evt_len;
	u8 pm1_cnt_len;
	u8 pm2_cnt_len;
	u8 pm_tmr_len;       /* 4 when the PM timer exists */
	u8 gpe0_blk_len;
	u8 gpe1_blk_len;
	u8 gpe1_base;
	u8 cst_cnt;
	u16 p_lvl2_lat;
	u16 p_lvl3_lat;
	u16 flush_size;
	u16 flush_stride;
	u8 duty_offset;
	u8 duty_width;
	u8 day_alrm;
	u8 mon_alrm;
	u8 century;
	u16 iapc_boot_arch;
	u8 reserved1;
	u32 flags;           /* ACPI_FADT_* */
	/* ACPI 2.0+ fields; absent (read as 0) in shorter tables. */
	struct acpi_gas reset_reg;
	u8 reset_value;
	u16 arm_boot_arch;
	u8 minor_version;
	u64 x_firmware_ctrl;
	u64 x_dsdt;          /* 64-bit DSDT address, preferred when non-zero */
	struct acpi_gas x_pm1a_evt_blk;
	struct acpi_gas x_pm1b_evt_blk;
	struct acpi_gas x_pm1a_cnt_blk;
	struct acpi_gas x_pm1b_cnt_blk;
	struct acpi_gas x_pm2_cnt_blk;
	struct acpi_gas x_pm_tmr_blk;
	struct acpi_gas x_gpe0_blk;
	struct acpi_gas x_gpe1_blk;
	struct acpi_gas sleep_control_reg;
	struct acpi_gas sleep_status_reg;
	u64 hypervisor_vendor_id;
};
BUILD_BUG_ON(offsetof(struct acpi_fadt, flags) != 112);
BUILD_BUG_ON(offsetof(struct acpi_fadt, reset_reg) != 116);
BUILD_BUG_ON(offsetof(struct acpi_fadt, x_dsdt) != 140);
BUILD_BUG_ON(offsetof(struct acpi_fadt, x_pm_tmr_blk) != 208);
BUILD_BUG_ON(sizeof(struct acpi_fadt) != 276);

#define ACPI_FADT_TMR_VAL_EXT   (1u << 8)   /* PM timer counts 32 bits, not 24 */
#define ACPI_FADT_RESET_REG_SUP (1u << 10)  /* reset_reg/reset_value are valid */
#define ACPI_FADT_HW_REDUCED    (1u << 20)  /* no fixed hardware (no PM1, timer) */
#define ACPI_PM_TMR_LEN         4           /* pm_tmr_len of a real PM timer */

/* PM1 control register (4.8.3.2.1): how S5 is entered. */
#define ACPI_PM1_SLP_TYP_SHIFT  10          /* bits 10-12: SLP_TYPx */
#define ACPI_PM1_SLP_TYP_MASK   0x7         /* 3-bit field */
#define ACPI_PM1_SLP_EN         (1u << 13)  /* write 1: enter the sleep state */
#define ACPI_S3                 3           /* suspend to RAM */
#define ACPI_S5                 5           /* soft off */

/*
 * Processor _PDC capabilities buffer (Intel "Processor Vendor-Specific
 * ACPI" interface): dword 0 revision, dword 1 count, dword 2 the bits.
 */
#define ACPI_PDC_REVISION_ID    1
#define ACPI_PDC_P_FFH          (1u << 0)   /* P-states via MSRs */
#define ACPI_PDC_C_C1_HALT      (1u << 1)   /* C1 via HLT */
#define ACPI_PDC_T_FFH          (1u << 2)   /* T-states via MSRs */
#define ACPI_PDC_SMP_C1PT       (1u << 3)   /* C1 + P/T-states on SMP */
#define ACPI_PDC_SMP_C2C3       (1u << 4)   /* C2/C3 on SMP */
#define ACPI_PDC_SMP_P_SWCOORD  (1u << 5)   /* P-state software coordination */
#define ACPI_PDC_SMP_C_SWCOORD  (1u << 6)   /* C-state software coordination */
#define ACPI_PDC_SMP_T_SWCOORD  (1u << 7)   /* T-state software coordination */
#define ACPI_PDC_C_C1_FFH       (1u << 8)   /* C1 via MWAIT */
#define ACPI_PDC_C_C2C3_FFH     (1u << 9)   /* C2/C3 via MWAIT */
#define ACPI_PDC_SMP_P_HWCOORD  (1u << 11)  /* P-state hardware coordination */
#define ACPI_PDC_C_MASK (ACPI_PDC_C_C1_HALT | ACPI_PDC_C_C1_FFH | \
			 ACPI_PDC_SMP_C2C3 | ACPI_PDC_SMP_C_SWCOORD | \
			 ACPI_PDC_C_C2C3_FFH)
#define ACPI_PDC_P_MASK (ACPI_PDC_P_FFH | ACPI_PDC_SMP_P_SWCOORD | \
			 ACPI_PDC_SMP_P_HWCOORD)
#define ACPI_PDC_T_MASK (ACPI_PDC_T_FFH | ACPI_PDC_SMP_T_SWCOORD)

/* ---- IA-PC HPET description table (HPET spec 1.0a, 3.2.4) ---- */
struct __packed acpi_hpet {
	struct acpi_table_header hdr;
	u32 event_timer_block_id;
	struct acpi_gas base;    /* must be in memory space */
	u8 hpet_number;
	u16 min_tick;
	u8 page_protection;
};
BUILD_BUG_ON(sizeof(struct acpi_hpet) != 56);

/*
 * CPUID facts used to find the BSP in the MADT before its LAPIC is
 * mapped (Intel SDM vol. 2A, CPUID).
 */
#define ACPI_CPUID_LEAF_BASIC     0x1   /* EBX bits 24-31: initial APIC id */
#define ACPI_CPUID_APIC_ID_SHIFT  24
#define ACPI_CPUID_APIC_ID_MASK   0xff
#define ACPI_CPUID_LEAF_TOPOLOGY  0xb   /* EDX: x2APIC id; valid if EBX != 0 */

#endif
