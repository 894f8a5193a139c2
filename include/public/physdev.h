/*
 * physdev_op (hypercall 33): physdev_op(cmd, arg).  I/O privilege for PV
 * kernels, and for dom0: physical IRQs (pirqs), IO-APIC access, MSI and
 * PCI device registration.  Numbers 0-3, 18 and 22 are unassigned.
 */
#ifndef PUBLIC_PHYSDEV_H
#define PUBLIC_PHYSDEV_H

#include "xen.h"

#define PHYSDEVOP_IRQ_UNMASK_NOTIFY  4	/* legacy: no arg */
#define PHYSDEVOP_irq_status_query   5	/* physdev_irq_status_query */
#define PHYSDEVOP_set_iopl	     6	/* physdev_set_iopl */
#define PHYSDEVOP_set_iobitmap	     7	/* physdev_set_iobitmap */
#define PHYSDEVOP_apic_read	     8	/* physdev_apic */
#define PHYSDEVOP_apic_write	     9	/* physdev_apic */
#define PHYSDEVOP_alloc_irq_vector   10 /* physdev_irq */
#define PHYSDEVOP_free_irq_vector    11 /* physdev_irq */
#define PHYSDEVOP_eoi		     12 /* physdev_eoi */
#define PHYSDEVOP_map_pirq	     13 /* physdev_map_pirq */
#define PHYSDEVOP_unmap_pirq	     14 /* physdev_unmap_pirq */
#define PHYSDEVOP_manage_pci_add     15 /* physdev_manage_pci */
#define PHYSDEVOP_manage_pci_remove  16 /* physdev_manage_pci */
#define PHYSDEVOP_pirq_eoi_gmfn_v1   17 /* physdev_pirq_eoi_gmfn */
#define PHYSDEVOP_restore_msi	     19 /* physdev_restore_msi */
#define PHYSDEVOP_manage_pci_add_ext 20 /* physdev_manage_pci_ext */
#define PHYSDEVOP_setup_gsi	     21 /* physdev_setup_gsi */
#define PHYSDEVOP_get_free_pirq	     23 /* physdev_get_free_pirq */
#define PHYSDEVOP_pci_mmcfg_reserved 24 /* physdev_pci_mmcfg_reserved */
#define PHYSDEVOP_pci_device_add     25 /* physdev_pci_device_add */
#define PHYSDEVOP_pci_device_remove  26 /* physdev_pci_device */
#define PHYSDEVOP_restore_msi_ext    27 /* physdev_pci_device */
#define PHYSDEVOP_pirq_eoi_gmfn_v2   28 /* physdev_pirq_eoi_gmfn */
#define PHYSDEVOP_dbgp_op	     29 /* physdev_dbgp_op */
#define PHYSDEVOP_prepare_msix	     30 /* physdev_pci_device */
#define PHYSDEVOP_release_msix	     31 /* physdev_pci_device */
#define PHYSDEVOP_pci_device_reset   32 /* pci_device_reset */
#define PHYSDEVOP_pirq_eoi_gmfn	     PHYSDEVOP_pirq_eoi_gmfn_v2

/* physdev_irq_status_query.flags */
#define _XENIRQSTAT_needs_eoi 0
/* send PHYSDEVOP_eoi */
#define XENIRQSTAT_needs_eoi  (1U << _XENIRQSTAT_needs_eoi)
#define _XENIRQSTAT_shared    1
#define XENIRQSTAT_shared     (1U << _XENIRQSTAT_shared) /* IRQ is shared */

/* physdev_map_pirq.type */
#define MAP_PIRQ_TYPE_MSI	0x0 /* index: -1, bus/devfn/entry_nr set */
#define MAP_PIRQ_TYPE_GSI	0x1 /* index: the GSI */
#define MAP_PIRQ_TYPE_UNKNOWN	0x2
#define MAP_PIRQ_TYPE_MSI_SEG	0x3 /* MSI, bus has segment in bits 16+ */
/* several MSI vectors, entry_nr of them */
#define MAP_PIRQ_TYPE_MULTI_MSI 0x4

/* physdev_pci_mmcfg_reserved.flags */
#define XEN_PCI_MMCFG_RESERVED 0x1

