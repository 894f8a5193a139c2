/*
 * platform_op (hypercall 7): dom0's view of the physical platform --
 * physical CPUs, the wallclock, firmware data, ACPI sleep and processor
 * power-management uploads.
 *
 * Interface: do_platform_op(op) copies struct xen_platform_op in once,
 * checks interface_version (-EACCES, as Xen, before anything else) and
 * that the caller is dom0 (-EPERM), runs the sub-op on the copy and
 * copies back only the union member the sub-op produces.  Sub-ops for
 * things this hypervisor does not do answer as Xen does when the
 * feature is absent (Linux 6.1 prints nothing for those answers): no
 * MTRR or microcode management, no EFI, no EDD/EDID boot data, no
 * processor power management, no CPU hot-plug, no exported symbols.
 * Invariants: platform_lock serializes sub-ops (Xen's xenpf_lock); a
 * failed sub-op changes no hypervisor state.  Physical CPUs are
 * "present" iff online: every CPU we found is brought up at boot and
 * none is ever taken down.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <asm/acpi.h>
#include <asm/acpi_tables.h>
#include <asm/cpuinfo.h>
#include <asm/guest_access.h>
#include <asm/smp.h>
#include <public/platform.h>
#include <public/sched.h>

#define RESOURCE_ACCESS_MAX_ENTRIES 3 /* Xen's batch limit */

static DEFINE_SPINLOCK(platform_lock);

/* Copy one member of the argument back to the guest's struct at arg. */
#define copy_field_out(arg, op, field)                                         \
	(copy_to_guest((arg) + offsetof(struct xen_platform_op, field),        \
		       &(op)->field, sizeof((op)->field))                      \
		 ? -EFAULT                                                     \
		 : 0)

static bool pcpu_present(u32 cpu)
{
	return cpu < nr_cpu_ids && cpu_online(cpu);
}

static u32 pcpu_max_present(void)
{
	u32 last = 0;
	unsigned int cpu;

	for_each_online_cpu(cpu) last = cpu;
	return last;
}

/* ---- physical CPUs ---- */

static long get_cpuinfo(struct xen_platform_op *op, unsigned long arg)
{
	struct xenpf_pcpuinfo *p = &op->u.pcpu_info;

	if (pcpu_present(p->xen_cpuid)) {
		p->apic_id = x86_cpu_to_apicid[p->xen_cpuid];
		p->acpi_id = acpi_cpu_uid(p->apic_id);
		p->flags = XEN_PCPU_FLAGS_ONLINE;
	} else {
		p->flags = XEN_PCPU_FLAGS_INVALID; /* ids left as given */
	}
	p->max_present = pcpu_max_present();
	return copy_field_out(arg, op, u.pcpu_info);
}

static long get_cpu_version(struct xen_platform_op *op, unsigned long arg)
{
	struct xenpf_pcpu_version *ver = &op->u.pcpu_version;
	const struct cpuinfo_x86 *c;

	memset(ver->vendor_id, 0, sizeof(ver->vendor_id));
	ver->family = ver->model = ver->stepping = 0;
	if (pcpu_present(ver->xen_cpuid) && cpu_data[ver->xen_cpuid].valid) {
		c = &cpu_data[ver->xen_cpuid];
		memcpy(ver->vendor_id, c->vendor_id, sizeof(ver->vendor_id));
		ver->family = c->family;
		ver->model = c->model;
		ver->stepping = c->stepping;
	}
	ver->max_present = pcpu_max_present();
	return copy_field_out(arg, op, u.pcpu_version);
}

/* All present CPUs are online; none can be taken down (no CPU hot-plug). */
static long cpu_online_op(const struct xenpf_cpu_ol *ol, bool online)
{
	if (!online && ol->cpuid == 0)
		return -EOPNOTSUPP; /* never the boot CPU, as Xen */
	if (!pcpu_present(ol->cpuid))
		return -EINVAL;
	return online ? 0 : -EOPNOTSUPP;
}

/* Parking idles CPUs on dom0's request; we never park any. */
static long core_parking(struct xen_platform_op *op, unsigned long arg)
{
	struct xenpf_core_parking *cp = &op->u.core_parking;

	switch (cp->type) {
	case XEN_CORE_PARKING_SET:
		/* Xen caps the request at all CPUs but one. */
		if (MIN(cp->idle_nums, num_online_cpus() - 1) == 0)
			return 0;
		return -EOPNOTSUPP;
	case XEN_CORE_PARKING_GET:
		cp->idle_nums = 0;
		return copy_field_out(arg, op, u.core_parking);
	default:
		return -EINVAL;
	}
}

