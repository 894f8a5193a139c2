/*
 * xenstored's store and connections: set-up and tear-down, framing of
 * incoming messages, the output queue, error names and path
 * canonicalisation.
 *
 * Interface: see xenstored.h.
 *
 * Invariants: c->in holds at most one message; a header announcing more
 * than XENSTORE_PAYLOAD_MAX bytes marks the connection broken (Xen closes
 * such a connection) and nothing more is read from it; a connection whose
 * output is not drained stops being read (xs_conn_in_want() = 0) once half
 * of XS_OUT_MAX is queued, so no client can make us queue without bound.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

#define DOMAIN_HOME "/local/domain/"

int xs_store_init(struct xs_store *st)
{
	int rc;

	memset(st, 0, sizeof(*st));
	rc = xs_tree_init(&st->tree);
	if (rc)
		return rc;
	st->quota = (struct xs_quota){XS_QUOTA_ENTRIES, XS_QUOTA_WATCHES,
				      XS_QUOTA_TRANSACTIONS, XS_QUOTA_NODE_SIZE,
				      XS_QUOTA_PERMS};
	st->intro_perms = calloc(1, sizeof(struct xs_perm));
	st->release_perms = calloc(1, sizeof(struct xs_perm));
	if (!st->intro_perms || !st->release_perms) {
		xs_store_fini(st);
		return ENOMEM;
	}
	st->n_intro_perms = st->n_release_perms = 1; /* "n0" */
	return 0;
}

void xs_store_fini(struct xs_store *st)
{
	struct xs_domain *d;

	while (st->conns)
		xs_conn_free(st->conns);
	while ((d = st->doms)) {
		st->doms = d->next;
		free(d);
	}
	xs_tree_free(&st->tree);
	free(st->intro_perms);
	free(st->release_perms);
}

struct xs_conn *xs_conn_new(struct xs_store *st, uint16_t domid)
{
	struct xs_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->st = st;
	c->domid = domid;
	c->privileged = domid == 0;
	c->next_txid = 1;
	c->next = st->conns;
	st->conns = c;
	return c;
}

/* Unlinks and frees c; the transport has released its own state. */
void xs_conn_free(struct xs_conn *c)
{
	struct xs_conn **pp;
	struct xs_domain *d;

	for (pp = &c->st->conns; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	for (d = c->st->doms; d; d = d->next)
		if (d->conn == c)
			d->conn = NULL;
	xs_watch_clear(c);
	xs_tx_clear(c);
	free(c->out);
	free(c);
}

/* ---- input ---- */

size_t xs_conn_in_want(const struct xs_conn *c)
{
	if (c->broken || c->out_len - c->out_head > XS_OUT_MAX / 2)
		return 0;
	if (c->in_used < sizeof(struct xsd_sockmsg))
		return sizeof(struct xsd_sockmsg) - c->in_used;
	return sizeof(struct xsd_sockmsg) + c->hdr.len - c->in_used;
}

/* Precondition: len <= xs_conn_in_want(c). */
void xs_conn_in_put(struct xs_conn *c, const void *buf, size_t len)
{
	const size_t hlen = sizeof(struct xsd_sockmsg);

	if (len == 0 || len > xs_conn_in_want(c))
		return;
	memcpy(c->in + c->in_used, buf, len);
	c->in_used += len;
	if (c->in_used < hlen)
		return;
	if (c->in_used == hlen) {
		memcpy(&c->hdr, c->in, hlen);
		if (c->hdr.len > XENSTORE_PAYLOAD_MAX) {
			c->broken = true;
			return;
		}
	}
	if (c->in_used < hlen + c->hdr.len)
		return;
	c->in[c->in_used] = '\0'; /* a guard, outside the payload */
	c->in_used = 0;
	xs_process(c, c->in + hlen);
}

/* ---- output ---- */

static int out_reserve(struct xs_conn *c, size_t more)
{
	size_t cap = c->out_cap ? c->out_cap : 4096;
	char *n;

	if (c->out_head == c->out_len)
		c->out_head = c->out_len = 0;
	if (c->out_len + more <= c->out_cap)
		return 0;
	if (c->out_head) {
		memmove(c->out, c->out + c->out_head, c->out_len - c->out_head);
		c->out_len -= c->out_head;
		c->out_head = 0;
		if (c->out_len + more <= c->out_cap)
			return 0;
	}
	while (cap < c->out_len + more)
		cap *= 2;
	n = realloc(c->out, cap);
	if (!n)
		return ENOMEM;
	c->out = n;
	c->out_cap = cap;
	return 0;
}

int xs_conn_send(struct xs_conn *c, uint32_t type, uint32_t req_id,
		 uint32_t tx_id, const void *data, size_t len)
{
	struct xsd_sockmsg h = {type, req_id, tx_id, (uint32_t)len};

	if (len > XENSTORE_PAYLOAD_MAX)
		return E2BIG;
	if (out_reserve(c, sizeof(h) + len))
		return ENOMEM;
	memcpy(c->out + c->out_len, &h, sizeof(h));
	if (len)
		memcpy(c->out + c->out_len + sizeof(h), data, len);
	c->out_len += sizeof(h) + len;
	return 0;
}

size_t xs_conn_out_peek(const struct xs_conn *c, const void **buf)
{
	*buf = c->out + c->out_head;
	return c->out_len - c->out_head;
}

void xs_conn_out_done(struct xs_conn *c, size_t len)
{
	if (len > c->out_len - c->out_head)
		len = c->out_len - c->out_head;
	c->out_head += len;
}

/* ---- names and paths ---- */

const char *xs_errname(int err)
{
	unsigned int i;

	for (i = 0; i < XSD_ERROR_COUNT; i++)
		if (xsd_errors[i].errnum == err)
			return xsd_errors[i].errstring;
	return "EINVAL"; /* Xen's answer for a number without a name */
}

/*
 * The absolute form of a node path sent by c: relative paths are below
 * /local/domain/<domid>.  An unprivileged domain's paths below its own home
 * may be XENSTORE_REL_PATH_MAX long after the home (Xen's rule).
 */
int xs_canon(const struct xs_conn *c, const char *in, char *out, size_t size)
{
	char home[32];
	size_t hlen;
	int n;

	hlen = (size_t)snprintf(home, sizeof(home), DOMAIN_HOME "%u/",
				c->domid);
	if (in[0] == '/')
		n = snprintf(out, size, "%s", in);
	else
		n = snprintf(out, size, "%s%s", home, in);
	if (n < 0 || (size_t)n >= size || !xs_path_valid(out))
		return EINVAL;
	if (!c->privileged && strncmp(out, home, hlen) == 0 &&
	    strlen(out) - hlen > XENSTORE_REL_PATH_MAX)
		return EINVAL;
	return 0;
}
