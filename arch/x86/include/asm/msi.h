/*
 * Message-signalled interrupts: the message format the LAPICs accept
 * (Intel SDM vol. 3, 11.11 "Message Signalled Interrupts") and the
 * interface of arch/x86/msi.c, which programs MSI and MSI-X vectors of
 * the PCI functions dom0 drives.
 */
#ifndef ASM_MSI_H
#define ASM_MSI_H

#include <xen/types.h>

struct domain;

/* Message address (low dword; the high dword is 0). */
#define MSI_ADDR_BASE	      0xfee00000 /* bits 31:20 = 0xfee */
#define MSI_ADDR_DEST_SHIFT   12	 /* bits 19:12: destination APIC ID */
#define MSI_ADDR_DEST_MAX     0xff
#define MSI_ADDR_DEST_LOGICAL 0x4	 /* bit 2: logical destination mode */
#define MSI_ADDR_REDIR_HINT   0x8	 /* bit 3: redirection hint */
#define MSI_RANGE_FIRST	      0xfee00000 /* no device memory may live here */
#define MSI_RANGE_LAST	      0xfeefffff

/* Message data. */
#define MSI_DATA_VECTOR_MASK	0xff	  /* bits 7:0 */
#define MSI_DATA_DELIVERY_FIXED (0 << 8)  /* bits 10:8 */
#define MSI_DATA_LEVEL_ASSERT	(1 << 14) /* ignored for edge */
#define MSI_DATA_TRIGGER_LEVEL	(1 << 15) /* 0 = edge */

#define MSI_MAX_FNS 128 /* MSI-capable functions we track */

/* One programmed vector: a function slot and its MSI-X entry. */
struct msi_vec {
	u16 fn;	   /* slot in msi.c's table of functions */
	u16 entry; /* MSI-X table entry; 0 for MSI */
	bool msix; /* MSI-X (else MSI) */
};

/*
 * dom0 reported function (bus, devfn) (PHYSDEVOP_pci_device_add and
 * friends) or wants to map one of its vectors: remember it if it has an
 * MSI or MSI-X capability and make its MSI-X table and PBA frames read-
 * only for dom0 (d), revoking writable mappings it already has.  Called
 * without spinlocks held.  -ENODEV if no function answers there.
 */
int msi_fn_report(struct domain *d, u8 bus, u8 devfn);
/* dom0 says the function is gone: forget it; -EBUSY while vectors are
 * programmed. */
int msi_fn_forget(u8 bus, u8 devfn);

/*
 * Program one vector of (bus, devfn) to deliver `vector` to the LAPIC
 * `apic_id`, fixed and edge, masked where the function can mask it; enable
 * the capability and disable INTx.  msix: MSI-X table entry `entry`, else
 * the function's single MSI vector.  -ENODEV: no such function or
 * capability; -EINVAL: entry beyond the table; -EEXIST: that vector is
 * already programmed; -EBUSY: the function uses the other mechanism;
 * -ENXIO: the table's BAR is unassigned.  Nothing changes on error.  May
 * be called with the pirq lock held.
 */
int msi_vec_setup(u8 bus, u8 devfn, bool msix, unsigned int entry, u8 vector,
		  u32 apic_id, struct msi_vec *out);
/* The slot (struct msi_vec.fn) of a tracked function, or -ENODEV. */
int msi_fn_index(u8 bus, u8 devfn);
/*
 * Write vector v to the function again (after dom0 reset or resumed it):
 * as msi_vec_setup() did, masked or not.  -ENXIO: its BAR is unassigned.
 */
int msi_vec_restore(const struct msi_vec *v, u8 vector, u32 apic_id,
		    bool masked);
/* Mask or unmask the vector (no-op for MSI without per-vector masks). */
void msi_vec_mask(const struct msi_vec *v, bool masked);
/* Mask it for good and forget it; the last one disables the capability. */
void msi_vec_teardown(const struct msi_vec *v);

/* MSI-X table or PBA frame of a tracked function: dom0 maps it RO. */
bool msi_frame_read_only(unsigned long mfn);
/*
 * dom0's configuration write of `size` bytes at `reg` of (bus, devfn):
 * false to drop it because it would rewrite the MSI address, data or
 * mask bits the hypervisor programmed.
 */
bool msi_conf_write_ok(u8 bus, u8 devfn, unsigned int reg, unsigned int size);

#endif
