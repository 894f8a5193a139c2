/*
 * libxc: the dom0 toolstack's access to the hypervisor, over Linux's
 * /dev/xen/privcmd (hypercalls, foreign mappings, resources),
 * /dev/xen/evtchn (event channels) and /dev/xen/gntdev (grant maps).
 * Used by xm, xenconsoled and the domain builder; static, linked into
 * each binary (every .c file of tools/libxc).
 *
 * Interface: this header; every call returns 0 (or a count, a port, a
 * pointer) on success and a negative errno on failure, with errno also
 * set, so callers can print strerror(-rc).  Nothing here prints.
 * xc_open() must succeed before any hypercall wrapper is used; the
 * evtchn and gntdev handles are opened on first use.
 *
 * Invariants: include/public is the only ABI source; every domctl/sysctl
 * carries Xen 4.17's interface version; buffers handed to the hypervisor
 * are touched (or mlocked) first so the hypervisor never faults on them.
 *
 * Owners (for the merge): xc_privcmd.c, xc_domain.c, xc_mem.c, xc_dom_*.c
 * (builder) - branch "builder"; xc_evtchn.c, xc_gnttab.c - branch
 * "console".  Change this header only by adding declarations.
 */
#ifndef TOOLS_XC_H
#define TOOLS_XC_H

#include <stddef.h>
#include <stdint.h>

#include <public/xen.h>
#include <public/domctl.h>
#include <public/sysctl.h>
#include <public/memory.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/sched.h>

struct xc {
	int privcmd; /* /dev/xen/privcmd, -1 if closed */
	int evtchn;  /* /dev/xen/evtchn, -1 until first use */
	int gntdev;  /* /dev/xen/gntdev, -1 until first use */
};

/* ------------------------------------------------------------ handles */
int xc_open(struct xc *xc);   /* -ENOENT: not running on Xen / no privcmd */
void xc_close(struct xc *xc);

/* ----------------------------------------------------- raw hypercalls */
long xc_hypercall(struct xc *xc, unsigned int op, uint64_t a1, uint64_t a2,
		  uint64_t a3, uint64_t a4, uint64_t a5);
int xc_domctl(struct xc *xc, struct xen_domctl *op);	/* sets version */
int xc_sysctl(struct xc *xc, struct xen_sysctl *op);	/* sets version */

/* ------------------------------------------------------------ domains */
struct xc_create {
	uint32_t max_vcpus;	   /* >= 1 */
	uint64_t max_mem_kb;	   /* XEN_DOMCTL_max_mem after create */
	uint8_t handle[16];	   /* the domain's UUID */
};
int xc_domain_create(struct xc *xc, const struct xc_create *cfg,
		     uint32_t *domid);	      /* IN 0: any; OUT the id */
int xc_domain_destroy(struct xc *xc, uint32_t domid);
int xc_domain_pause(struct xc *xc, uint32_t domid);
int xc_domain_unpause(struct xc *xc, uint32_t domid);
int xc_domain_getinfo(struct xc *xc, uint32_t domid,
		      struct xen_domctl_getdomaininfo *info); /* -ESRCH */
/* Up to max domains with id >= first; returns how many were stored. */
int xc_domain_list(struct xc *xc, uint32_t first,
		   struct xen_domctl_getdomaininfo *buf, unsigned int max);
int xc_domain_max_mem(struct xc *xc, uint32_t domid, uint64_t max_kb);
int xc_domain_shutdown(struct xc *xc, uint32_t domid,
		       unsigned int reason);	/* SCHEDOP_remote_shutdown */
int xc_vcpu_setcontext(struct xc *xc, uint32_t domid, uint32_t vcpu,
		       struct vcpu_guest_context *ctx);
int xc_vcpu_getinfo(struct xc *xc, uint32_t domid, uint32_t vcpu,
		    struct xen_domctl_getvcpuinfo *info);

/* ------------------------------------------------------------ sysctls */
int xc_physinfo(struct xc *xc, struct xen_sysctl_physinfo *info);
/* The hypervisor's console ring from *index on (0: the oldest byte);
 * returns bytes stored, advances *index. */
int xc_readconsole(struct xc *xc, char *buf, size_t len, uint32_t *index,
		   int clear);

/* ----------------------------------------------------- memory of a domain */
/* populate_physmap: gpfns[i] in, the frame (MFN for PV) out. */
int xc_populate_physmap(struct xc *xc, uint32_t domid, unsigned long nr,
			unsigned int order, xen_pfn_t *gpfns);
