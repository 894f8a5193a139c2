/*
 * x86 vCPU state: creation, context switch, guest kernel/user mode
 * toggling, the idle loop and the exit path to a guest.
 *
 * Interface: the scheduler calls context_switch(); entry.S calls
 * pv_exit_to_guest() on every return to a guest; idle_loop() never
 * returns.  Invariants: a running vCPU's registers live only in the
 * stack-top frame; its hardware FS/GS bases and FPU state are live in the
 * CPU until context_switch saves them; MSR_GS_BASE holds the guest's
 * active GS base and MSR_SHADOW_GS_BASE the inactive one; hardware DR7
 * enables a breakpoint only while a vCPU whose DR7 does runs.
 */
#include <xen/lib.h>
#include <xen/rangeset.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/shutdown.h>
#include <xen/domain_hooks.h>
#include <xen/arch_sched.h>
#include <xen/event.h>
#include <xen/grant_table.h>
#include <asm/current.h>
#include <asm/debugreg.h>
#include <asm/desc.h>
#include <asm/domain.h>
#include <asm/flushtlb.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/system.h>
#include <asm/traps.h>
#include <asm/setup.h>

#define FXSAVE_SIZE 512
#define FCW_DEFAULT 0x037f     /* x87: all exceptions masked, 64-bit precision */
#define MXCSR_DEFAULT 0x1f80   /* SSE: all exceptions masked */

void reset_stack_and_jump_asm(unsigned long sp, void (*fn)(void));

__noreturn void reset_stack_and_jump(void (*fn)(void))
{
	reset_stack_and_jump_asm((unsigned long)guest_cpu_regs(), fn);
	__builtin_unreachable();
}

int arch_domain_create(struct domain *d)
{
	return 0;
}

int arch_vcpu_create(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;

	if (is_idle_domain(v->domain))
		return 0;
	a->traps = xzalloc_unshared_bytes(256 * sizeof(*a->traps));
	a->fpu_area = xzalloc_unshared_bytes(FXSAVE_SIZE);
	if (!a->traps || !a->fpu_area) {
		xfree(a->traps);
		xfree(a->fpu_area);
		return -ENOMEM;
	}
	*(u16 *)a->fpu_area = FCW_DEFAULT;
	*(u32 *)(a->fpu_area + 24) = MXCSR_DEFAULT;
	a->debugreg[6] = X86_DR6_DEFAULT;
	a->debugreg[7] = X86_DR7_DEFAULT;
	a->kernel_mode = true;
	return 0;
}

/* Hardware CR3 value for v in its current guest mode. */
static unsigned long vcpu_cr3(const struct vcpu *v)
{
	unsigned long mfn = v->arch.kernel_mode ? v->arch.guest_table
						: v->arch.guest_table_user;
	return mfn ? mfn << PAGE_SHIFT : virt_to_maddr(idle_pg_table);
}

void pv_update_cr3(struct vcpu *v)
{
	if (v == current)
		tlb_load_cr3(vcpu_cr3(v));
}

/* Flip guest kernel <-> user: page tables and the active GS base. */
void toggle_guest_mode(struct vcpu *v)
{
	v->arch.kernel_mode = !v->arch.kernel_mode;
	__asm__ __volatile__("swapgs" ::: "memory");
	tlb_load_cr3(vcpu_cr3(v));
}

static void fpu_save(struct vcpu *v)
{
	clts();
	__asm__ __volatile__("fxsave64 %0" : "=m"(*(u8 (*)[FXSAVE_SIZE])v->arch.fpu_area));
}

static void fpu_load(struct vcpu *v)
{
	clts();
	__asm__ __volatile__("fxrstor64 %0" :: "m"(*(u8 (*)[FXSAVE_SIZE])v->arch.fpu_area));
	if (v->arch.guest_ts)
		stts();
}

static void save_segments(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;
	u64 active = rdmsr(MSR_GS_BASE), shadow = rdmsr(MSR_SHADOW_GS_BASE);

	a->fs_base = rdmsr(MSR_FS_BASE);
	a->gs_base_kernel = a->kernel_mode ? active : shadow;
	a->gs_base_user = a->kernel_mode ? shadow : active;
	__asm__ __volatile__("mov %%ds, %0; mov %%es, %1; mov %%fs, %2; mov %%gs, %3"
			     : "=m"(a->ds), "=m"(a->es), "=m"(a->fs), "=m"(a->gs));
}

