/*
 * Helpers for the xenstored unit tests: the real tools/xenstored core
 * sources compiled into the test, and a client that speaks the wire
 * protocol to an xs_conn in memory (requests fed in random-sized pieces,
 * replies and watch events read back from the output queue).
 */
#ifndef UNIT_XS_HARNESS_H
#define UNIT_XS_HARNESS_H

#include <errno.h>
#include <string.h>

#include "../../tools/xenstored/xs_tree.c"
#include "../../tools/xenstored/store.c"
#include "../../tools/xenstored/xs_ops.c"
#include "../../tools/xenstored/xs_watch.c"
#include "../../tools/xenstored/xs_tx.c"
#include "../../tools/xenstored/xs_domain.c"

/* A payload ending in its string's NUL, and one without it. */
#define S(x) (x), sizeof(x)
#define B(x) (x), (sizeof(x) - 1)

struct msg {
	struct xsd_sockmsg h;
	char d[XENSTORE_PAYLOAD_MAX + 1]; /* NUL guarded */
};

#define MAX_EVENTS 512
static struct msg events[MAX_EVENTS]; /* watch events seen by call() */
static struct xs_conn *event_conn[MAX_EVENTS];
static unsigned int nevents;
static unsigned int rng_state = 12345;

static unsigned int rnd(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

/* Feed a whole message to c in random pieces. */
static void feed(struct xs_conn *c, const void *buf, size_t len)
{
	const char *p = buf;
	size_t n, want;

	while (len && (want = xs_conn_in_want(c))) {
		n = 1 + rnd() % 40;
		if (n > len)
			n = len;
		if (n > want)
			n = want;
		xs_conn_in_put(c, p, n);
		p += n;
		len -= n;
	}
}

static void send_msg(struct xs_conn *c, uint32_t type, uint32_t tx,
		     const void *p, size_t len)
{
	static char buf[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
	struct xsd_sockmsg h = {type, 77, tx, (uint32_t)len};

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), p, len);
	feed(c, buf, sizeof(h) + len);
}

/* Pop the next queued message of c; false if none. */
static bool pop(struct xs_conn *c, struct msg *m)
{
	const void *buf;
	size_t n = xs_conn_out_peek(c, &buf);

	if (n < sizeof(m->h))
		return false;
	memcpy(&m->h, buf, sizeof(m->h));
	memcpy(m->d, (const char *)buf + sizeof(m->h), m->h.len);
	m->d[m->h.len] = '\0';
	xs_conn_out_done(c, sizeof(m->h) + m->h.len);
	return true;
}

static int errnum(const char *name)
{
	unsigned int i;

	for (i = 0; i < XSD_ERROR_COUNT; i++)
		if (strcmp(xsd_errors[i].errstring, name) == 0)
			return xsd_errors[i].errnum;
	return -1;
}

/* Drain the events queued for every connection into events[]. */
static void collect_events(struct xs_store *st)
{
	struct xs_conn *c;
	struct msg m;

	for (c = st->conns; c; c = c->next) {
		while (pop(c, &m)) {
			if (nevents < MAX_EVENTS) {
				event_conn[nevents] = c;
				events[nevents++] = m;
			}
		}
	}
}

/*
 * One request; the reply (first non-event message) lands in *r.
 * Returns 0, or the errno named by an XS_ERROR reply.
 */
static int call(struct xs_conn *c, uint32_t type, uint32_t tx, const void *p,
		size_t len, struct msg *r)
{
	static struct msg scratch;
	struct msg m;
	bool got = false;

	if (!r)
		r = &scratch;
	send_msg(c, type, tx, p, len);
	while (pop(c, &m)) {
		if (m.h.type == XS_WATCH_EVENT || got) {
			if (nevents < MAX_EVENTS) {
				event_conn[nevents] = c;
				events[nevents++] = m;
			}
			continue;
		}
		*r = m;
		got = true;
	}
	collect_events(c->st);
	if (!got)
		return -1;
	if (r->h.type == XS_ERROR)
		return errnum(r->d);
	return 0;
}

/* Payload of "a\0b\0..." built from NUL-free strings. */
static size_t build(char *buf, const char *a, const char *b, size_t blen)
{
	size_t alen = strlen(a) + 1;

	memcpy(buf, a, alen);
	memcpy(buf + alen, b, blen);
	return alen + blen;
}

static __attribute__((unused)) int xs_write_str(struct xs_conn *c, uint32_t tx,
						const char *path,
						const char *value)
{
	char buf[XENSTORE_PAYLOAD_MAX];

	return call(c, XS_WRITE, tx, buf,
		    build(buf, path, value, strlen(value)), NULL);
}

/* The value at path, or "E..." for an error. */
static __attribute__((unused)) const char *
xs_read_str(struct xs_conn *c, uint32_t tx, const char *path)
{
	static struct msg r;

	call(c, XS_READ, tx, path, strlen(path) + 1, &r);
	return r.d;
}

static __attribute__((unused)) int xs_set_perms_str(struct xs_conn *c,
						    const char *path,
						    const char *perms,
						    size_t plen)
{
	char buf[XENSTORE_PAYLOAD_MAX];

	return call(c, XS_SET_PERMS, 0, buf, build(buf, path, perms, plen),
		    NULL);
}

static __attribute__((unused)) int
count_events(const struct xs_conn *c, const char *path, const char *token)
{
	unsigned int i;
	int n = 0;

	for (i = 0; i < nevents; i++)
		if (event_conn[i] == c && strcmp(events[i].d, path) == 0 &&
		    strcmp(events[i].d + strlen(events[i].d) + 1, token) == 0)
			n++;
	return n;
}

#endif /* UNIT_XS_HARNESS_H */
