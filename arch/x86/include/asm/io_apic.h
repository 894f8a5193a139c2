/*
 * IO-APIC registers (Intel 82093AA data sheet) and the interface of
 * arch/x86/io_apic.c.
 *
 * Interface: io_apic_init() once on the BSP after acpi_boot_init() (it
 * needs acpi_platform and ioremap()); the rest from any CPU afterwards.
 */
#ifndef ASM_IO_APIC_H
#define ASM_IO_APIC_H

#include <xen/types.h>
#include <asm/acpi.h>   /* ISA_NR_IRQS */

/* MMIO window: an index register and a data window. */
#define IO_APIC_REGSEL     0x00  /* selects the register IOWIN shows */
#define IO_APIC_IOWIN      0x10  /* 32-bit data of the selected register */
#define IO_APIC_MMIO_SIZE  0x20

/* Indirect registers. */
#define IO_APIC_REG_ID     0x00
#define  IO_APIC_ID_SHIFT  24     /* bits 24-27 (24-31 on later parts): id */
#define  IO_APIC_ID_MASK   0xff
#define IO_APIC_REG_VER    0x01
#define  IO_APIC_VER_MASK  0xff   /* bits 0-7: version */
#define  IO_APIC_MRE_SHIFT 16     /* bits 16-23: max redirection entry */
#define  IO_APIC_MRE_MASK  0xff
#define IO_APIC_REG_REDTBL 0x10   /* entry n: low 0x10 + 2n, high 0x11 + 2n */
#define IO_APIC_REG_MAX    0xff   /* IOREGSEL holds an 8-bit index */

/* Redirection entry, low dword. */
#define IO_APIC_RTE_VECTOR_MASK 0x000000ff /* bits 0-7: vector */
#define IO_APIC_RTE_DM_FIXED    0x00000000 /* bits 8-10: delivery mode */
#define IO_APIC_RTE_DEST_LOGICAL 0x00000800 /* bit 11: 0 = physical dest */
#define IO_APIC_RTE_DELIVS      0x00001000 /* bit 12: send pending (RO) */
#define IO_APIC_RTE_ACTIVE_LOW  0x00002000 /* bit 13: polarity */
#define IO_APIC_RTE_REMOTE_IRR  0x00004000 /* bit 14: level irq in service (RO) */
#define IO_APIC_RTE_LEVEL       0x00008000 /* bit 15: 1 = level triggered */
#define IO_APIC_RTE_MASKED      0x00010000 /* bit 16: 1 = masked */
/* Redirection entry, high dword. */
#define IO_APIC_RTE_DEST_SHIFT  24         /* bits 56-63: physical APIC id */
#define IO_APIC_RTE_DEST_MAX    0xff       /* larger ids need remapping */

#define IO_APIC_INVALID_GSI     (~0u)

/* Find, map and mask every IO-APIC. */
void io_apic_init(void);

/*
 * Program the pin of gsi to deliver vector (>= 0x20) to the CPU with
 * APIC id dest_apic_id (<= 255, physical mode) with the given trigger
 * and polarity.  The pin is left masked: unmask with io_apic_mask_gsi()
 * once the vector's handler is installed.  0, or -EINVAL for a GSI no
 * IO-APIC serves / a bad vector or destination.
 */
int io_apic_route_gsi(u32 gsi, u8 vector, u32 dest_apic_id, bool level,
		      bool active_low);
/* Mask (true) or unmask (false) gsi's pin; unknown GSIs are ignored. */
void io_apic_mask_gsi(u32 gsi, bool mask);
/*
 * Read register reg of the IO-APIC at physical address base (dom0's
 * PHYSDEVOP_apic_read): 0, or -EINVAL for an unknown IO-APIC or reg.
 */
int io_apic_read_phys(paddr_t base, unsigned int reg, u32 *val);
/* One more than the highest GSI any IO-APIC serves; 0 if none. */
unsigned int io_apic_nr_gsis(void);
/*
 * The GSI an ISA IRQ (0-15) arrives on, with its trigger and polarity:
 * the MADT override if there is one, else identity, edge, active high.
 * Returns IO_APIC_INVALID_GSI for irq >= 16.  level/active_low may be
 * NULL.  Usable before io_apic_init().
 */
u32 isa_irq_to_gsi(unsigned int irq, bool *level, bool *active_low);

#endif
