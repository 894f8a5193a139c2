/*
 * event_channel_op (hypercall 32): event_channel_op(cmd, arg).  Creating,
 * binding, signalling and closing event channels, and the FIFO ABI setup.
 * Ports are per-domain numbers; which events are pending is kept in the
 * shared_info bitmaps (2-level ABI) or in the guest's FIFO event array.
 */
#ifndef PUBLIC_EVENT_CHANNEL_H
#define PUBLIC_EVENT_CHANNEL_H

#include "xen.h"

#define EVTCHNOP_bind_interdomain 0  /* evtchn_bind_interdomain */
#define EVTCHNOP_bind_virq	  1  /* evtchn_bind_virq */
#define EVTCHNOP_bind_pirq	  2  /* evtchn_bind_pirq */
#define EVTCHNOP_close		  3  /* evtchn_close */
#define EVTCHNOP_send		  4  /* evtchn_send */
#define EVTCHNOP_status		  5  /* evtchn_status */
#define EVTCHNOP_alloc_unbound	  6  /* evtchn_alloc_unbound */
#define EVTCHNOP_bind_ipi	  7  /* evtchn_bind_ipi */
#define EVTCHNOP_bind_vcpu	  8  /* evtchn_bind_vcpu */
#define EVTCHNOP_unmask		  9  /* evtchn_unmask */
#define EVTCHNOP_reset		  10 /* evtchn_reset */
#define EVTCHNOP_init_control	  11 /* evtchn_init_control (FIFO) */
#define EVTCHNOP_expand_array	  12 /* evtchn_expand_array (FIFO) */
#define EVTCHNOP_set_priority	  13 /* evtchn_set_priority (FIFO) */

/* evtchn_bind_pirq.flags */
#define BIND_PIRQ__WILL_SHARE 1

/* evtchn_status.status */
#define EVTCHNSTAT_closed      0 /* port not in use */
#define EVTCHNSTAT_unbound     1 /* waiting for a remote domain to bind */
#define EVTCHNSTAT_interdomain 2 /* connected to a remote port */
#define EVTCHNSTAT_pirq	       3 /* bound to a physical IRQ */
#define EVTCHNSTAT_virq	       4 /* bound to a VIRQ */
#define EVTCHNSTAT_ipi	       5 /* bound for IPIs */

/* FIFO ABI constants. */
#define EVTCHN_FIFO_PRIORITY_MAX     0
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN     15
#define EVTCHN_FIFO_MAX_QUEUES	     (EVTCHN_FIFO_PRIORITY_MIN + 1)
#define EVTCHN_FIFO_PENDING	     31 /* bits of an event word */
#define EVTCHN_FIFO_MASKED	     30
#define EVTCHN_FIFO_LINKED	     29
#define EVTCHN_FIFO_BUSY	     28
#define EVTCHN_FIFO_LINK_BITS	     17
#define EVTCHN_FIFO_LINK_MASK	     ((1 << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS	     (1 << EVTCHN_FIFO_LINK_BITS)

#ifndef __ASSEMBLER__

/*
 * Allocate a port in "dom" that "remote_dom" may later bind to with
 * bind_interdomain.
 */
struct evtchn_alloc_unbound {
	domid_t dom;	    /* IN: owner of the new port (DOMID_SELF) */
	domid_t remote_dom; /* IN: who may connect to it */
	evtchn_port_t port; /* OUT: the new port */
};

XEN_ABI_SIZE(struct evtchn_alloc_unbound, 8);
XEN_ABI_OFFSET(struct evtchn_alloc_unbound, dom, 0);
XEN_ABI_OFFSET(struct evtchn_alloc_unbound, remote_dom, 2);
XEN_ABI_OFFSET(struct evtchn_alloc_unbound, port, 4);

/* Connect a new local port to an unbound port of another domain. */
struct evtchn_bind_interdomain {
	domid_t remote_dom;	   /* IN */
	evtchn_port_t remote_port; /* IN */
	evtchn_port_t local_port;  /* OUT */
};

