/*
 * Trap-and-emulate of the privileged instructions a PV guest executes at
 * CPL 3 (linux-pv-abi.md §5): the #GP decoder (MSRs, control and debug
 * registers, port I/O, CLTS, WBINVD/INVD, CLI/STI, CPUID) and the #UD
 * forced-emulation prefix for CPUID.
 *
 * Interface: traps.c calls pv_emulate_privileged_op() for every guest #GP
 * (only error code 0 is an instruction fault) and pv_emulate_forced_op()
 * for a guest #UD; true means handled (RIP advanced, or an exception
 * injected), false means "inject the original fault".
 * Invariants: the instruction is fetched once, byte by byte, through
 * copy_from_guest() at the guest's RIP and is at most 15 bytes; guest
 * user mode may only use port I/O (subject to IOPL/bitmap) and CLI/STI
 * at virtual IOPL 3; every loop is bounded (REP string I/O does at most
 * MAX_REP_PER_TRAP elements per trap and then re-executes).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/debugreg.h>
#include <asm/guest_access.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <public/cpuid.h>
#include <public/xen.h>
#include "emulate.h"

#define MAX_INSN_LEN	 15
#define MAX_REP_PER_TRAP 512

/* Prefix and opcode bytes (SDM vol. 2, appendix A). */
#define PFX_OPSIZE	0x66
#define PFX_ADSIZE	0x67
#define PFX_LOCK	0xf0
#define PFX_REPNE	0xf2
#define PFX_REP		0xf3
#define PFX_ES		0x26
#define PFX_CS		0x2e
#define PFX_SS		0x36
#define PFX_DS		0x3e
#define PFX_FS		0x64
#define PFX_GS		0x65
#define REX_FIRST	0x40
#define REX_LAST	0x4f
#define REX_R		0x04
#define REX_B		0x01
#define OP_TWO_BYTE	0x0f
#define OP_INSB		0x6c
#define OP_INSD		0x6d
#define OP_OUTSB	0x6e
#define OP_OUTSD	0x6f
#define OP_IN_IMM_B	0xe4
#define OP_IN_IMM	0xe5
#define OP_OUT_IMM_B	0xe6
#define OP_OUT_IMM	0xe7
#define OP_IN_DX_B	0xec
#define OP_IN_DX	0xed
#define OP_OUT_DX_B	0xee
#define OP_OUT_DX	0xef
#define OP_CLI		0xfa
#define OP_STI		0xfb
#define OP2_CLTS	0x06
#define OP2_INVD	0x08
#define OP2_WBINVD	0x09
#define OP2_MOV_FROM_CR 0x20
#define OP2_MOV_FROM_DR 0x21
#define OP2_MOV_TO_CR	0x22
#define OP2_MOV_TO_DR	0x23
#define OP2_WRMSR	0x30
#define OP2_RDMSR	0x32
#define OP2_CPUID	0xa2

/* CR4: bits shown as hardware has them, and bits the guest owns. */
#define GUEST_CR4_HW_BITS                                                      \
	(X86_CR4_PAE | X86_CR4_MCE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT)
#define GUEST_CR4_OWN_BITS X86_CR4_DE

/* Outcome of emulating one instruction. */
enum emul_rc {
	EMUL_DONE,   /* completed: advance RIP past it */
	EMUL_RETRY,  /* partially done (REP): re-execute it */
	EMUL_GP,     /* not allowed: the #GP stands */
	EMUL_RAISED, /* an exception was injected: leave RIP alone */
};

struct insn {
	struct cpu_regs *regs;
	struct vcpu *v;
	unsigned int len; /* bytes fetched */
	u8 rex;
	bool opsize, adsize, rep, lock;
	int seg; /* segment-override prefix byte, 0 = none */
};

static bool fetch(struct insn *in, u8 *b)
{
	if (in->len >= MAX_INSN_LEN ||
	    copy_from_guest(b, in->regs->rip + in->len, 1))
		return false;
	in->len++;
	return true;
}

/* General register n (0-15 in the ModRM/REX encoding order). */
static u64 *gpr(struct cpu_regs *r, unsigned int n)
{
	switch (n & 15) {
	case 0:
		return &r->rax;
	case 1:
		return &r->rcx;
	case 2:
		return &r->rdx;
	case 3:
		return &r->rbx;
	case 4:
		return &r->rsp;
	case 5:
		return &r->rbp;
	case 6:
		return &r->rsi;
	case 7:
		return &r->rdi;
	case 8:
		return &r->r8;
	case 9:
		return &r->r9;
	case 10:
		return &r->r10;
	case 11:
		return &r->r11;
	case 12:
		return &r->r12;
	case 13:
		return &r->r13;
	case 14:
		return &r->r14;
	default:
		return &r->r15;
	}
}

