/*
 * The guest SYSCALL entry: hypercalls from guest kernel mode, system
 * calls from guest user mode; and the per-CPU entry stubs behind it.
 *
 * Interface: pv_syscall_init_cpu() on every CPU during bring-up.
 * Invariants: each CPU's LSTAR points at its own 32-byte stub, which
 * knows that CPU's stack: SYSCALL does not switch stacks, and GS belongs
 * to the guest, so the stub is the only way to find a safe stack.
 */
#include <xen/lib.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/system.h>
#include <xen/smp.h>

#define STUB_SIZE 32
/* SYSCALL clears these: interrupts stay off until we are on our stack. */
#define SYSCALL_FLAG_MASK (X86_EFLAGS_IF | X86_EFLAGS_TF | X86_EFLAGS_DF | \
			   X86_EFLAGS_NT | X86_EFLAGS_AC | X86_EFLAGS_IOPL)

/* In .text (entry.S; the image is one RWX segment); filled at CPU start. */
extern u8 syscall_stubs[NR_CPUS][STUB_SIZE];

static void emit(u8 **p, const void *b, unsigned int n)
{
	memcpy(*p, b, n);
	*p += n;
}

/*
 * movabs %rax, <&cpu_info.guest_rax>; mov %rsp, %rax;
 * movabs $<frame top>, %rsp; jmp lstar_common
 */
static void write_stub(u8 *stub, unsigned long scratch, unsigned long top)
{
	static const u8 movabs_store_rax[] = { 0x48, 0xa3 };
	static const u8 mov_rsp_rax[] = { 0x48, 0x89, 0xe0 };
	static const u8 movabs_rsp[] = { 0x48, 0xbc };
	u8 *p = stub, jmp = 0xe9;
	s32 rel;

	emit(&p, movabs_store_rax, 2);
	emit(&p, &scratch, 8);
	emit(&p, mov_rsp_rax, 3);
	emit(&p, movabs_rsp, 2);
	emit(&p, &top, 8);
	emit(&p, &jmp, 1);
	rel = (s32)((unsigned long)lstar_common - (unsigned long)(p + 4));
	emit(&p, &rel, 4);
	BUG_ON(p - stub > STUB_SIZE);
}

void pv_syscall_init_cpu(unsigned int cpu)
{
	struct cpu_info *ci = get_cpu_info();
	u8 *stub = syscall_stubs[cpu];

	write_stub(stub, (unsigned long)&ci->guest_rax, (unsigned long)ci);
	wrmsr(MSR_STAR, ((u64)(FLAT_RING3_CS32_SEL) << 48) |
			((u64)__HYPERVISOR_CS << 32));
	wrmsr(MSR_LSTAR, (unsigned long)stub);
	wrmsr(MSR_CSTAR, (unsigned long)stub);
	wrmsr(MSR_SYSCALL_MASK, SYSCALL_FLAG_MASK);
}

/*
 * Rewrite the caller's frame so that returning re-executes the 2-byte
 * SYSCALL with hypercall nr and the given leading arguments.
 */
long hypercall_create_continuation(unsigned long nr, unsigned int nargs, ...)
{
	struct cpu_regs *regs = guest_cpu_regs();
	unsigned long *slot[6] = { &regs->rdi, &regs->rsi, &regs->rdx,
				   &regs->r10, &regs->r8, &regs->r9 };
	va_list ap;

	va_start(ap, nargs);
	for (unsigned int i = 0; i < nargs && i < 6; i++)
		*slot[i] = va_arg(ap, unsigned long);
	va_end(ap);
	regs->rax = nr;
	regs->rip -= 2;
	return HYPERCALL_CONTINUATION;
}

/* Time to yield the CPU in the middle of a long hypercall? */
bool hypercall_preempt_check(void)
{
	return !hypercall_in_multicall() && softirq_pending(smp_processor_id());
}

void do_guest_syscall(struct cpu_regs *regs)
{
	struct vcpu *v = current;
	unsigned long args[6] = { regs->rdi, regs->rsi, regs->rdx,
				  regs->r10, regs->r8, regs->r9 };
	long rc;

	if (!v->arch.kernel_mode) {
		pv_syscall_bounce(regs);
		return;
	}
	local_irq_enable();
	rc = hypercall_dispatch(regs->rax, args);
	if (rc != HYPERCALL_CONTINUATION)
		regs->rax = rc;
	local_irq_disable();
}
