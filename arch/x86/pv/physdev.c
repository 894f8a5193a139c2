/*
 * physdev_op (hypercall 33): the I/O-privilege sub-ops every PV kernel
 * uses, PHYSDEVOP_set_iopl and PHYSDEVOP_set_iobitmap.
 *
 * Interface: the guest sets its vCPU's virtual IOPL and I/O bitmap here;
 * the port-I/O emulation (arch/x86/pv/emul_io.c) consults them on every
 * trapped IN/OUT/INS/OUTS.
 * Invariants: v->arch.iopl is 0-3; the bitmap is kept as a guest kernel
 * VA plus a port count and only ever read with copy_from_guest(), so a bad
 * pointer merely denies access.  Hardware EFLAGS.IOPL stays 0.
 *
 * The dom0 PCI, IRQ (pirq), IO-APIC and MSI sub-ops are not implemented
 * yet and answer -ENOSYS, which Linux 6.1 tolerates
 * (linux-pv-abi.md §8.4, §11.6); they will be added next to these.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/guest_access.h>
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

long do_physdev_op(unsigned long cmd, unsigned long arg)
{
	switch (cmd) {
	case PHYSDEVOP_set_iopl:
		return set_iopl(arg);
	case PHYSDEVOP_set_iobitmap:
		return set_iobitmap(arg);
	default:
		/* dom0 PCI/IRQ/MSI sub-ops come later. */
		return -ENOSYS;
	}
}
