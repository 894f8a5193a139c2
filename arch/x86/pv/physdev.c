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
 * domains.  An MSI map (a table base means MSI-X, as in Xen) first has
 * arch/x86/msi.c look at the function, then irq.c program a vector.  PCI
 * device reports let msi.c learn MSI-capable functions early, so that
 * their MSI-X tables are read-only to dom0 before its drivers map them.
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
#include <asm/msi.h>
#include <asm/pci.h>
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

/*
 * MAP_PIRQ_TYPE_MSI(_SEG): index -1, bus (segment in bits 16-31 for
 * _SEG), devfn; a non-zero table_base (only a hint: msi.c reads the BAR
 * itself) asks for MSI-X entry entry_nr, else the MSI vector.
 */
static int map_msi(const struct physdev_map_pirq *op)
{
	bool seg_form = op->type == MAP_PIRQ_TYPE_MSI_SEG;
	u32 bus = seg_form ? (u32)op->bus & 0xffff : (u32)op->bus;
	u32 seg = seg_form ? (u32)op->bus >> 16 : 0;
	bool msix = op->table_base != 0;
	int rc;

	if (op->index != -1 || op->bus < 0 || bus > 0xff || op->devfn < 0 ||
	    op->devfn > 0xff || (msix && op->entry_nr < 0))
		return -EINVAL;
	if (seg)
		return -ENODEV; /* segment 0 only */
	rc = msi_fn_report(current->domain, bus, op->devfn);
	if (rc)
		return rc;
	return pirq_map_msi(current->domain, bus, op->devfn, msix,
			    msix ? op->entry_nr : 0, op->pirq);
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
		pirq = op.index < 0 ? -EINVAL
				    : pirq_map_gsi(current->domain, op.index,
						   op.pirq);
		break;
	case MAP_PIRQ_TYPE_MSI:
	case MAP_PIRQ_TYPE_MSI_SEG:
		pirq = map_msi(&op);
		break;
	default:
		/* MULTI_MSI too, as a Xen without it: Linux retries with
		 * one vector, silently. */
		return -EINVAL;
	}
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

/* ---- PCI devices ---- */

/*
 * The PCI sub-ops' argument, copied in once: every form names one
 * function (seg, bus, devfn).  -EPERM for an unprivileged caller.
 */
static long pci_arg(unsigned long cmd, unsigned long arg, u8 *bus, u8 *devfn)
{
	union {
		struct physdev_pci_device_add add;
		struct physdev_pci_device dev;
		struct physdev_manage_pci manage;
		struct physdev_manage_pci_ext ext;
	} u;
	u32 pxm;
	u16 seg = 0;

	if (!current->domain->is_privileged)
		return -EPERM;
	switch (cmd) {
	case PHYSDEVOP_pci_device_add:
		if (copy_from_guest(&u.add, arg, sizeof(u.add)))
			return -EFAULT;
		/* The proximity domain follows; we have no NUMA to use it. */
		if ((u.add.flags & XEN_PCI_DEV_PXM) &&
		    copy_from_guest(&pxm, arg + sizeof(u.add), sizeof(pxm)))
			return -EFAULT;
		seg = u.add.seg, *bus = u.add.bus, *devfn = u.add.devfn;
		break;
	case PHYSDEVOP_manage_pci_add:
	case PHYSDEVOP_manage_pci_remove:
	case PHYSDEVOP_restore_msi:
		if (copy_from_guest(&u.manage, arg, sizeof(u.manage)))
			return -EFAULT;
		*bus = u.manage.bus, *devfn = u.manage.devfn;
		break;
	case PHYSDEVOP_manage_pci_add_ext:
		if (copy_from_guest(&u.ext, arg, sizeof(u.ext)))
			return -EFAULT;
		if (u.ext.is_extfn > 1 || u.ext.is_virtfn > 1)
			return -EINVAL;
		*bus = u.ext.bus, *devfn = u.ext.devfn;
		break;
	default:
		if (copy_from_guest(&u.dev, arg, sizeof(u.dev)))
			return -EFAULT;
		seg = u.dev.seg, *bus = u.dev.bus, *devfn = u.dev.devfn;
		break;
	}
	return seg ? -ENODEV : 0; /* segment 0 only */
}

/*
 * dom0 reports, removes, prepares (pciback), resets or resumes a PCI
 * function.  A reported function with MSI-X gets its table and PBA
 * protected at once; its MSI state is ours to restore.
 */
static long pci_op(unsigned long cmd, unsigned long arg)
{
	struct domain *d = current->domain;
	u8 bus, devfn;
	long rc = pci_arg(cmd, arg, &bus, &devfn);

	if (rc)
		return rc;
	switch (cmd) {
	case PHYSDEVOP_pci_device_remove:
	case PHYSDEVOP_manage_pci_remove:
		return msi_fn_forget(bus, devfn);
	case PHYSDEVOP_release_msix:
		/* Protection stays until the function is removed. */
		return pci_fn_present(bus, devfn) ? 0 : -ENODEV;
	case PHYSDEVOP_prepare_msix:
		if (!pci_fn_present(bus, devfn) ||
		    !pci_find_cap(bus, devfn, PCI_CAP_ID_MSIX))
			return -ENODEV;
		return msi_fn_report(d, bus, devfn);
	case PHYSDEVOP_restore_msi:
	case PHYSDEVOP_restore_msi_ext:
		if (!pci_fn_present(bus, devfn))
			return -ENODEV;
		return pirq_restore_msi(d, bus, devfn);
	default: /* the add forms */
		rc = msi_fn_report(d, bus, devfn);
		/* As Xen, a function that does not answer (an SR-IOV VF reads
		 * all-ones) is accepted: there is nothing to protect. */
		return rc == -ENODEV ? 0 : rc;
	}
}

/* MMCONFIG reports: we use port 0xcf8 only; accept them quietly. */
static long pci_mmcfg_reserved(unsigned long arg)
{
	struct physdev_pci_mmcfg_reserved op;

	if (!current->domain->is_privileged)
		return -EPERM;
	if (copy_from_guest(&op, arg, sizeof(op)))
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
	case PHYSDEVOP_pci_device_remove:
	case PHYSDEVOP_manage_pci_add:
	case PHYSDEVOP_manage_pci_remove:
	case PHYSDEVOP_manage_pci_add_ext:
	case PHYSDEVOP_prepare_msix:
	case PHYSDEVOP_release_msix:
	case PHYSDEVOP_restore_msi:
	case PHYSDEVOP_restore_msi_ext:
		return pci_op(cmd, arg);
	case PHYSDEVOP_pci_mmcfg_reserved:
		return pci_mmcfg_reserved(arg);
	default:
		/*
		 * pirq_eoi_gmfn (Linux then uses PHYSDEVOP_eoi), dbgp,
		 * device reset: not supported.
		 */
		return -ENOSYS;
	}
}
