/*
 * platform_op (hypercall 7, dom0 only): platform_op(struct xen_platform_op
 * *).  Firmware information, wall-clock setting, ACPI sleep, processor
 * power management data and physical CPU management.  Every call carries
 * XENPF_INTERFACE_VERSION; a mismatch fails with -EACCES in Xen.
 */
#ifndef PUBLIC_PLATFORM_H
#define PUBLIC_PLATFORM_H

#include "xen.h"

#define XENPF_INTERFACE_VERSION 0x03000001

/* Commands (xen_platform_op.cmd) and the union member each one uses. */
#define XENPF_settime32		   17 /* settime32 */
#define XENPF_add_memtype	   31 /* MTRR management (obsolete) */
#define XENPF_del_memtype	   32
#define XENPF_read_memtype	   33
#define XENPF_microcode_update	   35 /* microcode blob */
#define XENPF_platform_quirk	   39 /* platform_quirk */
#define XENPF_get_cpu_version	   48 /* pcpu_version */
#define XENPF_efi_runtime_call	   49 /* EFI runtime services */
#define XENPF_firmware_info	   50 /* firmware_info */
#define XENPF_enter_acpi_sleep	   51 /* enter_acpi_sleep */
#define XENPF_change_freq	   52
#define XENPF_getidletime	   53
#define XENPF_set_processor_pminfo 54 /* set_pminfo */
#define XENPF_get_cpuinfo	   55 /* pcpu_info */
#define XENPF_cpu_online	   56 /* cpu_ol */
#define XENPF_cpu_offline	   57 /* cpu_ol */
#define XENPF_cpu_hotadd	   58
#define XENPF_mem_hotadd	   59
#define XENPF_core_parking	   60 /* core_parking */
#define XENPF_resource_op	   61 /* resource_op: MSR access on a pCPU */
#define XENPF_settime64		   62 /* settime64 */
#define XENPF_get_symbol	   63 /* symdata */
#define XENPF_get_dom0_console	   64 /* dom0_vga_console_info */
#define XENPF_get_ucode_revision   65
#define XENPF_microcode_update2	   66

/* xenpf_firmware_info.type */
#define XEN_FW_DISK_INFO	    1 /* EDD data of BIOS disk "index" */
#define XEN_FW_DISK_MBR_SIGNATURE   2 /* MBR signature of BIOS disk "index" */
#define XEN_FW_VBEDDC_INFO	    3 /* VBE DDC (EDID) data */
#define XEN_FW_EFI_INFO		    4 /* EFI data selected by "index": */
#define XEN_FW_EFI_VERSION	    0
#define XEN_FW_EFI_CONFIG_TABLE	    1
#define XEN_FW_EFI_VENDOR	    2
#define XEN_FW_EFI_MEM_INFO	    3
#define XEN_FW_EFI_RT_VERSION	    4
#define XEN_FW_EFI_PCI_ROM	    5
#define XEN_FW_EFI_APPLE_PROPERTIES 6
#define XEN_FW_KBD_SHIFT_FLAGS	    5 /* BIOS keyboard shift state */

/* xenpf_enter_acpi_sleep.flags */
/* val_a/val_b are the extended sleep values */
#define XENPF_ACPI_SLEEP_EXTENDED 0x00000001

/* xenpf_set_processor_pminfo.type and what the hypervisor may manage */
#define XEN_PM_CX	    0 /* u.power */
#define XEN_PM_PX	    1 /* u.perf */
#define XEN_PM_TX	    2
#define XEN_PM_PDC	    3 /* u.pdc: _PDC capability buffer */
#define XEN_PM_CPPC	    4 /* u.cppc_data */
#define XEN_PROCESSOR_PM_CX 1
#define XEN_PROCESSOR_PM_PX 2
#define XEN_PROCESSOR_PM_TX 4

/* xen_processor_performance.flags: which parts are valid */
#define XEN_PX_PCT 1
#define XEN_PX_PSS 2
#define XEN_PX_PPC 4
#define XEN_PX_PSD 8

/* xen_processor_performance.shared_type */
#define XEN_CPUPERF_SHARED_TYPE_HW  1
#define XEN_CPUPERF_SHARED_TYPE_ALL 2
#define XEN_CPUPERF_SHARED_TYPE_ANY 3

