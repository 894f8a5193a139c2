/*
 * xenstored's requests: payload checks and the database operations of the
 * Xen 4.17 wire protocol (READ, WRITE, MKDIR, RM, DIRECTORY,
 * DIRECTORY_PART, GET_PERMS, SET_PERMS), and the dispatcher for every
 * message type.
 *
 * Interface: xs_process(c, payload) once c->hdr and its payload are
 * complete (store.c calls it); it queues exactly one reply -- the answer,
 * or XS_ERROR with the error's name -- and any watch events.
 *
 * Invariants: an operation checks its arguments, the connection's access
 * (xs_perm_for on the node, or on the nearest existing ancestor for a node
 * that is missing) and the quotas before it changes anything; it runs on
 * the transaction's version if the header names one, else on the main
 * version, whose change stamps st->main_gen.  Payload strings are
 * NUL-terminated inside the payload or the request fails with EINVAL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

struct req {
	struct xs_conn *c;
	const char *p;	      /* payload, NUL guarded */
	size_t len;	      /* payload bytes */
	struct xs_tx *tx;     /* NULL: main version */
	struct xs_tree *tree; /* version operated on */
	const char *argv[8];  /* first strings of the payload */
	unsigned int argc;    /* NUL-terminated strings in the payload */
	size_t used;	      /* bytes those strings take */
	char path[XENSTORE_ABS_PATH_MAX + 64]; /* canonical argv[0] */
};

/*
 * Split p[0..len) into NUL-terminated strings; argv gets the first max.
 * Returns the bytes taken by the terminated strings (a tail without NUL
 * is not counted); *nstr = how many there are.
 */
int xs_split(const char *p, size_t len, const char **argv, unsigned int max,
	     unsigned int *nstr)
{
	size_t off = 0, used = 0;
	const char *nul;

	*nstr = 0;
	while (off < len) {
		nul = memchr(p + off, '\0', len - off);
		if (!nul)
			break;
		if (*nstr < max)
			argv[*nstr] = p + off;
		(*nstr)++;
		off = (size_t)(nul - p) + 1;
		used = off;
	}
	return (int)used;
}

/* The payload is exactly n strings. */
static bool exact(const struct req *r, unsigned int n)
{
	return r->argc == n && r->used == r->len;
}

static int reply(struct req *r, const void *data, size_t len)
{
	return xs_conn_send(r->c, r->c->hdr.type, r->c->hdr.req_id,
			    r->c->hdr.tx_id, data, len);
}

static int reply_ok(struct req *r)
{
	return reply(r, "OK", 3);
}

static void reply_err(struct xs_conn *c, int err)
{
	const char *name = xs_errname(err);

	xs_conn_send(c, XS_ERROR, c->hdr.req_id, c->hdr.tx_id, name,
		     strlen(name) + 1);
}

static bool unpriv(const struct req *r)
{
	return !r->c->privileged;
}

static unsigned int access_to(const struct req *r, const struct xs_node *n)
{
	return xs_perm_for(n->perms, n->nperms, r->c->domid, r->c->privileged);
}

/*
 * The node at r->path if r's connection has "perm" on it.  A missing node
 * is ENOENT if its nearest existing ancestor grants perm, else EACCES, so
 * a domain learns nothing about nodes it may not see.
 */
static int get_node(struct req *r, unsigned int perm, struct xs_node **np)
{
	struct xs_node *n = xs_tree_lookup(r->tree, r->path);

	*np = n;
	if (!n) {
		n = xs_tree_nearest(r->tree, r->path);
		return (access_to(r, n) & perm) == perm ? ENOENT : EACCES;
	}
	return (access_to(r, n) & perm) == perm ? 0 : EACCES;
}

static int canon_arg0(struct req *r)
{
	return xs_canon(r->c, r->argv[0], r->path, sizeof(r->path));
}

/* Stamp for a change of r's version. */
static uint64_t change_gen(struct req *r)
{
	uint64_t gen = ++r->c->st->gen;

	if (r->tx)
		r->tx->changed = true;
	else
		r->c->st->main_gen = gen;
	return gen;
}

static void changed(struct req *r, const char *path, bool recurse,
		    const struct xs_node *n)
{
	if (r->tx)
		xs_tx_event(r->tx, path, recurse, n->perms, n->nperms);
	else
		xs_fire(r->c->st, path, recurse, n->perms, n->nperms);
}

