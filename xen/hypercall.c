/*
 * The hypercall table: number -> handler, with argument unpacking.
 *
 * Interface: hypercall_dispatch() from the SYSCALL path and from
 * multicall.  Unknown numbers answer -ENOSYS.  Adapters below take the
 * six raw argument registers (RDI, RSI, RDX, R10, R8, R9) so the table is
 * one readable list and every handler keeps its natural prototype.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <public/xen.h>

typedef long (*hypercall_fn_t)(const unsigned long *a);

#define ADAPT0(name) static long hc_##name(const unsigned long *a) { (void)a; return do_##name(); }
#define ADAPT1(name) static long hc_##name(const unsigned long *a) { return do_##name(a[0]); }
#define ADAPT2(name) static long hc_##name(const unsigned long *a) { return do_##name(a[0], a[1]); }
#define ADAPT3(name) static long hc_##name(const unsigned long *a) { return do_##name(a[0], a[1], a[2]); }
#define ADAPT4(name) static long hc_##name(const unsigned long *a) { return do_##name(a[0], a[1], a[2], a[3]); }

ADAPT1(set_trap_table)
ADAPT4(mmu_update)
ADAPT2(set_gdt)
ADAPT2(stack_switch)
ADAPT1(fpu_taskswitch)
ADAPT1(platform_op)
ADAPT2(set_debugreg)
ADAPT1(get_debugreg)
ADAPT2(update_descriptor)
ADAPT2(memory_op)
ADAPT2(multicall)
ADAPT3(update_va_mapping)
ADAPT4(update_va_mapping_otherdomain)
ADAPT1(set_timer_op)
ADAPT2(xen_version)
ADAPT3(console_io)
ADAPT3(grant_table_op)
ADAPT2(vm_assist)
ADAPT0(iret)
ADAPT3(vcpu_op)
ADAPT2(set_segment_base)
ADAPT4(mmuext_op)
ADAPT2(sched_op)
ADAPT2(callback_op)
ADAPT2(event_channel_op)
ADAPT2(physdev_op)
ADAPT1(mca)
ADAPT1(sysctl)
ADAPT1(domctl)

static const hypercall_fn_t hypercall_table[NR_HYPERCALLS] = {
	[__HYPERVISOR_set_trap_table]    = hc_set_trap_table,
	[__HYPERVISOR_mmu_update]        = hc_mmu_update,
	[__HYPERVISOR_set_gdt]           = hc_set_gdt,
	[__HYPERVISOR_stack_switch]      = hc_stack_switch,
	[__HYPERVISOR_fpu_taskswitch]    = hc_fpu_taskswitch,
	[__HYPERVISOR_platform_op]       = hc_platform_op,
	[__HYPERVISOR_set_debugreg]      = hc_set_debugreg,
	[__HYPERVISOR_get_debugreg]      = hc_get_debugreg,
	[__HYPERVISOR_update_descriptor] = hc_update_descriptor,
	[__HYPERVISOR_memory_op]         = hc_memory_op,
	[__HYPERVISOR_multicall]         = hc_multicall,
	[__HYPERVISOR_update_va_mapping] = hc_update_va_mapping,
	[__HYPERVISOR_update_va_mapping_otherdomain] = hc_update_va_mapping_otherdomain,
	[__HYPERVISOR_set_timer_op]      = hc_set_timer_op,
	[__HYPERVISOR_xen_version]       = hc_xen_version,
	[__HYPERVISOR_console_io]        = hc_console_io,
	[__HYPERVISOR_grant_table_op]    = hc_grant_table_op,
	[__HYPERVISOR_vm_assist]         = hc_vm_assist,
	[__HYPERVISOR_iret]              = hc_iret,
	[__HYPERVISOR_vcpu_op]           = hc_vcpu_op,
	[__HYPERVISOR_set_segment_base]  = hc_set_segment_base,
	[__HYPERVISOR_mmuext_op]         = hc_mmuext_op,
	[__HYPERVISOR_sched_op]          = hc_sched_op,
	[__HYPERVISOR_callback_op]       = hc_callback_op,
	[__HYPERVISOR_event_channel_op]  = hc_event_channel_op,
	[__HYPERVISOR_physdev_op]        = hc_physdev_op,
	[__HYPERVISOR_mca]               = hc_mca,
	[__HYPERVISOR_sysctl]            = hc_sysctl,
	[__HYPERVISOR_domctl]            = hc_domctl,
};

long hypercall_dispatch(unsigned long nr, const unsigned long args[6])
{
	if (nr >= NR_HYPERCALLS || !hypercall_table[nr])
		return -ENOSYS;
	return hypercall_table[nr](args);
}

/* iret rewrites the caller's frame and multicall must not nest. */
bool hypercall_allowed_in_multicall(unsigned long nr)
{
	return nr != __HYPERVISOR_iret && nr != __HYPERVISOR_multicall;
}