/* xen_processor_cppc.flags */
#define XEN_CPPC_PSD (1U << 0)
#define XEN_CPPC_CPC (1U << 1)

/* xenpf_pcpuinfo.flags */
#define XEN_PCPU_FLAGS_ONLINE  1
#define XEN_PCPU_FLAGS_INVALID 2

/* xenpf_core_parking.type */
#define XEN_CORE_PARKING_SET 1
#define XEN_CORE_PARKING_GET 2

/* xenpf_platform_quirk.quirk_id */
#define QUIRK_NOIRQBALANCING	 1 /* do not move IO-APIC RTE targets */
#define QUIRK_IOAPIC_BAD_REGSEL	 2 /* IO-APIC REGSEL forgets its value */
#define QUIRK_IOAPIC_GOOD_REGSEL 3 /* IO-APIC REGSEL behaves */

/* xenpf_resource_entry.u.cmd */
#define XEN_RESOURCE_OP_MSR_READ  0
#define XEN_RESOURCE_OP_MSR_WRITE 1

#ifndef __ASSEMBLER__

/* XENPF_settime32: set wall clock, seconds as 32 bits. */
struct xenpf_settime32 {
	uint32_t secs; /* wall clock at system_time */
	uint32_t nsecs;
	uint64_t system_time; /* hypervisor system time it refers to */
};

XEN_ABI_SIZE(struct xenpf_settime32, 16);
XEN_ABI_OFFSET(struct xenpf_settime32, secs, 0);
XEN_ABI_OFFSET(struct xenpf_settime32, nsecs, 4);
XEN_ABI_OFFSET(struct xenpf_settime32, system_time, 8);

/* XENPF_settime64: set wall clock, seconds as 64 bits. */
struct xenpf_settime64 {
	uint64_t secs; /* wall clock at system_time */
	uint32_t nsecs;
	uint32_t mbz; /* must be zero */
	uint64_t system_time;
};

XEN_ABI_SIZE(struct xenpf_settime64, 24);
XEN_ABI_OFFSET(struct xenpf_settime64, secs, 0);
XEN_ABI_OFFSET(struct xenpf_settime64, nsecs, 8);
XEN_ABI_OFFSET(struct xenpf_settime64, mbz, 12);
XEN_ABI_OFFSET(struct xenpf_settime64, system_time, 16);

/* XENPF_platform_quirk: dom0 reports a platform oddity. */
struct xenpf_platform_quirk {
	uint32_t quirk_id; /* QUIRK_* */
};

XEN_ABI_SIZE(struct xenpf_platform_quirk, 4);
XEN_ABI_OFFSET(struct xenpf_platform_quirk, quirk_id, 0);

/* XENPF_firmware_info: one item of boot firmware data. */
struct xenpf_firmware_info {
	uint32_t type;	/* IN: XEN_FW_* */
	uint32_t index; /* IN: which item of that type */
	union {
		struct {
			uint8_t device;	 /* BIOS drive number */
			uint8_t version; /* EDD version */
			uint16_t interface_support;
			uint16_t legacy_max_cylinder;
			uint8_t legacy_max_head;
			uint8_t legacy_sectors_per_track;
			XEN_GUEST_HANDLE(void)
			edd_params; /* in: buffer whose
				       first u16 is
				       its size */
		} disk_info;
		struct {
			uint8_t device;		/* BIOS drive number */
			uint32_t mbr_signature; /* at offset 0x1b8 */
		} disk_mbr_signature;
		struct {
			uint8_t capabilities;
			uint8_t edid_transfer_time;
			XEN_GUEST_HANDLE(uint8) edid; /* 128-byte EDID block */
		} vbeddc_info;
		union {
			uint32_t version; /* XEN_FW_EFI_VERSION etc. */
			struct {
				uint64_t addr; /* EFI config table address */
				uint32_t nent; /* its entries */
			} cfg;
			struct {
				uint32_t revision;
				uint32_t bufsz;		     /* in: room */
				XEN_GUEST_HANDLE(void) name; /* UCS-2 */
			} vendor;
			struct {
				uint64_t addr; /* in: address to look up */
				uint64_t size; /* out: rest of that region */
				uint64_t attr; /* out: EFI attributes */
				uint32_t type; /* out: EFI memory type */
			} mem;
			struct {
				uint16_t segment;
				uint8_t bus;
				uint8_t devfn;
				uint16_t vendor;
				uint16_t devid;
				uint64_t address; /* option ROM image */
				xen_ulong_t size;
			} pci_rom;
			struct {
				uint64_t address;
				xen_ulong_t size;
			} apple_properties;
		} efi_info;
		uint8_t kbd_shift_flags; /* BIOS data area 0x417 */
	} u;
};

