/*
 * xenstored's core: the store (database, domains, connections), the
 * requests of the Xen 4.17 wire protocol, watches, transactions and
 * per-domain quotas.  Everything here is plain C on memory and runs on the
 * host in unit tests; the transport (xs_io.c) moves bytes between these
 * connections and sockets or shared rings.
 *
 * Interface: xs_store_init(); xs_conn_new() per client (a socket client is
 * dom0 and privileged; a ring client is its domain); give it bytes with
 * xs_conn_in_want()/xs_conn_in_put() -- a complete message is processed at
 * once and its reply, and any watch events, are appended to the output
 * queues (xs_conn_out_peek()/xs_conn_out_done()); xs_conn_free() at the
 * end.  The transport's hooks (struct xs_hooks) are called for INTRODUCE
 * and RELEASE.
 *
 * Invariants: a request either fails with one error reply and no change, or
 * succeeds completely (ENOMEM excepted); the main tree changes only outside
 * transactions or at a successful commit; a connection with "broken" set
 * has violated the framing and is never read again.
 */
#ifndef XENSTORED_H
#define XENSTORED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/io/xs_wire.h>

#include "xs_tree.h"

/*
 * Xen 4.17's default quotas (xenstored_core.c), applied to unprivileged
 * domains only.  Limits are "at most": the request that would exceed one
 * fails.
 */
#define XS_QUOTA_ENTRIES      1000 /* nodes owned per domain -> ENOSPC */
#define XS_QUOTA_WATCHES      128  /* watches per connection -> E2BIG */
#define XS_QUOTA_TRANSACTIONS 10   /* open per connection -> ENOSPC */
#define XS_QUOTA_NODE_SIZE    2048 /* node record bytes (< this) -> ENOSPC */
#define XS_QUOTA_PERMS	      5	   /* entries per SET_PERMS -> ENOSPC */

/* Our own bound: output queued for a client that does not read. */
#define XS_OUT_MAX (256 * 1024) /* bytes; watch events are dropped beyond */

struct xs_quota {
	unsigned int entries, watches, transactions, node_size, perms;
};

struct xs_watch {
	char *path;    /* canonical absolute path or "@..." */
	char *token;   /* client's token */
	bool relative; /* report paths relative to the home */
	struct xs_watch *next;
};

struct xs_event {
	char *path;	       /* changed path */
	bool recurse;	       /* removal: watches below path fire too */
	struct xs_perm *perms; /* who may see it (copy) */
	unsigned int nperms;
	struct xs_event *next;
};

struct xs_tx {
	uint32_t id;	     /* != 0 */
	uint64_t base;	     /* store->main_gen at start */
	struct xs_tree tree; /* the transaction's version */
	bool changed;	     /* tree differs from its start */
	struct xs_event *events, **events_tail; /* fired at commit */
	struct xs_tx *next;
};

struct xs_store;

struct xs_conn {
	struct xs_store *st;
	uint16_t domid;	 /* 0 for sockets */
	bool privileged; /* dom0: every access, no quotas */
	bool broken;	 /* framing violated: stop reading */
	struct xs_watch *watches;
	unsigned int nwatches;
	struct xs_tx *txs;
	unsigned int ntxs;
	uint32_t next_txid;
	/* input: one message being assembled */
	struct xsd_sockmsg hdr; /* valid once in_used >= 16 */
	char in[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX + 1];
	size_t in_used; /* bytes of in[] filled */
	/* output: queued bytes, out[out_head..out_len) pending */
	char *out;
	size_t out_len, out_head, out_cap;
	unsigned int dropped; /* watch events dropped (XS_OUT_MAX) */
	void *io;	      /* transport's state */
	struct xs_conn *next;
};

struct xs_domain {
	uint16_t domid;
	uint64_t mfn;	      /* from INTRODUCE */
	uint32_t port;	      /* its event channel, from INTRODUCE */
	struct xs_conn *conn; /* its ring connection, may be NULL */
	bool shutdown;	      /* @releaseDomain fired for its shutdown */
	struct xs_domain *next;
};

