/*
 * Physical device interrupts for the hardware domain: its pirq table
 * (pirq <-> GSI), the GSI -> vector routing through the IO-APIC, the
 * pirq <-> event-channel binding and the interrupt handler that turns a
 * device interrupt into a pending event.
 *
 * Interface (asm/pirq.h): the physdev_op sub-ops map a GSI to a pirq and
 * set its mode; EVTCHNOP_bind_pirq binds a port, which unmasks the pin;
 * each interrupt sets the port pending; a level-triggered pin is masked
 * until the guest's PHYSDEVOP_eoi; closing the port masks the pin again.
 * Invariants: pirq_lock (interrupts off) guards every table here and is
 * taken inside a domain's event-channel lock, never around it.  Only the
 * one privileged domain owns pirqs (pirq_owner).  A GSI's pin is unmasked
 * only while a port is bound to its pirq, and keeps its vector for ever
 * once routed, so vector_gsi[] only grows; the vector's handler is
 * installed before the pin is first routed (and so before it can fire).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <asm/apic.h>
#include <asm/io_apic.h>
#include <asm/irq.h>
#include <asm/pirq.h>
#include <asm/smp.h>
#include <asm/system.h>
#include <public/physdev.h>

#define NR_GSIS	      256	  /* GSIs 0-255 can be given to a guest */
#define PIRQ_FREE     0xffff	  /* pirq_gsi[]: not mapped */
#define PIRQ_RESERVED 0xfffe	  /* pirq_gsi[]: PHYSDEVOP_get_free_pirq */
#define NO_GSI	      0xffff	  /* vector_gsi[]: vector not ours */
#define NO_PIRQ	      0xffff	  /* gsi_desc.pirq: GSI not mapped */
#define ISA_IRQS      16	  /* GSIs that may carry ISA defaults */
#define DRAIN_SPINS   100000000UL /* pirq_domain_destroy's patience */

/* One GSI as the hypervisor routes it; all fields under pirq_lock. */
struct gsi_desc {
	u16 pirq;		/* owner's pirq, NO_PIRQ = unmapped */
	u32 port;		/* owner's bound port, 0 = none (pin masked) */
	u8 vector;		/* 0 = never routed */
	bool level;		/* level triggered (needs the guest's EOI) */
	bool active_low;	/* polarity */
	unsigned long spurious; /* interrupts with no port bound */
};

static DEFINE_SPINLOCK(pirq_lock);
static struct gsi_desc gsi_desc[NR_GSIS];
static u16 vector_gsi[256];	  /* vector -> GSI, NO_GSI = not ours */
static struct domain *pirq_owner; /* domain of pirq_gsi[], NULL = none */
static u16 pirq_gsi[NR_PIRQS];	  /* owner's pirq -> GSI / PIRQ_* */
static bool tables_ready;	  /* the NO_* fillers are in place */
static unsigned int inflight;	  /* handlers between lock and send */

/* Caller holds pirq_lock.  Fill the tables' "nothing" markers once. */
static void tables_init(void)
{
	if (tables_ready)
		return;
	for (unsigned int i = 0; i < NR_GSIS; i++)
		gsi_desc[i].pirq = NO_PIRQ;
	for (unsigned int i = 0; i < ARRAY_SIZE(vector_gsi); i++)
		vector_gsi[i] = NO_GSI;
	for (unsigned int i = 0; i < NR_PIRQS; i++)
		pirq_gsi[i] = PIRQ_FREE;
	tables_ready = true;
}

static unsigned int nr_gsis(void)
{
	return MIN(io_apic_nr_gsis(), (unsigned int)NR_GSIS);
}

/*
 * Lock the tables for d, which must be (or become) their owner.  False,
 * with nothing locked, when d may not have pirqs.
 */
static bool lock_for(struct domain *d, unsigned long *flags)
{
	if (!d->is_privileged)
		return false;
	spin_lock_irqsave(&pirq_lock, *flags);
	tables_init();
	if (!pirq_owner)
		pirq_owner = d;
	if (pirq_owner == d)
		return true;
	spin_unlock_irqrestore(&pirq_lock, *flags);
	return false;
}

static void unlock(unsigned long flags)
{
	spin_unlock_irqrestore(&pirq_lock, flags);
}

/* Caller holds pirq_lock.  The GSI of d's pirq, or NO_GSI. */
static u32 pirq_to_gsi(u32 pirq)
{
	if (pirq >= NR_PIRQS || pirq_gsi[pirq] >= NR_GSIS)
		return NO_GSI;
	return pirq_gsi[pirq];
}

/* ---- the interrupt ---- */

static void note_spurious(u32 gsi, unsigned long n)
{
	/* Rate limit: the 1st, 2nd, 4th, 8th ... */
	if (!(n & (n - 1)))
		printk(XENLOG_G_WARNING "GSI %u: %lu interrupt(s) with no "
					"event channel bound, pin masked\n",
		       gsi, n);
}

/*
 * Every routed vector lands here, on the CPU the pin targets, with
 * interrupts off.  Ack the LAPIC (a level pin first masked, so the line
 * cannot fire again before the guest's EOI), then raise the bound port.
 */
