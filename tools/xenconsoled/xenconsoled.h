/*
 * xenconsoled: dom0's console daemon for PV domains.  It maps each
 * domain's console ring (include/public/io/console.h), logs what the
 * domain writes, and relays it to clients of a unix socket (`xm console`).
 *
 * Interface (between its files):
 *   cons_ring.c   ring index arithmetic and log names (host unit tested)
 *   cons_xs.c     a small xenstored client (requests, watch events)
 *   cons_dom.c    the domains: set-up from xenstore, service, clean-up
 *   cons_srv.c    the clients of /run/xen/xenconsoled.sock
 *   main.c        options, daemon, poll loop
 *
 * Invariants: one thread; every buffer is bounded (CONS_CLIENT_BUF per
 * client); a ring is only trusted after its indexes are checked on every
 * access (0 <= prod - cons <= ring size), otherwise it is left alone.
 */
#ifndef XENCONSOLED_H
#define XENCONSOLED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/io/console.h>

#define CONS_SOCKET	"/run/xen/xenconsoled.sock"
#define CONS_LOG_DIR	"/var/log/xen/console"
#define CONS_PID_FILE	"/run/xenconsoled.pid"
#define CONS_XS_SOCKET	"/run/xenstored/socket"
#define CONS_NAME_MAX	64	    /* bytes of a domain's name we use */
#define CONS_CLIENT_BUF (64 * 1024) /* output queued for one client */
#define CONS_CLIENTS	64	    /* clients at once, all domains */
#define CONS_IN_BUF	1024	    /* input from one client not yet in */

/* ---- cons_ring.c ---- */
/* Take up to max bytes the domain wrote (out ring); -1: bad indexes. */
int cons_ring_out(struct xencons_interface *intf, char *buf, size_t max);
/* Bytes the out ring holds (0..2048), or -1 for bad indexes. */
int cons_ring_out_avail(const struct xencons_interface *intf);
/* Put up to len bytes for the domain (in ring); -1: bad indexes. */
int cons_ring_in(struct xencons_interface *intf, const char *buf, size_t len);
/* "guest-NAME.log" with NAME made safe as a file name (no '/', no
 * control bytes); the domid when name is empty. */
void cons_log_name(const char *name, uint32_t domid, char *out, size_t size);
/* Copy src to dst, "[YYYY-MM-DD HH:MM:SS] " before each line start
 * (*bol: at a line start, updated); returns bytes in dst.  dst holds at
 * least cons_stamp_bound(len). */
size_t cons_stamp(const char *src, size_t len, char *dst, bool *bol,
		  const char *stamp);
#define CONS_STAMP_LEN	      22 /* "[YYYY-MM-DD HH:MM:SS] " */
#define cons_stamp_bound(len) ((len) * (CONS_STAMP_LEN + 1))
/* A client's first line (without '\n'; a final '\r' is allowed):
 * decimal digits only, below DOMID_FIRST_RESERVED.  0 or -1. */
int cons_parse_domid(const char *line, uint32_t *domid);

/* ---- cons_xs.c ---- */
int cons_xs_open(const char *path);
/* One request; the reply's payload (malloc'd, NUL terminated, *len
 * bytes) or NULL with errno.  Watch events met meanwhile set *event. */
char *cons_xs_req(int fd, uint32_t type, const char *arg, size_t arglen,
		  size_t *len, bool *event);
char *cons_xs_read(int fd, const char *path, bool *event);
int cons_xs_watch(int fd, const char *path, bool *event);
/* The socket is readable: take one message; 1 if it was a watch event,
 * 0 otherwise, -1 when the connection is lost. */
int cons_xs_event(int fd);
extern bool cons_xs_missed; /* a request swallowed a watch event */

/* ---- cons_dom.c ---- */
struct xc;
struct cons_opts {
	const char *log_dir;
	bool log_guest;	  /* --log=guest|all */
	bool stamp_guest; /* --timestamp=guest|all */
	bool discard;	  /* --overflow-data=discard (else keep) */
	bool verbose;
};
struct cons_dom;
void cons_dom_init(struct xc *xc, int xs_fd, const struct cons_opts *o);
/* Look at xenstore and the hypervisor: set up new domains, drop gone. */
/* Returns whether watch events arrived meanwhile (scan again). */
bool cons_dom_scan(bool check_alive);
struct cons_dom *cons_dom_find(uint32_t domid);
/* Port fired (-1: a periodic pass over every domain). */
void cons_dom_event(int port);
void cons_dom_kick(uint32_t domid); /* its clients made room */
void cons_dom_fini(void);
/* For cons_srv.c: give input bytes to the domain; returns bytes taken. */
size_t cons_dom_input(struct cons_dom *d, const char *buf, size_t len);
uint32_t cons_dom_id(const struct cons_dom *d);

/* ---- cons_srv.c ---- */
int cons_srv_listen(const char *path);
int cons_srv_listen_fd(void);
struct pollfd;
/* Fill pollfds for the clients; returns how many. */
unsigned int cons_srv_poll(struct pollfd *pfd, unsigned int max);
void cons_srv_serve(const struct pollfd *pfd, unsigned int n);
void cons_srv_accept(void);
/* Domain output for its clients (a client whose queue is full loses the
 * excess); cons_srv_room(): the bytes every client of domid can still
 * queue (SIZE_MAX without clients), for --overflow-data=keep. */
void cons_srv_output(uint32_t domid, const char *buf, size_t len);
size_t cons_srv_room(uint32_t domid);
/* Input pending for domid's ring again (space may have appeared). */
void cons_srv_flush_input(uint32_t domid);
void cons_srv_drop(uint32_t domid); /* the domain is gone */
void cons_srv_fini(const char *path);

#endif /* XENCONSOLED_H */
