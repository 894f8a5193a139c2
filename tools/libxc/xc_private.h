/*
 * What the files of libxc share and callers of xc.h need not see.
 *
 * Interface: included by the .c files of tools/libxc.
 * Invariants: none beyond xc.h's.
 */
#ifndef TOOLS_XC_PRIVATE_H
#define TOOLS_XC_PRIVATE_H

#include <stddef.h>

#include "xc.h"

#define XC_PAGE_SHIFT 12
#define XC_PAGE_SIZE  (1UL << XC_PAGE_SHIFT)

/*
 * Make every page of [p, p + len) present and writable in our page
 * tables: a PV dom0's hypervisor reads and writes hypercall buffers
 * through them and fails with -EFAULT where Linux has not faulted a
 * page in yet (or holds it copy-on-write).
 */
void xc_touch(void *p, size_t len);

/* The result of a call: rc if >= 0, else -errno (errno set). */
long xc_ret(long rc);

#endif /* TOOLS_XC_PRIVATE_H */
