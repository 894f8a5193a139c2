/*
 * ev_hostile: bad arguments to event_channel_op, SCHEDOP_poll and
 * vcpu_op get the ABI's errors and change nothing; the guest lives on
 * and its good ports keep working.  Ports out of range or never
 * allocated, a nonexistent domain (to act on; as a remote end it may
 * not exist yet), closing twice, sending on a closed
 * or VIRQ port, wrong VIRQs and vCPUs, over-long and unreadable poll
 * lists, unreadable/unwritable argument structs, vcpu_info frames
 * the domain does not own or that are page tables, and FIFO set-ups with
 * such frames or bad vCPUs (the domain stays 2-level).
 */
#include "guest.h"

const char test_name[] = "ev_hostile";

#define HUGE_PORT 0xfffffff0u

static long evop(int cmd, void *arg)
{
	return hc_event_channel_op(cmd, arg);
}

#define EXPECT(call, want)                                                     \
	do {                                                                   \
		long rc_ = (call);                                             \
		check(rc_ == (want), "%s returned %ld, expected %d", #call,    \
		      rc_, (want));                                            \
	} while (0)

static void bad_ports(void)
{
	struct evtchn_send s = {.port = HUGE_PORT};
	struct evtchn_close c = {.port = 4096};
	struct evtchn_unmask u = {.port = 4096};
	struct evtchn_status st = {.dom = DOMID_SELF, .port = HUGE_PORT};
	struct evtchn_bind_vcpu bv = {.port = 0, .vcpu = 0};

	EXPECT(evop(EVTCHNOP_send, &s), -XEN_EINVAL);
	s.port = 0;
	EXPECT(evop(EVTCHNOP_send, &s), -XEN_EINVAL);
	s.port = 4095;
	EXPECT(evop(EVTCHNOP_send, &s), -XEN_EINVAL);
	EXPECT(evop(EVTCHNOP_close, &c), -XEN_EINVAL);
	c.port = 0;
	EXPECT(evop(EVTCHNOP_close, &c), -XEN_EINVAL);
	EXPECT(evop(EVTCHNOP_unmask, &u), -XEN_EINVAL);
	EXPECT(evop(EVTCHNOP_status, &st), -XEN_EINVAL);
	EXPECT(evop(EVTCHNOP_bind_vcpu, &bv), -XEN_EINVAL);
	EXPECT(evop(99, &s), -XEN_ENOSYS);
}

/* Bad FIFO set-ups leave the domain 2-level (the end checks delivery). */
static void bad_fifo(void)
{
	struct evtchn_init_control ic = {.control_gfn = ~0ULL, .vcpu = 4000};
	struct evtchn_expand_array ea = {.array_gfn = ~0ULL};
	struct evtchn_set_priority sp = {.port = 1, .priority = 99};

	EXPECT(evop(EVTCHNOP_init_control, &ic), -XEN_ENOENT);
	ic.vcpu = 0;
	EXPECT(evop(EVTCHNOP_init_control, &ic), -XEN_EINVAL);
	ic.control_gfn = virt_to_mfn((void *)start_info->pt_base);
	EXPECT(evop(EVTCHNOP_init_control, &ic), -XEN_EINVAL);
	ic.offset = 3;
	EXPECT(evop(EVTCHNOP_init_control, &ic), -XEN_EINVAL);
	EXPECT(evop(EVTCHNOP_init_control, (void *)BAD_PTR_HV), -XEN_EFAULT);
	EXPECT(evop(EVTCHNOP_expand_array, &ea), -XEN_EOPNOTSUPP);
	EXPECT(evop(EVTCHNOP_expand_array, (void *)BAD_PTR_NONCANON),
	       -XEN_EFAULT);
	EXPECT(evop(EVTCHNOP_set_priority, &sp), -XEN_ENOSYS);
	sp.port = HUGE_PORT;
	EXPECT(evop(EVTCHNOP_set_priority, &sp), -XEN_EINVAL);
}

static void bad_domains(void)
{
	struct evtchn_alloc_unbound au = {.dom = DOMID_SELF, .remote_dom = 77};
	struct evtchn_bind_interdomain bi = {.remote_dom = 77,
					     .remote_port = 1};
	struct evtchn_status st = {.dom = 77, .port = 1};
	struct evtchn_close c;

	/* As Xen: the remote domain need not exist (yet) to allocate. */
	EXPECT(evop(EVTCHNOP_alloc_unbound, &au), 0);
	c.port = au.port;
	EXPECT(evop(EVTCHNOP_close, &c), 0);
	au.remote_dom = DOMID_SELF;
	au.dom = 77;
	EXPECT(evop(EVTCHNOP_alloc_unbound, &au), -XEN_ESRCH);
	EXPECT(evop(EVTCHNOP_bind_interdomain, &bi), -XEN_ESRCH);
	bi.remote_dom = DOMID_IO;
	EXPECT(evop(EVTCHNOP_bind_interdomain, &bi), -XEN_ESRCH);
	EXPECT(evop(EVTCHNOP_status, &st), -XEN_ESRCH);
	/* Our own port 1 is not unbound for us: */
	bi.remote_dom = DOMID_SELF;
	bi.remote_port = HUGE_PORT;
	EXPECT(evop(EVTCHNOP_bind_interdomain, &bi), -XEN_EINVAL);
}

