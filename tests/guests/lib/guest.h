/*
 * The test-guest runtime: what a guest in tests/guests/<name>.c may use.
 *
 * Interface: a guest defines `const char test_name[]` and
 * `void guest_main(void)`.  guest_main runs in guest kernel mode with
 * events masked, no trap table and shared_info not yet mapped; it calls
 * the helpers below and ends with pass() (also implied by returning) or
 * fail().  Each prints exactly one "GUEST-RESULT <name>: PASS|FAIL <why>"
 * line and powers the domain off.
 * Invariants: only include/public/ defines the ABI; this runtime adds
 * hardware facts (PTE bits, RFLAGS) and its own helpers.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/xen.h>
#include <public/callback.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/features.h>
#include <public/memory.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/version.h>

#include "layout.h"

/* ---- x86 hardware facts (not ABI) ---- */
#define PAGE_SIZE      4096UL
#define PAGE_SHIFT     12
#define _PAGE_PRESENT  0x001UL
#define _PAGE_RW       0x002UL
#define _PAGE_USER     0x004UL
#define _PAGE_PCD      0x010UL /* cache disable */
#define _PAGE_ACCESSED 0x020UL
#define _PAGE_DIRTY    0x040UL
#define _PAGE_PSE      0x080UL
#define PTE_ADDR_MASK  0x000ffffffffff000UL
#define X86_EFLAGS_IF  0x200UL
#define PFEC_PRESENT   0x1UL
#define PFEC_WRITE     0x2UL
#define PFEC_USER      0x4UL

#define X86_EXC_DE 0
#define X86_EXC_DB 1
#define X86_EXC_BP 3
#define X86_EXC_UD 6
#define X86_EXC_NM 7
#define X86_EXC_NP 11
#define X86_EXC_GP 13
#define X86_EXC_PF 14

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define barrier()     __asm__ __volatile__("" ::: "memory")
#define __page_aligned_bss                                                     \
	__attribute__((section(".bss.page_aligned"), aligned(4096)))
#define __noreturn     __attribute__((noreturn))
#define __printf(a, b) __attribute__((format(printf, a, b)))

/* Addresses no guest may touch: the hypervisor's own area, non-canonical. */
#define BAD_PTR_HV	 0xffff830000000000UL
#define BAD_PTR_NONCANON 0x8000000000000000UL

/* ---- provided by each guest ---- */
extern const char test_name[];
void guest_main(void);

/* ---- start of day ---- */
extern struct start_info *start_info;
extern struct shared_info *shared_info; /* NULL until map_shared_info() */
extern unsigned long *p2m;		/* start_info->mfn_list */
extern uint8_t hypercall_use_page;	/* 1: hypercall page, 0: syscall */
extern char hypercall_page[];
extern char __image_start[], __image_end[];
extern char __user_text_start[], __user_text_end[];

/* ---- results ---- */
void __noreturn pass(void);
void __noreturn __printf(1, 2) fail(const char *fmt, ...);
void __noreturn guest_exit(bool ok, const char *reason);
void __noreturn pass_and_idle(void); /* PASS, then block forever */
#define check(cond, ...)                                                       \
	do {                                                                   \
		if (!(cond))                                                   \
			fail(__VA_ARGS__);                                     \
	} while (0)

/* ---- output and strings ---- */
int __printf(1, 2) printf(const char *fmt, ...);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int __printf(3, 4) snprintf(char *buf, size_t size, const char *fmt, ...);
long console_write(const char *s, size_t len);
/* Also gets all console output when set (e.g. a PV console ring, pv.h). */
extern void (*console_hook)(const char *s, size_t len);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
const char *strstr(const char *hay, const char *needle);
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
bool cmdline_has(const char *word); /* whole word in start_info->cmd_line */

/* ---- hypercalls ---- */
long hypercall_via_page(unsigned long nr, unsigned long a1, unsigned long a2,
			unsigned long a3, unsigned long a4, unsigned long a5);
long hypercall_via_syscall(unsigned long nr, unsigned long a1, unsigned long a2,
			   unsigned long a3, unsigned long a4,
			   unsigned long a5);
long hypercall(unsigned long nr, unsigned long a1, unsigned long a2,
	       unsigned long a3, unsigned long a4, unsigned long a5);