static void load_segments(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;

	pv_load_selectors(v);
	wrmsr(MSR_FS_BASE, a->fs_base);
	wrmsr(MSR_GS_BASE, a->kernel_mode ? a->gs_base_kernel : a->gs_base_user);
	wrmsr(MSR_SHADOW_GS_BASE, a->kernel_mode ? a->gs_base_user : a->gs_base_kernel);
}

/*
 * What each CPU runs, for TLB-flush targeting (arch/x86/pv/mm.c).  It is
 * published before the CR3 switch, with a full fence: a CPU that may
 * cache a domain's translations is always seen as running it.
 */
struct vcpu *running_vcpu[NR_CPUS];

void context_switch(struct vcpu *prev, struct vcpu *next)
{
	struct cpu_regs *frame = guest_cpu_regs();

	__atomic_store_n(&running_vcpu[smp_processor_id()], next, __ATOMIC_SEQ_CST);
	mb();

	if (!is_idle_vcpu(prev)) {
		prev->arch.user_regs = *frame;
		pv_debugregs_unload(prev);
		save_segments(prev);
		fpu_save(prev);
	}
	/* Before the guest selectors load; the idle vCPU gets zeros. */
	pv_load_gdt(next);
	pv_load_ldt(next);
	if (!is_idle_vcpu(next)) {
		*frame = next->arch.user_regs;
		tlb_load_cr3(vcpu_cr3(next));
		load_segments(next);
		fpu_load(next);
		pv_time_update(next);
	} else {
		tlb_load_cr3(virt_to_maddr(idle_pg_table));
	}
	get_cpu_info()->current_vcpu = next;
	/* Last: a guest breakpoint hit from here on is next's (pv/traps.c). */
	if (!is_idle_vcpu(next) && pv_debugregs_active(next))
		pv_debugregs_load(next);
}

__noreturn void idle_loop(void)
{
	unsigned int cpu = smp_processor_id();

	for (;;) {
		local_irq_disable();
		if (!softirq_pending(cpu)) {
			safe_halt();
			continue;
		}
		local_irq_enable();
		do_softirq();
		if (!is_idle_vcpu(current))
			reset_stack_and_jump(return_to_guest);
	}
}

/* Last stop before IRET to a guest; interrupts are off. */
void pv_exit_to_guest(struct cpu_regs *regs)
{
	unsigned int cpu = smp_processor_id();

	/* Flushes deferred by the hypercall or trap just handled. */
	tlb_flush_deferred();
	for (;;) {
		if (softirq_pending(cpu)) {
			local_irq_enable();
			do_softirq();
			local_irq_disable();
			if (is_idle_vcpu(current))
				reset_stack_and_jump(idle_loop);
			continue;
		}
		if (current->domain->state != DOMSTATE_running) {
			raise_softirq(SCHEDULE_SOFTIRQ);
			continue;
		}
		if (current->arch.failsafe_pending)
			pv_deliver_failsafe(current, regs);
		if (pv_event_deliverable(current))
			pv_deliver_event(current, regs);
		if (!softirq_pending(cpu))
			break;
	}
	tlb_flush_deferred(); /* and any a softirq deferred: none so far */
}

const char *shutdown_reason_name(unsigned int reason)
{
	static const char *const names[] = {
		"poweroff", "reboot", "suspend", "crash", "watchdog",
		"soft_reset",
	};
	return reason < ARRAY_SIZE(names) ? names[reason] : "unknown";
}

void dom0_shutdown_action(unsigned int reason)
{
	bool restart = reason == SHUTDOWN_reboot ||
		       reason == SHUTDOWN_crash;

	printk("dom0 shut down (%s): %s\n", shutdown_reason_name(reason),
	       opt_noreboot ? "halting (noreboot)" :
	       restart ? "rebooting" : "powering off");
	if (opt_noreboot)
		machine_halt();
	if (restart)
		machine_restart();
	machine_power_off();
}