static void pirq_interrupt(struct cpu_regs *regs)
{
	struct domain *d = NULL;
	struct gsi_desc *g;
	unsigned long spurious = 0;
	u32 gsi, port = 0, pirq = 0;

	spin_lock(&pirq_lock);
	gsi = vector_gsi[regs->entry_vector & 0xff];
	if (gsi == NO_GSI) {
		spin_unlock(&pirq_lock);
		apic_eoi();
		return;
	}
	g = &gsi_desc[gsi];
	if (g->level || !g->port)
		io_apic_mask_gsi(gsi, true);
	apic_eoi();
	if (g->port && pirq_owner) {
		d = pirq_owner;
		port = g->port;
		pirq = g->pirq;
		__atomic_fetch_add(&inflight, 1, __ATOMIC_SEQ_CST);
	} else {
		spurious = ++g->spurious;
	}
	spin_unlock(&pirq_lock);
	if (d) {
		evtchn_send_pirq(d, port, pirq);
		__atomic_fetch_sub(&inflight, 1, __ATOMIC_SEQ_CST);
	} else {
		note_spurious(gsi, spurious);
	}
}

/* ---- routing ---- */

/* ISA defaults (MADT override or edge/high) for GSIs that carry an ISA
 * IRQ, else PCI's level/low: the mode of a GSI bound before setup_gsi. */
static void gsi_default_mode(u32 gsi, bool *level, bool *active_low)
{
	for (unsigned int irq = 0; irq < ISA_IRQS; irq++)
		if (isa_irq_to_gsi(irq, level, active_low) == gsi)
			return;
	*level = gsi >= ISA_IRQS;
	*active_low = gsi >= ISA_IRQS;
}

/* Caller holds pirq_lock.  A vector no GSI uses yet, or 0. */
static u8 alloc_vector(void)
{
	for (unsigned int v = FIRST_DYNAMIC_VECTOR; v <= LAST_DYNAMIC_VECTOR;
	     v++)
		if (vector_gsi[v] == NO_GSI)
			return v;
	return 0;
}

/*
 * Caller holds pirq_lock.  Program gsi's pin (masked) with the given mode
 * on the BSP, giving the GSI its vector on first use.
 */
static int gsi_route(u32 gsi, bool level, bool active_low)
{
	struct gsi_desc *g = &gsi_desc[gsi];
	u8 vector = g->vector ? g->vector : alloc_vector();
	int rc;

	if (!vector)
		return -ENOSPC;
	set_intr_handler(vector, pirq_interrupt);
	rc = io_apic_route_gsi(gsi, vector, x86_cpu_to_apicid[0], level,
			       active_low);
	if (rc)
		return rc;
	vector_gsi[vector] = gsi;
	g->vector = vector;
	g->level = level;
	g->active_low = active_low;
	if (g->port)
		io_apic_mask_gsi(gsi, false);
	return 0;
}

/* ---- physdev_op ---- */

/* Caller holds pirq_lock.  A pirq for a new mapping of gsi, or -errno. */
static int choose_pirq(u32 gsi, int want)
{
	if (want >= 0) {
		if (pirq_gsi[want] != PIRQ_FREE &&
		    pirq_gsi[want] != PIRQ_RESERVED)
			return -EEXIST;
		return want;
	}
	if (pirq_gsi[gsi] == PIRQ_FREE)
		return gsi;
	for (unsigned int p = 0; p < NR_PIRQS; p++)
		if (pirq_gsi[p] == PIRQ_FREE)
			return p;
	return -ENOSPC;
}

int pirq_map_gsi(struct domain *d, u32 gsi, int want_pirq)
{
	unsigned long flags;
	struct gsi_desc *g;
	int pirq;

	if (gsi >= nr_gsis() || want_pirq < -1 || want_pirq >= NR_PIRQS)
		return -EINVAL;
	if (!lock_for(d, &flags))
		return -EPERM;
	g = &gsi_desc[gsi];
	if (g->pirq != NO_PIRQ)
		pirq = want_pirq == -1 || want_pirq == g->pirq ? g->pirq
							       : -EEXIST;
	else if ((pirq = choose_pirq(gsi, want_pirq)) >= 0) {
		pirq_gsi[pirq] = gsi;
		g->pirq = pirq;
	}
	unlock(flags);
	return pirq;
}

int pirq_unmap(struct domain *d, u32 pirq)
{
	unsigned long flags;
	u32 gsi;
	int rc = 0;

	if (pirq >= NR_PIRQS)
		return -EINVAL;
	if (!lock_for(d, &flags))
		return -EPERM;
	gsi = pirq_to_gsi(pirq);
	if (pirq_gsi[pirq] == PIRQ_RESERVED) {
		pirq_gsi[pirq] = PIRQ_FREE;
	} else if (gsi == NO_GSI) {
		rc = -EINVAL;
	} else if (gsi_desc[gsi].port) {
		rc = -EBUSY;
	} else {
		pirq_gsi[pirq] = PIRQ_FREE;
		gsi_desc[gsi].pirq = NO_PIRQ;
	}
	unlock(flags);
	return rc;
}

