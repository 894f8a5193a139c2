/*
 * The 64-bit PV guest machinery (arch/x86/pv/): bounce frames, guest
 * mode, callbacks, segment state.  Internal to arch/x86.
 */
#ifndef ASM_PV_H
#define ASM_PV_H

#include <xen/types.h>
#include <asm/regs.h>

struct vcpu;
struct domain;

/* Vector marker in cpu_regs.entry_vector for a guest SYSCALL. */
#define TRAP_syscall 0x100

/* entry.S */
void return_to_guest(void);
void lstar_common(void);
__noreturn void reset_stack_and_jump(void (*fn)(void));
__noreturn void idle_loop(void);
void pv_exit_to_guest(struct cpu_regs *regs);
void do_guest_syscall(struct cpu_regs *regs);

/* arch/x86/domain.c */
extern struct vcpu *running_vcpu[];     /* per CPU, see context_switch() */
void toggle_guest_mode(struct vcpu *v);
void pv_update_cr3(struct vcpu *v);
bool is_idle_domain(const struct domain *d);

/* arch/x86/pv/traps.c */
bool pv_event_deliverable(struct vcpu *v);
void pv_deliver_event(struct vcpu *v, struct cpu_regs *regs);
/* A data selector failed to reload on the way in: failsafe callback. */
void pv_deliver_failsafe(struct vcpu *v, struct cpu_regs *regs);
/*
 * Bounce an exception to the guest's handler for vector.  error_code < 0:
 * none.  Crashes the domain if there is no handler or the frame cannot
 * be written.
 */
void pv_inject_exception(struct cpu_regs *regs, unsigned int vector,
			 long error_code);
bool pv_handle_guest_trap(struct cpu_regs *regs);
void pv_syscall_bounce(struct cpu_regs *regs);
/*
 * traps.c, for a fault in hypervisor code before the exception table is
 * searched: maps an LDT page a guest selector load needs (true: retry),
 * and notes a fault of the IRETQ to a guest for pv_iret_fault().
 */
bool pv_fixup_hypervisor_fault(struct cpu_regs *regs);
/* entry.S: the IRETQ to guest frame regs faulted; does not return. */
__noreturn void pv_iret_fault(struct cpu_regs *regs);
extern const char restore_all_iretq[]; /* entry.S: that IRETQ */
/* #PF on a write to a guest page table: emulate it (arch/x86/pv/mm.c). */
bool pv_ptwr_emulate(struct cpu_regs *regs, unsigned long cr2);
/* #GP: privileged instructions the ABI emulates (arch/x86/pv/emulate.c). */
bool pv_emulate_privileged_op(struct cpu_regs *regs);
/* #UD: the forced-emulation prefix "ud2; .ascii \"xen\"; cpuid". */
bool pv_emulate_forced_op(struct cpu_regs *regs);
void pv_load_selectors(struct vcpu *v);
void pv_load_gdt(struct vcpu *v);
void pv_load_ldt(struct vcpu *v);
void pv_domain_destroy(struct domain *d);
/*
 * arch/x86/pv/shared_info.c: d's shared_info page, events masked, its
 * wallclock written (0 or -ENOMEM); at teardown, after
 * pv_domain_destroy(), the hypervisor stops using it and the page goes
 * at its last reference (another domain may still map it).
 */
int pv_alloc_shared_info(struct domain *d);
void pv_release_shared_info(struct domain *d);
/* time.c: no wallclock write reaches d's shared_info from now on. */
struct shared_info *pv_time_detach_shared_info(struct domain *d);
/* arch/x86/pv/vm_assist.c: effects of VMASST architectural_iopl, m2p_strict. */
bool pv_iopl_ok(const struct vcpu *v);
unsigned long pv_frame_iopl(const struct vcpu *v);
void pv_iret_iopl(struct vcpu *v, unsigned long rflags);
void pv_m2p_slot_on_install(const struct domain *d, unsigned long l4_mfn,
			    bool user);
/*
 * arch/x86/pv/misc_hypercalls.c: the guest's debug registers.  Set/get
 * for current (reg 0-7): -ENODEV = #UD, -EINVAL/-EPERM = #GP for MOV DRn.
 * load/unload at context switch (live only while DR7 enables something).
 */
long pv_set_debugreg(struct vcpu *v, unsigned int reg, unsigned long value);
int pv_get_debugreg(const struct vcpu *v, unsigned int reg, unsigned long *val);
bool pv_debugregs_active(const struct vcpu *v);
void pv_debugregs_load(const struct vcpu *v);
void pv_debugregs_unload(const struct vcpu *v);
/* arch/x86/pv/traps.c: #DB (dr6 = the CPU's DR6, already reset). */
void pv_debug_trap(struct cpu_regs *regs, unsigned long dr6);
/* Per-CPU SYSCALL entry stub and MSRs (STAR/LSTAR/CSTAR/SFMASK). */
void pv_syscall_init_cpu(unsigned int cpu);

#endif