struct xs_hooks {
	/* INTRODUCE accepted: set up the ring; return the connection. */
	struct xs_conn *(*introduce)(struct xs_store *st, uint16_t domid,
				     uint64_t mfn, uint32_t port, int *err);
	/* RELEASE (or connection loss): tear down conn's transport. */
	void (*release)(struct xs_store *st, struct xs_conn *conn);
};

struct xs_store {
	struct xs_tree tree; /* main version */
	uint64_t gen;	     /* last generation stamp handed out */
	uint64_t main_gen;   /* stamp of the last main-tree change */
	struct xs_conn *conns;
	struct xs_domain *doms;
	struct xs_quota quota;
	struct xs_perm *intro_perms, *release_perms; /* special paths */
	unsigned int n_intro_perms, n_release_perms;
	struct xs_hooks hooks;
	void *io; /* transport's state */
};

/* store.c */
int xs_store_init(struct xs_store *st);
void xs_store_fini(struct xs_store *st);
struct xs_conn *xs_conn_new(struct xs_store *st, uint16_t domid);
void xs_conn_free(struct xs_conn *c);
size_t xs_conn_in_want(const struct xs_conn *c);
void xs_conn_in_put(struct xs_conn *c, const void *buf, size_t len);
size_t xs_conn_out_peek(const struct xs_conn *c, const void **buf);
void xs_conn_out_done(struct xs_conn *c, size_t len);
int xs_conn_send(struct xs_conn *c, uint32_t type, uint32_t req_id,
		 uint32_t tx_id, const void *data, size_t len);
const char *xs_errname(int err);
int xs_canon(const struct xs_conn *c, const char *in, char *out, size_t size);

/* xs_ops.c: one request, c->hdr + payload, is answered */
void xs_process(struct xs_conn *c, const char *payload);
int xs_split(const char *p, size_t len, const char **argv, unsigned int max,
	     unsigned int *nstr);

/* xs_watch.c */
int xs_watch_add(struct xs_conn *c, const char *path, const char *token,
		 struct xs_watch **wp);
void xs_watch_send(struct xs_conn *c, const struct xs_watch *w,
		   const char *epath);
int xs_watch_remove(struct xs_conn *c, const char *path, const char *token);
void xs_watch_clear(struct xs_conn *c);
void xs_fire(struct xs_store *st, const char *path, bool recurse,
	     const struct xs_perm *p, unsigned int np);
void xs_fire_special(struct xs_store *st, const char *name);

/* xs_tx.c */
struct xs_tx *xs_tx_find(struct xs_conn *c, uint32_t id);
int xs_tx_start(struct xs_conn *c, uint32_t *id);
int xs_tx_end(struct xs_conn *c, struct xs_tx *tx, bool commit);
void xs_tx_clear(struct xs_conn *c);
int xs_tx_event(struct xs_tx *tx, const char *path, bool recurse,
		const struct xs_perm *p, unsigned int np);

/* xs_domain.c */
struct xs_domain *xs_domain_find(struct xs_store *st, uint16_t domid);
int xs_domain_introduce(struct xs_conn *c, const char **argv);
int xs_domain_release(struct xs_conn *c, uint16_t domid);
/* The hypervisor's view of a domain: 0 and its XEN_DOMINF_* flags, or
 * -ESRCH when it no longer exists (other errors: leave it alone). */
typedef int (*xs_dominfo_fn)(uint16_t domid, uint32_t *flags);
void xs_domain_check(struct xs_store *st, xs_dominfo_fn info);
void xs_domain_gone(struct xs_store *st, struct xs_conn *conn);
int xs_parse_domid(const char *s, uint16_t *domid);
int xs_control(struct xs_conn *c, const char **argv, char *reply, size_t size);

#endif /* XENSTORED_H */
