/*
 * physdev_op (hypercall 33): the I/O-privilege sub-ops every PV kernel
 * uses (PHYSDEVOP_set_iopl, PHYSDEVOP_set_iobitmap) and dom0's physical
 * IRQ, IO-APIC and PCI sub-ops.
 *
 * Interface: the guest sets its vCPU's virtual IOPL and I/O bitmap here;
 * the port-I/O emulation (arch/x86/pv/emul_io.c) consults them on every
 * trapped IN/OUT/INS/OUTS.  The pirq sub-ops (map/unmap/setup_gsi/
 * irq_status_query/eoi/get_free_pirq) copy their argument in, check it
 * and hand it to arch/x86/irq.c (asm/pirq.h), which refuses unprivileged
 * domains.  MSI is not supported (-ENOSYS), so dom0 drivers fall back to
 * INTx; PCI device reports are accepted and ignored (no passthrough).
 * Invariants: v->arch.iopl is 0-3; the bitmap is kept as a guest kernel
 * VA plus a port count and only ever read with copy_from_guest(), so a bad
 * pointer merely denies access.  Hardware EFLAGS.IOPL stays 0.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/guest_access.h>
#include <asm/io_apic.h>
#include <asm/pirq.h>
#include <public/physdev.h>

#define MAX_IO_PORTS 65536

static long set_iopl(unsigned long arg)
{
	struct physdev_set_iopl op;

	if (copy_from_guest(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.iopl > 3)
		return -EINVAL;
	current->arch.iopl = op.iopl;
	return 0;
}

static long set_iobitmap(unsigned long arg)
{
	struct physdev_set_iobitmap op;
	struct vcpu *v = current;

	if (copy_from_guest(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.nr_ports > MAX_IO_PORTS)
		return -EINVAL;
	v->arch.iobmp = (unsigned long)op.bitmap.p;
	v->arch.iobmp_nr = op.nr_ports;
	return 0;
}

/* map_pirq's domid: the caller itself (DOMID_SELF or its own id). */
static bool self_domid(domid_t domid)
{
	return domid == DOMID_SELF || domid == current->domain->domain_id;
}

static long map_pirq(unsigned long arg)
{
	struct physdev_map_pirq op;
	int pirq;

	if (copy_from_guest(&op, arg, sizeof(op)))
		return -EFAULT;
	if (!current->domain->is_privileged || !self_domid(op.domid))
		return -EPERM;
	switch (op.type) {
	case MAP_PIRQ_TYPE_GSI:
		break;
	case MAP_PIRQ_TYPE_MSI:
	case MAP_PIRQ_TYPE_MSI_SEG:
	case MAP_PIRQ_TYPE_MULTI_MSI:
		return -ENOSYS; /* no MSI: Linux falls back to INTx */
	default:
		return -EINVAL;
	}
	if (op.index < 0)
		return -EINVAL;
	pirq = pirq_map_gsi(current->domain, op.index, op.pirq);
	if (pirq < 0)
		return pirq;
	op.pirq = pirq;
	if (copy_to_guest(arg, &op, sizeof(op)))
		return -EFAULT;
	return 0;
}

static long unmap_pirq(unsigned long arg)
{
	struct physdev_unmap_pirq op;

	if (copy_from_guest(&op, arg, sizeof(op)))
		return -EFAULT;
	if (!self_domid(op.domid))
		return -EPERM;
	if (op.pirq < 0)
		return -EINVAL;
	return pirq_unmap(current->domain, op.pirq);
}