/* physdev_pci_device_add.flags */
#define XEN_PCI_DEV_EXTFN  0x1 /* ARI extended function */
#define XEN_PCI_DEV_VIRTFN 0x2 /* SR-IOV virtual function */
#define XEN_PCI_DEV_PXM	   0x4 /* optarr[0] is the proximity domain */

/* physdev_dbgp_op */
#define PHYSDEVOP_DBGP_RESET_PREPARE 1
#define PHYSDEVOP_DBGP_RESET_DONE    2
#define PHYSDEVOP_DBGP_BUS_UNKNOWN   0
#define PHYSDEVOP_DBGP_BUS_PCI	     1

/* pci_device_reset.flags */
#define PCI_DEVICE_RESET_COLD 0x0
#define PCI_DEVICE_RESET_WARM 0x1
#define PCI_DEVICE_RESET_HOT  0x2
#define PCI_DEVICE_RESET_FLR  0x3
#define PCI_DEVICE_RESET_MASK 0x3

#ifndef __ASSEMBLER__

/* PHYSDEVOP_eoi: end of interrupt for a pirq. */
struct physdev_eoi {
	uint32_t irq; /* IN: pirq */
};

XEN_ABI_SIZE(struct physdev_eoi, 4);
XEN_ABI_OFFSET(struct physdev_eoi, irq, 0);

/*
 * PHYSDEVOP_pirq_eoi_gmfn_v1/v2: a guest frame holding a bitmap of pirqs
 * that need an EOI (v2 also leaves the bits unmasked on registration).
 */
struct physdev_pirq_eoi_gmfn {
	xen_pfn_t gmfn; /* IN */
};

XEN_ABI_SIZE(struct physdev_pirq_eoi_gmfn, 8);
XEN_ABI_OFFSET(struct physdev_pirq_eoi_gmfn, gmfn, 0);

struct physdev_irq_status_query {
	uint32_t irq;	/* IN: pirq */
	uint32_t flags; /* OUT: XENIRQSTAT_* */
};

XEN_ABI_SIZE(struct physdev_irq_status_query, 8);
XEN_ABI_OFFSET(struct physdev_irq_status_query, irq, 0);
XEN_ABI_OFFSET(struct physdev_irq_status_query, flags, 4);

/* PHYSDEVOP_set_iopl: virtual IOPL for port access from the kernel. */
struct physdev_set_iopl {
	uint32_t iopl; /* IN: 0-3 */
};

XEN_ABI_SIZE(struct physdev_set_iopl, 4);
XEN_ABI_OFFSET(struct physdev_set_iopl, iopl, 0);

/* PHYSDEVOP_set_iobitmap: per-port access bitmap (1 = denied). */
struct physdev_set_iobitmap {
	XEN_GUEST_HANDLE(uint8) bitmap; /* IN: guest VA of the bitmap */
	uint32_t nr_ports;		/* IN: ports it covers */
};

XEN_ABI_SIZE(struct physdev_set_iobitmap, 16);
XEN_ABI_OFFSET(struct physdev_set_iobitmap, bitmap, 0);
XEN_ABI_OFFSET(struct physdev_set_iobitmap, nr_ports, 8);

/* PHYSDEVOP_apic_read/write: IO-APIC register access (dom0). */
struct physdev_apic {
	uint64_t apic_physbase; /* IN: IO-APIC MMIO base */
	uint32_t reg;		/* IN: register index */
	uint32_t value;		/* IN (write) / OUT (read) */
};

XEN_ABI_SIZE(struct physdev_apic, 16);
XEN_ABI_OFFSET(struct physdev_apic, apic_physbase, 0);
XEN_ABI_OFFSET(struct physdev_apic, reg, 8);
XEN_ABI_OFFSET(struct physdev_apic, value, 12);

/* PHYSDEVOP_alloc_irq_vector/free_irq_vector (legacy). */
struct physdev_irq {
	uint32_t irq;	 /* IN */
	uint32_t vector; /* OUT (alloc) / IN (free) */
};

XEN_ABI_SIZE(struct physdev_irq, 8);
XEN_ABI_OFFSET(struct physdev_irq, irq, 0);
XEN_ABI_OFFSET(struct physdev_irq, vector, 4);