XEN_ABI_SIZE(struct evtchn_bind_interdomain, 12);
XEN_ABI_OFFSET(struct evtchn_bind_interdomain, remote_dom, 0);
XEN_ABI_OFFSET(struct evtchn_bind_interdomain, remote_port, 4);
XEN_ABI_OFFSET(struct evtchn_bind_interdomain, local_port, 8);

/* Bind a VIRQ_* of one vCPU to a new port. */
struct evtchn_bind_virq {
	uint32_t virq;	    /* IN: VIRQ_* */
	uint32_t vcpu;	    /* IN: vCPU the event is delivered to */
	evtchn_port_t port; /* OUT */
};

XEN_ABI_SIZE(struct evtchn_bind_virq, 12);
XEN_ABI_OFFSET(struct evtchn_bind_virq, virq, 0);
XEN_ABI_OFFSET(struct evtchn_bind_virq, vcpu, 4);
XEN_ABI_OFFSET(struct evtchn_bind_virq, port, 8);

/* Bind a physical IRQ (pirq) to a new port (dom0). */
struct evtchn_bind_pirq {
	uint32_t pirq;	    /* IN */
	uint32_t flags;	    /* IN: BIND_PIRQ__* */
	evtchn_port_t port; /* OUT */
};

XEN_ABI_SIZE(struct evtchn_bind_pirq, 12);
XEN_ABI_OFFSET(struct evtchn_bind_pirq, pirq, 0);
XEN_ABI_OFFSET(struct evtchn_bind_pirq, flags, 4);
XEN_ABI_OFFSET(struct evtchn_bind_pirq, port, 8);

/* Allocate a port for IPIs to one vCPU of the caller. */
struct evtchn_bind_ipi {
	uint32_t vcpu;	    /* IN: target vCPU */
	evtchn_port_t port; /* OUT */
};

XEN_ABI_SIZE(struct evtchn_bind_ipi, 8);
XEN_ABI_OFFSET(struct evtchn_bind_ipi, vcpu, 0);
XEN_ABI_OFFSET(struct evtchn_bind_ipi, port, 4);

/* EVTCHNOP_close: close a port of the caller. */
struct evtchn_close {
	evtchn_port_t port; /* IN */
};

XEN_ABI_SIZE(struct evtchn_close, 4);
XEN_ABI_OFFSET(struct evtchn_close, port, 0);

/* EVTCHNOP_send: signal the other end of a port. */
struct evtchn_send {
	evtchn_port_t port; /* IN */
};

XEN_ABI_SIZE(struct evtchn_send, 4);
XEN_ABI_OFFSET(struct evtchn_send, port, 0);

/* EVTCHNOP_status: what a port of a domain is bound to. */
struct evtchn_status {
	domid_t dom;	    /* IN: domain (DOMID_SELF) */
	evtchn_port_t port; /* IN: port */
	uint32_t status;    /* OUT: EVTCHNSTAT_* */
	uint32_t vcpu;	    /* OUT: vCPU notified */
	union {
		struct {
			domid_t dom; /* who may bind */
		} unbound;	     /* EVTCHNSTAT_unbound */
		struct {
			domid_t dom;	    /* remote domain */
			evtchn_port_t port; /* remote port */
		} interdomain;		    /* EVTCHNSTAT_interdomain */
		uint32_t pirq;		    /* EVTCHNSTAT_pirq */
		uint32_t virq;		    /* EVTCHNSTAT_virq */
	} u;
};

XEN_ABI_SIZE(struct evtchn_status, 24);
XEN_ABI_OFFSET(struct evtchn_status, dom, 0);
XEN_ABI_OFFSET(struct evtchn_status, port, 4);
XEN_ABI_OFFSET(struct evtchn_status, status, 8);
XEN_ABI_OFFSET(struct evtchn_status, vcpu, 12);
XEN_ABI_OFFSET(struct evtchn_status, u, 16);
XEN_ABI_OFFSET(struct evtchn_status, u.unbound, 16);
XEN_ABI_OFFSET(struct evtchn_status, u.unbound.dom, 16);
XEN_ABI_OFFSET(struct evtchn_status, u.interdomain, 16);
XEN_ABI_OFFSET(struct evtchn_status, u.interdomain.dom, 16);
XEN_ABI_OFFSET(struct evtchn_status, u.interdomain.port, 20);
XEN_ABI_OFFSET(struct evtchn_status, u.pirq, 16);
XEN_ABI_OFFSET(struct evtchn_status, u.virq, 16);

