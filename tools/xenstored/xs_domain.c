/*
 * xenstored's domains: XS_INTRODUCE and XS_RELEASE, the connection each
 * introduced domain talks on, clean-up when a domain goes away (its nodes
 * are removed, as Xen does since XSA-322), and the minimal XS_CONTROL.
 *
 * Interface: xs_domain_introduce()/xs_domain_release() for the requests,
 * xs_domain_gone() when the transport sees a domain's ring die,
 * xs_domain_check() when the hypervisor reports a domain exception.
 * Without transport hooks (unit tests) INTRODUCE just creates a
 * connection for the domain, which the caller may then drive.
 *
 * Invariants: st->doms holds each introduced domain once; domain 0 (dom0,
 * the socket clients) is never in it and is always "introduced".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <public/xen.h>
#include <public/domctl.h>

#include "xenstored.h"

int xs_parse_domid(const char *s, uint16_t *domid)
{
	unsigned long v = 0;

	if (!*s)
		return EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return EINVAL;
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > 0xffff)
			return EINVAL;
	}
	*domid = (uint16_t)v;
	return 0;
}

/* Signed or unsigned decimal, as toolstacks send frame numbers. */
static int parse_num(const char *s, uint64_t max, uint64_t *out)
{
	bool neg = *s == '-';
	uint64_t v = 0;

	s += neg;
	if (!*s)
		return EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (max - 9) / 10)
			return EINVAL;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = neg ? (uint64_t) - (int64_t)v : v;
	return 0;
}

struct xs_domain *xs_domain_find(struct xs_store *st, uint16_t domid)
{
	struct xs_domain *d;

	for (d = st->doms; d; d = d->next)
		if (d->domid == domid)
			return d;
	return NULL;
}

/* Precondition: argv holds at least 3 strings. */
int xs_domain_introduce(struct xs_conn *c, const char **argv)
{
	struct xs_store *st = c->st;
	uint64_t mfn, port;
	struct xs_domain *d;
	uint16_t domid;
	int err = 0;

	if (xs_parse_domid(argv[0], &domid) || domid == 0 ||
	    domid >= DOMID_FIRST_RESERVED ||
	    parse_num(argv[1], UINT64_MAX, &mfn) ||
	    parse_num(argv[2], 0xffffffffULL, &port))
		return EINVAL;
	if (xs_domain_find(st, domid))
		return 0; /* already talking to it: nothing changes */
	d = calloc(1, sizeof(*d));
	if (!d)
		return ENOMEM;
	d->domid = domid;
	d->mfn = mfn;
	d->port = (uint32_t)port;
	if (st->hooks.introduce)
		d->conn = st->hooks.introduce(st, domid, mfn, d->port, &err);
	else
		d->conn = xs_conn_new(st, domid);
	if (!d->conn) {
		free(d);
		return err ? err : ENOMEM;
	}
	d->next = st->doms;
	st->doms = d;
	return 0;
}

/* ---- removal of a domain's nodes ---- */

struct owned {
	char **paths; /* top-most nodes owned by the domain */
	unsigned int n;
};

static void find_owned(const struct xs_node *n, char *path, size_t len,
		       uint16_t domid, struct owned *o)
{
	size_t base = len > 1 ? len : 0, k;
	unsigned int i;
	char **p;

	if (len > 1 && n->perms[0].id == domid) {
		p = realloc(o->paths, (o->n + 1) * sizeof(*p));
		if (p)
			o->paths = p;
		if (p && (p[o->n] = strdup(path)))
			o->n++;
		return;
	}
	for (i = 0; i < n->nkids; i++) {
		k = strlen(n->kids[i]->name);
		if (base + 1 + k > XENSTORE_ABS_PATH_MAX)
			continue;
		path[base] = '/';
		memcpy(path + base + 1, n->kids[i]->name, k + 1);
		find_owned(n->kids[i], path, base + 1 + k, domid, o);
		path[len] = '\0';
	}
}