static long setup_gsi(unsigned long arg)
{
	struct physdev_setup_gsi op;

	if (copy_from_guest(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.gsi < 0 || op.triggering > 1 || op.polarity > 1)
		return -EINVAL;
	return pirq_setup_gsi(current->domain, op.gsi, op.triggering,
			      op.polarity);
}

static long irq_status_query(unsigned long arg)
{
	struct physdev_irq_status_query op;
	long rc;

	if (copy_from_guest(&op, arg, sizeof(op)))
		return -EFAULT;
	rc = pirq_status(current->domain, op.irq, &op.flags);
	if (!rc && copy_to_guest(arg, &op, sizeof(op)))
		return -EFAULT;
	return rc;
}

static long eoi(unsigned long arg)
{
	struct physdev_eoi op;

	if (copy_from_guest(&op, arg, sizeof(op)))
		return -EFAULT;
	return pirq_eoi(current->domain, op.irq);
}

static long get_free_pirq(unsigned long arg)
{
	struct physdev_get_free_pirq op;
	int pirq;

	if (copy_from_guest(&op, arg, sizeof(op)))
		return -EFAULT;
	pirq = pirq_get_free(current->domain, op.type == MAP_PIRQ_TYPE_GSI);
	if (pirq < 0)
		return pirq;
	op.pirq = pirq;
	if (copy_to_guest(arg, &op, sizeof(op)))
		return -EFAULT;
	return 0;
}

/* Legacy: as Xen, the "vector" is the IRQ number; the real one is ours. */
static long alloc_irq_vector(unsigned long arg)
{
	struct physdev_irq op;

	if (!current->domain->is_privileged)
		return -EPERM;
	if (copy_from_guest(&op, arg, sizeof(op)))
		return -EFAULT;
	op.vector = op.irq;
	if (copy_to_guest(arg, &op, sizeof(op)))
		return -EFAULT;
	return 0;
}

/* Reads of any IO-APIC register are harmless; writes stay ours. */
static long apic_read(unsigned long arg)
{
	struct physdev_apic op;
	long rc;

	if (!current->domain->is_privileged)
		return -EPERM;
	if (copy_from_guest(&op, arg, sizeof(op)))
		return -EFAULT;
	rc = io_apic_read_phys(op.apic_physbase, op.reg, &op.value);
	if (!rc && copy_to_guest(arg, &op, sizeof(op)))
		return -EFAULT;
	return rc;
}

/*
 * PCI device and MMCONFIG reports: we neither pass devices through nor
 * program MSIs, so there is nothing to track; accepting them keeps
 * dom0's log free of "Failed to add" warnings.
 */
static long pci_report(unsigned long arg, size_t size)
{
	union {
		struct physdev_pci_device_add add;
		struct physdev_pci_device dev;
		struct physdev_manage_pci manage;
		struct physdev_manage_pci_ext manage_ext;
		struct physdev_pci_mmcfg_reserved mmcfg;
	} buf; /* size is one of these */

	if (!current->domain->is_privileged)
		return -EPERM;
	if (copy_from_guest(&buf, arg, MIN(size, sizeof(buf))))
		return -EFAULT;
	return 0;
}

long do_physdev_op(unsigned long cmd, unsigned long arg)
{
	switch (cmd) {
	case PHYSDEVOP_set_iopl:
		return set_iopl(arg);
	case PHYSDEVOP_set_iobitmap:
		return set_iobitmap(arg);
	case PHYSDEVOP_map_pirq:
		return map_pirq(arg);
	case PHYSDEVOP_unmap_pirq:
		return unmap_pirq(arg);
	case PHYSDEVOP_setup_gsi:
		return setup_gsi(arg);
	case PHYSDEVOP_irq_status_query:
		return irq_status_query(arg);
	case PHYSDEVOP_eoi:
		return eoi(arg);
	case PHYSDEVOP_get_free_pirq:
		return get_free_pirq(arg);
	case PHYSDEVOP_alloc_irq_vector:
		return alloc_irq_vector(arg);
	case PHYSDEVOP_apic_read:
		return apic_read(arg);
	case PHYSDEVOP_apic_write:
		return -EPERM; /* the IO-APIC is ours; Linux 6.1 never writes */
	case PHYSDEVOP_pci_device_add:
		return pci_report(arg, sizeof(struct physdev_pci_device_add));
	case PHYSDEVOP_pci_device_remove:
		return pci_report(arg, sizeof(struct physdev_pci_device));
	case PHYSDEVOP_manage_pci_add:
	case PHYSDEVOP_manage_pci_remove:
		return pci_report(arg, sizeof(struct physdev_manage_pci));
	case PHYSDEVOP_manage_pci_add_ext:
		return pci_report(arg, sizeof(struct physdev_manage_pci_ext));
	case PHYSDEVOP_pci_mmcfg_reserved:
		return pci_report(arg,
				  sizeof(struct physdev_pci_mmcfg_reserved));
	default:
		/*
		 * pirq_eoi_gmfn (Linux then uses PHYSDEVOP_eoi), MSI restore
		 * and MSI-X, dbgp, device reset: not supported.
		 */
		return -ENOSYS;
	}
}