int pirq_setup_gsi(struct domain *d, u32 gsi, bool level, bool active_low)
{
	unsigned long flags;
	struct gsi_desc *g;
	int rc = 0;

	if (gsi >= nr_gsis())
		return -EINVAL;
	if (!lock_for(d, &flags))
		return -EPERM;
	g = &gsi_desc[gsi];
	if (!g->vector ||
	    (!g->port && (g->level != level || g->active_low != active_low)))
		rc = gsi_route(gsi, level, active_low);
	else if (g->level != level || g->active_low != active_low)
		rc = -EEXIST; /* in use with another mode */
	unlock(flags);
	return rc;
}

int pirq_status(struct domain *d, u32 pirq, u32 *flags_out)
{
	unsigned long flags;
	u32 gsi;

	if (pirq >= NR_PIRQS)
		return -EINVAL;
	if (!lock_for(d, &flags))
		return -EPERM;
	gsi = pirq_to_gsi(pirq);
	*flags_out = 0;
	if (gsi != NO_GSI && gsi_desc[gsi].vector && gsi_desc[gsi].level)
		*flags_out = XENIRQSTAT_needs_eoi;
	unlock(flags);
	return 0;
}

int pirq_eoi(struct domain *d, u32 pirq)
{
	unsigned long flags;
	u32 gsi;

	if (pirq >= NR_PIRQS)
		return -EINVAL;
	if (!lock_for(d, &flags))
		return -EPERM;
	gsi = pirq_to_gsi(pirq);
	/* An EOI for an unbound or edge pirq is harmless: Linux WARNs on
	 * errors, so it succeeds without effect. */
	if (gsi != NO_GSI && gsi_desc[gsi].port && gsi_desc[gsi].level)
		io_apic_mask_gsi(gsi, false);
	unlock(flags);
	return 0;
}

int pirq_get_free(struct domain *d, bool gsi_range)
{
	unsigned long flags;
	unsigned int n = nr_gsis();
	int pirq = -ENOSPC;

	if (!lock_for(d, &flags))
		return -EPERM;
	if (gsi_range) {
		for (unsigned int p = ISA_IRQS; p < n && pirq < 0; p++)
			if (pirq_gsi[p] == PIRQ_FREE)
				pirq = p;
	} else {
		for (unsigned int p = NR_PIRQS; p-- > n && pirq < 0;)
			if (pirq_gsi[p] == PIRQ_FREE)
				pirq = p;
	}
	if (pirq >= 0)
		pirq_gsi[pirq] = PIRQ_RESERVED;
	unlock(flags);
	return pirq;
}

/* ---- event channels ---- */

int pirq_bind_port(struct domain *d, u32 pirq, u32 port)
{
	unsigned long flags;
	struct gsi_desc *g;
	bool level, active_low;
	u32 gsi;
	int rc = 0;

	if (pirq >= NR_PIRQS || !port)
		return -EINVAL;
	if (!lock_for(d, &flags))
		return -EPERM;
	gsi = pirq_to_gsi(pirq);
	g = gsi == NO_GSI ? NULL : &gsi_desc[gsi];
	if (!g)
		rc = -EINVAL;
	else if (g->port)
		rc = -EEXIST;
	if (!rc && !g->vector) { /* mapped but never set up: defaults */
		gsi_default_mode(gsi, &level, &active_low);
		rc = gsi_route(gsi, level, active_low);
	}
	if (!rc) {
		g->port = port;
		io_apic_mask_gsi(gsi, false);
	}
	unlock(flags);
	return rc;
}

void pirq_unbind_port(struct domain *d, u32 pirq, u32 port)
{
	unsigned long flags;
	u32 gsi;

	if (!lock_for(d, &flags))
		return;
	gsi = pirq_to_gsi(pirq);
	if (gsi != NO_GSI && gsi_desc[gsi].port == port) {
		io_apic_mask_gsi(gsi, true);
		gsi_desc[gsi].port = 0;
	}
	unlock(flags);
}

void pirq_domain_destroy(struct domain *d)
{
	unsigned long flags;
	unsigned long spins = 0;

	spin_lock_irqsave(&pirq_lock, flags);
	if (pirq_owner != d) {
		spin_unlock_irqrestore(&pirq_lock, flags);
		return;
	}
	for (unsigned int gsi = 0; gsi < NR_GSIS; gsi++) {
		if (gsi_desc[gsi].vector)
			io_apic_mask_gsi(gsi, true);
		gsi_desc[gsi].port = 0;
		gsi_desc[gsi].pirq = NO_PIRQ;
	}
	for (unsigned int p = 0; p < NR_PIRQS; p++)
		pirq_gsi[p] = PIRQ_FREE;
	pirq_owner = NULL;
	spin_unlock_irqrestore(&pirq_lock, flags);
	/* Handlers that read d before we cleared it finish their send. */
	while (__atomic_load_n(&inflight, __ATOMIC_SEQ_CST) &&
	       spins++ < DRAIN_SPINS)
		cpu_relax();
}