/* Read prefixes; returns the first opcode byte, or -1. */
static int read_prefixes(struct insn *in)
{
	u8 b;

	while (fetch(in, &b)) {
		switch (b) {
		case PFX_OPSIZE:
			in->opsize = true;
			break;
		case PFX_ADSIZE:
			in->adsize = true;
			break;
		case PFX_LOCK:
			in->lock = true;
			break;
		case PFX_REP:
		case PFX_REPNE:
			in->rep = true;
			break;
		case PFX_ES:
		case PFX_CS:
		case PFX_SS:
		case PFX_DS:
		case PFX_FS:
		case PFX_GS:
			in->seg = b;
			break;
		default:
			if (b >= REX_FIRST && b <= REX_LAST) {
				in->rex = b; /* only counts right before the
						opcode */
				continue;
			}
			return b;
		}
		in->rex = 0;
	}
	return -1;
}

/* ---- control and debug registers ---- */

static unsigned long guest_cr0(const struct vcpu *v)
{
	return (read_cr0() & ~X86_CR0_TS) | (v->arch.guest_ts ? X86_CR0_TS : 0);
}

static unsigned long guest_cr4(const struct vcpu *v)
{
	return (read_cr4() & GUEST_CR4_HW_BITS) |
	       (v->arch.guest_cr4 & GUEST_CR4_OWN_BITS);
}

static enum emul_rc read_cr(struct vcpu *v, unsigned int cr, u64 *val)
{
	switch (cr) {
	case 0:
		*val = guest_cr0(v);
		return EMUL_DONE;
	case 2:
		*val = v->vcpu_info->arch.cr2;
		return EMUL_DONE;
	case 3:
		*val = (v->arch.kernel_mode ? v->arch.guest_table
					    : v->arch.guest_table_user)
		       << PAGE_SHIFT;
		return EMUL_DONE;
	case 4:
		*val = guest_cr4(v);
		return EMUL_DONE;
	default:
		return EMUL_GP;
	}
}

/* CR3 loads go through MMUEXT_NEW_BASEPTR; Linux never writes CR3. */
static enum emul_rc write_cr(struct vcpu *v, unsigned int cr, u64 val)
{
	switch (cr) {
	case 0:
		if ((val ^ guest_cr0(v)) & ~(u64)X86_CR0_TS)
			return EMUL_GP; /* only TS is the guest's */
		do_fpu_taskswitch(!!(val & X86_CR0_TS));
		return EMUL_DONE;
	case 2:
		v->vcpu_info->arch.cr2 = val;
		return EMUL_DONE;
	case 4:
		/* Other bits are the hypervisor's: ignored, as Xen does. */
		v->arch.guest_cr4 = val & GUEST_CR4_OWN_BITS;
		return EMUL_DONE;
	default:
		return EMUL_GP;
	}
}

static enum emul_rc mov_cr_dr(struct insn *in, u8 op)
{
	struct vcpu *v = in->v;
	unsigned int reg, rm;
	long rc;
	u8 modrm;
	u64 *g, val;

	if (!fetch(in, &modrm))
		return EMUL_GP;
	/* Mod is ignored: these always name a general register. */
	reg = ((modrm >> 3) & 7) | (in->rex & REX_R ? 8 : 0);
	rm = (modrm & 7) | (in->rex & REX_B ? 8 : 0);
	g = gpr(in->regs, rm);
	switch (op) {
	case OP2_MOV_FROM_CR:
		if (read_cr(v, reg, &val) != EMUL_DONE)
			return EMUL_GP;
		*g = val;
		return EMUL_DONE;
	case OP2_MOV_TO_CR:
		return write_cr(v, reg, *g);
	case OP2_MOV_FROM_DR:
		rc = pv_get_debugreg(v, reg, &val);
		if (!rc)
			*g = val;
		break;
	default:
		rc = pv_set_debugreg(v, reg, *g);
		break;
	}
	if (rc == -ENODEV) {
		pv_inject_exception(in->regs, TRAP_invalid_op, -1);
		return EMUL_RAISED;
	}
	return rc ? EMUL_GP : EMUL_DONE;
}

