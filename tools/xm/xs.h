/*
 * xm's xenstore client: requests to xenstored over its unix socket
 * (the same wire protocol as a domain's ring, include/public/io/xs_wire.h).
 *
 * Interface: xs_connect() first (the socket is $XENSTORED_PATH or
 * /run/xenstored/socket); every call returns 0 (or a count) or -errno,
 * the daemon's error names mapped back to errno values.  A connection
 * that has a watch set should only wait for events (xs_wait_event);
 * requests go on another connection.
 *
 * Invariants: one request at a time per connection; replies larger
 * than XENSTORE_PAYLOAD_MAX are refused (-EIO).
 */
#ifndef TOOLS_XM_XS_H
#define TOOLS_XM_XS_H

#include <stddef.h>
#include <stdint.h>

/* Room for any directory listing (a reply payload + NUL). */
#define XS_LS_MAX 4097

struct xs {
	int fd; /* the socket, -1 if closed */
};

int xs_connect(struct xs *x);
void xs_close(struct xs *x);
/* The value of path, NUL terminated, in buf (at most len - 1 bytes). */
int xs_read(struct xs *x, const char *path, char *buf, size_t len);
int xs_write(struct xs *x, const char *path, const char *value);
int xs_writef(struct xs *x, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int xs_mkdir(struct xs *x, const char *path);
int xs_rm(struct xs *x, const char *path);
/* Children of path, NUL separated in buf; returns how many. */
int xs_ls(struct xs *x, const char *path, char *buf, size_t len);
/* perms: Xen's strings ("n0", "r5", "b3"), the first one the owner's. */
int xs_setperms(struct xs *x, const char *path, const char *const *perms,
		unsigned int n);
int xs_introduce(struct xs *x, uint32_t domid, uint64_t mfn, uint32_t port);
int xs_release(struct xs *x, uint32_t domid);
int xs_watch(struct xs *x, const char *path, const char *token);
/* 1 with the fired path in buf, 0 after timeout_ms, or -errno. */
int xs_wait_event(struct xs *x, int timeout_ms, char *buf, size_t len);

#endif /* TOOLS_XM_XS_H */