#define HC(nr, a1, a2, a3, a4, a5)                                             \
	hypercall(nr, (unsigned long)(a1), (unsigned long)(a2),                \
		  (unsigned long)(a3), (unsigned long)(a4),                    \
		  (unsigned long)(a5))

static inline long hc_console_io(int cmd, unsigned long n, const void *buf)
{
	return HC(__HYPERVISOR_console_io, cmd, n, buf, 0, 0);
}
static inline long hc_sched_op(int cmd, void *arg)
{
	return HC(__HYPERVISOR_sched_op, cmd, arg, 0, 0, 0);
}
static inline long hc_xen_version(int cmd, void *arg)
{
	return HC(__HYPERVISOR_xen_version, cmd, arg, 0, 0, 0);
}
static inline long hc_set_trap_table(const void *table)
{
	return HC(__HYPERVISOR_set_trap_table, table, 0, 0, 0, 0);
}
static inline long hc_callback_op(int cmd, const void *arg)
{
	return HC(__HYPERVISOR_callback_op, cmd, arg, 0, 0, 0);
}
static inline long hc_event_channel_op(int cmd, void *arg)
{
	return HC(__HYPERVISOR_event_channel_op, cmd, arg, 0, 0, 0);
}
static inline long hc_vcpu_op(int cmd, unsigned vcpu, void *arg)
{
	return HC(__HYPERVISOR_vcpu_op, cmd, vcpu, arg, 0, 0);
}
static inline long hc_set_timer_op(uint64_t abs_ns)
{
	return HC(__HYPERVISOR_set_timer_op, abs_ns, 0, 0, 0, 0);
}
static inline long hc_update_va_mapping(unsigned long va, uint64_t pte,
					unsigned long flags)
{
	return HC(__HYPERVISOR_update_va_mapping, va, pte, flags, 0, 0);
}
static inline long hc_mmu_update(const void *req, unsigned long count,
				 void *done, unsigned dom)
{
	return HC(__HYPERVISOR_mmu_update, req, count, done, dom, 0);
}
static inline long hc_mmuext_op(const void *op, unsigned long count, void *done,
				unsigned dom)
{
	return HC(__HYPERVISOR_mmuext_op, op, count, done, dom, 0);
}
static inline long hc_multicall(void *calls, unsigned long count)
{
	return HC(__HYPERVISOR_multicall, calls, count, 0, 0, 0);
}
static inline long hc_set_gdt(const void *frames, unsigned long entries)
{
	return HC(__HYPERVISOR_set_gdt, frames, entries, 0, 0, 0);
}
/* MMUEXT_SET_LDT: ents descriptors at guest linear address base. */
static inline long hc_set_ldt(const void *base, unsigned ents)
{
	struct mmuext_op op = {
		.cmd = MMUEXT_SET_LDT,
		.arg1.linear_addr = (uint64_t)base,
		.arg2.nr_ents = ents,
	};

	return hc_mmuext_op(&op, 1, NULL, DOMID_SELF);
}
static inline long hc_stack_switch(unsigned long ss, unsigned long sp)
{
	return HC(__HYPERVISOR_stack_switch, ss, sp, 0, 0, 0);
}
static inline long hc_memory_op(int cmd, void *arg)
{
	return HC(__HYPERVISOR_memory_op, cmd, arg, 0, 0, 0);
}
static inline long hc_fpu_taskswitch(int set)
{
	return HC(__HYPERVISOR_fpu_taskswitch, set, 0, 0, 0, 0);
}
static inline long hc_set_debugreg(unsigned reg, unsigned long value)
{
	return HC(__HYPERVISOR_set_debugreg, reg, value, 0, 0, 0);
}
static inline long hc_get_debugreg(unsigned reg)
{
	return HC(__HYPERVISOR_get_debugreg, reg, 0, 0, 0, 0);
}
static inline long hc_vm_assist(unsigned cmd, unsigned long type)
{
	return HC(__HYPERVISOR_vm_assist, cmd, type, 0, 0, 0);
}
static inline long hc_set_segment_base(unsigned which, unsigned long base)
{
	return HC(__HYPERVISOR_set_segment_base, which, base, 0, 0, 0);
}

