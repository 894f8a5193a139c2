/*
 * xenstored's watches: registration (XS_WATCH/XS_UNWATCH), matching a
 * change against every connection's watches, and the XS_WATCH_EVENT
 * messages, with paths relative to the domain's home for watches that were
 * given relative.
 *
 * Interface: xs_watch_add() then xs_watch_send() for the initial event;
 * xs_fire() for each change of the main version (node path, or
 * "@introduceDomain"/"@releaseDomain" through xs_fire_special()).
 *
 * Invariants: a connection never holds two watches with the same path and
 * token; an event goes only to a connection that may read the changed
 * node (its permissions as they were before a removal), or to a privileged
 * one; a connection with XS_OUT_MAX bytes queued gets no more events (they
 * are counted in c->dropped; Xen allows spurious and coalesced events but
 * this one is lost).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

static void watch_free(struct xs_watch *w)
{
	free(w->path);
	free(w->token);
	free(w);
}

/* The stored form of a watch path: canonical, or "@..." verbatim. */
static int watch_path(struct xs_conn *c, const char *in, char *out, size_t size,
		      bool *relative)
{
	*relative = false;
	if (in[0] == '@') {
		if (strlen(in) > XENSTORE_REL_PATH_MAX || strlen(in) >= size)
			return EINVAL;
		strcpy(out, in);
		return 0;
	}
	*relative = in[0] != '/';
	return xs_canon(c, in, out, size);
}

int xs_watch_add(struct xs_conn *c, const char *path, const char *token,
		 struct xs_watch **wp)
{
	char abs[XENSTORE_ABS_PATH_MAX + 64];
	struct xs_watch *w;
	bool relative;
	int rc;

	if ((rc = watch_path(c, path, abs, sizeof(abs), &relative)))
		return rc;
	for (w = c->watches; w; w = w->next)
		if (!strcmp(w->path, abs) && !strcmp(w->token, token))
			return EEXIST;
	if (!c->privileged && c->st->quota.watches &&
	    c->nwatches >= c->st->quota.watches)
		return E2BIG;
	w = calloc(1, sizeof(*w));
	if (!w)
		return ENOMEM;
	w->path = strdup(abs);
	w->token = strdup(token);
	if (!w->path || !w->token) {
		watch_free(w);
		return ENOMEM;
	}
	w->relative = relative;
	w->next = c->watches;
	c->watches = w;
	c->nwatches++;
	*wp = w;
	return 0;
}

int xs_watch_remove(struct xs_conn *c, const char *path, const char *token)
{
	char abs[XENSTORE_ABS_PATH_MAX + 64];
	struct xs_watch **pp, *w;
	bool relative;
	int rc;

	if ((rc = watch_path(c, path, abs, sizeof(abs), &relative)))
		return rc;
	for (pp = &c->watches; (w = *pp); pp = &w->next) {
		if (!strcmp(w->path, abs) && !strcmp(w->token, token)) {
			*pp = w->next;
			watch_free(w);
			c->nwatches--;
			return 0;
		}
	}
	return ENOENT;
}

void xs_watch_clear(struct xs_conn *c)
{
	struct xs_watch *w;

	while ((w = c->watches)) {
		c->watches = w->next;
		watch_free(w);
	}
	c->nwatches = 0;
}

/* Queue "<path>\0<token>\0" for w; epath is absolute (or "@..."). */
void xs_watch_send(struct xs_conn *c, const struct xs_watch *w,
		   const char *epath)
{
	char buf[XENSTORE_PAYLOAD_MAX + 1], home[32];
	size_t hlen, plen, tlen = strlen(w->token);

	hlen = (size_t)snprintf(home, sizeof(home), "/local/domain/%u/",
				c->domid);
	if (w->relative && strncmp(epath, home, hlen) == 0)
		epath += hlen;
	plen = strlen(epath);
	if (plen + tlen + 2 > XENSTORE_PAYLOAD_MAX ||
	    c->out_len - c->out_head > XS_OUT_MAX) {
		c->dropped++;
		return;
	}
	memcpy(buf, epath, plen + 1);
	memcpy(buf + plen + 1, w->token, tlen + 1);
	if (xs_conn_send(c, XS_WATCH_EVENT, 0, 0, buf, plen + tlen + 2))
		c->dropped++;
}

/* Which path, if any, w reports for a change of path. */
static const char *match(const struct xs_watch *w, const char *path,
			 bool recurse)
{
	if (xs_path_is_child(path, w->path))
		return path;
	if (recurse && xs_path_is_child(w->path, path))
		return w->path;
	return NULL;
}

void xs_fire(struct xs_store *st, const char *path, bool recurse,
	     const struct xs_perm *p, unsigned int np)
{
	const struct xs_watch *w;
	const char *epath;
	struct xs_conn *c;

	for (c = st->conns; c; c = c->next) {
		if (!c->privileged &&
		    !(xs_perm_for(p, np, c->domid, false) & XS_PERM_READ))
			continue;
		for (w = c->watches; w; w = w->next) {
			epath = match(w, path, recurse);
			if (epath)
				xs_watch_send(c, w, epath);
		}
	}
}

void xs_fire_special(struct xs_store *st, const char *name)
{
	if (strcmp(name, "@introduceDomain") == 0)
		xs_fire(st, name, false, st->intro_perms, st->n_intro_perms);
	else
		xs_fire(st, name, false, st->release_perms,
			st->n_release_perms);
}
