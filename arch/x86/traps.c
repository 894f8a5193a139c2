/*
 * Exception and interrupt dispatch, and the fatal-fault report.
 *
 * Interface: entry.S calls do_trap() for every vector with interrupts
 * off.  Interrupt vectors (>= 32) go to the handler registered with
 * set_intr_handler().  Faults raised by hypervisor code first go to the
 * PV code (an LDT page a guest selector needs, a faulting IRETQ to a
 * guest), then look for a fixup in the exception table (guest-memory
 * accessors, selector loads); anything else is fatal: one register
 * dump, a backtrace, then the machine stops.
 * Invariants: the handler table is written only during boot.
 */
#include <xen/lib.h>
#include <xen/console.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <asm/debugreg.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <asm/regs.h>
#include <asm/traps.h>
#include <asm/apic.h>
#include <asm/pv.h>
#include <asm/smp.h>

static intr_handler_t intr_handlers[256];

static const char *const exception_names[TRAP_nr] = {
	"divide error", "debug", "NMI", "int3", "overflow", "bounds",
	"invalid opcode", "device not available", "double fault",
	"coprocessor segment overrun", "invalid TSS", "segment not present",
	"stack fault", "general protection fault", "page fault",
	"spurious interrupt bug", "x87 FPU error", "alignment check",
	"machine check", "SIMD FP error", "virtualisation",
	"control protection",
};

void set_intr_handler(unsigned int vector, intr_handler_t fn)
{
	BUG_ON(vector < TRAP_nr || vector > 255);
	intr_handlers[vector] = fn;
}

/* Exception fixups: (faulting rip, continuation rip) pairs. */
struct ex_entry {
	unsigned long insn, fixup;
};
extern const struct ex_entry __ex_table_start[], __ex_table_end[];

static bool search_exception_table(struct cpu_regs *regs)
{
	for (const struct ex_entry *e = __ex_table_start; e < __ex_table_end; e++) {
		if (e->insn == regs->rip) {
			regs->rip = e->fixup;
			return true;
		}
	}
	return false;
}

void show_registers(const struct cpu_regs *r)
{
	printk("CPU: %u  RIP: %04llx:%016llx  RFLAGS: %016llx\n",
	       smp_processor_id(), (unsigned long long)r->cs,
	       (unsigned long long)r->rip, (unsigned long long)r->rflags);
	printk("RAX: %016llx  RBX: %016llx  RCX: %016llx\n",
	       (unsigned long long)r->rax, (unsigned long long)r->rbx,
	       (unsigned long long)r->rcx);
	printk("RDX: %016llx  RSI: %016llx  RDI: %016llx\n",
	       (unsigned long long)r->rdx, (unsigned long long)r->rsi,
	       (unsigned long long)r->rdi);
	printk("RBP: %016llx  RSP: %016llx  R8:  %016llx\n",
	       (unsigned long long)r->rbp, (unsigned long long)r->rsp,
	       (unsigned long long)r->r8);
	printk("R9:  %016llx  R10: %016llx  R11: %016llx\n",
	       (unsigned long long)r->r9, (unsigned long long)r->r10,
	       (unsigned long long)r->r11);
	printk("R12: %016llx  R13: %016llx  R14: %016llx\n",
	       (unsigned long long)r->r12, (unsigned long long)r->r13,
	       (unsigned long long)r->r14);
	printk("R15: %016llx  SS: %04llx\n",
	       (unsigned long long)r->r15, (unsigned long long)r->ss);
	printk("CR0: %016lx  CR2: %016lx  CR3: %016lx  CR4: %016lx\n",
	       read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

/*
 * Walk the frame-pointer chain from rbp, staying inside the current
 * CPU's stack block so a corrupt chain cannot fault again.
 */
void show_backtrace(unsigned long rip, unsigned long rbp)
{
	unsigned long lo = (unsigned long)get_cpu_info() + sizeof(struct cpu_info)
			   - STACK_SIZE;
	unsigned long hi = lo + STACK_SIZE;

	printk("Backtrace:\n");
	printk("  [<%016lx>]\n", rip);
	for (unsigned int depth = 0; depth < 32; depth++) {
		const unsigned long *frame = (const unsigned long *)rbp;
		if (rbp < lo || rbp + 16 > hi || (rbp & 7))
			break;
		if (!frame[1])
			break;
		printk("  [<%016lx>]\n", frame[1]);
		rbp = frame[0];
	}
	printk("(resolve with: addr2line -fe build/xen-syms ADDR)\n");
}

__noreturn void fatal_trap(const struct cpu_regs *regs, const char *why)
{
	unsigned int v = regs->entry_vector;

	console_force_unlock();
	printk("*** Unexpected exception: %s (vector %u, error code %#x) %s\n",
	       v < TRAP_nr && exception_names[v] ? exception_names[v] : "?",
	       v, regs->error_code, why);
	show_registers(regs);
	show_backtrace(regs->rip, regs->rbp);
	machine_crash_stop();
}

/*
 * #DB: the hypervisor sets no breakpoint and never runs with TF, so every
 * one is a guest's (pv_debug_trap).  DR6 is sticky: reset it here so the
 * next #DB reports only its own causes.
 */
static void do_debug(struct cpu_regs *regs)
{
	unsigned long dr6 = read_dr6();

	write_dr6(X86_DR6_DEFAULT);
	pv_debug_trap(regs, dr6);
}

void do_trap(struct cpu_regs *regs)
{
	unsigned int v = regs->entry_vector;

	if (v >= TRAP_nr) {
		if (intr_handlers[v])
			intr_handlers[v](regs);
		else
			unexpected_interrupt(v);
		return;
	}
	/* A stop request from smp_send_stop() (before any guest sees it). */
	if (v == TRAP_nmi && smp_handle_nmi())
		return;
	/* Before the fixups: a trap's RIP is the next instruction's. */
	if (v == TRAP_debug) {
		do_debug(regs);
		return;
	}
	/* Fixups are for faults: an NMI or #MC there is not the insn's. */
	if (regs_from_hypervisor(regs) && v != TRAP_nmi &&
	    v != TRAP_machine_check &&
	    (pv_fixup_hypervisor_fault(regs) || search_exception_table(regs)))
		return;
	if (!regs_from_hypervisor(regs) && pv_handle_guest_trap(regs))
		return;
	fatal_trap(regs, regs_from_hypervisor(regs) ? "in hypervisor" : "in guest");
}

void dump_execution_state(void)
{
	const unsigned long *fp = __builtin_frame_address(0);

	/* fp[0]: caller's frame pointer, fp[1]: our return address. */
	show_backtrace(fp[1], fp[0]);
}

void unexpected_interrupt(unsigned int vector)
{
	static unsigned int count;

	if (count++ < 10)
		printk(XENLOG_WARNING "Warning: unexpected interrupt vector %#x on CPU %u\n",
		       vector, smp_processor_id());
	apic_eoi();
}
