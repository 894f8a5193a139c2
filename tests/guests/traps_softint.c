/*
 * traps_softint: "int $n" from a PV guest, as Xen 4.17 handles it (its
 * do_general_protection and permit_softint).  Every hypervisor IDT gate
 * but int3/into has DPL 0, so the CPU raises #GP with the IDT error code
 * (n << 3) | 2; the hypervisor delivers vector n to the guest's handler
 * (RIP after the instruction, no error code) when the trap-table entry's
 * DPL permits it: DPL >= 1 from guest kernel mode, DPL 3 from guest user
 * mode.  Otherwise the guest gets that #GP, error code unchanged, RIP at
 * the instruction.
 * Kernel mode: no entry (0x80, 0x20, 0xff), DPL 0 (0x81), an exception
 * vector with a DPL-0 entry (int $13, int $14: a forged #GP/#PF must not
 * pass), DPL 1 (0x82, delivered) and DPL 3 (0x83, delivered).  User mode
 * (own page table, as the "user" guest): 0x80 and DPL 1 refused, DPL 3
 * delivered.
 */
#include "guest.h"

const char test_name[] = "traps_softint";

#define USER_CODE_VA  0x400000UL /* L4 0, L3 0, L2 2, L1 0 */
#define USER_STACK_VA 0x401000UL

static uint64_t u_l4[512] __page_aligned_bss;
static uint64_t u_l3[512] __page_aligned_bss;
static uint64_t u_l2[512] __page_aligned_bss;
static uint64_t u_l1[512] __page_aligned_bss;
static char u_stack[PAGE_SIZE] __page_aligned_bss;
static char k_stack[16384] __attribute__((aligned(16)));

/* Guest handlers for the soft-interrupt vectors: the runtime's frame. */
__asm__(".text\n"
	".macro softint_stub vec\n"
	"softint_\\vec:\n\t"
	"pop %rcx\n\tpop %r11\n\tpush $0\n\tpush $\\vec\n\t"
	"jmp trap_common\n"
	".endm\n"
	"softint_stub 0x81\n"
	"softint_stub 0x82\n"
	"softint_stub 0x83\n");
extern void softint_0x81(void), softint_0x82(void), softint_0x83(void);

/* What the last trap hook call saw. */
static struct {
	unsigned count;
	uint64_t vector, error_code, rip, cs;
} seen;

static bool on_trap(struct trap_regs *r)
{
	if (r->vector != X86_EXC_GP && r->vector < 0x80)
		return false;
	seen.count++;
	seen.vector = r->vector;
	seen.error_code = r->error_code;
	seen.rip = r->rip;
	seen.cs = r->cs;
	if (r->vector == X86_EXC_GP)
		r->rip += 2; /* past "int $n" (cd nn) */
	return true;
}

static void install_softint_entries(void)
{
	struct trap_info t[] = {
		{0x81, 0, FLAT_KERNEL_CS, (uint64_t)softint_0x81},
		{0x82, 1, FLAT_KERNEL_CS, (uint64_t)softint_0x82},
		{0x83, 3, FLAT_KERNEL_CS, (uint64_t)softint_0x83},
		{0, 0, 0, 0},
	};
	long rc = hc_set_trap_table(t);

	check(rc == 0, "set_trap_table(0x81-0x83) returned %ld", rc);
}

/* The kernel-mode instructions: each "int $n" is 2 bytes at a label. */
#define KINT(label, n) label ": int $" #n "\n\t"
__asm__(".text\n"
	"kint_run:\n\t"
	"cmp $0, %edi\n\tje 0f\n\t"
	"cmp $1, %edi\n\tje 1f\n\t"
	"cmp $2, %edi\n\tje 2f\n\t"
	"cmp $3, %edi\n\tje 3f\n\t"
	"cmp $4, %edi\n\tje 4f\n\t"
	"cmp $5, %edi\n\tje 5f\n\t"
	"cmp $6, %edi\n\tje 6f\n\t"
	"cmp $7, %edi\n\tje 7f\n\t"
	"ud2\n"
	"0: int $0x80\n\tret\n"
	"1: int $0x20\n\tret\n"
	"2: int $0xff\n\tret\n"
	"3: int $0x81\n\tret\n"
	"4: int $13\n\tret\n"
	"5: int $14\n\tret\n"
	"6: int $0x82\n\tret\n"
	"7: int $0x83\n\tret\n");
void kint_run(unsigned which);

static const struct {
	const char *what;
	unsigned vec;	/* n of "int $n" */
	bool delivered; /* vector n reaches its handler */
} kcases[] = {
	{"int $0x80, no entry", 0x80, false},
	{"int $0x20, no entry", 0x20, false},
	{"int $0xff, no entry", 0xff, false},
	{"int $0x81, DPL 0", 0x81, false},
	{"int $13, DPL-0 exception entry", 13, false},
	{"int $14, DPL-0 exception entry", 14, false},
	{"int $0x82, DPL 1", 0x82, true},
	{"int $0x83, DPL 3", 0x83, true},
};

