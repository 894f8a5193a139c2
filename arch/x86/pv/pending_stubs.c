/*
 * Hypercalls and hooks whose subsystems have not landed yet.  Each
 * answers as the ABI allows for "not implemented" (-ENOSYS, or "not
 * handled"), and is deleted from here when its real implementation lands.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/pv.h>

long do_mmu_update(unsigned long r, unsigned long c, unsigned long d, unsigned long f) { return -ENOSYS; }
long do_set_gdt(unsigned long frames, unsigned long entries) { return -ENOSYS; }
long do_platform_op(unsigned long op) { return -ENOSYS; }
long do_update_descriptor(unsigned long maddr, unsigned long desc) { return -ENOSYS; }
long do_memory_op(unsigned long cmd, unsigned long arg) { return -ENOSYS; }
long do_update_va_mapping(unsigned long va, unsigned long val, unsigned long flags) { return -ENOSYS; }
long do_set_timer_op(unsigned long timeout) { return -ENOSYS; }
long do_grant_table_op(unsigned long cmd, unsigned long uop, unsigned long count) { return -ENOSYS; }
long do_vcpu_op(unsigned long cmd, unsigned long vcpuid, unsigned long arg) { return -ENOSYS; }
long do_mmuext_op(unsigned long o, unsigned long c, unsigned long d, unsigned long f) { return -ENOSYS; }
long do_event_channel_op(unsigned long cmd, unsigned long arg) { return -ENOSYS; }
long do_physdev_op(unsigned long cmd, unsigned long arg) { return -ENOSYS; }
long sched_poll(unsigned long arg) { return -ENOSYS; }

bool pv_ptwr_emulate(struct cpu_regs *regs, unsigned long cr2) { return false; }
bool pv_emulate_privileged_op(struct cpu_regs *regs) { return false; }
bool pv_emulate_forced_op(struct cpu_regs *regs) { return false; }
void pv_load_gdt(struct vcpu *v) {}
void pv_domain_destroy(struct domain *d) {}