/*
 * MSR access for dom0 tools.  Xen allows only a short list of monitoring
 * MSRs; we allow none, so the first entry always fails with its reason
 * and the batch reports 0 entries done.
 */
static long resource_op(const struct xenpf_resource_op *rop)
{
	struct xenpf_resource_entry e;
	unsigned long va = (unsigned long)rop->entries.p;

	if (rop->nr_entries == 0)
		return 0;
	if (rop->nr_entries > RESOURCE_ACCESS_MAX_ENTRIES)
		return -EINVAL;
	if (copy_from_guest(&e, va, sizeof(e)))
		return -EFAULT;
	if (e.rsvd)
		e.u.ret = -EINVAL;
	else if (e.u.cmd == XEN_RESOURCE_OP_MSR_READ ||
		 e.u.cmd == XEN_RESOURCE_OP_MSR_WRITE)
		e.u.ret = (e.idx >> 32) ? -EINVAL : -EPERM;
	else
		e.u.ret = -EOPNOTSUPP;
	if (copy_to_guest(va, &e, sizeof(e)))
		return -EFAULT;
	return 0;
}

/* ---- wallclock ---- */

static long settime(const struct xen_platform_op *op)
{
	if (op->cmd == XENPF_settime32) {
		pv_time_set_wallclock(op->u.settime32.secs,
				      op->u.settime32.nsecs,
				      op->u.settime32.system_time);
		return 0;
	}
	if (op->u.settime64.mbz)
		return -EINVAL;
	pv_time_set_wallclock(op->u.settime64.secs, op->u.settime64.nsecs,
			      op->u.settime64.system_time);
	return 0;
}

/* ---- firmware ---- */

/*
 * We collect no EDD, MBR-signature or EDID data at boot and are never
 * EFI-booted: every index is absent (-ESRCH), and EFI answers as Xen
 * without EFI (-ENOSYS).  The BIOS keyboard shift state is not read:
 * no key is reported held.
 */
static long firmware_info(struct xen_platform_op *op, unsigned long arg)
{
	struct xenpf_firmware_info *fw = &op->u.firmware_info;

	switch (fw->type) {
	case XEN_FW_DISK_INFO:
	case XEN_FW_DISK_MBR_SIGNATURE:
	case XEN_FW_VBEDDC_INFO:
		return -ESRCH;
	case XEN_FW_EFI_INFO:
		return -ENOSYS;
	case XEN_FW_KBD_SHIFT_FLAGS:
		if (fw->index != 0)
			return -ESRCH;
		fw->u.kbd_shift_flags = 0;
		return copy_field_out(arg, op,
				      u.firmware_info.u.kbd_shift_flags);
	default:
		return -EINVAL;
	}
}

/*
 * dom0 hands over the ACPI sleep request it would write to PM1 itself.
 * S5 powers the machine off as dom0's SCHEDOP_shutdown(poweroff) does;
 * S3 is refused as by Xen without a wakeup vector; the checks before
 * are Xen's.  Extended (hardware-reduced) sleep registers are not known
 * to us: -EPERM, as Xen when the FADT lacks them.
 */
static long enter_acpi_sleep(const struct xenpf_enter_acpi_sleep *s)
{
	if (s->sleep_state == ACPI_S3)
		return -EOPNOTSUPP;
	if (s->flags & XENPF_ACPI_SLEEP_EXTENDED)
		return -EPERM;
	if (!acpi_platform.pm1a_cnt)
		return -EPERM;
	if (s->val_b && ((s->val_a ^ s->val_b) & ACPI_PM1_SLP_EN))
		return -EINVAL;
	if (s->flags || s->sleep_state != ACPI_S5)
		return -EINVAL;
	domain_shutdown(current->domain, SHUTDOWN_poweroff);
	return 0;
}

/* ---- processor power management ---- */

static bool acpi_uid_online(u32 uid)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		if (acpi_cpu_uid(x86_cpu_to_apicid[cpu]) == uid)
			return true;
	}
	return false;
}

/*
 * The _PDC buffer dom0 is about to hand to firmware: keep only the C/P/T
 * bits, and never let firmware offer MWAIT-entered C-states (a PV
 * kernel cannot use them, and idle is ours).  acpi_id ~0 means "any".
 */