XEN_ABI_SIZE(struct xenpf_firmware_info, 40);
XEN_ABI_OFFSET(struct xenpf_firmware_info, type, 0);
XEN_ABI_OFFSET(struct xenpf_firmware_info, index, 4);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u, 8);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.disk_info, 8);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.disk_info.device, 8);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.disk_info.version, 9);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.disk_info.interface_support, 10);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.disk_info.legacy_max_cylinder, 12);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.disk_info.legacy_max_head, 14);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.disk_info.legacy_sectors_per_track,
	       15);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.disk_info.edd_params, 16);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.disk_mbr_signature, 8);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.disk_mbr_signature.device, 8);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.disk_mbr_signature.mbr_signature,
	       12);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.vbeddc_info, 8);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.vbeddc_info.capabilities, 8);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.vbeddc_info.edid_transfer_time, 9);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.vbeddc_info.edid, 16);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info, 8);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info.version, 8);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info.cfg, 8);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info.cfg.addr, 8);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info.cfg.nent, 16);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info.vendor, 8);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info.vendor.revision, 8);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info.vendor.bufsz, 12);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info.vendor.name, 16);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info.mem, 8);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info.mem.addr, 8);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info.mem.size, 16);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info.mem.attr, 24);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info.mem.type, 32);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info.pci_rom, 8);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info.pci_rom.segment, 8);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info.pci_rom.bus, 10);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info.pci_rom.devfn, 11);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info.pci_rom.vendor, 12);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info.pci_rom.devid, 14);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info.pci_rom.address, 16);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info.pci_rom.size, 24);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info.apple_properties, 8);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info.apple_properties.address,
	       8);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.efi_info.apple_properties.size,
	       16);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u.kbd_shift_flags, 8);

/* XENPF_enter_acpi_sleep: dom0 asks the hypervisor to enter Sx. */
struct xenpf_enter_acpi_sleep {
	uint16_t val_a;	      /* PM1a control value (or sleep type A) */
	uint16_t val_b;	      /* PM1b control value (or sleep type B) */
	uint32_t sleep_state; /* ACPI S state, 1..5 */
	uint32_t flags;	      /* XENPF_ACPI_SLEEP_* */
};

XEN_ABI_SIZE(struct xenpf_enter_acpi_sleep, 12);
XEN_ABI_OFFSET(struct xenpf_enter_acpi_sleep, val_a, 0);
XEN_ABI_OFFSET(struct xenpf_enter_acpi_sleep, val_b, 2);
XEN_ABI_OFFSET(struct xenpf_enter_acpi_sleep, sleep_state, 4);
XEN_ABI_OFFSET(struct xenpf_enter_acpi_sleep, flags, 8);

/* ACPI generic address of a C-state register. */
struct xen_power_register {
	uint32_t space_id;
	uint32_t bit_width;
	uint32_t bit_offset;
	uint32_t access_size;
	uint64_t address;
};

XEN_ABI_SIZE(struct xen_power_register, 24);
XEN_ABI_OFFSET(struct xen_power_register, space_id, 0);
XEN_ABI_OFFSET(struct xen_power_register, bit_width, 4);
XEN_ABI_OFFSET(struct xen_power_register, bit_offset, 8);
XEN_ABI_OFFSET(struct xen_power_register, access_size, 12);
XEN_ABI_OFFSET(struct xen_power_register, address, 16);

/* _CSD dependency entry. */
struct xen_processor_csd {
	uint32_t domain;     /* dependency domain */
	uint32_t coord_type; /* coordination type */
	uint32_t num;	     /* processors in the domain */
};

