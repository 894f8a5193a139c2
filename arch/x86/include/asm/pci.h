/*
 * PCI configuration space: the type-1 mechanism (ports 0xcf8/0xcfc), the
 * registers and capability layouts the hypervisor reads, and the
 * interface of arch/x86/pci.c.  Numbers from the PCI Local Bus 3.0 spec.
 */
#ifndef ASM_PCI_H
#define ASM_PCI_H

#include <xen/types.h>

/* Type-1 configuration mechanism. */
#define PCI_CONF_ADDRESS    0xcf8      /* 32-bit address latch */
#define PCI_CONF_DATA	    0xcfc      /* 0xcfc-0xcff: the selected dword */
#define PCI_CONF_ENABLE	    0x80000000 /* address: configuration cycle */
#define PCI_CONF_BUS_SHIFT  16	       /* address bits 23:16 */
#define PCI_CONF_FN_SHIFT   8	       /* address bits 15:8: devfn */
#define PCI_CONF_REG_MASK   0xfc       /* address bits 7:2: dword */
#define PCI_CONF_SPACE_SIZE 256	       /* bytes reachable through 0xcf8 */

#define PCI_DEVFN(slot, fn) (((slot) << 3) | (fn))
#define PCI_SLOT(devfn)	    (((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)	    ((devfn)&7)

/* Type 0/1 header. */
#define PCI_VENDOR_ID		 0x00	/* 16 bits; 0xffff: no function */
#define PCI_COMMAND		 0x04	/* 16 bits */
#define PCI_COMMAND_MEMORY	 0x0002 /* memory space decoding */
#define PCI_COMMAND_INTX_DISABLE 0x0400 /* INTx# assertion disabled */
#define PCI_STATUS		 0x06	/* 16 bits */
#define PCI_STATUS_CAP_LIST	 0x0010 /* has a capability list */
#define PCI_HEADER_TYPE		 0x0e	/* 8 bits */
#define PCI_HEADER_TYPE_MASK	 0x7f
#define PCI_HEADER_TYPE_NORMAL	 0    /* six BARs */
#define PCI_HEADER_TYPE_BRIDGE	 1    /* two BARs */
#define PCI_BASE_ADDRESS_0	 0x10 /* BARs 0-5, 32 bits each */
#define PCI_BAR_IO		 0x1  /* bit 0: I/O space BAR */
#define PCI_BAR_MEM_TYPE_MASK	 0x6  /* bits 2:1: memory BAR width */
#define PCI_BAR_MEM_TYPE_64	 0x4  /* 64-bit BAR: high dword in the next */
#define PCI_BAR_MEM_MASK	 (~0xfULL) /* address bits of a memory BAR */
#define PCI_CAPABILITY_LIST	 0x34 /* 8 bits: offset of the first capability */
#define PCI_CAP_PTR_MASK	 0xfc /* capability pointers are dword aligned */
#define PCI_CAP_FIRST		 0x40 /* capabilities live at 0x40-0xff */
#define PCI_CAP_MAX		 48   /* longest possible list (0x40-0xff) */

/* Capability header: ID at +0, next pointer at +1. */
#define PCI_CAP_ID_MSI	0x05
#define PCI_CAP_ID_MSIX 0x11
#define PCI_CAP_NEXT	1

/* MSI capability. */
#define PCI_MSI_FLAGS	      2	     /* 16 bits: message control */
#define PCI_MSI_FLAGS_ENABLE  0x0001 /* MSI enable */
#define PCI_MSI_FLAGS_QMASK   0x000e /* multiple message capable */
#define PCI_MSI_FLAGS_QSIZE   0x0070 /* multiple message enable */
#define PCI_MSI_FLAGS_64BIT   0x0080 /* 64-bit address capable */
#define PCI_MSI_FLAGS_MASKBIT 0x0100 /* per-vector masking capable */
#define PCI_MSI_ADDRESS_LO    4	     /* 32 bits */
#define PCI_MSI_ADDRESS_HI    8	     /* 32 bits, 64-bit capable only */
#define PCI_MSI_DATA_32	      8	     /* 16 bits, 32-bit address */
#define PCI_MSI_DATA_64	      12     /* 16 bits, 64-bit address */
#define PCI_MSI_MASK_32	      12     /* 32 bits: mask bits, 32-bit address */
#define PCI_MSI_MASK_64	      16     /* 32 bits: mask bits, 64-bit address */

/* MSI-X capability. */
#define PCI_MSIX_FLAGS	       2       /* 16 bits: message control */
#define PCI_MSIX_FLAGS_QSIZE   0x07ff  /* table size - 1 */
#define PCI_MSIX_FLAGS_MASKALL 0x4000  /* function mask */
#define PCI_MSIX_FLAGS_ENABLE  0x8000  /* MSI-X enable */
#define PCI_MSIX_TABLE	       4       /* 32 bits: table offset | BIR */
#define PCI_MSIX_PBA	       8       /* 32 bits: PBA offset | BIR */
#define PCI_MSIX_BIR_MASK      0x7     /* BAR indicator */
#define PCI_MSIX_OFFSET_MASK   (~0x7u) /* offset within that BAR */

/* MSI-X table entry (16 bytes each). */
#define PCI_MSIX_ENTRY_SIZE	 16
#define PCI_MSIX_ENTRY_ADDR_LO	 0
#define PCI_MSIX_ENTRY_ADDR_HI	 4
#define PCI_MSIX_ENTRY_DATA	 8
#define PCI_MSIX_ENTRY_CTRL	 12
#define PCI_MSIX_ENTRY_CTRL_MASK 0x1 /* vector masked */

/*
 * Hypervisor access to function (bus, devfn) of segment 0.  reg is
 * aligned to size (1, 2 or 4) and below PCI_CONF_SPACE_SIZE.  Each access
 * is one atomic address/data pair (pci_lock, a leaf lock).
 */
u32 pci_conf_read(u8 bus, u8 devfn, unsigned int reg, unsigned int size);
void pci_conf_write(u8 bus, u8 devfn, unsigned int reg, unsigned int size,
		    u32 val);
/* A function answers at (bus, devfn). */
bool pci_fn_present(u8 bus, u8 devfn);
/* Offset of the first capability cap_id of the function, or 0. */
unsigned int pci_find_cap(u8 bus, u8 devfn, u8 cap_id);
/* Physical address of memory BAR bir, 0 if absent, I/O or unassigned. */
u64 pci_mem_bar(u8 bus, u8 devfn, unsigned int bir);

/*
 * dom0's type-1 accesses (arch/x86/pv/emul_io.c): the latch value it
 * wrote to 0xcf8 and the byte offset/size within 0xcfc-0xcff, done as
 * one atomic pair.  Writes go through msi_conf_write_filter() first.
 */
u32 pci_conf_read_latched(u32 latch, unsigned int off, unsigned int size);
void pci_conf_write_latched(u32 latch, unsigned int off, unsigned int size,
			    u32 val);

#endif
