/*
 * PV memory management, part 3: emulation of guest-kernel writes to its
 * own validated L1 page tables (linux-pv-abi.md §4.6; Linux writes PTEs
 * directly and relies on it).
 *
 * Interface: pv_ptwr_emulate(regs, cr2) from the #PF handler, before the
 * fault is bounced; true means "emulated, RIP advanced".
 * Invariants: only a write fault (present + write) in guest kernel mode,
 * through a read-only mapping of a frame that is a validated L1 of the
 * caller, which enabled VMASST_TYPE_writable_pagetables (as in Xen), by one of the decoded instructions, touching one 8-byte entry,
 * is emulated; the new entry goes through pv_mod_pt_entry() like an
 * mmu_update.  The same decoded writes by dom0 to an I/O frame it may
 * only read (pv_io_frame_read_only()) are dropped, as in Xen.  Everything
 * else returns false and the guest gets its #PF.
 * Decoded: [66|F0|segment prefixes] [REX] then MOV 88/89/C6/C7, XCHG
 * 86/87, CMPXCHG 0F B0/B1, OR/AND 80/81/83 /1 /4, BTS/BTR/BTC 0F AB/B3/
 * BB and 0F BA /5-/7.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <asm/guest_access.h>
#include <asm/pv.h>
#include <asm/pv_mm.h>
#include <asm/system.h>
#include <asm/x86-defns.h>
#include <public/xen.h>

#define MAX_INSN 15

enum op { OP_MOV, OP_XCHG, OP_CMPXCHG, OP_OR, OP_AND, OP_BTS, OP_BTR, OP_BTC };

struct insn {
	u8 b[MAX_INSN];
	unsigned int avail, len; /* bytes fetched, bytes decoded */
	unsigned int size;	 /* operand bytes: 1, 2, 4, 8 */
	u8 rex;
	bool opsize16;
	unsigned int reg; /* ModRM.reg (+REX.R) */
	enum op op;
	bool src_is_imm;
	u64 imm;
};

static bool next_byte(struct insn *in, u8 *b)
{
	if (in->len >= in->avail)
		return false;
	*b = in->b[in->len++];
	return true;
}

static bool fetch(struct insn *in, unsigned long rip)
{
	if (!copy_from_guest(in->b, rip, MAX_INSN)) {
		in->avail = MAX_INSN;
		return true;
	}
	/* Near the end of the mapped text: take what is readable. */
	for (in->avail = 0; in->avail < MAX_INSN; in->avail++)
		if (copy_from_guest(&in->b[in->avail], rip + in->avail, 1))
			break;
	return in->avail > 0;
}

/* Skip the memory operand's SIB and displacement; register forms fail. */
static bool decode_modrm(struct insn *in, unsigned int *ext)
{
	u8 modrm, sib, mod, rm;
	unsigned int disp = 0;

	if (!next_byte(in, &modrm))
		return false;
	mod = modrm >> 6;
	rm = modrm & 7;
	*ext = (modrm >> 3) & 7;
	in->reg = *ext | ((in->rex & 4) ? 8 : 0);
	if (mod == 3)
		return false;
	if (rm == 4) {
		if (!next_byte(in, &sib))
			return false;
		if (mod == 0 && (sib & 7) == 5)
			disp = 4;
	}
	if (mod == 0 && rm == 5)
		disp = 4; /* RIP-relative */
	if (mod == 1)
		disp = 1;
	if (mod == 2)
		disp = 4;
	in->len += disp;
	return in->len <= in->avail;
}

static bool read_imm(struct insn *in, unsigned int bytes, bool sext)
{
	u64 v = 0;

	if (in->len + bytes > in->avail)
		return false;
	for (unsigned int i = 0; i < bytes; i++)
		v |= (u64)in->b[in->len + i] << (8 * i);
	in->len += bytes;
	if (sext && bytes < 8 && (v >> (8 * bytes - 1)))
		v |= ~0ULL << (8 * bytes);
	in->imm = v;
	in->src_is_imm = true;
	return true;
}

static unsigned int imm_bytes(const struct insn *in)
{
	return in->size == 1 ? 1 : in->size == 2 ? 2 : 4;
}

static bool decode_group1(struct insn *in, u8 opc, unsigned int ext)
{
	if (ext != 1 && ext != 4)
		return false;
	in->op = ext == 1 ? OP_OR : OP_AND;
	if (opc == 0x80)
		in->size = 1;
	return read_imm(in, opc == 0x81 ? imm_bytes(in) : 1, true);
}

