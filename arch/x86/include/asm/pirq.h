/*
 * Physical IRQs (pirqs) of the hardware domain: how arch/x86/irq.c, the
 * dom0 physdev_op sub-ops (arch/x86/pv/physdev.c) and event channels
 * (common/event_channel.c) meet.
 *
 * A pirq is the guest's name for one IO-APIC GSI or one MSI/MSI-X vector
 * of a PCI function: map_pirq gives the GSI a pirq, setup_gsi (or the
 * first bind) routes it to a hypervisor vector; for an MSI, map_pirq
 * allocates the vector and programs the function (arch/x86/msi.c).
 * EVTCHNOP_bind_pirq ties the pirq to an event channel port and unmasks
 * the pin or vector, and each interrupt then sets that port pending.
 * Level-triggered pins stay masked from the interrupt until the guest's
 * PHYSDEVOP_eoi; MSIs are edge and need no EOI.
 *
 * Every pirq_* function returning int gives 0 (or a pirq) or a negative
 * errno, with no state change on error; all refuse an unprivileged domain
 * with -EPERM.  Lock order: a domain's event-channel lock before the pirq
 * lock (pirq_bind_port/pirq_unbind_port are called under the former);
 * the interrupt path never holds both.
 */
#ifndef ASM_PIRQ_H
#define ASM_PIRQ_H

#include <xen/types.h>

struct domain;

#define NR_PIRQS 256 /* pirqs 0-255 per domain (>= every GSI we serve) */

/*
 * Give gsi a pirq in d: want_pirq, or -1 to let us choose (the GSI's own
 * number when free).  Mapping an already mapped GSI again returns its
 * pirq if want_pirq is -1 or that pirq; -EEXIST otherwise.
 */
int pirq_map_gsi(struct domain *d, u32 gsi, int want_pirq);
/*
 * Give vector `entry` of MSI-X (msix) or the MSI vector of PCI function
 * (bus, devfn) a pirq in d (want_pirq, or -1: the highest free one above
 * the GSIs), a hypervisor vector on the BSP, and program the function,
 * vector masked until bound.  The function must have been reported with
 * msi_fn_report() (asm/msi.h); errors as msi_vec_setup(), plus -EEXIST
 * for a pirq in use and -ENOSPC when out of pirqs, slots or vectors.
 */
int pirq_map_msi(struct domain *d, u8 bus, u8 devfn, bool msix,
		 unsigned int entry, int want_pirq);
/* Program every mapped MSI/MSI-X vector of (bus, devfn) again. */
int pirq_restore_msi(struct domain *d, u8 bus, u8 devfn);
/*
 * Undo pirq_map_gsi / pirq_map_msi / pirq_get_free.  A GSI pirq with a
 * bound port is -EBUSY; an MSI pirq is unbound by force, as Xen does
 * (its port stays open and never fires again), and its function masked.
 */
int pirq_unmap(struct domain *d, u32 pirq);
/*
 * Program gsi's trigger mode and polarity (its pin stays masked until a
 * port is bound).  The same mode again is a no-op; another mode for a
 * pin already in use is -EEXIST.
 */
int pirq_setup_gsi(struct domain *d, u32 gsi, bool level, bool active_low);
/* XENIRQSTAT_* flags of pirq into *flags (0 for an unmapped pirq). */
int pirq_status(struct domain *d, u32 pirq, u32 *flags);
/* The guest handled pirq: unmask a level-triggered pin again. */
int pirq_eoi(struct domain *d, u32 pirq);
/* Reserve a free pirq (GSI range for MAP_PIRQ_TYPE_GSI, else above). */
int pirq_get_free(struct domain *d, bool gsi_range);

/*
 * Event channels (caller holds d's event-channel lock): tie a mapped pirq
 * to port and unmask its pin (-EINVAL unmapped, -EEXIST already bound);
 * and untie it again, masking the pin.
 */
int pirq_bind_port(struct domain *d, u32 pirq, u32 port);
void pirq_unbind_port(struct domain *d, u32 pirq, u32 port);
/*
 * d is going away and its ports are closed: drop its pirqs and wait for
 * interrupts already on their way to it.  Before d's event state is freed.
 */
void pirq_domain_destroy(struct domain *d);

/*
 * common/event_channel.c: raise port in d if it is still bound to pirq.
 * Called from interrupt context, without the pirq lock.
 */
void evtchn_send_pirq(struct domain *d, u32 port, u32 pirq);

#endif
