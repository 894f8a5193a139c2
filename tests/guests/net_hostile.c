/*
 * net_hostile: a domU with one vif attached by xm (Linux's netback in
 * dom0) whose frontend lies in xenstore: ring references that are not
 * numbers, grant references it never granted, event channels it does not
 * have, rx-copy refused, an absurd queue count, and its state flapping
 * through every XenbusState value.  After each lie netback must give up
 * the connection (its backend leaves InitWait; it may write an error
 * node) and, once the frontend says Closed then Initialising again, come
 * back to InitWait, as Linux's netback does for a reconnecting frontend.
 * Dom0's side (no oops, no WARN, dom0 and a Debian domU still network)
 * is checked by tests/qemu/initrd/tests/net-hostile.sh.
 *
 * Booted as dom0 (tests/qemu/test_guests.py boots every guest so) it has
 * no vif and passes at once.  "flaps=N" on the command line: state
 * changes in the flapping step (default 200).
 * Output goes to the PV console: "NETH <step>: ok ..." per step, then the
 * GUEST-RESULT line.
 */
#include "pv.h"

#include <public/io/xenbus.h>

const char test_name[] = "net_hostile";

static struct xsc_msg m;
static char fe[64]; /* device/vif/0 */
static char be[96]; /* its backend's path */

static void step_ok(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void step_ok(const char *name, const char *fmt, ...)
{
	char buf[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf("NETH %s: ok %s\n", name, buf);
}

static void put(const char *key, const char *value)
{
	char path[128];
	const char *e;

	snprintf(path, sizeof(path), "%s/%s", fe, key);
	e = xsc_write(0, path, value, &m);
	check(!e, "write %s = %s: %s", path, value, e);
}

static void set_state(unsigned s)
{
	char v[4];

	snprintf(v, sizeof(v), "%u", s);
	put("state", v);
}

/* The backend's state (0 if unreadable). */
static unsigned be_state(void)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/state", be);
	if (xsc_call2(XS_READ, 0, path, NULL, &m))
		return 0;
	return m.body[0] >= '0' && m.body[0] <= '9'
		       ? (unsigned)(m.body[0] - '0')
		       : 0;
}

/* Waits up to secs for the backend's state to satisfy want(). */
static bool be_wait(bool (*want)(unsigned), unsigned secs, unsigned *last)
{
	uint64_t end = system_time_ns() + secs * 1000 * MS_NS;

	do {
		*last = be_state();
		if (want(*last))
			return true;
		sleep_ns(20 * MS_NS);
	} while (system_time_ns() < end);
	return false;
}

static bool is_initwait(unsigned s)
{
	return s == XenbusStateInitWait;
}

static bool gave_up(unsigned s)
{
	return s == XenbusStateClosing || s == XenbusStateClosed;
}

static bool gave_up_or_connected(unsigned s)
{
	return gave_up(s) || s == XenbusStateConnected;
}

static bool is_closed(unsigned s)
{
	return s == XenbusStateClosed;
}

/*
 * Closed, Initialising: netback prepares for a reconnect (InitWait).  As
 * a real frontend, wait for the backend to be Closed before starting
 * again: netback reads the frontend's state when its watch runs, and an
 * Initialising seen while it is still Closing is ignored.
 */
static void reconnect(const char *after)
{
	unsigned s;

	set_state(XenbusStateClosed);
	be_wait(is_closed, 30, &s);
	set_state(XenbusStateInitialising);
	check(be_wait(is_initwait, 30, &s),
	      "%s: backend in state %u, not back to InitWait", after, s);
}

struct lie {
	const char *name;
	const char *tx, *rx, *evtchn, *rx_copy, *queues;
	/* Linux 6.1's netback refuses the queue count (xenbus_dev_fatal:
	 * Closing) inside set_backend_state's walk to Connected, which
	 * then goes on to Connected, with no queue: accept either */
	bool may_connect;
};

/* One lie: the frontend says Connected with these nodes. */
static void tell(const struct lie *l)
{
	unsigned s;

	put("tx-ring-ref", l->tx);
	put("rx-ring-ref", l->rx);
	put("event-channel", l->evtchn);
	put("request-rx-copy", l->rx_copy);
	if (l->queues)
		put("multi-queue-num-queues", l->queues);
	set_state(XenbusStateConnected);
	check(be_wait(l->may_connect ? gave_up_or_connected : gave_up, 30, &s),
	      "%s: backend in state %u, not Closing/Closed", l->name, s);
	step_ok(l->name, "backend state %u", s);
	reconnect(l->name);
	if (l->queues) {
		char path[128];

		snprintf(path, sizeof(path), "%s/multi-queue-num-queues", fe);
		xsc_call2(XS_RM, 0, path, NULL, &m);
	}
}

static void flap(unsigned long n)
{
	uint32_t r = 0x2468ace1;
	unsigned long i;

	for (i = 0; i < n; i++) {
		r ^= r << 13;
		r ^= r >> 17;
		r ^= r << 5;
		/* Initialising .. Reconfigured.  Not Unknown: netback takes a
		 * frontend in Unknown as gone and unregisters the device for
		 * good (by design), so no reconnect could follow. */
		set_state(r % 8 + 1);
	}
	reconnect("flapping");
	step_ok("flap", "%lu state changes, backend back in InitWait", n);
}

void guest_main(void)
{
	static const struct lie lies[] = {
		{"not-numbers", "garbage", "x1", "y", "1", NULL, false},
		{"bad-grants", "123456", "654321", "7777", "1", NULL, false},
		{"ungranted", "8", "9", "3", "1", NULL, false},
		{"huge-refs", "4294967295", "4294967296", "4294967295", "1",
		 NULL, false},
		{"no-rx-copy", "8", "9", "3", "0", NULL, false},
		{"queues", "8", "9", "3", "1", "999", true},
		{"empty", "", "", "", "", NULL, false},
	};
	unsigned i, s;

	if (start_info->flags & SIF_INITDOMAIN) {
		printf("net_hostile: dom0 has no vif; the dom0 case "
		       "net-hostile runs this guest as a domU\n");
		pass();
	}
	map_shared_info();
	pvcons_init();
	xsc_init();
	snprintf(fe, sizeof(fe), "device/vif/0");
	check(!xsc_call2(XS_READ, 0, "device/vif/0/backend", NULL, &m),
	      "no device/vif/0/backend: %s", m.body);
	snprintf(be, sizeof(be), "%s", m.body);
	check(be_wait(is_initwait, 30, &s), "backend %s in state %u", be, s);
	step_ok("probe", "backend %s in InitWait", be);
	for (i = 0; i < ARRAY_SIZE(lies); i++)
		tell(&lies[i]);
	flap(cmdline_ulong("flaps=", 200));
	/* leave it as a frontend that went away */
	set_state(XenbusStateClosed);
}