/* PHYSDEVOP_map_pirq: make a GSI or MSI reachable as a pirq. */
struct physdev_map_pirq {
	domid_t domid;	     /* IN */
	int32_t type;	     /* IN: MAP_PIRQ_TYPE_* */
	int32_t index;	     /* IN: GSI, or -1 for MSI */
	int32_t pirq;	     /* IN: wanted pirq or -1; OUT: pirq */
	int32_t bus;	     /* IN: PCI bus (MSI) */
	int32_t devfn;	     /* IN: PCI devfn (MSI) */
	int32_t entry_nr;    /* IN: MSI-X entry / number of MSI vectors */
	uint64_t table_base; /* IN: MSI-X table address */
};

XEN_ABI_SIZE(struct physdev_map_pirq, 40);
XEN_ABI_OFFSET(struct physdev_map_pirq, domid, 0);
XEN_ABI_OFFSET(struct physdev_map_pirq, type, 4);
XEN_ABI_OFFSET(struct physdev_map_pirq, index, 8);
XEN_ABI_OFFSET(struct physdev_map_pirq, pirq, 12);
XEN_ABI_OFFSET(struct physdev_map_pirq, bus, 16);
XEN_ABI_OFFSET(struct physdev_map_pirq, devfn, 20);
XEN_ABI_OFFSET(struct physdev_map_pirq, entry_nr, 24);
XEN_ABI_OFFSET(struct physdev_map_pirq, table_base, 32);

struct physdev_unmap_pirq {
	domid_t domid; /* IN */
	int32_t pirq;  /* IN */
};

XEN_ABI_SIZE(struct physdev_unmap_pirq, 8);
XEN_ABI_OFFSET(struct physdev_unmap_pirq, domid, 0);
XEN_ABI_OFFSET(struct physdev_unmap_pirq, pirq, 4);

/* PHYSDEVOP_manage_pci_add/remove (older form of pci_device_add). */
struct physdev_manage_pci {
	uint8_t bus;   /* IN */
	uint8_t devfn; /* IN */
};

XEN_ABI_SIZE(struct physdev_manage_pci, 2);
XEN_ABI_OFFSET(struct physdev_manage_pci, bus, 0);
XEN_ABI_OFFSET(struct physdev_manage_pci, devfn, 1);

struct physdev_restore_msi {
	uint8_t bus;   /* IN */
	uint8_t devfn; /* IN */
};

XEN_ABI_SIZE(struct physdev_restore_msi, 2);
XEN_ABI_OFFSET(struct physdev_restore_msi, bus, 0);
XEN_ABI_OFFSET(struct physdev_restore_msi, devfn, 1);

struct physdev_manage_pci_ext {
	uint8_t bus;	    /* IN */
	uint8_t devfn;	    /* IN */
	uint32_t is_extfn;  /* IN: ARI extended function */
	uint32_t is_virtfn; /* IN: SR-IOV virtual function */
	struct {
		uint8_t bus;
		uint8_t devfn;
	} physfn; /* IN: its physical function, if is_virtfn */
};

XEN_ABI_SIZE(struct physdev_manage_pci_ext, 16);
XEN_ABI_OFFSET(struct physdev_manage_pci_ext, bus, 0);
XEN_ABI_OFFSET(struct physdev_manage_pci_ext, devfn, 1);
XEN_ABI_OFFSET(struct physdev_manage_pci_ext, is_extfn, 4);
XEN_ABI_OFFSET(struct physdev_manage_pci_ext, is_virtfn, 8);
XEN_ABI_OFFSET(struct physdev_manage_pci_ext, physfn, 12);
XEN_ABI_OFFSET(struct physdev_manage_pci_ext, physfn.bus, 12);
XEN_ABI_OFFSET(struct physdev_manage_pci_ext, physfn.devfn, 13);

/* PHYSDEVOP_setup_gsi: trigger mode and polarity of a GSI. */
struct physdev_setup_gsi {
	int32_t gsi;	    /* IN */
	uint8_t triggering; /* IN: 0 edge, 1 level */
	uint8_t polarity;   /* IN: 0 active high, 1 active low */
};

XEN_ABI_SIZE(struct physdev_setup_gsi, 8);
XEN_ABI_OFFSET(struct physdev_setup_gsi, gsi, 0);
XEN_ABI_OFFSET(struct physdev_setup_gsi, triggering, 4);
XEN_ABI_OFFSET(struct physdev_setup_gsi, polarity, 5);

struct physdev_get_free_pirq {
	int32_t type;  /* IN: MAP_PIRQ_TYPE_* */
	uint32_t pirq; /* OUT */
};