static void expect_seen(const char *what, unsigned vec, bool delivered,
			unsigned mode_rpl)
{
	check(seen.count == 1, "%s: %u traps", what, seen.count);
	if (delivered) {
		check(seen.vector == vec, "%s: vector %lu, expected 0x%x", what,
		      seen.vector, vec);
	} else {
		check(seen.vector == X86_EXC_GP, "%s: vector %lu, not #GP",
		      what, seen.vector);
		check(seen.error_code == ((vec << 3) | 2),
		      "%s: #GP error code 0x%lx, expected 0x%x", what,
		      seen.error_code, (vec << 3) | 2);
	}
	check((seen.cs & 3) == mode_rpl, "%s: frame cs %lx", what, seen.cs);
	printf("%s: %s ec %lx ok\n", what, delivered ? "delivered" : "#GP",
	       seen.error_code);
}

static void kernel_cases(void)
{
	for (unsigned i = 0; i < ARRAY_SIZE(kcases); i++) {
		seen.count = 0;
		kint_run(i);
		expect_seen(kcases[i].what, kcases[i].vec, kcases[i].delivered,
			    0);
		/* #GP: RIP at the int; delivered: after it (a trap). */
		check(((uint8_t *)seen.rip)[-2 * kcases[i].delivered] == 0xcd,
		      "%s: rip %lx not at/after the int", kcases[i].what,
		      seen.rip);
	}
}

/* ---- user mode ---- */
__asm__(".pushsection .user_text, \"ax\"\n"
	"user_entry:\n\t"
	"mov $1, %eax\n\tsyscall\n\t"
	"int $0x80\n\t"
	"mov $2, %eax\n\tsyscall\n\t"
	"int $0x82\n\t"
	"mov $3, %eax\n\tsyscall\n\t"
	"int $0x83\n\t"
	"mov $4, %eax\n\tsyscall\n\t"
	"ud2\n\t"
	".popsection");
extern char user_entry[];

static const struct {
	const char *what;
	unsigned vec;
	bool delivered;
} ucases[] = {
	{"user int $0x80, no entry", 0x80, false},
	{"user int $0x82, DPL 1", 0x82, false},
	{"user int $0x83, DPL 3", 0x83, true},
};

/* rax = step: 1 before the first case, n+1 after case n. */
static void on_syscall(struct trap_regs *r)
{
	unsigned step = r->rax;

	if (step > 1) {
		unsigned i = step - 2;

		expect_seen(ucases[i].what, ucases[i].vec, ucases[i].delivered,
			    3);
	}
	if (step == 4)
		leave_user(4);
	seen.count = 0;
	r->cs = FLAT_USER_CS;
	r->ss = FLAT_USER_SS;
}

static void build_user_page_table(void)
{
	uint64_t upper = _PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED;
	struct mmuext_op op[2];
	long rc;

	u_l4[0] = (virt_to_mfn(u_l3) << PAGE_SHIFT) | upper;
	u_l3[0] = (virt_to_mfn(u_l2) << PAGE_SHIFT) | upper;
	u_l2[2] = (virt_to_mfn(u_l1) << PAGE_SHIFT) | upper;
	u_l1[0] = (virt_to_mfn(__user_text_start) << PAGE_SHIFT) |
		  _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED;
	u_l1[1] = (virt_to_mfn(u_stack) << PAGE_SHIFT) | upper | _PAGE_DIRTY;
	check(make_readonly(u_l4) == 0 && make_readonly(u_l3) == 0 &&
		      make_readonly(u_l2) == 0 && make_readonly(u_l1) == 0,
	      "make the user page table read-only failed");
	op[0].cmd = MMUEXT_PIN_L4_TABLE;
	op[0].arg1.mfn = virt_to_mfn(u_l4);
	op[1].cmd = MMUEXT_NEW_USER_BASEPTR;
	op[1].arg1.mfn = virt_to_mfn(u_l4);
	rc = hc_mmuext_op(op, 2, NULL, DOMID_SELF);
	check(rc == 0, "mmuext_op(PIN_L4, NEW_USER_BASEPTR) returned %ld", rc);
}

static void user_cases(void)
{
	struct callback_register cb = {
		.type = CALLBACKTYPE_syscall,
		.flags = CALLBACKF_mask_events,
		.address = (uint64_t)syscall_callback_entry,
	};
	long rc;

	install_callbacks();
	rc = hc_callback_op(CALLBACKOP_register, &cb);
	check(rc == 0, "register syscall callback returned %ld", rc);
	rc = hc_stack_switch(FLAT_KERNEL_SS,
			     (unsigned long)(k_stack + sizeof(k_stack)));
	check(rc == 0, "stack_switch returned %ld", rc);
	build_user_page_table();
	syscall_hook = on_syscall;
	rc = enter_user(USER_CODE_VA + (user_entry - __user_text_start),
			USER_STACK_VA + PAGE_SIZE);
	syscall_hook = NULL;
	events_disable();
	check(rc == 4, "left user mode with %ld", rc);
}

void guest_main(void)
{
	map_shared_info();
	install_traps();
	install_softint_entries();
	trap_hook = on_trap;
	kernel_cases();
	user_cases();
	trap_hook = NULL;
}