XEN_ABI_SIZE(struct xen_processor_csd, 12);
XEN_ABI_OFFSET(struct xen_processor_csd, domain, 0);
XEN_ABI_OFFSET(struct xen_processor_csd, coord_type, 4);
XEN_ABI_OFFSET(struct xen_processor_csd, num, 8);

XEN_DEFINE_GUEST_HANDLE(xen_processor_csd, struct xen_processor_csd);

/* One C-state (_CST entry). */
struct xen_processor_cx {
	struct xen_power_register reg;		/* entry method */
	uint8_t type;				/* C1, C2, ... */
	uint32_t latency;			/* us */
	uint32_t power;				/* mW */
	uint32_t dpcnt;				/* entries in dp */
	XEN_GUEST_HANDLE(xen_processor_csd) dp; /* _CSD entries */
};

XEN_ABI_SIZE(struct xen_processor_cx, 48);
XEN_ABI_OFFSET(struct xen_processor_cx, reg, 0);
XEN_ABI_OFFSET(struct xen_processor_cx, type, 24);
XEN_ABI_OFFSET(struct xen_processor_cx, latency, 28);
XEN_ABI_OFFSET(struct xen_processor_cx, power, 32);
XEN_ABI_OFFSET(struct xen_processor_cx, dpcnt, 36);
XEN_ABI_OFFSET(struct xen_processor_cx, dp, 40);

XEN_DEFINE_GUEST_HANDLE(xen_processor_cx, struct xen_processor_cx);

struct xen_processor_flags {
	uint32_t bm_control : 1;
	uint32_t bm_check : 1;
	uint32_t has_cst : 1;
	uint32_t power_setup_done : 1;
	uint32_t bm_rld_set : 1;
};

XEN_ABI_SIZE(struct xen_processor_flags, 4);

struct xen_processor_power {
	uint32_t count; /* entries in states */
	struct xen_processor_flags flags;
	XEN_GUEST_HANDLE(xen_processor_cx) states;
};

XEN_ABI_SIZE(struct xen_processor_power, 16);
XEN_ABI_OFFSET(struct xen_processor_power, count, 0);
XEN_ABI_OFFSET(struct xen_processor_power, flags, 4);
XEN_ABI_OFFSET(struct xen_processor_power, states, 8);

/* ACPI _PCT register description. */
struct xen_pct_register {
	uint8_t descriptor;
	uint16_t length;
	uint8_t space_id;
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t reserved;
	uint64_t address;
};

XEN_ABI_SIZE(struct xen_pct_register, 16);
XEN_ABI_OFFSET(struct xen_pct_register, descriptor, 0);
XEN_ABI_OFFSET(struct xen_pct_register, length, 2);
XEN_ABI_OFFSET(struct xen_pct_register, space_id, 4);
XEN_ABI_OFFSET(struct xen_pct_register, bit_width, 5);
XEN_ABI_OFFSET(struct xen_pct_register, bit_offset, 6);
XEN_ABI_OFFSET(struct xen_pct_register, reserved, 7);
XEN_ABI_OFFSET(struct xen_pct_register, address, 8);

/* One P-state (_PSS entry). */
struct xen_processor_px {
	uint64_t core_frequency;     /* MHz */
	uint64_t power;		     /* mW */
	uint64_t transition_latency; /* us */
	uint64_t bus_master_latency; /* us */
	uint64_t control;	     /* value to write to the control reg */
	uint64_t status;	     /* value read back when in this state */
};

XEN_ABI_SIZE(struct xen_processor_px, 48);
XEN_ABI_OFFSET(struct xen_processor_px, core_frequency, 0);
XEN_ABI_OFFSET(struct xen_processor_px, power, 8);
XEN_ABI_OFFSET(struct xen_processor_px, transition_latency, 16);
XEN_ABI_OFFSET(struct xen_processor_px, bus_master_latency, 24);
XEN_ABI_OFFSET(struct xen_processor_px, control, 32);
XEN_ABI_OFFSET(struct xen_processor_px, status, 40);

XEN_DEFINE_GUEST_HANDLE(xen_processor_px, struct xen_processor_px);

/* _PSD package. */
struct xen_psd_package {
	uint64_t num_entries;
	uint64_t revision;
	uint64_t domain;
	uint64_t coord_type;
	uint64_t num_processors;
};

