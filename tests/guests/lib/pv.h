/*
 * The PV devices a toolstack gives a domU, guest side: its console ring
 * (start_info.console.domU, served by xenconsoled) and its xenstore ring
 * (start_info.store_mfn/store_evtchn, served by xenstored).  For micro
 * guests started from dom0 by xm, whose results dom0 reads from the
 * console log.
 *
 * Interface: map_shared_info() first; pvcons_init() makes every printf
 * also go to the console ring; xsc_init() finds the xenstore ring, then
 * xsc_call() (one request, its reply) or the raw ring helpers for
 * hostile traffic.  Every wait is bounded by a timeout in ns of guest
 * system time and polls the ring's event channel (SCHEDOP_poll; events
 * stay masked).
 * Invariants: our ring indexes are written only after the data (full
 * barriers); the peer's index is read once per look and checked.
 */
#ifndef GUEST_PV_H
#define GUEST_PV_H

#include "guest.h"

#include <public/io/console.h>
#include <public/io/xs_wire.h>

#define MS_NS	    1000000ULL
#define XSC_TIMEOUT (20000 * MS_NS) /* a reply, under TCG and load */

/* The VA of one of our pages, by its machine frame (M2P, then 1:1). */
void *mfn_to_virt(unsigned long mfn);
/* SCHEDOP_poll on port until it is pending or deadline_ns; clears it. */
void port_wait(evtchn_port_t port, uint64_t deadline_ns);
void port_notify(evtchn_port_t port);
/* The value of "key=N" on the command line, or dflt. */
unsigned long cmdline_ulong(const char *key, unsigned long dflt);

/* ---- console ring ---- */
void pvcons_init(void);

/* ---- xenstore ring ---- */
struct xsc_msg {
	struct xsd_sockmsg hdr;
	char body[XENSTORE_PAYLOAD_MAX + 1]; /* NUL added after hdr.len */
};

extern struct xenstore_domain_interface *xsc_intf;
extern evtchn_port_t xsc_port;
extern unsigned long xsc_events; /* XS_WATCH_EVENTs skipped so far */

void xsc_init(void);
/* Bytes that fit now / are there now; move them (no waiting). */
size_t xsc_put_some(const void *buf, size_t len);
size_t xsc_get_some(void *buf, size_t len);
/* All of len, notifying and waiting as needed; false on timeout. */
bool xsc_put(const void *buf, size_t len, uint64_t timeout_ns);
bool xsc_get(void *buf, size_t len, uint64_t timeout_ns);
/* A request: returns its req_id (fail()s on timeout). */
uint32_t xsc_send(uint32_t type, uint32_t tx, const void *payload, size_t len);
/* The next message that is not a watch event (false on timeout). */
bool xsc_recv(struct xsc_msg *m, uint64_t timeout_ns);
bool xsc_recv_any(struct xsc_msg *m, uint64_t timeout_ns);
/*
 * One request and its reply (fail()s on timeout or a wrong req_id):
 * NULL when the reply has the request's type, else the XS_ERROR name.
 */
const char *xsc_call(uint32_t type, uint32_t tx, const void *payload,
		     size_t len, struct xsc_msg *m);
/* Payload of strings a, b (b may be NULL), each with its NUL. */
const char *xsc_call2(uint32_t type, uint32_t tx, const char *a, const char *b,
		      struct xsc_msg *m);
/* XS_WRITE path = value (no NUL after the value, as the protocol). */
const char *xsc_write(uint32_t tx, const char *path, const char *value,
		      struct xsc_msg *m);

#endif
