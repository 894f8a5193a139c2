/*
 * xenstored's transactions.  A transaction is a private version of the
 * database (xs_tree_copy: O(1) in nodes, the versions share nodes until
 * one changes them); its requests read and change that version; a commit
 * makes it the main version if the main version has not changed since the
 * transaction started, else the commit fails with EAGAIN and the client
 * retries (Linux and libxenstore do).  That is the documented protocol
 * rule ("if there were any other intervening writes then our END gets
 * EAGAIN"); Xen 4.17 narrows it to conflicting nodes, which only makes
 * fewer EAGAINs.
 *
 * Interface: xs_tx_start(), xs_tx_find() by the header's tx_id,
 * xs_tx_event() for each change made inside, xs_tx_end(commit or abort);
 * xs_tx_clear() drops all of a connection's transactions.
 *
 * Invariants: ids are unique among a connection's open transactions and
 * never 0; a transaction's events are fired only by its commit.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

static void events_free(struct xs_event *e)
{
	struct xs_event *next;

	for (; e; e = next) {
		next = e->next;
		free(e->path);
		free(e->perms);
		free(e);
	}
}

static void tx_free(struct xs_tx *tx)
{
	xs_tree_free(&tx->tree);
	events_free(tx->events);
	free(tx);
}

struct xs_tx *xs_tx_find(struct xs_conn *c, uint32_t id)
{
	struct xs_tx *tx;

	for (tx = c->txs; tx; tx = tx->next)
		if (tx->id == id)
			return tx;
	return NULL;
}

int xs_tx_start(struct xs_conn *c, uint32_t *id)
{
	struct xs_tx *tx;

	if (!c->privileged && c->st->quota.transactions &&
	    c->ntxs >= c->st->quota.transactions)
		return ENOSPC;
	tx = calloc(1, sizeof(*tx));
	if (!tx)
		return ENOMEM;
	if (xs_tree_copy(&tx->tree, &c->st->tree)) {
		free(tx);
		return ENOMEM;
	}
	do
		tx->id = c->next_txid++;
	while (tx->id == 0 || xs_tx_find(c, tx->id));
	tx->base = c->st->main_gen;
	tx->events_tail = &tx->events;
	tx->next = c->txs;
	c->txs = tx;
	c->ntxs++;
	*id = tx->id;
	return 0;
}

int xs_tx_event(struct xs_tx *tx, const char *path, bool recurse,
		const struct xs_perm *p, unsigned int np)
{
	struct xs_event *e = calloc(1, sizeof(*e));

	if (!e)
		return ENOMEM;
	e->path = strdup(path);
	e->perms = malloc(np * sizeof(*p));
	if (!e->path || !e->perms) {
		events_free(e);
		return ENOMEM;
	}
	memcpy(e->perms, p, np * sizeof(*p));
	e->nperms = np;
	e->recurse = recurse;
	*tx->events_tail = e;
	tx->events_tail = &e->next;
	return 0;
}

static void unlink_tx(struct xs_conn *c, struct xs_tx *tx)
{
	struct xs_tx **pp;

	for (pp = &c->txs; *pp; pp = &(*pp)->next) {
		if (*pp == tx) {
			*pp = tx->next;
			c->ntxs--;
			return;
		}
	}
}

/* Ends (and frees) tx; EAGAIN if the main version moved meanwhile. */
int xs_tx_end(struct xs_conn *c, struct xs_tx *tx, bool commit)
{
	struct xs_store *st = c->st;
	const struct xs_event *e;
	int rc = 0;

	unlink_tx(c, tx);
	/* even a transaction that only read may have read stale data */
	if (commit && st->main_gen != tx->base)
		rc = EAGAIN;
	if (commit && !rc && tx->changed) {
		xs_tree_free(&st->tree);
		st->tree = tx->tree;
		memset(&tx->tree, 0, sizeof(tx->tree));
		st->main_gen = ++st->gen;
		for (e = tx->events; e; e = e->next)
			xs_fire(st, e->path, e->recurse, e->perms, e->nperms);
	}
	tx_free(tx);
	return rc;
}

void xs_tx_clear(struct xs_conn *c)
{
	struct xs_tx *tx;

	while ((tx = c->txs)) {
		c->txs = tx->next;
		tx_free(tx);
	}
	c->ntxs = 0;
}
