/*
 * Xenstore wire protocol, as of Xen 4.17: message header and types, the
 * error names sent in XS_ERROR replies, and the shared ring page between a
 * domain and xenstored (start_info.store_mfn).  A message is an
 * xsd_sockmsg followed by "len" payload bytes; strings in the payload are
 * NUL separated.  The same framing is used on xenstored's unix socket.
 *
 * Xen 4.17 has 23 message types (XS_DIRECTORY_PART is the last) and a
 * 2076-byte ring interface ending with the "error" word; the later
 * GET/SET_FEATURE, GET/SET_QUOTA types, the evtchn_port word and the
 * WATCHDEPTH/DOMID_ANY feature bits are not part of this ABI.
 */
#ifndef PUBLIC_IO_XS_WIRE_H
#define PUBLIC_IO_XS_WIRE_H

#include "../xen-types.h"

#define XENSTORE_RING_SIZE    1024 /* bytes in each direction */
#define XENSTORE_PAYLOAD_MAX  4096 /* largest message payload */
#define XENSTORE_ABS_PATH_MAX 3072 /* longest absolute path */
#define XENSTORE_REL_PATH_MAX 2048 /* longest relative path */

/* xenstore_domain_interface.server_features */
#define XENSTORE_SERVER_FEATURE_RECONNECTION 1 /* ring can be reset */
#define XENSTORE_SERVER_FEATURE_ERROR	     2 /* "error" word present */

/* xenstore_domain_interface.connection */
#define XENSTORE_CONNECTED 0 /* in use */
#define XENSTORE_RECONNECT 1 /* guest asks for a reset */

/* xenstore_domain_interface.error */
#define XENSTORE_ERROR_NONE    0
#define XENSTORE_ERROR_COMM    1 /* bad communication */
#define XENSTORE_ERROR_RINGIDX 2 /* bad ring index */
#define XENSTORE_ERROR_PROTO   3 /* bad protocol (payload too long) */

/* XS_WRITE may carry one of these as an extra first argument (old). */
#define XS_WRITE_NONE	     "NONE"
#define XS_WRITE_CREATE	     "CREATE"
#define XS_WRITE_CREATE_EXCL "CREATE|EXCL"

#ifndef __ASSEMBLER__

/* xsd_sockmsg.type. */
enum xsd_sockmsg_type {
	XS_CONTROL = 0, /* also known as XS_DEBUG */
	XS_DIRECTORY = 1,
	XS_READ = 2,
	XS_GET_PERMS = 3,
	XS_WATCH = 4,
	XS_UNWATCH = 5,
	XS_TRANSACTION_START = 6,
	XS_TRANSACTION_END = 7,
	XS_INTRODUCE = 8,
	XS_RELEASE = 9,
	XS_GET_DOMAIN_PATH = 10,
	XS_WRITE = 11,
	XS_MKDIR = 12,
	XS_RM = 13,
	XS_SET_PERMS = 14,
	XS_WATCH_EVENT = 15,
	XS_ERROR = 16,
	XS_IS_DOMAIN_INTRODUCED = 17,
	XS_RESUME = 18,
	XS_SET_TARGET = 19,
	/* 20 was XS_RESTRICT, retired */
	XS_RESET_WATCHES = 21,
	XS_DIRECTORY_PART = 22,
	XS_TYPE_COUNT = 23, /* number of types */
	XS_INVALID = 0xffff /* never a valid type */
};

#define XS_DEBUG XS_CONTROL

/*
 * Error names for XS_ERROR payloads, in Xen's order (new ones are only
 * ever appended).  The numbers are the includer's own errno values, so
 * the table exists only where <errno.h> (or equivalent) was included.
 */
struct xsd_errors {
	int errnum;	       /* the includer's E* value */
	const char *errstring; /* its name, sent on the wire */
};

#define XSD_ERROR_COUNT 16 /* entries of xsd_errors[] */

#ifdef EINVAL
#define XSD_ERROR(x)                                                           \
	{                                                                      \
		x, #x                                                          \
	}
static const struct xsd_errors xsd_errors[] __attribute__((unused)) = {
	XSD_ERROR(EINVAL), XSD_ERROR(EACCES),  XSD_ERROR(EEXIST),
	XSD_ERROR(EISDIR), XSD_ERROR(ENOENT),  XSD_ERROR(ENOMEM),
	XSD_ERROR(ENOSPC), XSD_ERROR(EIO),     XSD_ERROR(ENOTEMPTY),
	XSD_ERROR(ENOSYS), XSD_ERROR(EROFS),   XSD_ERROR(EBUSY),
	XSD_ERROR(EAGAIN), XSD_ERROR(EISCONN), XSD_ERROR(E2BIG),
	XSD_ERROR(EPERM),
};
_Static_assert(sizeof(xsd_errors) / sizeof(xsd_errors[0]) == XSD_ERROR_COUNT,
	       "xsd_errors has Xen 4.17's 16 entries");
#endif

/* Order of the two strings of an XS_WATCH_EVENT payload. */
enum xs_watch_type { XS_WATCH_PATH = 0, XS_WATCH_TOKEN = 1 };

/* Header of every request and reply. */
struct xsd_sockmsg {
	uint32_t type;	 /* enum xsd_sockmsg_type */
	uint32_t req_id; /* echoed in the reply */
	uint32_t tx_id;	 /* transaction id, 0 = none */
	uint32_t len;	 /* payload bytes that follow */
};

XEN_ABI_SIZE(struct xsd_sockmsg, 16);
XEN_ABI_OFFSET(struct xsd_sockmsg, type, 0);
XEN_ABI_OFFSET(struct xsd_sockmsg, req_id, 4);
XEN_ABI_OFFSET(struct xsd_sockmsg, tx_id, 8);
XEN_ABI_OFFSET(struct xsd_sockmsg, len, 12);

typedef uint32_t XENSTORE_RING_IDX;

#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

/* The shared ring page. */
struct xenstore_domain_interface {
	char req[XENSTORE_RING_SIZE]; /* requests to xenstored */
	char rsp[XENSTORE_RING_SIZE]; /* replies and watch events */
	XENSTORE_RING_IDX req_cons;   /* written by xenstored */
	XENSTORE_RING_IDX req_prod;   /* written by the guest */
	XENSTORE_RING_IDX rsp_cons;   /* written by the guest */
	XENSTORE_RING_IDX rsp_prod;   /* written by xenstored */
	uint32_t server_features;     /* XENSTORE_SERVER_FEATURE_* */
	uint32_t connection;	      /* XENSTORE_CONNECTED/RECONNECT */
	uint32_t error;		      /* XENSTORE_ERROR_* */
};

XEN_ABI_SIZE(struct xenstore_domain_interface, 2076);
XEN_ABI_OFFSET(struct xenstore_domain_interface, req, 0);
XEN_ABI_OFFSET(struct xenstore_domain_interface, rsp, 1024);
XEN_ABI_OFFSET(struct xenstore_domain_interface, req_cons, 2048);
XEN_ABI_OFFSET(struct xenstore_domain_interface, req_prod, 2052);
XEN_ABI_OFFSET(struct xenstore_domain_interface, rsp_cons, 2056);
XEN_ABI_OFFSET(struct xenstore_domain_interface, rsp_prod, 2060);
XEN_ABI_OFFSET(struct xenstore_domain_interface, server_features, 2064);
XEN_ABI_OFFSET(struct xenstore_domain_interface, connection, 2068);
XEN_ABI_OFFSET(struct xenstore_domain_interface, error, 2072);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_IO_XS_WIRE_H */