XEN_ABI_SIZE(struct xen_psd_package, 40);
XEN_ABI_OFFSET(struct xen_psd_package, num_entries, 0);
XEN_ABI_OFFSET(struct xen_psd_package, revision, 8);
XEN_ABI_OFFSET(struct xen_psd_package, domain, 16);
XEN_ABI_OFFSET(struct xen_psd_package, coord_type, 24);
XEN_ABI_OFFSET(struct xen_psd_package, num_processors, 32);

struct xen_processor_performance {
	uint32_t flags;		 /* XEN_PX_* */
	uint32_t platform_limit; /* _PPC */
	struct xen_pct_register control_register;
	struct xen_pct_register status_register;
	uint32_t state_count; /* entries in states */
	XEN_GUEST_HANDLE(xen_processor_px) states;
	struct xen_psd_package domain_info;
	uint32_t shared_type; /* XEN_CPUPERF_SHARED_TYPE_* */
};

XEN_ABI_SIZE(struct xen_processor_performance, 104);
XEN_ABI_OFFSET(struct xen_processor_performance, flags, 0);
XEN_ABI_OFFSET(struct xen_processor_performance, platform_limit, 4);
XEN_ABI_OFFSET(struct xen_processor_performance, control_register, 8);
XEN_ABI_OFFSET(struct xen_processor_performance, status_register, 24);
XEN_ABI_OFFSET(struct xen_processor_performance, state_count, 40);
XEN_ABI_OFFSET(struct xen_processor_performance, states, 48);
XEN_ABI_OFFSET(struct xen_processor_performance, domain_info, 56);
XEN_ABI_OFFSET(struct xen_processor_performance, shared_type, 96);

struct xen_processor_cppc {
	uint8_t flags; /* XEN_CPPC_* */
	uint8_t pad[3];
	struct {
		uint32_t highest_perf;
		uint32_t nominal_perf;
		uint32_t lowest_nonlinear_perf;
		uint32_t lowest_perf;
		uint32_t lowest_mhz;
		uint32_t nominal_mhz;
	} cpc;
	uint32_t shared_type;		    /* XEN_CPUPERF_SHARED_TYPE_* */
	struct xen_psd_package domain_info; /* _PSD */
};

XEN_ABI_SIZE(struct xen_processor_cppc, 72);
XEN_ABI_OFFSET(struct xen_processor_cppc, flags, 0);
XEN_ABI_OFFSET(struct xen_processor_cppc, pad, 1);
XEN_ABI_OFFSET(struct xen_processor_cppc, cpc, 4);
XEN_ABI_OFFSET(struct xen_processor_cppc, cpc.highest_perf, 4);
XEN_ABI_OFFSET(struct xen_processor_cppc, cpc.nominal_perf, 8);
XEN_ABI_OFFSET(struct xen_processor_cppc, cpc.lowest_nonlinear_perf, 12);
XEN_ABI_OFFSET(struct xen_processor_cppc, cpc.lowest_perf, 16);
XEN_ABI_OFFSET(struct xen_processor_cppc, cpc.lowest_mhz, 20);
XEN_ABI_OFFSET(struct xen_processor_cppc, cpc.nominal_mhz, 24);
XEN_ABI_OFFSET(struct xen_processor_cppc, shared_type, 28);
XEN_ABI_OFFSET(struct xen_processor_cppc, domain_info, 32);

/* XENPF_set_processor_pminfo: ACPI power data of one processor. */
struct xenpf_set_processor_pminfo {
	uint32_t id;   /* ACPI processor id */
	uint32_t type; /* XEN_PM_* */
	union {
		struct xen_processor_power power;      /* XEN_PM_CX */
		struct xen_processor_performance perf; /* XEN_PM_PX */
		XEN_GUEST_HANDLE(uint32) pdc;	       /* XEN_PM_PDC */
		struct xen_processor_cppc cppc_data;   /* XEN_PM_CPPC */
	} u;
};

