/*
 * Hypercall handlers.  Each do_<name> matches __HYPERVISOR_<name>; the
 * dispatch table is in xen/hypercall.c.  Handlers run in the context of
 * the calling vCPU (current), with interrupts enabled, and return a
 * value for the guest's RAX (negative errno on failure).
 */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H

#include <xen/types.h>

long do_set_trap_table(unsigned long list);
long do_mmu_update(unsigned long reqs, unsigned long count,
		   unsigned long done, unsigned long foreigndom);
long do_set_gdt(unsigned long frames, unsigned long entries);
long do_stack_switch(unsigned long ss, unsigned long sp);
long do_fpu_taskswitch(unsigned long set);
long do_platform_op(unsigned long op);
long do_set_debugreg(unsigned long reg, unsigned long value);
long do_get_debugreg(unsigned long reg);
long do_update_descriptor(unsigned long maddr, unsigned long desc);
long do_memory_op(unsigned long cmd, unsigned long arg);
long do_multicall(unsigned long list, unsigned long count);
long do_update_va_mapping(unsigned long va, unsigned long val,
			  unsigned long flags);
long do_update_va_mapping_otherdomain(unsigned long va, unsigned long val,
				      unsigned long flags, unsigned long domid);
long do_set_timer_op(unsigned long timeout);
long do_xen_version(unsigned long cmd, unsigned long arg);
long do_console_io(unsigned long cmd, unsigned long count, unsigned long buf);
long do_grant_table_op(unsigned long cmd, unsigned long uop, unsigned long count);
long do_vm_assist(unsigned long cmd, unsigned long type);
long do_iret(void);
long do_vcpu_op(unsigned long cmd, unsigned long vcpuid, unsigned long arg);
long do_set_segment_base(unsigned long which, unsigned long base);
long do_mmuext_op(unsigned long ops, unsigned long count,
		  unsigned long done, unsigned long foreigndom);
long do_sched_op(unsigned long cmd, unsigned long arg);
long do_callback_op(unsigned long cmd, unsigned long arg);
long do_event_channel_op(unsigned long cmd, unsigned long arg);
long do_physdev_op(unsigned long cmd, unsigned long arg);
long do_mca(unsigned long op);
long do_sysctl(unsigned long arg);
long do_domctl(unsigned long arg);

/*
 * Long-running hypercalls stop after a bounded amount of work and ask to
 * be re-executed with updated arguments (the guest's SYSCALL is replayed),
 * so other vCPUs and interrupts are never starved.  The handler returns
 * what hypercall_create_continuation() returns, unchanged.
 */
#define HYPERCALL_CONTINUATION (-1000L)
long hypercall_create_continuation(unsigned long nr, unsigned int nargs, ...);
bool hypercall_preempt_check(void);   /* false inside a multicall */
bool hypercall_in_multicall(void);

/* Dispatch one call by number; multicall uses this too. */
long hypercall_dispatch(unsigned long nr, const unsigned long args[6]);
bool hypercall_allowed_in_multicall(unsigned long nr);
#define NR_HYPERCALLS 64

#endif