/* EVTCHNOP_bind_vcpu: change the vCPU that a port notifies. */
struct evtchn_bind_vcpu {
	evtchn_port_t port; /* IN */
	uint32_t vcpu;	    /* IN */
};

XEN_ABI_SIZE(struct evtchn_bind_vcpu, 8);
XEN_ABI_OFFSET(struct evtchn_bind_vcpu, port, 0);
XEN_ABI_OFFSET(struct evtchn_bind_vcpu, vcpu, 4);

/* EVTCHNOP_unmask: clear the mask bit, delivering a pending event. */
struct evtchn_unmask {
	evtchn_port_t port; /* IN */
};

XEN_ABI_SIZE(struct evtchn_unmask, 4);
XEN_ABI_OFFSET(struct evtchn_unmask, port, 0);

/* EVTCHNOP_reset: close all ports of a domain. */
struct evtchn_reset {
	domid_t dom; /* IN: DOMID_SELF or a domain the caller controls */
};

XEN_ABI_SIZE(struct evtchn_reset, 2);
XEN_ABI_OFFSET(struct evtchn_reset, dom, 0);

/* EVTCHNOP_init_control: switch to the FIFO ABI for one vCPU. */
struct evtchn_init_control {
	uint64_t control_gfn; /* IN: frame holding the control block */
	uint32_t offset;      /* IN: its offset in that frame */
	uint32_t vcpu;	      /* IN */
	uint8_t link_bits;    /* OUT: EVTCHN_FIFO_LINK_BITS */
	uint8_t _pad[7];
};

XEN_ABI_SIZE(struct evtchn_init_control, 24);
XEN_ABI_OFFSET(struct evtchn_init_control, control_gfn, 0);
XEN_ABI_OFFSET(struct evtchn_init_control, offset, 8);
XEN_ABI_OFFSET(struct evtchn_init_control, vcpu, 12);
XEN_ABI_OFFSET(struct evtchn_init_control, link_bits, 16);
XEN_ABI_OFFSET(struct evtchn_init_control, _pad, 17);

/* EVTCHNOP_expand_array: add one page of FIFO event words. */
struct evtchn_expand_array {
	uint64_t array_gfn; /* IN */
};

XEN_ABI_SIZE(struct evtchn_expand_array, 8);
XEN_ABI_OFFSET(struct evtchn_expand_array, array_gfn, 0);

/* EVTCHNOP_set_priority: FIFO queue priority of a port. */
struct evtchn_set_priority {
	evtchn_port_t port; /* IN */
	uint32_t priority;  /* IN: EVTCHN_FIFO_PRIORITY_* range */
};

XEN_ABI_SIZE(struct evtchn_set_priority, 8);
XEN_ABI_OFFSET(struct evtchn_set_priority, port, 0);
XEN_ABI_OFFSET(struct evtchn_set_priority, priority, 4);

/* One FIFO event word per port: EVTCHN_FIFO_* bits and the link. */
typedef uint32_t event_word_t;

XEN_ABI_SIZE(event_word_t, 4);

/* FIFO ABI per-vCPU control block, placed by EVTCHNOP_init_control. */
struct evtchn_fifo_control_block {
	uint32_t ready; /* bit per non-empty queue */
	uint32_t _rsvd;
	uint32_t head[EVTCHN_FIFO_MAX_QUEUES]; /* queue heads */
};

XEN_ABI_SIZE(struct evtchn_fifo_control_block, 72);
XEN_ABI_OFFSET(struct evtchn_fifo_control_block, ready, 0);
XEN_ABI_OFFSET(struct evtchn_fifo_control_block, _rsvd, 4);
XEN_ABI_OFFSET(struct evtchn_fifo_control_block, head, 8);

#endif /* !__ASSEMBLER__ */

#endif /* PUBLIC_EVENT_CHANNEL_H */