/* ---- reads ---- */

static int op_read(struct req *r)
{
	struct xs_node *n;
	int rc;

	if (!exact(r, 1))
		return EINVAL;
	if ((rc = canon_arg0(r)) || (rc = get_node(r, XS_PERM_READ, &n)))
		return rc;
	return reply(r, n->value, n->vlen);
}

static int list_children(const struct xs_node *n, char *buf, size_t size,
			 size_t *len)
{
	size_t l = 0, k;
	unsigned int i;

	for (i = 0; i < n->nkids; i++) {
		k = strlen(n->kids[i]->name) + 1;
		if (l + k > size)
			return E2BIG;
		memcpy(buf + l, n->kids[i]->name, k);
		l += k;
	}
	*len = l;
	return 0;
}

static int op_directory(struct req *r)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	struct xs_node *n;
	size_t len;
	int rc;

	if (!exact(r, 1))
		return EINVAL;
	if ((rc = canon_arg0(r)) || (rc = get_node(r, XS_PERM_READ, &n)))
		return rc;
	if ((rc = list_children(n, buf, sizeof(buf), &len)))
		return rc;
	return reply(r, buf, len);
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (!*s)
		return EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return EINVAL;
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > max)
			return EINVAL;
	}
	*out = v;
	return 0;
}

/*
 * "<gen>\0" then the whole child names from byte "off" of the list that
 * fit; a final extra NUL says the list is complete.
 */
static int op_directory_part(struct req *r)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	size_t glen, len = 0, pos = 0, k;
	unsigned long off;
	struct xs_node *n;
	unsigned int i;
	int rc;

	if (!exact(r, 2) || parse_uint(r->argv[1], 0xffffffffUL, &off))
		return EINVAL;
	if ((rc = canon_arg0(r)) || (rc = get_node(r, XS_PERM_READ, &n)))
		return rc;
	glen = (size_t)snprintf(buf, sizeof(buf), "%llu",
				(unsigned long long)n->gen) +
	       1;
	len = glen;
	for (i = 0; i < n->nkids; i++) {
		k = strlen(n->kids[i]->name) + 1;
		if (pos >= off) {
			if (len + k + 1 > sizeof(buf))
				return reply(r, buf, len);
			memcpy(buf + len, n->kids[i]->name, k);
			len += k;
		}
		pos += k;
	}
	buf[len++] = '\0';
	return reply(r, buf, len);
}

static int op_get_perms(struct req *r)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	const struct xs_perm *p;
	struct xs_node *n;
	unsigned int np, i;
	size_t len = 0;
	int rc;

	if (!exact(r, 1))
		return EINVAL;
	if (strcmp(r->argv[0], "@introduceDomain") == 0) {
		p = r->c->st->intro_perms;
		np = r->c->st->n_intro_perms;
	} else if (strcmp(r->argv[0], "@releaseDomain") == 0) {
		p = r->c->st->release_perms;
		np = r->c->st->n_release_perms;
	} else {
		if ((rc = canon_arg0(r)) ||
		    (rc = get_node(r, XS_PERM_READ, &n)))
			return rc;
		p = n->perms;
		np = n->nperms;
	}
	for (i = 0; i < np; i++) {
		if (len + 8 > sizeof(buf))
			return E2BIG;
		len += (size_t)xs_perm_format(&p[i], buf + len, 8) + 1;
	}
	return reply(r, buf, len);
}

/* ---- writes ---- */

/*
 * May r create the missing nodes of r->path and give the last one a record
 * of "size" bytes?  Quotas bind unprivileged domains only.
 */
static int check_create(struct req *r, size_t vlen)
{
	struct xs_node *near = xs_tree_nearest(r->tree, r->path);
	const struct xs_quota *q = &r->c->st->quota;
	unsigned int missing = xs_tree_missing(r->tree, r->path);
	const char *first;
	size_t flen;

	if (!(access_to(r, near) & XS_PERM_WRITE))
		return EACCES;
	if (!unpriv(r))
		return 0;
	if (q->entries &&
	    xs_tree_owned(r->tree, r->c->domid) + missing > q->entries)
		return ENOSPC;
	/* the ancestor's child list grows by the first missing name */
	first = r->path + strlen(r->path);
	while (missing > 0) {
		first--;
		if (*first == '/')
			missing--;
	}
	flen = strcspn(first + 1, "/") + 1;
	if (q->node_size && (xs_node_size(near, flen) >= q->node_size ||
			     24 + 8 * near->nperms + vlen >= q->node_size))
		return ENOSPC;
	return 0;
}

