/*
 * Shared ring page of the PV console (the page named by
 * start_info.console.domU.mfn, signalled through its event channel).
 * Indexes run freely and are reduced modulo the ring size on access;
 * the producer writes data, then advances its index (with a write
 * barrier in between).
 */
#ifndef PUBLIC_IO_CONSOLE_H
#define PUBLIC_IO_CONSOLE_H

#include "../xen-types.h"

/* xencons_interface.connection */
#define XENCONSOLE_CONNECTED	0
#define XENCONSOLE_DISCONNECTED 1

#ifndef __ASSEMBLER__

typedef uint32_t XENCONS_RING_IDX;

/* Offset into "ring" (an array) of free-running index "idx". */
#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
	char in[1024];		   /* backend -> guest (keyboard) */
	char out[2048];		   /* guest -> backend (screen) */
	XENCONS_RING_IDX in_cons;  /* written by the guest */
	XENCONS_RING_IDX in_prod;  /* written by the backend */
	XENCONS_RING_IDX out_cons; /* written by the backend */
	XENCONS_RING_IDX out_prod; /* written by the guest */
	uint8_t connection;	   /* XENCONSOLE_* */
};

XEN_ABI_SIZE(struct xencons_interface, 3092);
XEN_ABI_OFFSET(struct xencons_interface, in, 0);
XEN_ABI_OFFSET(struct xencons_interface, out, 1024);
XEN_ABI_OFFSET(struct xencons_interface, in_cons, 3072);
XEN_ABI_OFFSET(struct xencons_interface, in_prod, 3076);
XEN_ABI_OFFSET(struct xencons_interface, out_cons, 3080);
XEN_ABI_OFFSET(struct xencons_interface, out_prod, 3084);
XEN_ABI_OFFSET(struct xencons_interface, connection, 3088);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_IO_CONSOLE_H */
