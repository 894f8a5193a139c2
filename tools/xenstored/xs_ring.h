/*
 * xenstored's side of a domain's shared ring page (struct
 * xenstore_domain_interface): requests in, replies and events out.
 *
 * Interface: xs_ring_read() takes up to "max" request bytes,
 * xs_ring_write() puts up to "len" reply bytes; both return the bytes
 * moved (0: nothing possible now) or -1 when the guest's indexes are
 * impossible (more than a ring apart), after which the ring is unusable.
 * The caller notifies the guest's event channel when bytes moved.
 * xs_ring_serve() runs one round of a connection on its ring.
 *
 * Invariants: each index the guest writes is read once per call, before
 * the data, and checked; our index is published after the data (full
 * barriers, as Xen's xenstored).
 */
#ifndef XS_RING_H
#define XS_RING_H

#include <stdbool.h>
#include <stddef.h>

#include <public/io/xs_wire.h>

int xs_ring_read(struct xenstore_domain_interface *intf, void *buf, size_t max);
int xs_ring_write(struct xenstore_domain_interface *intf, const void *buf,
		  size_t len);

struct xs_conn;
uint32_t xs_ring_serve(struct xs_conn *c,
		       struct xenstore_domain_interface *intf, bool *moved);

#endif /* XS_RING_H */