static void bad_virqs(evtchn_port_t *timer)
{
	struct evtchn_bind_virq bv = {.virq = 99, .vcpu = 0};
	struct evtchn_send s;

	EXPECT(evop(EVTCHNOP_bind_virq, &bv), -XEN_EINVAL);
	bv.virq = VIRQ_CONSOLE;
	bv.vcpu = 1;
	EXPECT(evop(EVTCHNOP_bind_virq, &bv), -XEN_EINVAL);
	bv.virq = VIRQ_TIMER;
	bv.vcpu = 4000;
	EXPECT(evop(EVTCHNOP_bind_virq, &bv), -XEN_ENOENT);
	bv.vcpu = 0;
	EXPECT(evop(EVTCHNOP_bind_virq, &bv), 0);
	*timer = bv.port;
	EXPECT(evop(EVTCHNOP_bind_virq, &bv), -XEN_EEXIST);
	s.port = *timer;
	EXPECT(evop(EVTCHNOP_send, &s), -XEN_EINVAL);
}

static void close_twice(void)
{
	struct evtchn_bind_ipi bi = {.vcpu = 0};
	struct evtchn_close c;
	struct evtchn_send s;

	EXPECT(evop(EVTCHNOP_bind_ipi, &bi), 0);
	c.port = s.port = bi.port;
	EXPECT(evop(EVTCHNOP_close, &c), 0);
	EXPECT(evop(EVTCHNOP_close, &c), -XEN_EINVAL);
	EXPECT(evop(EVTCHNOP_send, &s), -XEN_EINVAL);
}

static void bad_pointers(void)
{
	struct sched_poll p = {.nr_ports = 1};
	evtchn_port_t big[1] = {HUGE_PORT};

	EXPECT(evop(EVTCHNOP_send, (void *)BAD_PTR_HV), -XEN_EFAULT);
	EXPECT(evop(EVTCHNOP_alloc_unbound, (void *)BAD_PTR_NONCANON),
	       -XEN_EFAULT);
	EXPECT(hc_sched_op(SCHEDOP_poll, (void *)BAD_PTR_HV), -XEN_EFAULT);
	xen_set_guest_handle(p.ports, (evtchn_port_t *)BAD_PTR_HV);
	EXPECT(hc_sched_op(SCHEDOP_poll, &p), -XEN_EFAULT);
	xen_set_guest_handle(p.ports, big);
	EXPECT(hc_sched_op(SCHEDOP_poll, &p), -XEN_EINVAL);
	p.nr_ports = 100000;
	EXPECT(hc_sched_op(SCHEDOP_poll, &p), -XEN_EINVAL);
}

static void bad_vcpu_ops(void)
{
	struct vcpu_register_vcpu_info vi = {.mfn = ~0UL >> 12, .offset = 0};
	struct vcpu_set_singleshot_timer t = {0};
	static char page[PAGE_SIZE] __page_aligned_bss;

	EXPECT(hc_vcpu_op(VCPUOP_is_up, 0, NULL), 1);
	EXPECT(hc_vcpu_op(VCPUOP_is_up, 8191, NULL), -XEN_ENOENT);
	EXPECT(hc_vcpu_op(VCPUOP_is_up, ~0U, NULL), -XEN_ENOENT);
	EXPECT(hc_vcpu_op(VCPUOP_register_vcpu_info, 0, &vi), -XEN_EINVAL);
	vi.mfn = virt_to_mfn(page);
	vi.offset = PAGE_SIZE - 32; /* would cross the page */
	EXPECT(hc_vcpu_op(VCPUOP_register_vcpu_info, 0, &vi), -XEN_EINVAL);
	/* Our own L4: the hypervisor would write vcpu_info into a table. */
	vi.mfn = virt_to_mfn((void *)start_info->pt_base);
	vi.offset = 0;
	EXPECT(hc_vcpu_op(VCPUOP_register_vcpu_info, 0, &vi), -XEN_EINVAL);
	vi.mfn = virt_to_mfn(page);
	vi.rsvd = 1;
	EXPECT(hc_vcpu_op(VCPUOP_register_vcpu_info, 0, &vi), -XEN_EINVAL);
	EXPECT(hc_vcpu_op(VCPUOP_register_vcpu_info, 0, (void *)BAD_PTR_HV),
	       -XEN_EFAULT);
	EXPECT(hc_vcpu_op(VCPUOP_set_singleshot_timer, 0, (void *)BAD_PTR_HV),
	       -XEN_EFAULT);
	EXPECT(hc_vcpu_op(VCPUOP_initialise, 0, &t), -XEN_EEXIST);
	EXPECT(hc_vcpu_op(VCPUOP_get_runstate_info, 0, (void *)BAD_PTR_HV),
	       -XEN_EFAULT);
	EXPECT(hc_vcpu_op(99, 0, NULL), -XEN_ENOSYS);
}

void guest_main(void)
{
	struct evtchn_bind_ipi bi = {.vcpu = 0};
	struct evtchn_send s;
	evtchn_port_t timer;

	map_shared_info();
	install_traps();
	install_callbacks();
	bad_ports();
	bad_domains();
	bad_virqs(&timer);
	close_twice();
	bad_pointers();
	bad_fifo();
	bad_vcpu_ops();
	/* Still alive, and events still work. */
	EXPECT(evop(EVTCHNOP_bind_ipi, &bi), 0);
	events_enable();
	s.port = bi.port;
	EXPECT(evop(EVTCHNOP_send, &s), 0);
	for (int i = 0; i < 100 && !evtchn_count[bi.port]; i++)
		hc_xen_version(XENVER_version, NULL);
	check(evtchn_count[bi.port] == 1, "ipi after the abuse: %u upcalls",
	      evtchn_count[bi.port]);
}