XEN_ABI_SIZE(struct xenpf_set_processor_pminfo, 112);
XEN_ABI_OFFSET(struct xenpf_set_processor_pminfo, id, 0);
XEN_ABI_OFFSET(struct xenpf_set_processor_pminfo, type, 4);
XEN_ABI_OFFSET(struct xenpf_set_processor_pminfo, u, 8);
XEN_ABI_OFFSET(struct xenpf_set_processor_pminfo, u.power, 8);
XEN_ABI_OFFSET(struct xenpf_set_processor_pminfo, u.perf, 8);
XEN_ABI_OFFSET(struct xenpf_set_processor_pminfo, u.pdc, 8);
XEN_ABI_OFFSET(struct xenpf_set_processor_pminfo, u.cppc_data, 8);

/* XENPF_get_cpuinfo: one physical CPU. */
struct xenpf_pcpuinfo {
	uint32_t xen_cpuid;   /* IN: physical CPU number */
	uint32_t max_present; /* OUT: highest present CPU number */
	uint32_t flags;	      /* OUT: XEN_PCPU_FLAGS_* */
	uint32_t apic_id;     /* OUT */
	uint32_t acpi_id;     /* OUT */
};

XEN_ABI_SIZE(struct xenpf_pcpuinfo, 20);
XEN_ABI_OFFSET(struct xenpf_pcpuinfo, xen_cpuid, 0);
XEN_ABI_OFFSET(struct xenpf_pcpuinfo, max_present, 4);
XEN_ABI_OFFSET(struct xenpf_pcpuinfo, flags, 8);
XEN_ABI_OFFSET(struct xenpf_pcpuinfo, apic_id, 12);
XEN_ABI_OFFSET(struct xenpf_pcpuinfo, acpi_id, 16);

/* XENPF_get_cpu_version */
struct xenpf_pcpu_version {
	uint32_t xen_cpuid;   /* IN */
	uint32_t max_present; /* OUT */
	char vendor_id[12];   /* OUT: CPUID vendor string */
	uint32_t family;      /* OUT */
	uint32_t model;	      /* OUT */
	uint32_t stepping;    /* OUT */
};

XEN_ABI_SIZE(struct xenpf_pcpu_version, 32);
XEN_ABI_OFFSET(struct xenpf_pcpu_version, xen_cpuid, 0);
XEN_ABI_OFFSET(struct xenpf_pcpu_version, max_present, 4);
XEN_ABI_OFFSET(struct xenpf_pcpu_version, vendor_id, 8);
XEN_ABI_OFFSET(struct xenpf_pcpu_version, family, 20);
XEN_ABI_OFFSET(struct xenpf_pcpu_version, model, 24);
XEN_ABI_OFFSET(struct xenpf_pcpu_version, stepping, 28);

/* XENPF_cpu_online / XENPF_cpu_offline */
struct xenpf_cpu_ol {
	uint32_t cpuid; /* physical CPU number */
};

XEN_ABI_SIZE(struct xenpf_cpu_ol, 4);
XEN_ABI_OFFSET(struct xenpf_cpu_ol, cpuid, 0);

/* XENPF_core_parking */
struct xenpf_core_parking {
	uint32_t type;	    /* XEN_CORE_PARKING_* */
	uint32_t idle_nums; /* IN (set) / OUT (get) */
};

XEN_ABI_SIZE(struct xenpf_core_parking, 8);
XEN_ABI_OFFSET(struct xenpf_core_parking, type, 0);
XEN_ABI_OFFSET(struct xenpf_core_parking, idle_nums, 4);

/* XENPF_get_symbol: walk the hypervisor's symbol table. */
struct xenpf_symdata {
	uint32_t namelen;	     /* IN: room in name; OUT: length */
	uint32_t symnum;	     /* IN: symbol index; OUT: next index */
	XEN_GUEST_HANDLE(char) name; /* OUT: symbol name */
	uint64_t address;	     /* OUT */
	char type;		     /* OUT: nm-style type letter */
};

XEN_ABI_SIZE(struct xenpf_symdata, 32);
XEN_ABI_OFFSET(struct xenpf_symdata, namelen, 0);
XEN_ABI_OFFSET(struct xenpf_symdata, symnum, 4);
XEN_ABI_OFFSET(struct xenpf_symdata, name, 8);
XEN_ABI_OFFSET(struct xenpf_symdata, address, 16);
XEN_ABI_OFFSET(struct xenpf_symdata, type, 24);

