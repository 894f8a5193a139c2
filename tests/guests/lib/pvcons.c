/*
 * The PV console ring of a domU (start_info.console.domU), output only,
 * and the small helpers the PV rings share: frame to VA, polling a port,
 * numbers from the command line.
 *
 * Interface: see pv.h.  pvcons_init() after map_shared_info().
 * Invariants: a write returns once xenconsoled has taken its bytes (so a
 * result line is logged before the domain powers off), or after a
 * second: output it does not take is dropped (a test must never hang on
 * its log); out_prod is advanced after the bytes are in the ring.
 */
#include "pv.h"

static struct xencons_interface *cons;
static evtchn_port_t cons_port;

void *mfn_to_virt(unsigned long mfn)
{
	unsigned long pfn = m2p()[mfn];

	check(pfn < start_info->nr_pages, "mfn %lx has pfn %lx beyond ours",
	      mfn, pfn);
	return (void *)(GUEST_VIRT_BASE + (pfn << PAGE_SHIFT));
}

void port_notify(evtchn_port_t port)
{
	struct evtchn_send s = {.port = port};

	hc_event_channel_op(EVTCHNOP_send, &s);
}

void port_wait(evtchn_port_t port, uint64_t deadline_ns)
{
	struct sched_poll p = {.nr_ports = 1, .timeout = deadline_ns};

	xen_set_guest_handle(p.ports, &port);
	if (!evtchn_is_pending(port))
		hc_sched_op(SCHEDOP_poll, &p);
	evtchn_clear_pending(port);
}

unsigned long cmdline_ulong(const char *key, unsigned long dflt)
{
	const char *s = start_info->cmd_line, *p;
	size_t n = strlen(key);
	unsigned long v = 0;

	for (p = s; (p = strstr(p, key)) != NULL; p++) {
		if (p != s && p[-1] != ' ')
			continue;
		p += n;
		if (*p < '0' || *p > '9')
			return dflt;
		while (*p >= '0' && *p <= '9')
			v = v * 10 + (unsigned long)(*p++ - '0');
		return v;
	}
	return dflt;
}

static void cons_write(const char *s, size_t len)
{
	uint64_t deadline = system_time_ns() + 1000 * MS_NS;
	XENCONS_RING_IDX cons_i, prod = cons->out_prod;
	size_t done = 0;

	while (done < len) {
		cons_i = __atomic_load_n(&cons->out_cons, __ATOMIC_SEQ_CST);
		prod = cons->out_prod;
		if (prod - cons_i >= sizeof(cons->out)) {
			port_notify(cons_port);
			if (system_time_ns() > deadline)
				return;
			port_wait(cons_port, deadline);
			continue;
		}
		while (done < len && prod - cons_i < sizeof(cons->out))
			cons->out[MASK_XENCONS_IDX(prod++, cons->out)] =
				s[done++];
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		__atomic_store_n(&cons->out_prod, prod, __ATOMIC_SEQ_CST);
	}
	port_notify(cons_port);
	/* synchronous: the last line must be in the log before we go */
	while (__atomic_load_n(&cons->out_cons, __ATOMIC_SEQ_CST) != prod &&
	       system_time_ns() < deadline)
		port_wait(cons_port, deadline);
}

void pvcons_init(void)
{
	cons = mfn_to_virt(start_info->console.domU.mfn);
	cons_port = start_info->console.domU.evtchn;
	evtchn_mask(cons_port);
	console_hook = cons_write;
}
