/*
 * user: a guest user-mode context (linux-pv-abi.md §2.1, §2.5, §2.8).
 * We build a user page table (L4-L3-L2-L1 from our .bss, made read-only,
 * pinned with MMUEXT_PIN_L4_TABLE, installed by MMUEXT_NEW_USER_BASEPTR),
 * register the syscall callback and a kernel stack (stack_switch), and
 * iret to CS RPL 3.  User code then:
 *  1. SYSCALLs (rax 1): must reach our syscall callback, we answer 42;
 *  2. SYSCALLs with rax = __HYPERVISOR_sched_op(SCHEDOP_shutdown): must
 *     also reach us, never the hypervisor (user mode cannot hypercall);
 *  3. reads a kernel address absent from the user page table: #PF with
 *     U/S = 1 in the error code, CR2 = that address.
 * Needs mmuext_op (pin, NEW_USER_BASEPTR), update_va_mapping, stack_switch,
 * callback_op(syscall) and iret to user mode.
 */
#include "guest.h"

const char test_name[] = "user";

#define USER_CODE_VA  0x400000UL /* L4 0, L3 0, L2 2, L1 0 */
#define USER_STACK_VA 0x401000UL
#define PROBE_VA      (GUEST_VIRT_BASE + 0x200000) /* our _start */

static uint64_t u_l4[512] __page_aligned_bss;
static uint64_t u_l3[512] __page_aligned_bss;
static uint64_t u_l2[512] __page_aligned_bss;
static uint64_t u_l1[512] __page_aligned_bss;
static char u_stack[PAGE_SIZE] __page_aligned_bss;
static char k_stack[16384] __attribute__((aligned(16)));

static unsigned step;
static uint64_t user_rsp_seen;

/* User-mode code: position independent, alone in .user_text. */
__asm__(".pushsection .user_text, \"ax\"\n"
	"user_entry:\n\t"
	"mov $1, %eax\n\t"
	"mov $0x1234, %edi\n\t"
	"syscall\n\t"
	"cmp $42, %rax\n\t"
	"jne 1f\n\t"
	"push $0\n\t" /* struct sched_shutdown: poweroff */
	"mov %rsp, %rsi\n\t"
	"mov $2, %edi\n\t"  /* SCHEDOP_shutdown */
	"mov $29, %eax\n\t" /* __HYPERVISOR_sched_op */
	"syscall\n\t"
	"movabs $0xffffffff80200000, %rax\n\t" /* PROBE_VA */
	"mov (%rax), %rax\n\t"
	"1: mov $3, %eax\n\t"
	"syscall\n\t"
	"ud2\n\t"
	".popsection");
extern char user_entry[];

static void on_syscall(struct trap_regs *r)
{
	if (r->rax == 1 && step == 0) {
		check(r->rdi == 0x1234, "user syscall rdi %lx", r->rdi);
		user_rsp_seen = r->rsp;
		step = 1;
		r->rax = 42;
	} else if (r->rax == __HYPERVISOR_sched_op && step == 1) {
		step = 2;
		r->rax = 0;
	} else {
		fail("user syscall rax %lx at step %u (rip %lx)", r->rax, step,
		     r->rip);
	}
	/* Back to user mode: RPL 3 selectors, resume after the SYSCALL. */
	r->cs = FLAT_USER_CS;
	r->ss = FLAT_USER_SS;
}

static bool on_trap(struct trap_regs *r)
{
	if (r->vector != X86_EXC_PF || step != 2)
		return false;
	check(r->error_code & PFEC_USER, "user #PF error code %lx lacks U/S",
	      r->error_code);
	check(vcpu0()->arch.cr2 == PROBE_VA, "user #PF cr2 %lx",
	      vcpu0()->arch.cr2);
	check((r->cs & 3) == 3, "user #PF frame cs %lx", r->cs);
	leave_user(3);
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

	/* Page-table frames may have no writable mapping (§4.2). */
	check(make_readonly(u_l4) == 0, "make u_l4 read-only failed");
	check(make_readonly(u_l3) == 0, "make u_l3 read-only failed");
	check(make_readonly(u_l2) == 0, "make u_l2 read-only failed");
	check(make_readonly(u_l1) == 0, "make u_l1 read-only failed");

	op[0].cmd = MMUEXT_PIN_L4_TABLE;
	op[0].arg1.mfn = virt_to_mfn(u_l4);
	op[1].cmd = MMUEXT_NEW_USER_BASEPTR;
	op[1].arg1.mfn = virt_to_mfn(u_l4);
	rc = hc_mmuext_op(op, 2, NULL, DOMID_SELF);
	check(rc == 0, "mmuext_op(PIN_L4, NEW_USER_BASEPTR) returned %ld", rc);
}

void guest_main(void)
{
	struct callback_register cb = {
		.type = CALLBACKTYPE_syscall,
		.flags = CALLBACKF_mask_events,
		.address = (uint64_t)syscall_callback_entry,
	};
	long rc;

	map_shared_info();
	install_traps();
	install_callbacks();
	rc = hc_callback_op(CALLBACKOP_register, &cb);
	check(rc == 0, "register syscall callback returned %ld", rc);
	rc = hc_stack_switch(FLAT_KERNEL_SS,
			     (unsigned long)(k_stack + sizeof(k_stack)));
	check(rc == 0, "stack_switch returned %ld", rc);
	check(__user_text_end - __user_text_start == PAGE_SIZE,
	      "user text is not one page");
	build_user_page_table();

	syscall_hook = on_syscall;
	trap_hook = on_trap;
	rc = enter_user(USER_CODE_VA + (user_entry - __user_text_start),
			USER_STACK_VA + PAGE_SIZE);
	syscall_hook = NULL;
	trap_hook = NULL;
	events_disable();
	check(rc == 3 && step == 2, "left user mode with %ld at step %u", rc,
	      step);
	check(user_rsp_seen == USER_STACK_VA + PAGE_SIZE,
	      "user rsp in the syscall frame %lx", user_rsp_seen);
	/* Back in kernel mode: hypercalls work again. */
	rc = hc_xen_version(XENVER_version, NULL);
	check(rc > 0, "xen_version after user mode returned %ld", rc);
}
