/*
 * Hypercalls and hooks whose subsystems have not landed yet.  Each
 * answers as the ABI allows for "not implemented" (-ENOSYS, or "not
 * handled"), and is deleted from here when its real implementation lands.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/pv.h>