static bool decode_0f(struct insn *in)
{
	u8 opc;
	unsigned int ext;

	if (!next_byte(in, &opc))
		return false;
	if (opc == 0xb0)
		in->size = 1;
	if (!decode_modrm(in, &ext))
		return false;
	switch (opc) {
	case 0xb0:
	case 0xb1:
		in->op = OP_CMPXCHG;
		return true;
	case 0xab:
		in->op = OP_BTS;
		return true;
	case 0xb3:
		in->op = OP_BTR;
		return true;
	case 0xbb:
		in->op = OP_BTC;
		return true;
	case 0xba:
		if (ext < 5)
			return false;
		in->op = ext == 5 ? OP_BTS : ext == 6 ? OP_BTR : OP_BTC;
		return read_imm(in, 1, false);
	default:
		return false;
	}
}

static bool decode_prefixes(struct insn *in)
{
	u8 b;

	for (;;) {
		if (!next_byte(in, &b))
			return false;
		if (b == 0x66)
			in->opsize16 = true;
		else if (b != 0xf0 && b != 0x2e && b != 0x3e && b != 0x26 &&
			 b != 0x36 && b != 0x64 && b != 0x65 && b != 0x67)
			break;
	}
	if ((b & 0xf0) == 0x40) {
		in->rex = b;
		if (!next_byte(in, &b))
			return false;
	}
	in->size = (in->rex & 8) ? 8 : in->opsize16 ? 2 : 4;
	in->len--; /* leave the opcode for decode() */
	return true;
}

static bool decode(struct insn *in)
{
	unsigned int ext;
	u8 opc;

	if (!decode_prefixes(in) || !next_byte(in, &opc))
		return false;
	if (opc == 0x0f)
		return decode_0f(in);
	if (opc == 0x88 || opc == 0x86 || opc == 0xc6)
		in->size = 1;
	if (!decode_modrm(in, &ext))
		return false;
	switch (opc) {
	case 0x88:
	case 0x89:
		in->op = OP_MOV;
		return true;
	case 0x86:
	case 0x87:
		in->op = OP_XCHG;
		return true;
	case 0xc6:
	case 0xc7:
		in->op = OP_MOV;
		return ext == 0 && read_imm(in, imm_bytes(in), true);
	case 0x80:
	case 0x81:
	case 0x83:
		return decode_group1(in, opc, ext);
	default:
		return false;
	}
}

/* ---- register access ---- */

static u64 *gpr(struct cpu_regs *r, unsigned int n)
{
	u64 *const map[16] = {
		&r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp,
		&r->rsi, &r->rdi, &r->r8,  &r->r9,  &r->r10, &r->r11,
		&r->r12, &r->r13, &r->r14, &r->r15,
	};
	return map[n & 15];
}