static long set_pdc(u32 acpi_id, unsigned long va)
{
	u32 buf[3];

	if (copy_from_guest(buf, va, 2 * sizeof(u32)))
		return -EFAULT;
	if (buf[0] != ACPI_PDC_REVISION_ID || !buf[1])
		return -EINVAL;
	if (copy_from_guest(&buf[2], va + 2 * sizeof(u32), sizeof(u32)))
		return -EFAULT;
	if (acpi_id != ACPI_UID_INVALID && !acpi_uid_online(acpi_id))
		return -EINVAL;
	buf[2] &= ACPI_PDC_C_MASK | ACPI_PDC_P_MASK | ACPI_PDC_T_MASK |
		  ACPI_PDC_SMP_C1PT;
	buf[2] &= ~(ACPI_PDC_C_C1_FFH | ACPI_PDC_C_C2C3_FFH);
	if (copy_to_guest(va + 2 * sizeof(u32), &buf[2], sizeof(u32)))
		return -EFAULT;
	return 0;
}

/*
 * We manage no C-, P- or T-states, so uploads of them are refused with
 * -ENOSYS, as Xen 4.17 does for a kind it does not manage (Linux's
 * xen-acpi-processor treats that as "nothing to do").
 */
static long set_pminfo(const struct xenpf_set_processor_pminfo *pm)
{
	switch (pm->type) {
	case XEN_PM_CX:
	case XEN_PM_PX:
	case XEN_PM_TX:
	case XEN_PM_CPPC:
		return -ENOSYS;
	case XEN_PM_PDC:
		return set_pdc(pm->id, (unsigned long)pm->u.pdc.p);
	default:
		return -EINVAL;
	}
}

/* ---- hypervisor symbols ---- */

/* We export no symbol table: symbol 0 is already the end marker (""). */
static long get_symbol(struct xen_platform_op *op, unsigned long arg)
{
	struct xenpf_symdata *sym = &op->u.symdata;
	unsigned long name = (unsigned long)sym->name.p;
	char end = '\0';

	if (sym->symnum > 0)
		return -ERANGE;
	if (sym->namelen && copy_to_guest(name, &end, 1))
		return -EFAULT;
	sym->namelen = 1;
	sym->address = 0;
	sym->type = 0;
	return copy_field_out(arg, op, u.symdata);
}

/* ---- dispatch ---- */

static long platform_op(struct xen_platform_op *op, unsigned long arg)
{
	switch (op->cmd) {
	case XENPF_settime32:
	case XENPF_settime64:
		return settime(op);
	case XENPF_add_memtype:
	case XENPF_del_memtype:
		return -ENXIO; /* as Xen without MTRRs */
	case XENPF_read_memtype:
		return -EINVAL; /* no variable MTRR to read */
	case XENPF_microcode_update:
	case XENPF_microcode_update2:
		return -EOPNOTSUPP;
	case XENPF_platform_quirk:
		/* Nothing to do for any: we never balance IRQs. */
		switch (op->u.platform_quirk.quirk_id) {
		case QUIRK_NOIRQBALANCING:
		case QUIRK_IOAPIC_BAD_REGSEL:
		case QUIRK_IOAPIC_GOOD_REGSEL:
			return 0;
		default:
			return -EINVAL;
		}
	case XENPF_get_cpu_version:
		return get_cpu_version(op, arg);
	case XENPF_efi_runtime_call:
		return -ENOSYS; /* not EFI-booted */
	case XENPF_firmware_info:
		return firmware_info(op, arg);
	case XENPF_enter_acpi_sleep:
		return enter_acpi_sleep(&op->u.enter_acpi_sleep);
	case XENPF_change_freq:
	case XENPF_getidletime:
		return -ENOSYS; /* dom0 does not drive CPU frequencies */
	case XENPF_set_processor_pminfo:
		return set_pminfo(&op->u.set_pminfo);
	case XENPF_get_cpuinfo:
		return get_cpuinfo(op, arg);
	case XENPF_cpu_online:
	case XENPF_cpu_offline:
		return cpu_online_op(&op->u.cpu_ol,
				     op->cmd == XENPF_cpu_online);
	case XENPF_cpu_hotadd:
	case XENPF_mem_hotadd:
		return -EOPNOTSUPP;
	case XENPF_core_parking:
		return core_parking(op, arg);
	case XENPF_resource_op:
		return resource_op(&op->u.resource_op);
	case XENPF_get_symbol:
		return get_symbol(op, arg);
	case XENPF_get_dom0_console:
		return -ENODEV; /* no boot console handed to dom0 */
	default:
		return -ENOSYS; /* incl. get_ucode_revision, as Xen 4.17 */
	}
}

long do_platform_op(unsigned long arg)
{
	struct xen_platform_op op;
	long rc;

	if (copy_from_guest(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.interface_version != XENPF_INTERFACE_VERSION)
		return -EACCES;
	if (!current->domain->is_privileged)
		return -EPERM;
	spin_lock(&platform_lock);
	rc = platform_op(&op, arg);
	spin_unlock(&platform_lock);
	return rc;
}