static int op_write(struct req *r)
{
	const char *value;
	unsigned int vlen, created = 0;
	struct xs_node *n;
	int rc;

	if (r->argc < 1)
		return EINVAL;
	value = r->argv[0] + strlen(r->argv[0]) + 1;
	vlen = (unsigned int)(r->len - (size_t)(value - r->p));
	if ((rc = canon_arg0(r)))
		return rc;
	rc = get_node(r, XS_PERM_WRITE, &n);
	if (rc == ENOENT)
		rc = check_create(r, vlen);
	else if (!rc && unpriv(r) && r->c->st->quota.node_size &&
		 xs_node_size(n, 0) - n->vlen + vlen >=
			 r->c->st->quota.node_size)
		rc = ENOSPC;
	if (rc)
		return rc;
	n = xs_tree_get_writable(r->tree, r->path, unpriv(r) ? r->c->domid : -1,
				 change_gen(r), &created);
	if (!n || xs_node_set_value(n, value, vlen))
		return ENOMEM;
	reply_ok(r);
	changed(r, r->path, false, n);
	return 0;
}

static int op_mkdir(struct req *r)
{
	unsigned int created = 0;
	struct xs_node *n;
	int rc;

	if (!exact(r, 1))
		return EINVAL;
	if ((rc = canon_arg0(r)))
		return rc;
	rc = get_node(r, XS_PERM_WRITE, &n);
	if (rc == 0)
		return reply_ok(r);
	if (rc != ENOENT || (rc = check_create(r, 0)))
		return rc;
	n = xs_tree_get_writable(r->tree, r->path, unpriv(r) ? r->c->domid : -1,
				 change_gen(r), &created);
	if (!n)
		return ENOMEM;
	reply_ok(r);
	changed(r, r->path, false, n);
	return 0;
}

static int op_rm(struct req *r)
{
	struct xs_perm *perms;
	struct xs_node *n;
	unsigned int np;
	char *slash;
	int rc;

	if (!exact(r, 1))
		return EINVAL;
	if ((rc = canon_arg0(r)))
		return rc;
	rc = get_node(r, XS_PERM_WRITE, &n);
	if (rc == ENOENT) {
		/* fine if the parent exists */
		slash = strrchr(r->path, '/');
		*(slash == r->path ? slash + 1 : slash) = '\0';
		if (!xs_tree_lookup(r->tree, r->path))
			return ENOENT;
		return reply_ok(r);
	}
	if (rc)
		return rc;
	if (strcmp(r->path, "/") == 0)
		return EINVAL;
	np = n->nperms;
	perms = malloc(np * sizeof(*perms));
	if (!perms)
		return ENOMEM;
	memcpy(perms, n->perms, np * sizeof(*perms));
	rc = xs_tree_remove(r->tree, r->path, change_gen(r));
	if (!rc) {
		reply_ok(r);
		if (r->tx)
			xs_tx_event(r->tx, r->path, true, perms, np);
		else
			xs_fire(r->c->st, r->path, true, perms, np);
	}
	free(perms);
	return rc;
}

static int parse_perms(struct req *r, struct xs_perm *p, unsigned int np)
{
	const char *s = r->argv[0] + strlen(r->argv[0]) + 1;
	unsigned int i;

	for (i = 0; i < np; i++, s += strlen(s) + 1)
		if (xs_perm_parse(s, &p[i]))
			return EINVAL;
	return 0;
}

static int set_special(struct req *r, struct xs_perm *p, unsigned int np)
{
	struct xs_store *st = r->c->st;
	struct xs_perm **dst;
	unsigned int *ndst;

	if (unpriv(r))
		return EACCES;
	if (strcmp(r->argv[0], "@introduceDomain") == 0) {
		dst = &st->intro_perms;
		ndst = &st->n_intro_perms;
	} else if (strcmp(r->argv[0], "@releaseDomain") == 0) {
		dst = &st->release_perms;
		ndst = &st->n_release_perms;
	} else {
		return ENOENT;
	}
	free(*dst);
	*dst = p;
	*ndst = np;
	return reply_ok(r);
}

