/*
 * traps: exceptions raised in guest kernel mode are bounced to the
 * handlers from set_trap_table with the right vector, error code, RIP,
 * kernel CS (RPL cleared), saved event mask in CS bits 32-39 and IF =
 * !mask (linux-pv-abi.md §2.6), CR2 in vcpu_info (§2.6); the handler
 * resumes through the iret hypercall with all registers intact (§2.8).
 */
#include "guest.h"

const char test_name[] = "traps";

extern char de_at[], de_end[], ud_at[], ud_end[], bp_at[], bp_end[];
extern char gp_at[], gp_end[], pfr_at[], pfr_end[], pfw_at[], pfw_end[];
extern char regs_at[], regs_end[];

/* An address no bootstrap page table maps: user half, L4 slot 64. */
#define UNMAPPED_VA 0x0000200000001238UL

static void expect(const char *what, unsigned count, unsigned vec, uint64_t ec,
		   const char *rip)
{
	const volatile struct trap_record *t = &last_trap;

	check(t->count == count, "%s: no trap delivered", what);
	check(t->vector == vec, "%s: vector %lu, expected %u", what, t->vector,
	      vec);
	check(t->error_code == ec, "%s: error code %lx, expected %lx", what,
	      t->error_code, ec);
	check(t->rip == (uint64_t)rip, "%s: rip %lx, expected %p", what, t->rip,
	      rip);
	check((t->cs & 0xffff) == (FLAT_KERNEL_CS & ~3),
	      "%s: frame cs %lx, expected %x (kernel CS, RPL 0)", what, t->cs,
	      FLAT_KERNEL_CS & ~3);
	check(((t->cs >> 32) & 0xff) == 1,
	      "%s: saved upcall mask (cs bits 32-39) %lx, expected 1", what,
	      (t->cs >> 32) & 0xff);
	check(!(t->rflags & X86_EFLAGS_IF),
	      "%s: rflags %lx has IF with events masked", what, t->rflags);
	printf("%s: vector %lu ec %lx rip %lx ok\n", what, t->vector,
	       t->error_code, t->rip);
}

void guest_main(void)
{
	unsigned n = 0;
	uint64_t out[9];

	map_shared_info();
	install_traps();

	__asm__ __volatile__("xor %%edx, %%edx\n\t"
			     "de_at: divl %0\n\tde_end:\n\t" FIXUP(
				     "de_at", "de_end")::"r"(0),
			     "a"(1)
			     : "rdx", "memory");
	expect("#DE", ++n, X86_EXC_DE, 0, de_at);

	__asm__ __volatile__(
		"ud_at: ud2\n\tud_end:\n\t" FIXUP("ud_at", "ud_end")::
			: "memory");
	expect("#UD", ++n, X86_EXC_UD, 0, ud_at);

	/* int3 is a trap: the frame's RIP is after the instruction. */
	__asm__ __volatile__(
		"bp_at: int3\n\tbp_end:\n\t" FIXUP("bp_at", "bp_end")::
			: "memory");
	expect("#BP", ++n, X86_EXC_BP, 0, bp_end);

	__asm__ __volatile__("gp_at: movq (%0), %%rax\n\tgp_end:\n\t" FIXUP(
				     "gp_at", "gp_end")::"r"(BAD_PTR_NONCANON)
			     : "rax", "memory");
	expect("#GP (non-canonical)", ++n, X86_EXC_GP, 0, gp_at);

	__asm__ __volatile__("pfr_at: movq (%0), %%rax\n\tpfr_end:\n\t" FIXUP(
				     "pfr_at", "pfr_end")::"r"(UNMAPPED_VA)
			     : "rax", "memory");
	expect("#PF read", ++n, X86_EXC_PF, 0, pfr_at);
	check(last_trap.cr2 == UNMAPPED_VA, "#PF read: cr2 %lx, expected %lx",
	      last_trap.cr2, UNMAPPED_VA);

	__asm__ __volatile__("pfw_at: movq %%rax, (%0)\n\tpfw_end:\n\t" FIXUP(
				     "pfw_at", "pfw_end")::"r"(UNMAPPED_VA + 8)
			     : "memory");
	expect("#PF write", ++n, X86_EXC_PF, PFEC_WRITE, pfw_at);
	check(last_trap.cr2 == UNMAPPED_VA + 8,
	      "#PF write: cr2 %lx, expected %lx", last_trap.cr2,
	      UNMAPPED_VA + 8);

	/* Every register survives a bounce + iret, RAX/RCX/R11 included. */
	__asm__ __volatile__(
		"push %%rbx\n\tpush %%rbp\n\tpush %%r12\n\t"
		"push %%r13\n\tpush %%r14\n\tpush %%r15\n\tpush %%rdi\n\t"
		"mov $0x1111, %%rax\n\tmov $0x2222, %%rbx\n\t"
		"mov $0x3333, %%rcx\n\tmov $0x4444, %%rdx\n\t"
		"mov $0x5555, %%rsi\n\tmov $0x6666, %%rbp\n\t"
		"mov $0x8888, %%r8\n\tmov $0x9999, %%r9\n\t"
		"mov $0xaaaa, %%r10\n\tmov $0xbbbb, %%r11\n\t"
		"mov $0xcccc, %%r12\n\tmov $0xdddd, %%r13\n\t"
		"regs_at: ud2\n\tregs_end:\n\t"
		"mov (%%rsp), %%rdi\n\t"
		"mov %%rax, 0(%%rdi)\n\tmov %%rbx, 8(%%rdi)\n\t"
		"mov %%rcx, 16(%%rdi)\n\tmov %%rdx, 24(%%rdi)\n\t"
		"mov %%rsi, 32(%%rdi)\n\tmov %%rbp, 40(%%rdi)\n\t"
		"mov %%r8, 48(%%rdi)\n\tmov %%r11, 56(%%rdi)\n\t"
		"mov %%r13, 64(%%rdi)\n\t"
		"pop %%rdi\n\tpop %%r15\n\tpop %%r14\n\tpop %%r13\n\t"
		"pop %%r12\n\tpop %%rbp\n\tpop %%rbx\n\t" FIXUP(
			"regs_at", "regs_end")::"D"(out)
		: "rax", "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11",
		  "memory");
	expect("#UD (register check)", ++n, X86_EXC_UD, 0, regs_at);
	static const uint64_t want[9] = {0x1111, 0x2222, 0x3333, 0x4444, 0x5555,
					 0x6666, 0x8888, 0xbbbb, 0xdddd};
	for (unsigned i = 0; i < 9; i++)
		check(out[i] == want[i],
		      "register %u was %lx after iret, "
		      "expected %lx",
		      i, out[i], want[i]);
}