static u64 size_mask(unsigned int size)
{
	return size == 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

static u64 get_reg(struct cpu_regs *r, const struct insn *in, unsigned int n)
{
	if (in->size == 1 && !in->rex && n >= 4 && n < 8)
		return (*gpr(r, n - 4) >> 8) & 0xff; /* AH..BH */
	return *gpr(r, n) & size_mask(in->size);
}

static void set_reg(struct cpu_regs *r, const struct insn *in, unsigned int n,
		    u64 v)
{
	u64 m = size_mask(in->size);
	unsigned int shift = 0;

	if (in->size == 1 && !in->rex && n >= 4 && n < 8) {
		n -= 4;
		shift = 8;
	}
	if (in->size == 4) /* 32-bit writes zero-extend */
		*gpr(r, n) = v & m;
	else
		*gpr(r, n) = (*gpr(r, n) & ~(m << shift)) | ((v & m) << shift);
}

/* ---- execution ---- */

static void set_flags(struct cpu_regs *r, u64 res, unsigned int size, bool cf)
{
	u64 f = r->rflags &
		~(u64)(X86_EFLAGS_CF | X86_EFLAGS_ZF | X86_EFLAGS_SF |
		       X86_EFLAGS_OF | X86_EFLAGS_PF);

	res &= size_mask(size);
	if (cf)
		f |= X86_EFLAGS_CF;
	if (!res)
		f |= X86_EFLAGS_ZF;
	if (res >> (8 * size - 1))
		f |= X86_EFLAGS_SF;
	if (!__builtin_parity((unsigned int)(res & 0xff)))
		f |= X86_EFLAGS_PF;
	r->rflags = f;
}

/*
 * New operand value from the old one.  *write = false: leave the entry
 * (failed CMPXCHG).  Sets the result flags and registers.
 */
static u64 compute(struct cpu_regs *r, const struct insn *in, u64 old,
		   bool *write)
{
	u64 src = in->src_is_imm ? in->imm & size_mask(in->size)
				 : get_reg(r, in, in->reg);
	unsigned int bit = src & (8 * in->size - 1);

	*write = true;
	switch (in->op) {
	case OP_XCHG:
		set_reg(r, in, in->reg, old);
		return src;
	case OP_CMPXCHG: {
		u64 acc = r->rax & size_mask(in->size);
		set_flags(r, acc - old, in->size, acc < old);
		if (acc == old)
			return src;
		set_reg(r, in, 0, old);
		*write = false;
		return old;
	}
	case OP_OR:
		set_flags(r, old | src, in->size, false);
		return old | src;
	case OP_AND:
		set_flags(r, old & src, in->size, false);
		return old & src;
	case OP_BTS:
	case OP_BTR:
	case OP_BTC:
		r->rflags = (r->rflags & ~(u64)X86_EFLAGS_CF) |
			    ((old >> bit) & 1 ? X86_EFLAGS_CF : 0);
		if (in->op == OP_BTS)
			return old | (1ULL << bit);
		return in->op == OP_BTR ? old & ~(1ULL << bit)
					: old ^ (1ULL << bit);
	default:
		return src;
	}
}

/* The frame a read-only 4 KiB mapping at cr2 maps (MMU lock held). */
static bool faulting_frame(struct vcpu *v, unsigned long cr2,
			   unsigned long *frame)
{
	unsigned long mfn = v->arch.guest_table;
	pte_t e = 0;

	if (!mfn)
		return false;
	for (int shift = L4_SHIFT; shift >= L1_SHIFT; shift -= 9) {
		e = ((pte_t *)mfn_to_virt(_mfn(mfn)))[(cr2 >> shift) & 511];
		if (!(e & _PAGE_PRESENT) ||
		    (shift > L1_SHIFT && (e & _PAGE_PSE)))
			return false;
		mfn = (e & PADDR_MASK) >> PAGE_SHIFT;
	}
	*frame = mfn;
	return !(e & _PAGE_RW);
}

/* The L1 table whose RO mapping faulted at cr2 (MMU lock held). */
static struct page_info *faulting_l1(struct vcpu *v, unsigned long frame)
{
	struct page_info *pg = pv_owned_page(v->domain, frame);

	return pg && pv_pt_level(pg) == 1 ? pg : NULL;
}

/*
 * dom0 wrote to an I/O frame it may only read (HPET, MSI-X table): as
 * Xen, the write is dropped and the instruction completes.
 */
static bool drop_io_write(struct vcpu *v, unsigned long frame)
{
	static bool told;

	if (!pv_io_frame_read_only(v->domain, frame))
		return false;
	if (!told) {
		told = true;
		printk(XENLOG_G_WARNING "d%u v%u: write to read-only MMIO "
					"frame %#lx dropped\n",
		       v->domain->domain_id, v->vcpu_id, frame);
	}
	return true;
}

/* Apply the decoded write to entry (cr2 & ~7) of l1 (MMU lock held). */
/* As Xen: L1 writes are emulated only for a guest that asked for it. */
static bool ptwr_enabled(const struct domain *d)
{
	return d->arch.vm_assist & (1UL << VMASST_TYPE_writable_pagetables);
}

static bool emulate(struct cpu_regs *r, const struct insn *in,
		    struct page_info *l1, unsigned long cr2)
{
	unsigned int idx = (cr2 & (PAGE_SIZE - 1)) / 8, off = (cr2 & 7) * 8;
	u64 m = size_mask(in->size) << off;
	pte_t *p = (pte_t *)mfn_to_virt(page_to_mfn(l1)) + idx;
	struct cpu_regs saved = *r;

	/* Only the CPU's A/D updates race with us: a few rounds at most. */
	for (unsigned int tries = 0; tries < 16; tries++) {
		pte_t old = READ_ONCE(*p), nv;
		bool write;
		u64 val = compute(r, in, (old & m) >> off, &write);
		int rc;

		if (!write)
			return true;
		nv = (old & ~m) | ((val << off) & m);
		rc = pv_mod_pt_entry(l1, idx, nv, PV_MOD_CMPXCHG, &old);
		if (rc != -EAGAIN)
			return rc == 0 || (*r = saved, false);
		*r = saved;
	}
	return false;
}

bool pv_ptwr_emulate(struct cpu_regs *regs, unsigned long cr2)
{
	struct vcpu *v = current;
	struct insn in = {0};
	struct page_info *l1;
	bool irqs = local_irq_is_enabled(), ok = false;

	if (!v->arch.kernel_mode ||
	    (regs->error_code & (PFEC_page_present | PFEC_write_access |
				 PFEC_reserved_bit | PFEC_insn_fetch)) !=
		    (PFEC_page_present | PFEC_write_access) ||
	    !pv_guest_va_ok(cr2))
		return false;
	if (!irqs)
		local_irq_enable(); /* the MMU lock is taken with IRQs on */
	if (fetch(&in, regs->rip) && decode(&in) && (cr2 & 7) + in.size <= 8) {
		unsigned long frame;

		pv_mm_lock();
		if (faulting_frame(v, cr2, &frame)) {
			l1 = faulting_l1(v, frame);
			ok = l1 ? ptwr_enabled(v->domain) &&
					  emulate(regs, &in, l1, cr2)
				: drop_io_write(v, frame);
		}
		pv_mm_unlock();
	}
	if (!irqs)
		local_irq_disable();
	if (ok)
		regs->rip += in.len;
	return ok;
}