static int set_node_perms(struct req *r, struct xs_perm *p, unsigned int np)
{
	unsigned int created = 0;
	struct xs_node *n;
	int rc;

	if ((rc = canon_arg0(r)) || (rc = get_node(r, XS_PERM_WRITE, &n)))
		return rc;
	if (!(access_to(r, n) & XS_PERM_OWNER))
		return EACCES;
	if (unpriv(r) && p[0].id != n->perms[0].id)
		return EPERM;
	if (unpriv(r) && r->c->st->quota.node_size &&
	    xs_node_size(n, 0) + 8 * np - 8 * n->nperms >=
		    r->c->st->quota.node_size)
		return ENOSPC;
	n = xs_tree_get_writable(r->tree, r->path, -1, change_gen(r), &created);
	if (!n || xs_tree_set_perms(r->tree, n, p, np))
		return ENOMEM;
	reply_ok(r);
	changed(r, r->path, false, n);
	return 0;
}

static int op_set_perms(struct req *r)
{
	unsigned int np = r->argc - 1;
	struct xs_perm *p;
	int rc;

	if (r->argc < 2 || r->used != r->len || np > XS_MAX_PERMS)
		return EINVAL;
	if (unpriv(r) && r->c->st->quota.perms && np > r->c->st->quota.perms)
		return ENOSPC;
	p = calloc(np, sizeof(*p));
	if (!p)
		return ENOMEM;
	rc = parse_perms(r, p, np);
	if (!rc && r->argv[0][0] == '@') {
		rc = set_special(r, p, np);
		if (!rc)
			return 0; /* p now belongs to the store */
	} else if (!rc) {
		rc = set_node_perms(r, p, np);
	}
	free(p);
	return rc;
}

/* ---- watches and transactions ---- */

static int op_watch(struct req *r)
{
	struct xs_watch *w;
	int rc;

	if (!exact(r, 2))
		return EINVAL;
	if ((rc = xs_watch_add(r->c, r->argv[0], r->argv[1], &w)))
		return rc;
	reply_ok(r);
	xs_watch_send(r->c, w, w->path); /* the initial event */
	return 0;
}

static int op_unwatch(struct req *r)
{
	int rc;

	if (!exact(r, 2))
		return EINVAL;
	if ((rc = xs_watch_remove(r->c, r->argv[0], r->argv[1])))
		return rc;
	return reply_ok(r);
}

static int op_reset_watches(struct req *r)
{
	xs_watch_clear(r->c);
	xs_tx_clear(r->c);
	return reply_ok(r);
}

static int op_tx_start(struct req *r)
{
	char buf[16];
	uint32_t id;
	int rc;

	if (r->tx)
		return EBUSY; /* no nested transactions */
	if ((rc = xs_tx_start(r->c, &id)))
		return rc;
	return reply(r, buf, (size_t)snprintf(buf, sizeof(buf), "%u", id) + 1);
}

static int op_tx_end(struct req *r)
{
	bool commit;
	int rc;

	if (!r->tx)
		return ENOENT;
	if (!exact(r, 1))
		return EINVAL;
	if (strcmp(r->argv[0], "T") == 0)
		commit = true;
	else if (strcmp(r->argv[0], "F") == 0)
		commit = false;
	else
		return EINVAL;
	if ((rc = xs_tx_end(r->c, r->tx, commit)))
		return rc;
	return reply_ok(r);
}

/* ---- domains and control ---- */

static int op_introduce(struct req *r)
{
	int rc;

	if (unpriv(r))
		return EACCES;
	if (r->argc < 3)
		return EINVAL;
	if ((rc = xs_domain_introduce(r->c, r->argv)))
		return rc;
	reply_ok(r);
	xs_fire_special(r->c->st, "@introduceDomain");
	return 0;
}

static int op_domid_arg(struct req *r, uint16_t *domid)
{
	if (!exact(r, 1) || xs_parse_domid(r->argv[0], domid))
		return EINVAL;
	return 0;
}

static int op_release(struct req *r)
{
	uint16_t domid;
	int rc;

	if (unpriv(r))
		return EACCES;
	if ((rc = op_domid_arg(r, &domid)) ||
	    (rc = xs_domain_release(r->c, domid)))
		return rc;
	reply_ok(r);
	xs_fire_special(r->c->st, "@releaseDomain");
	return 0;
}