/* ---- port I/O ---- */

static unsigned int io_size(const struct insn *in, u8 op)
{
	if (!(op & 1))
		return 1;
	return in->opsize ? 2 : 4;
}

/* Store an IN result: 8/16-bit forms merge, 32-bit zero-extends. */
static void set_acc(struct cpu_regs *r, unsigned int bytes, u32 val)
{
	if (bytes == 4)
		r->rax = val;
	else if (bytes == 2)
		r->rax = (r->rax & ~0xffffUL) | (val & 0xffff);
	else
		r->rax = (r->rax & ~0xffUL) | (val & 0xff);
}

static enum emul_rc in_out(struct insn *in, u8 op)
{
	struct cpu_regs *r = in->regs;
	unsigned int bytes = io_size(in, op), port;
	bool imm = op <= OP_OUT_IMM;
	bool is_in = imm ? op <= OP_IN_IMM : op <= OP_IN_DX;
	u8 p8;

	if (imm) {
		if (!fetch(in, &p8))
			return EMUL_GP;
		port = p8;
	} else {
		port = (u16)r->rdx;
	}
	if (!pv_io_allowed(in->v, port, bytes))
		return EMUL_GP;
	if (is_in)
		set_acc(r, bytes, pv_io_read(in->v->domain, port, bytes));
	else
		pv_io_write(in->v->domain, port, bytes, (u32)r->rax);
	return EMUL_DONE;
}

/* Base of the OUTS source segment: only FS and GS have one in 64-bit. */
static unsigned long outs_seg_base(const struct insn *in)
{
	if (in->seg == PFX_FS)
		return rdmsr(MSR_FS_BASE);
	if (in->seg == PFX_GS)
		return rdmsr(MSR_GS_BASE);
	return 0;
}

/* One INS/OUTS element; false if the guest memory access faulted. */
static bool string_io_one(struct insn *in, bool is_in, unsigned int port,
			  unsigned int bytes, unsigned long addr)
{
	struct domain *d = in->v->domain;
	u32 val = 0;

	if (is_in) {
		val = pv_io_read(d, port, bytes);
		return !copy_to_guest(addr, &val, bytes);
	}
	if (copy_from_guest(&val, addr, bytes))
		return false;
	pv_io_write(d, port, bytes, val);
	return true;
}

static enum emul_rc string_io(struct insn *in, u8 op)
{
	struct cpu_regs *r = in->regs;
	bool is_in = op <= OP_INSD;
	unsigned int bytes = io_size(in, op), port = (u16)r->rdx;
	u64 *idx = is_in ? &r->rdi : &r->rsi;
	u64 mask = in->adsize ? 0xffffffffUL : ~0UL;
	long step = (r->rflags & X86_EFLAGS_DF) ? -(long)bytes : (long)bytes;
	unsigned long base = is_in ? 0 : outs_seg_base(in);

	if (!pv_io_allowed(in->v, port, bytes))
		return EMUL_GP;
	for (unsigned int n = 0; n < MAX_REP_PER_TRAP; n++) {
		if (in->rep && !(r->rcx & mask))
			return EMUL_DONE;
		if (!string_io_one(in, is_in, port, bytes,
				   base + (*idx & mask))) {
			/* Report the faulting address as a page fault. */
			in->v->vcpu_info->arch.cr2 = base + (*idx & mask);
			pv_inject_exception(r, TRAP_page_fault,
					    (is_in ? PFEC_write_access : 0) |
						    (in->v->arch.kernel_mode
							     ? 0
							     : PFEC_user_mode));
			return EMUL_RAISED;
		}
		*idx = (*idx & ~mask) | ((*idx + step) & mask);
		if (!in->rep)
			return EMUL_DONE;
		r->rcx = (r->rcx & ~mask) | ((r->rcx - 1) & mask);
	}
	return (r->rcx & mask) ? EMUL_RETRY : EMUL_DONE;
}

/* ---- the rest ---- */

static bool iopl_ok(const struct vcpu *v)
{
	return pv_iopl_ok(v);
}

static void emulate_cpuid(struct vcpu *v, struct cpu_regs *r)
{
	struct cpuid_leaf res;

	pv_cpuid(v, (u32)r->rax, (u32)r->rcx, &res);
	r->rax = res.a;
	r->rbx = res.b;
	r->rcx = res.c;
	r->rdx = res.d;
}

