/*
 * callback_op: callback_op (30) answers as Xen's does.  CALLBACKOP_register
 * accepts event, failsafe, syscall (delivered: see ev_*, desc_failsafe,
 * user) and nmi, syscall32, sysenter (accepted, never delivered here); a
 * non-canonical address is -EINVAL whatever the type, an unknown type
 * (3 = sysenter_deprecated, 6, 8, 0xffff) -ENOSYS.  CALLBACKOP_unregister
 * accepts only nmi: the types that can be registered are -EINVAL,
 * unknown ones -ENOSYS.  An unknown command is -ENOSYS.  After all of it
 * the event callback still works (an upcall reaches our handler).
 */
#include "guest.h"

const char test_name[] = "callback_op";

static long reg(unsigned type, unsigned long address)
{
	struct callback_register cb = {
		.type = type,
		.flags = CALLBACKF_mask_events,
		.address = address,
	};

	return hc_callback_op(CALLBACKOP_register, &cb);
}

static long unreg(unsigned type)
{
	struct callback_unregister cb = {.type = type};

	return hc_callback_op(CALLBACKOP_unregister, &cb);
}

static void expect_rc(const char *what, unsigned type, long rc, long want)
{
	check(rc == want, "%s type %u returned %ld, expected %ld", what, type,
	      rc, want);
}

static volatile unsigned upcalls;

static void on_ipi(evtchn_port_t port)
{
	upcalls++;
}

/* An IPI to ourselves must still reach the event callback. */
static void event_still_delivered(void)
{
	struct evtchn_bind_ipi bi = {.vcpu = 0};
	struct evtchn_send s;
	long rc;

	rc = hc_event_channel_op(EVTCHNOP_bind_ipi, &bi);
	check(rc == 0, "bind_ipi returned %ld", rc);
	evtchn_set_handler(bi.port, on_ipi);
	events_enable();
	s.port = bi.port;
	rc = hc_event_channel_op(EVTCHNOP_send, &s);
	check(rc == 0, "send returned %ld", rc);
	events_disable();
	check(upcalls == 1, "%u upcalls after the send", upcalls);
}

void guest_main(void)
{
	static const unsigned accepted[] = {
		CALLBACKTYPE_event,	CALLBACKTYPE_failsafe,
		CALLBACKTYPE_syscall,	CALLBACKTYPE_nmi,
		CALLBACKTYPE_syscall32, CALLBACKTYPE_sysenter};
	static const unsigned unknown[] = {CALLBACKTYPE_sysenter_deprecated, 6,
					   8, 0xffff};
	const unsigned long good = (unsigned long)event_callback_entry;
	struct callback_register cb = {0};

	map_shared_info();
	install_traps();
	install_callbacks();
	for (unsigned i = 0; i < ARRAY_SIZE(accepted); i++) {
		expect_rc("register non-canonical", accepted[i],
			  reg(accepted[i], BAD_PTR_NONCANON), -XEN_EINVAL);
		if (accepted[i] != CALLBACKTYPE_event &&
		    accepted[i] != CALLBACKTYPE_failsafe)
			expect_rc("register", accepted[i],
				  reg(accepted[i], good), 0);
		expect_rc("unregister", accepted[i], unreg(accepted[i]),
			  accepted[i] == CALLBACKTYPE_nmi ? 0 : -XEN_EINVAL);
	}
	for (unsigned i = 0; i < ARRAY_SIZE(unknown); i++) {
		expect_rc("register", unknown[i], reg(unknown[i], good),
			  -XEN_ENOSYS);
		expect_rc("register non-canonical", unknown[i],
			  reg(unknown[i], BAD_PTR_NONCANON), -XEN_EINVAL);
		expect_rc("unregister", unknown[i], unreg(unknown[i]),
			  -XEN_ENOSYS);
	}
	expect_rc("command 2", 0, hc_callback_op(2, &cb), -XEN_ENOSYS);
	event_still_delivered();
}