static int op_resume(struct req *r)
{
	uint16_t domid;
	int rc;

	if (unpriv(r))
		return EACCES;
	if ((rc = op_domid_arg(r, &domid)))
		return rc;
	if (!xs_domain_find(r->c->st, domid))
		return ENOENT;
	return reply_ok(r);
}

static int op_get_domain_path(struct req *r)
{
	char buf[32];
	uint16_t domid;
	int rc;

	if ((rc = op_domid_arg(r, &domid)))
		return rc;
	return reply(
		r, buf,
		(size_t)snprintf(buf, sizeof(buf), "/local/domain/%u", domid) +
			1);
}

static int op_is_introduced(struct req *r)
{
	uint16_t domid;
	bool yes;
	int rc;

	if ((rc = op_domid_arg(r, &domid)))
		return rc;
	yes = domid == 0 || domid == r->c->domid ||
	      xs_domain_find(r->c->st, domid);
	return reply(r, yes ? "T" : "F", 2);
}

/* Stub domains' targets are not supported (yet). */
static int op_set_target(struct req *r)
{
	return unpriv(r) ? EACCES : ENOSYS;
}

static int op_control(struct req *r)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	int len;

	if (unpriv(r))
		return EACCES;
	if (r->argc < 1 || r->used != r->len)
		return EINVAL;
	len = xs_control(r->c, r->argv, buf, sizeof(buf));
	if (len < 0)
		return -len;
	return reply(r, buf, (size_t)len);
}

/* ---- dispatch ---- */

typedef int (*op_fn)(struct req *r);

/*
 * Xen 4.17's table (xenstored_core.c wire_funcs): "priv" types answer
 * EACCES to unprivileged domains before anything else, and the header's
 * tx_id is looked up (unknown: ENOENT) for every type but WATCH and
 * UNWATCH.
 */
static const struct {
	op_fn fn;
	bool notid; /* tx_id is ignored */
	bool priv;  /* dom0 only */
} ops[XS_TYPE_COUNT] = {
	[XS_CONTROL] = {op_control, false, true},
	[XS_DIRECTORY] = {op_directory, false, false},
	[XS_READ] = {op_read, false, false},
	[XS_GET_PERMS] = {op_get_perms, false, false},
	[XS_WATCH] = {op_watch, true, false},
	[XS_UNWATCH] = {op_unwatch, true, false},
	[XS_TRANSACTION_START] = {op_tx_start, false, false},
	[XS_TRANSACTION_END] = {op_tx_end, false, false},
	[XS_INTRODUCE] = {op_introduce, false, true},
	[XS_RELEASE] = {op_release, false, true},
	[XS_GET_DOMAIN_PATH] = {op_get_domain_path, false, false},
	[XS_WRITE] = {op_write, false, false},
	[XS_MKDIR] = {op_mkdir, false, false},
	[XS_RM] = {op_rm, false, false},
	[XS_SET_PERMS] = {op_set_perms, false, false},
	[XS_IS_DOMAIN_INTRODUCED] = {op_is_introduced, false, true},
	[XS_RESUME] = {op_resume, false, true},
	[XS_SET_TARGET] = {op_set_target, false, true},
	[XS_RESET_WATCHES] = {op_reset_watches, false, false},
	[XS_DIRECTORY_PART] = {op_directory_part, false, false},
};

void xs_process(struct xs_conn *c, const char *payload)
{
	uint32_t type = c->hdr.type;
	struct req r;
	int rc;

	memset(&r, 0, offsetof(struct req, path));
	r.path[0] = '\0';
	r.c = c;
	r.p = payload;
	r.len = c->hdr.len;
	r.tree = &c->st->tree;
	if (type >= XS_TYPE_COUNT || !ops[type].fn) {
		reply_err(c, ENOSYS);
		return;
	}
	if (ops[type].priv && !c->privileged) {
		reply_err(c, EACCES);
		return;
	}
	if (!ops[type].notid && c->hdr.tx_id) {
		r.tx = xs_tx_find(c, c->hdr.tx_id);
		if (!r.tx) {
			reply_err(c, ENOENT);
			return;
		}
		r.tree = &r.tx->tree;
	}
	r.used = (size_t)xs_split(payload, r.len, r.argv, 8, &r.argc);
	rc = ops[type].fn(&r);
	if (rc)
		reply_err(c, rc);
}