static enum emul_rc msr_op(struct insn *in, bool write)
{
	struct cpu_regs *r = in->regs;
	u32 msr = (u32)r->rcx;
	u64 val;

	if (write)
		return pv_wrmsr(in->v, msr, (r->rdx << 32) | (u32)r->rax)
			       ? EMUL_GP
			       : EMUL_DONE;
	if (pv_rdmsr(in->v, msr, &val))
		return EMUL_GP;
	r->rax = (u32)val;
	r->rdx = val >> 32;
	return EMUL_DONE;
}

static enum emul_rc two_byte(struct insn *in)
{
	struct vcpu *v = in->v;
	u8 op;

	if (!fetch(in, &op))
		return EMUL_GP;
	if (!v->arch.kernel_mode)
		return EMUL_GP; /* all of these need CPL 0 */
	switch (op) {
	case OP2_CLTS:
		do_fpu_taskswitch(0);
		return EMUL_DONE;
	case OP2_INVD: /* never drop dirty lines: write back */
	case OP2_WBINVD:
		if (v->domain->is_privileged)
			__asm__ __volatile__("wbinvd" ::: "memory");
		return EMUL_DONE;
	case OP2_MOV_FROM_CR:
	case OP2_MOV_TO_CR:
	case OP2_MOV_FROM_DR:
	case OP2_MOV_TO_DR:
		return mov_cr_dr(in, op);
	case OP2_WRMSR:
		return msr_op(in, true);
	case OP2_RDMSR:
		return msr_op(in, false);
	case OP2_CPUID: /* only traps with CPUID faulting */
		emulate_cpuid(v, in->regs);
		return EMUL_DONE;
	default:
		return EMUL_GP; /* HLT, RDPMC, XSETBV, ...: #GP */
	}
}

static enum emul_rc decode_and_run(struct insn *in)
{
	int op = read_prefixes(in);

	if (op < 0 || in->lock)
		return EMUL_GP;
	switch (op) {
	case OP_TWO_BYTE:
		return two_byte(in);
	case OP_INSB:
	case OP_INSD:
	case OP_OUTSB:
	case OP_OUTSD:
		return string_io(in, op);
	case OP_IN_IMM_B:
	case OP_IN_IMM:
	case OP_OUT_IMM_B:
	case OP_OUT_IMM:
	case OP_IN_DX_B:
	case OP_IN_DX:
	case OP_OUT_DX_B:
	case OP_OUT_DX:
		return in_out(in, op);
	case OP_CLI:
	case OP_STI:
		/*
		 * No-ops, as in Xen: a kernel's native PUSHF; CLI; ...; POPF
		 * (Linux's cmpxchg16b emulation) cannot restore a mask that
		 * CLI set, since POPF does not trap, so events would stay off.
		 * PV kernels use the upcall mask itself.
		 */
		return iopl_ok(in->v) ? EMUL_DONE : EMUL_GP;
	default:
		return EMUL_GP;
	}
}

/* Step past an emulated instruction, honouring single-step. */
static void complete(struct vcpu *v, struct cpu_regs *regs, unsigned int len)
{
	regs->rip += len;
	if (regs->rflags & X86_EFLAGS_TF) {
		v->arch.debugreg[6] |= X86_DR6_BS;
		pv_inject_exception(regs, TRAP_debug, -1);
	}
}

bool pv_emulate_privileged_op(struct cpu_regs *regs)
{
	struct insn in = {.regs = regs, .v = current};

	/* A selector fault (error code != 0) is not an instruction to emulate.
	 */
	if (regs->error_code || regs_from_hypervisor(regs))
		return false;
	switch (decode_and_run(&in)) {
	case EMUL_DONE:
		complete(in.v, regs, in.len);
		return true;
	case EMUL_RETRY:
	case EMUL_RAISED:
		return true;
	default:
		return false;
	}
}

bool pv_emulate_forced_op(struct cpu_regs *regs)
{
	static const u8 sig[] = {XEN_EMULATE_PREFIX_BYTES,
				 XEN_CPUID_INSN_BYTES};
	u8 insn[sizeof(sig)];
	struct vcpu *v = current;

	if (regs_from_hypervisor(regs) ||
	    copy_from_guest(insn, regs->rip, sizeof(insn)) ||
	    memcmp(insn, sig, sizeof(sig)))
		return false;
	emulate_cpuid(v, regs);
	complete(v, regs, sizeof(sig));
	return true;
}