static void remove_owned(struct xs_store *st, uint16_t domid)
{
	char path[XENSTORE_ABS_PATH_MAX + 2] = "/";
	struct owned o = {NULL, 0};
	const struct xs_node *n;
	struct xs_perm *perms;
	unsigned int i, np;

	find_owned(st->tree.root, path, 1, domid, &o);
	for (i = 0; i < o.n; i++) {
		n = xs_tree_lookup(&st->tree, o.paths[i]);
		np = n ? n->nperms : 0;
		perms = n ? malloc(np * sizeof(*perms)) : NULL;
		if (perms) {
			memcpy(perms, n->perms, np * sizeof(*perms));
			if (!xs_tree_remove(&st->tree, o.paths[i], ++st->gen))
				xs_fire(st, o.paths[i], true, perms, np);
			st->main_gen = st->gen;
			free(perms);
		}
		free(o.paths[i]);
	}
	free(o.paths);
}

static void domain_drop(struct xs_store *st, struct xs_domain *d)
{
	struct xs_domain **pp;

	for (pp = &st->doms; *pp; pp = &(*pp)->next) {
		if (*pp == d) {
			*pp = d->next;
			break;
		}
	}
	if (d->conn) {
		if (st->hooks.release)
			st->hooks.release(st, d->conn);
		xs_conn_free(d->conn);
	}
	remove_owned(st, d->domid);
	free(d);
}

int xs_domain_release(struct xs_conn *c, uint16_t domid)
{
	struct xs_domain *d = xs_domain_find(c->st, domid);

	if (!d)
		return ENOENT;
	if (d->conn == c)
		return EINVAL; /* a domain cannot release itself */
	domain_drop(c->st, d);
	return 0;
}

/* The transport lost conn's domain (destroyed, or ring unusable). */
void xs_domain_gone(struct xs_store *st, struct xs_conn *conn)
{
	struct xs_domain *d;

	for (d = st->doms; d; d = d->next) {
		if (d->conn == conn) {
			domain_drop(st, d);
			xs_fire_special(st, "@releaseDomain");
			return;
		}
	}
}

/*
 * VIRQ_DOM_EXC fired (or a periodic look): every introduced domain that
 * is dying or gone is released (ring closed, nodes removed) and
 * @releaseDomain fires; so it does, once, when a domain shuts down, as
 * Xen's xenstored does, so a toolstack learns of poweroff, reboot and
 * crash before it destroys the domain.
 */
void xs_domain_check(struct xs_store *st, xs_dominfo_fn info)
{
	struct xs_domain *d, *next;
	bool fire = false;
	uint32_t flags;
	int rc;

	for (d = st->doms; d; d = next) {
		next = d->next;
		flags = 0;
		rc = info(d->domid, &flags);
		if (rc != 0 && rc != -ESRCH)
			continue;
		if (rc == 0 && (flags & XEN_DOMINF_shutdown) && !d->shutdown) {
			d->shutdown = true;
			fire = true;
		}
		if (rc == -ESRCH || (flags & XEN_DOMINF_dying)) {
			domain_drop(st, d);
			fire = true;
		}
	}
	if (fire)
		xs_fire_special(st, "@releaseDomain");
}

/* ---- XS_CONTROL ---- */

/* Returns the reply's length, or -errno. */
int xs_control(struct xs_conn *c, const char **argv, char *reply, size_t size)
{
	const struct xs_quota *q = &c->st->quota;
	int n;

	if (strcmp(argv[0], "check") == 0) {
		n = snprintf(reply, size, "OK");
	} else if (strcmp(argv[0], "help") == 0) {
		n = snprintf(reply, size, "check\nhelp\nquota\n");
	} else if (strcmp(argv[0], "quota") == 0) {
		n = snprintf(reply, size,
			     "nodes %u\nwatches %u\ntransactions %u\n"
			     "node-size %u\npermissions %u\n",
			     q->entries, q->watches, q->transactions,
			     q->node_size, q->perms);
	} else {
		return -EINVAL;
	}
	return n + 1;
}