/*
 * Count one boot-time domU fully destroyed; true for the last one.
 * Destructions may run on several CPUs at once.
 */
static bool last_boot_domu_gone(void)
{
	unsigned int n = __atomic_load_n(&boot_domus_alive, __ATOMIC_SEQ_CST);

	while (n && !__atomic_compare_exchange_n(&boot_domus_alive, &n, n - 1,
						 false, __ATOMIC_SEQ_CST,
						 __ATOMIC_SEQ_CST))
		;
	return n == 1;
}

/*
 * Teardown: release everything d holds.  Frames another domain still
 * maps keep d's structs alive (each holds a reference, see
 * domain_relinquish_memory()); the creation reference goes last.
 */
void domain_release_resources(struct domain *d)
{
	d->heap_before_teardown = heap_free_pages();
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i])
			vcpu_op_vcpu_destroy(d->vcpu[i]);
	evtchn_domain_destroy(d);
	gnttab_domain_release(d);   /* before the page tables and memory go */
	pv_domain_destroy(d);
	pv_release_shared_info(d);  /* freed now, or at its last unmap */
}

void domain_destroy_resources(struct domain *d)
{
	domain_release_resources(d);
	domain_relinquish_memory(d);
	put_domain(d);
}

/* The last reference to d went: free the structs and report. */
void domain_free(struct domain *d)
{
	unsigned long before = d->heap_before_teardown;
	bool boot_domu = !d->is_privileged && d->state == DOMSTATE_dying &&
			 !d->ctl_created;
	unsigned int id = d->domain_id;
	char name[sizeof(d->name)];

	BUG_ON(d->page_list.count || d->tot_pages);
	memcpy(name, d->name, sizeof(name));
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];
		if (!v)
			continue;
		xfree(v->arch.traps);
		xfree(v->arch.fpu_area);
		xfree(v);
	}
	BUG_ON(d->shared_info); /* pv_release_shared_info() took it */
	rangeset_destroy(d->iomem_caps);
	rangeset_destroy(d->ioport_caps);
	rangeset_destroy(d->irq_caps);
	xfree(d->vcpu);
	xfree(d);
	/* Reported once everything of d is back, struct domain included. */
	printk("Domain %u (%s) destroyed: %lu pages returned, heap %lu free pages\n",
	       id, name, heap_free_pages() - before, heap_free_pages());
	if (boot_domu && last_boot_domu_gone())
		printk("All boot-time domUs have exited: heap %lu free pages, %lu before they were built\n",
		       heap_free_pages(), boot_heap_before_domus);
}

bool is_idle_domain(const struct domain *d)
{
	return d == idle_domain;
}

/*
 * Load one data selector; a selector that faults becomes null and sets
 * bad, so the guest hears of it through its failsafe callback.
 */
#define LOAD_SEL(seg, val, bad)                                            \
	__asm__ __volatile__("1: mov %1, %%" #seg "\n"                     \
			     "2:\n"                                        \
			     ".pushsection .ex_table, \"a\"\n"             \
			     ".quad 1b, 3f\n"                              \
			     ".popsection\n"                               \
			     ".pushsection .text.fixup, \"ax\"\n"          \
			     "3: xor %%eax, %%eax\n"                       \
			     "   mov %%eax, %%" #seg "\n"                  \
			     "   movb $1, %0\n"                            \
			     "   jmp 2b\n"                                 \
			     ".popsection\n"                               \
			     : "+m"(bad) : "r"((unsigned int)(val)) : "rax", "memory")

void pv_load_selectors(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;
	bool bad = false;

	LOAD_SEL(ds, a->ds, bad);
	LOAD_SEL(es, a->es, bad);
	LOAD_SEL(fs, a->fs, bad);
	LOAD_SEL(gs, a->gs, bad);
	if (bad) {
		a->failed_sel[0] = a->ds;
		a->failed_sel[1] = a->es;
		a->failed_sel[2] = a->fs;
		a->failed_sel[3] = a->gs;
		a->failsafe_pending = true;
	}
}