int xc_decrease_reservation(struct xc *xc, uint32_t domid, unsigned long nr,
			    xen_pfn_t *frames);
int xc_mmu_update(struct xc *xc, uint32_t foreigndom,
		  struct mmu_update *req, unsigned int n);
int xc_mmuext_op(struct xc *xc, uint32_t foreigndom, struct mmuext_op *op,
		 unsigned int n);
long xc_maximum_ram_page(struct xc *xc);

/* Map n frames of domid (MFNs for a PV domain) into our address space;
 * errs[i] gets each frame's error (0 or -errno).  NULL + errno on a
 * total failure. */
void *xc_map_foreign(struct xc *xc, uint32_t domid, int prot,
		     const xen_pfn_t *frames, int *errs, unsigned int n);
/* XENMEM_acquire_resource through IOCTL_PRIVCMD_MMAP_RESOURCE
 * (type XENMEM_resource_grant_table: the domain's grant frames). */
void *xc_map_resource(struct xc *xc, uint32_t domid, unsigned int type,
		      unsigned int id, unsigned int idx, unsigned int n,
		      int prot);
int xc_unmap(void *addr, unsigned int n);  /* n pages */

/* ------------------------------------------------------ event channels */
/* Hypercall form: an unbound port of domid that remote may bind. */
int xc_evtchn_alloc_unbound(struct xc *xc, uint32_t domid, uint32_t remote);
/* /dev/xen/evtchn: ports bound here fire into xc_evtchn_fd(). */
int xc_evtchn_fd(struct xc *xc);
int xc_evtchn_bind_interdomain(struct xc *xc, uint32_t domid,
			       uint32_t remote_port);	/* local port */
int xc_evtchn_bind_virq(struct xc *xc, unsigned int virq); /* local port */
int xc_evtchn_notify(struct xc *xc, uint32_t local_port);
int xc_evtchn_unbind(struct xc *xc, uint32_t local_port);
/* A fired port (blocks unless the fd is non-blocking: -EAGAIN). */
int xc_evtchn_pending(struct xc *xc);
int xc_evtchn_unmask(struct xc *xc, uint32_t local_port);

/* ------------------------------------------------------------- grants */
/* /dev/xen/gntdev: map grant ref of domid (one page). */
void *xc_gnttab_map(struct xc *xc, uint32_t domid, uint32_t ref, int prot);
int xc_gnttab_unmap(struct xc *xc, void *addr);

/* ----------------------------------------------------- domain builder */
struct xc_dom_config {
	const char *kernel;   /* ELF or bzImage (gzip, xz or zstd payload) */
	const char *ramdisk;  /* NULL: none */
	const char *cmdline;  /* NULL: "" */
	uint64_t mem_kb;      /* the domain's memory */
	uint32_t vcpus;	      /* >= 1 */
	uint32_t console_domid; /* backend of console and xenstore: 0 */
	uint32_t store_domid;
	const char *cache_dir; /* decompressed kernels by hash; NULL: none */
};
struct xc_dom_result {
	uint64_t console_mfn;	 /* the console ring (grant ref 0) */
	uint32_t console_port;	 /* its unbound port, remote console_domid */
	uint64_t store_mfn;	 /* the xenstore ring (grant ref 1) */
	uint32_t store_port;	 /* its unbound port, remote store_domid */
	uint64_t virt_entry;	 /* what the vcpu starts at */
};
/* Build into a created, paused, empty domain; on failure err holds one
 * line naming the problem ("kernel /x: not an ELF or bzImage"). */
int xc_dom_build(struct xc *xc, uint32_t domid,
		 const struct xc_dom_config *cfg, struct xc_dom_result *res,
		 char *err, size_t errlen);

/* ------------------------------------------------- console (branch console) */
/* `xm console`: attach to domid's console through xenconsoled's socket
 * (/run/xen/xenconsoled.sock), relaying in_fd to the domain and its output
 * to out_fd; a terminal in_fd is put in raw mode meanwhile.  Returns 0
 * when the user types Ctrl-] (0x1d) or the daemon closes the connection
 * (the domain went away, or xenconsoled does not serve domid: check the
 * domain exists first); -errno otherwise (-ENOENT/-ECONNREFUSED: the
 * daemon is not running).  In tools/libxc/xc_console.c. */
int xc_console_attach(uint32_t domid, int in_fd, int out_fd);

#endif /* TOOLS_XC_H */
