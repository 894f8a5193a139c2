/*
 * Exceptions, callbacks and event-channel upcalls of the test guests.
 *
 * Interface: install_traps() registers stubs for vectors 0-19;
 * install_callbacks() registers the event and failsafe callbacks.  Tests
 * expect a fault by wrapping the instruction in FIXUP(); everything else
 * that traps ends the test with FAIL.  Ports get handlers with
 * evtchn_set_handler(); evtchn_count[] counts upcalls per port.
 * Invariants: trap_dispatch runs with the upcall mask set for events (the
 * callbacks are registered with CALLBACKF_mask_events) and returns to the
 * interrupted context through the iret hypercall (head.S).
 */
#include "guest.h"

extern const struct trap_fixup {
	uint64_t from, to;
} __fixup_start[], __fixup_end[];
extern void (*const trap_stubs[NR_TRAP_STUBS])(void);

volatile struct trap_record last_trap;
bool (*trap_hook)(struct trap_regs *r);
void (*syscall_hook)(struct trap_regs *r);
volatile unsigned evtchn_count[EVTCHN_2L_NR_CHANNELS];
static evtchn_handler_t evtchn_handlers[EVTCHN_2L_NR_CHANNELS];

void install_traps(void)
{
	static struct trap_info table[NR_TRAP_STUBS + 1];
	long rc;

	for (unsigned v = 0; v < NR_TRAP_STUBS; v++) {
		table[v].vector = v;
		/* int3/into may be raised by software at (guest) ring 3 */
		table[v].flags = (v == 3 || v == 4) ? 3 : 0;
		table[v].cs = FLAT_KERNEL_CS;
		table[v].address = (uint64_t)trap_stubs[v];
	}
	table[NR_TRAP_STUBS].address = 0; /* terminator */
	rc = hc_set_trap_table(table);
	check(rc == 0, "set_trap_table returned %ld", rc);
}

static void register_callback(unsigned type, void (*fn)(void))
{
	struct callback_register cb = {
		.type = type,
		.flags = CALLBACKF_mask_events,
		.address = (uint64_t)fn,
	};
	long rc = hc_callback_op(CALLBACKOP_register, &cb);

	check(rc == 0, "callback_op(register, type %u) returned %ld", type, rc);
}

void install_callbacks(void)
{
	register_callback(CALLBACKTYPE_event, event_callback_entry);
	register_callback(CALLBACKTYPE_failsafe, failsafe_callback_entry);
}

static uint64_t read_cr2(void)
{
	return shared_info ? vcpu0()->arch.cr2 : 0;
}

static bool apply_fixup(struct trap_regs *r)
{
	for (const struct trap_fixup *f = __fixup_start; f < __fixup_end; f++) {
		if (r->rip != f->from && r->rip != f->to)
			continue;
		last_trap.vector = r->vector;
		last_trap.error_code = r->error_code;
		last_trap.rip = r->rip;
		last_trap.cs = r->cs;
		last_trap.rflags = r->rflags;
		last_trap.rsp = r->rsp;
		last_trap.cr2 = r->vector == X86_EXC_PF ? read_cr2() : 0;
		last_trap.count++;
		r->rip = f->to;
		return true;
	}
	return false;
}

/* ---- 2-level event channels (linux-pv-abi.md §7.1) ---- */
static void evtchn_do_upcall(void)
{
	struct vcpu_info *vi = vcpu0();

	while (vi->evtchn_upcall_pending) {
		unsigned long sel;

		vi->evtchn_upcall_pending = 0;
		barrier();
		sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0,
					  __ATOMIC_SEQ_CST);
		while (sel) {
			unsigned w = __builtin_ctzl(sel);
			unsigned long pend;

			sel &= sel - 1;
			pend = shared_info->evtchn_pending[w] &
			       ~shared_info->evtchn_mask[w];
			while (pend) {
				unsigned b = __builtin_ctzl(pend);
				evtchn_port_t port = w * 64 + b;

				pend &= pend - 1;
				evtchn_clear_pending(port);
				evtchn_count[port]++;
				if (evtchn_handlers[port])
					evtchn_handlers[port](port);
			}
		}
	}
}

void trap_dispatch(struct trap_regs *r);
void trap_dispatch(struct trap_regs *r)
{
	switch (r->vector) {
	case VEC_EVENT:
		if (!shared_info)
			fail("event upcall before shared_info was mapped");
		if (upcall_hook)
			upcall_hook();
		else
			evtchn_do_upcall();
		return;
	case VEC_FAILSAFE:
		if (trap_hook && trap_hook(r))
			return;
		fail("failsafe callback at rip %lx cs %lx", r->rip, r->cs);
	case VEC_SYSCALL:
		if (!syscall_hook)
			fail("unexpected user syscall rax %lx at rip %lx",
			     r->rax, r->rip);
		syscall_hook(r);
		return;
	}
	if (trap_hook && trap_hook(r))
		return;
	if (apply_fixup(r))
		return;
	fail("unexpected trap %lu ec %lx at rip %lx cs %lx rsp %lx cr2 %lx",
	     r->vector, r->error_code, r->rip, r->cs, r->rsp, read_cr2());
}

void (*upcall_hook)(void);

void evtchn_set_handler(evtchn_port_t port, evtchn_handler_t fn)
{
	evtchn_handlers[port] = fn;
}

void evtchn_clear_pending(evtchn_port_t port)
{
	__atomic_fetch_and(&shared_info->evtchn_pending[port / 64],
			   ~(1UL << (port % 64)), __ATOMIC_SEQ_CST);
}

bool evtchn_is_pending(evtchn_port_t port)
{
	return shared_info->evtchn_pending[port / 64] & (1UL << (port % 64));
}

void evtchn_mask(evtchn_port_t port)
{
	__atomic_fetch_or(&shared_info->evtchn_mask[port / 64],
			  1UL << (port % 64), __ATOMIC_SEQ_CST);
}

/*
 * Guest-side unmask of a port bound to this vCPU (no hypercall): clear the
 * mask, and if the port is pending raise the selector and upcall flags so
 * that events_enable()/the next hypercall delivers it.
 */
void evtchn_unmask_local(evtchn_port_t port)
{
	struct vcpu_info *vi = vcpu0();

	__atomic_fetch_and(&shared_info->evtchn_mask[port / 64],
			   ~(1UL << (port % 64)), __ATOMIC_SEQ_CST);
	if (evtchn_is_pending(port)) {
		__atomic_fetch_or(&vi->evtchn_pending_sel, 1UL << (port / 64),
				  __ATOMIC_SEQ_CST);
		vi->evtchn_upcall_pending = 1;
	}
}

void events_disable(void)
{
	vcpu0()->evtchn_upcall_mask = 1;
	barrier();
}

/* Unmask; if something is already pending, any hypercall delivers it. */
void events_enable(void)
{
	vcpu0()->evtchn_upcall_mask = 0;
	barrier();
	if (vcpu0()->evtchn_upcall_pending)
		hc_xen_version(XENVER_version, NULL);
}