/* Asm helpers (head.S). */
long iret_raw(const struct iret_context *ctx);
long enter_user(unsigned long rip, unsigned long rsp);
void __noreturn leave_user(long value);
extern void event_callback_entry(void), failsafe_callback_entry(void);
extern void syscall_callback_entry(void);

/* ---- memory ---- */
static inline unsigned long virt_to_pfn(const void *va)
{
	return ((unsigned long)va - GUEST_VIRT_BASE) >> PAGE_SHIFT;
}
static inline unsigned long virt_to_mfn(const void *va)
{
	return p2m[virt_to_pfn(va)];
}
static inline const unsigned long *m2p(void)
{
	return (const unsigned long *)MACH2PHYS_VIRT_START;
}
void map_shared_info(void);
/* Remap one page of our image: new PTE = mfn | flags. */
long remap_page(void *va, unsigned long mfn, unsigned long flags);
long make_readonly(void *va);
/* VA of the kernel L4 (start_info->pt_base) as an array of entries. */
static inline const uint64_t *kernel_l4(void)
{
	return (const uint64_t *)start_info->pt_base;
}
/* Machine address of the L1 entry mapping va (walk via the M2P), or 0. */
uint64_t pte_maddr(unsigned long va);
uint64_t pte_read(unsigned long va); /* the L1 entry itself, or 0 */

/* ---- traps and events ---- */
struct trap_regs {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss; /* as in the bounce frame */
};

struct trap_record {
	unsigned count; /* traps resumed through the fixup table */
	uint64_t vector, error_code, rip, cs, rflags, rsp, cr2;
};
extern volatile struct trap_record last_trap;

/*
 * FIXUP(from, to), inside an asm statement: a trap whose RIP is `from`
 * (a fault) or `to` (a trap such as int3) is recorded in last_trap and
 * resumed at `to`.
 */
#define FIXUP(from, to)                                                        \
	".pushsection .fixup_table, \"a\"\n\t"                                 \
	".balign 8\n\t.quad " from ", " to "\n\t"                              \
	".popsection\n\t"

void install_traps(void); /* set_trap_table for vectors 0-19 */
/* Called first for every exception; return true when handled. */
extern bool (*trap_hook)(struct trap_regs *r);
/* Handler of guest user-mode SYSCALLs (VEC_SYSCALL). */
extern void (*syscall_hook)(struct trap_regs *r);

void install_callbacks(void); /* event + failsafe via CALLBACKOP_register */
typedef void (*evtchn_handler_t)(evtchn_port_t port);
void evtchn_set_handler(evtchn_port_t port, evtchn_handler_t fn);
/* Replaces the 2-level upcall handler when set (FIFO guests). */
extern void (*upcall_hook)(void);

/* FIFO ABI, guest side (lib/fifo.c): vCPU 0, ports below FIFO_PORTS. */
#define FIFO_PORTS 1024 /* one event array page */
extern uint8_t fifo_cb_frame[];
extern event_word_t fifo_array[FIFO_PORTS];
extern struct evtchn_fifo_control_block *fifo_cb;
extern void (*fifo_event)(evtchn_port_t port); /* each delivered event */
long fifo_setup(uint32_t cb_offset); /* init_control + expand_array */
uint32_t fifo_word(evtchn_port_t port);
void fifo_consume(void);
void fifo_upcall(void);
extern volatile unsigned evtchn_count[EVTCHN_2L_NR_CHANNELS];
void events_enable(void); /* clear the upcall mask, deliver pending */
void events_disable(void);
void evtchn_clear_pending(evtchn_port_t port);
bool evtchn_is_pending(evtchn_port_t port);
void evtchn_mask(evtchn_port_t port);
void evtchn_unmask_local(evtchn_port_t port);
static inline struct vcpu_info *vcpu0(void)
{
	return &shared_info->vcpu_info[0];
}

/* ---- time ---- */
uint64_t system_time_ns(void); /* pvclock of vCPU 0; needs shared_info */
/*
 * Block for ns (SCHEDOP_poll on no port with a timeout), so the CPU
 * switches away from us and back: needs shared_info, events masked.
 */
void sleep_ns(uint64_t ns);

#endif