XEN_ABI_SIZE(struct physdev_get_free_pirq, 8);
XEN_ABI_OFFSET(struct physdev_get_free_pirq, type, 0);
XEN_ABI_OFFSET(struct physdev_get_free_pirq, pirq, 4);

/* PHYSDEVOP_pci_mmcfg_reserved: an MMCONFIG area dom0 found usable. */
struct physdev_pci_mmcfg_reserved {
	uint64_t address;  /* IN: MMCONFIG base */
	uint16_t segment;  /* IN */
	uint8_t start_bus; /* IN */
	uint8_t end_bus;   /* IN */
	uint32_t flags;	   /* IN: XEN_PCI_MMCFG_* */
};

XEN_ABI_SIZE(struct physdev_pci_mmcfg_reserved, 16);
XEN_ABI_OFFSET(struct physdev_pci_mmcfg_reserved, address, 0);
XEN_ABI_OFFSET(struct physdev_pci_mmcfg_reserved, segment, 8);
XEN_ABI_OFFSET(struct physdev_pci_mmcfg_reserved, start_bus, 10);
XEN_ABI_OFFSET(struct physdev_pci_mmcfg_reserved, end_bus, 11);
XEN_ABI_OFFSET(struct physdev_pci_mmcfg_reserved, flags, 12);

/* PHYSDEVOP_pci_device_add: tell the hypervisor about a PCI device. */
struct physdev_pci_device_add {
	uint16_t seg;	/* IN */
	uint8_t bus;	/* IN */
	uint8_t devfn;	/* IN */
	uint32_t flags; /* IN: XEN_PCI_DEV_* */
	struct {
		uint8_t bus;
		uint8_t devfn;
	} physfn;	   /* IN: with XEN_PCI_DEV_VIRTFN */
	uint32_t optarr[]; /* IN: optional data, see flags */
};

XEN_ABI_SIZE(struct physdev_pci_device_add, 12);
XEN_ABI_OFFSET(struct physdev_pci_device_add, seg, 0);
XEN_ABI_OFFSET(struct physdev_pci_device_add, bus, 2);
XEN_ABI_OFFSET(struct physdev_pci_device_add, devfn, 3);
XEN_ABI_OFFSET(struct physdev_pci_device_add, flags, 4);
XEN_ABI_OFFSET(struct physdev_pci_device_add, physfn, 8);
XEN_ABI_OFFSET(struct physdev_pci_device_add, physfn.bus, 8);
XEN_ABI_OFFSET(struct physdev_pci_device_add, physfn.devfn, 9);
XEN_ABI_OFFSET(struct physdev_pci_device_add, optarr, 12);

/* A PCI device by segment/bus/devfn (remove, restore_msi_ext, msix). */
struct physdev_pci_device {
	uint16_t seg;  /* IN */
	uint8_t bus;   /* IN */
	uint8_t devfn; /* IN */
};

XEN_ABI_SIZE(struct physdev_pci_device, 4);
XEN_ABI_OFFSET(struct physdev_pci_device, seg, 0);
XEN_ABI_OFFSET(struct physdev_pci_device, bus, 2);
XEN_ABI_OFFSET(struct physdev_pci_device, devfn, 3);

struct pci_device_reset {
	struct physdev_pci_device dev; /* IN */
	uint32_t flags;		       /* IN: PCI_DEVICE_RESET_* */
};

XEN_ABI_SIZE(struct pci_device_reset, 8);
XEN_ABI_OFFSET(struct pci_device_reset, dev, 0);
XEN_ABI_OFFSET(struct pci_device_reset, flags, 4);

struct physdev_dbgp_op {
	uint8_t op;  /* IN: PHYSDEVOP_DBGP_RESET_* */
	uint8_t bus; /* IN: PHYSDEVOP_DBGP_BUS_* */
	union {
		struct physdev_pci_device pci;
	} u;
};

XEN_ABI_SIZE(struct physdev_dbgp_op, 6);
XEN_ABI_OFFSET(struct physdev_dbgp_op, op, 0);
XEN_ABI_OFFSET(struct physdev_dbgp_op, bus, 1);
XEN_ABI_OFFSET(struct physdev_dbgp_op, u, 2);
XEN_ABI_OFFSET(struct physdev_dbgp_op, u.pci, 2);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_PHYSDEV_H */