/* One MSR access of XENPF_resource_op. */
struct xenpf_resource_entry {
	union {
		uint32_t cmd; /* IN: XEN_RESOURCE_OP_* */
		int32_t ret;  /* OUT: errno of the entry that failed */
	} u;
	uint32_t rsvd; /* IN: must be zero */
	uint64_t idx;  /* IN: MSR number */
	uint64_t val;  /* IN/OUT: value written / read */
};

XEN_ABI_SIZE(struct xenpf_resource_entry, 24);
XEN_ABI_OFFSET(struct xenpf_resource_entry, u, 0);
XEN_ABI_OFFSET(struct xenpf_resource_entry, rsvd, 4);
XEN_ABI_OFFSET(struct xenpf_resource_entry, idx, 8);
XEN_ABI_OFFSET(struct xenpf_resource_entry, val, 16);

XEN_DEFINE_GUEST_HANDLE(xenpf_resource_entry, struct xenpf_resource_entry);

/*
 * XENPF_resource_op: a batch of MSR accesses on one physical CPU.
 * Returns how many entries succeeded; the first failing entry's u.ret
 * says why.
 */
struct xenpf_resource_op {
	uint32_t nr_entries; /* entries in the batch */
	uint32_t cpu;	     /* physical CPU to run them on */
	XEN_GUEST_HANDLE(xenpf_resource_entry) entries;
};

XEN_ABI_SIZE(struct xenpf_resource_op, 16);
XEN_ABI_OFFSET(struct xenpf_resource_op, nr_entries, 0);
XEN_ABI_OFFSET(struct xenpf_resource_op, cpu, 4);
XEN_ABI_OFFSET(struct xenpf_resource_op, entries, 8);

/*
 * Argument of platform_op.  The union is padded to 128 bytes so the
 * struct keeps its size as members are added.
 */
struct xen_platform_op {
	uint32_t cmd;		    /* XENPF_* */
	uint32_t interface_version; /* XENPF_INTERFACE_VERSION */
	union {
		struct xenpf_settime32 settime32;
		struct xenpf_settime64 settime64;
		struct xenpf_platform_quirk platform_quirk;
		struct xenpf_firmware_info firmware_info;
		struct xenpf_enter_acpi_sleep enter_acpi_sleep;
		struct xenpf_set_processor_pminfo set_pminfo;
		struct xenpf_pcpuinfo pcpu_info;
		struct xenpf_pcpu_version pcpu_version;
		struct xenpf_cpu_ol cpu_ol;
		struct xenpf_core_parking core_parking;
		struct xenpf_resource_op resource_op;
		struct xenpf_symdata symdata;
		struct dom0_vga_console_info dom0_console;
		uint8_t pad[128];
	} u;
};

XEN_ABI_SIZE(struct xen_platform_op, 136);
XEN_ABI_OFFSET(struct xen_platform_op, cmd, 0);
XEN_ABI_OFFSET(struct xen_platform_op, interface_version, 4);
XEN_ABI_OFFSET(struct xen_platform_op, u, 8);
XEN_ABI_OFFSET(struct xen_platform_op, u.settime32, 8);
XEN_ABI_OFFSET(struct xen_platform_op, u.settime64, 8);
XEN_ABI_OFFSET(struct xen_platform_op, u.platform_quirk, 8);
XEN_ABI_OFFSET(struct xen_platform_op, u.firmware_info, 8);
XEN_ABI_OFFSET(struct xen_platform_op, u.enter_acpi_sleep, 8);
XEN_ABI_OFFSET(struct xen_platform_op, u.set_pminfo, 8);
XEN_ABI_OFFSET(struct xen_platform_op, u.pcpu_info, 8);
XEN_ABI_OFFSET(struct xen_platform_op, u.pcpu_version, 8);
XEN_ABI_OFFSET(struct xen_platform_op, u.cpu_ol, 8);
XEN_ABI_OFFSET(struct xen_platform_op, u.core_parking, 8);
XEN_ABI_OFFSET(struct xen_platform_op, u.resource_op, 8);
XEN_ABI_OFFSET(struct xen_platform_op, u.symdata, 8);
XEN_ABI_OFFSET(struct xen_platform_op, u.dom0_console, 8);
XEN_ABI_OFFSET(struct xen_platform_op, u.pad, 8);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_PLATFORM_H */
