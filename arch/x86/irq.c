/*
 * Physical device interrupts for the hardware domain: its pirq table
 * (pirq <-> GSI or MSI vector), the GSI -> vector routing through the
 * IO-APIC, the MSI/MSI-X vectors programmed through arch/x86/msi.c, the
 * pirq <-> event-channel binding and the interrupt handler that turns a
 * device interrupt into a pending event.
 *
 * Interface (asm/pirq.h): the physdev_op sub-ops map a GSI or an MSI to a
 * pirq and set a GSI's mode; EVTCHNOP_bind_pirq binds a port, which
 * unmasks the pin or vector; each interrupt sets the port pending; a
 * level-triggered pin is masked until the guest's PHYSDEVOP_eoi (MSIs are
 * edge: acked at the LAPIC, no EOI); closing the port masks it again.
 * Invariants: pirq_lock (interrupts off) guards every table here and is
 * taken inside a domain's event-channel lock, never around it (msi.c's
 * and the PCI lock nest inside it).  Only the one privileged domain owns
 * pirqs (pirq_owner); other domains only hold machine irqs the toolstack
 * granted (XEN_DOMCTL_irq_permission, xen/iocap.h).  A source is
 * unmasked only while a port is bound to its pirq.  A GSI keeps its
 * vector for ever once routed; an MSI slot owns its vector from map to
 * unmap.  A vector's handler is installed before anything can send it,
 * and vector_src[] names its source.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/iocap.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <asm/apic.h>
#include <asm/io_apic.h>
#include <asm/irq.h>
#include <asm/msi.h>
#include <asm/pirq.h>
#include <asm/smp.h>
#include <asm/system.h>
#include <public/physdev.h>

#define NR_GSIS	      256	  /* GSIs 0-255 can be given to a guest */
#define NR_MSI_SLOTS  128	  /* MSI/MSI-X vectors mapped at once */
#define SRC_MSI	      0x1000	  /* source SRC_MSI + n: MSI slot n */
#define PIRQ_FREE     0xffff	  /* pirq_src[]: not mapped */
#define PIRQ_RESERVED 0xfffe	  /* pirq_src[]: PHYSDEVOP_get_free_pirq */
#define NO_SRC	      0xffff	  /* vector_src[]: vector not ours */
#define NO_PIRQ	      0xffff	  /* gsi_desc/msi_slot.pirq: unmapped */
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

/* One mapped MSI or MSI-X vector; all fields under pirq_lock. */
struct msi_slot {
	u16 pirq;		/* owner's pirq, NO_PIRQ = slot free */
	u32 port;		/* owner's bound port, 0 = none (masked) */
	u8 vector;		/* ours while mapped */
	struct msi_vec hw;	/* the function and entry (msi.c) */
	unsigned long spurious; /* interrupts with no port bound */
};

static DEFINE_SPINLOCK(pirq_lock);
static struct gsi_desc gsi_desc[NR_GSIS];
static struct msi_slot msi_slot[NR_MSI_SLOTS];
static u16 vector_src[256];	  /* vector -> source, NO_SRC = not ours */
static struct domain *pirq_owner; /* domain of pirq_src[], NULL = none */
static u16 pirq_src[NR_PIRQS];	  /* owner's pirq -> source / PIRQ_* */
static bool tables_ready;	  /* the NO_* fillers are in place */
static unsigned int inflight;	  /* handlers between lock and send */

/* Caller holds pirq_lock.  Fill the tables' "nothing" markers once. */
static void tables_init(void)
{
	if (tables_ready)
		return;
	for (unsigned int i = 0; i < NR_GSIS; i++)
		gsi_desc[i].pirq = NO_PIRQ;
	for (unsigned int i = 0; i < NR_MSI_SLOTS; i++)
		msi_slot[i].pirq = NO_PIRQ;
	for (unsigned int i = 0; i < ARRAY_SIZE(vector_src); i++)
		vector_src[i] = NO_SRC;
	for (unsigned int i = 0; i < NR_PIRQS; i++)
		pirq_src[i] = PIRQ_FREE;
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

/* Caller holds pirq_lock.  The GSI of the owner's pirq, or NO_SRC. */
static u32 pirq_to_gsi(u32 pirq)
{
	if (pirq >= NR_PIRQS || pirq_src[pirq] >= NR_GSIS)
		return NO_SRC;
	return pirq_src[pirq];
}

/* Caller holds pirq_lock.  The MSI slot of the owner's pirq, or NULL. */
static struct msi_slot *pirq_to_msi(u32 pirq)
{
	u32 src = pirq < NR_PIRQS ? pirq_src[pirq] : PIRQ_FREE;

	if (src < SRC_MSI || src >= SRC_MSI + NR_MSI_SLOTS)
		return NULL;
	return &msi_slot[src - SRC_MSI];
}

/* ---- machine irqs (xen/iocap.h): GSI n is n, MSI slot n SRC_MSI + n ---- */

static bool is_machine_irq(u32 irq)
{
	return irq < nr_gsis() ||
	       (irq >= SRC_MSI && irq < SRC_MSI + NR_MSI_SLOTS);
}

/* As Xen's hardware domain: every source but the timer's GSI 0. */
bool irq_access_permitted(struct domain *d, unsigned int irq)
{
	if (!d->is_privileged)
		return iocap_contains(&d->irq_caps, irq, irq);
	return irq && is_machine_irq(irq);
}

unsigned int domain_nr_pirqs(const struct domain *d)
{
	return NR_PIRQS;
}

unsigned int pirq_access_permitted(struct domain *d, unsigned int pirq)
{
	unsigned long flags;
	u32 src;

	if (pirq >= NR_PIRQS || !lock_for(d, &flags))
		return 0; /* no pirqs: a domU's are not ours to name */
	src = pirq_src[pirq];
	unlock(flags);
	return is_machine_irq(src) && irq_access_permitted(d, src) ? src : 0;
}

/* ---- the interrupt ---- */

static void note_spurious(const char *what, u32 n_src, unsigned long n)
{
	/* Rate limit: the 1st, 2nd, 4th, 8th ... */
	if (!(n & (n - 1)))
		printk(XENLOG_G_WARNING "%s %u: %lu interrupt(s) with no "
					"event channel bound, masked\n",
		       what, n_src, n);
}

/*
 * Caller holds pirq_lock.  Ack a GSI's interrupt (a level pin first
 * masked, so the line cannot fire again before the guest's EOI); its
 * port (0: none, counted in *spurious).
 */
static u32 gsi_interrupt(u32 gsi, u32 *pirq, unsigned long *spurious)
{
	struct gsi_desc *g = &gsi_desc[gsi];

	if (g->level || !g->port)
		io_apic_mask_gsi(gsi, true);
	apic_eoi();
	if (!g->port)
		*spurious = ++g->spurious;
	*pirq = g->pirq;
	return g->port;
}

/* Caller holds pirq_lock.  An MSI is edge: ack it, masked if unbound. */
static u32 msi_interrupt(struct msi_slot *m, u32 *pirq,
			 unsigned long *spurious)
{
	apic_eoi();
	if (!m->port) {
		msi_vec_mask(&m->hw, true);
		*spurious = ++m->spurious;
	}
	*pirq = m->pirq;
	return m->port;
}

/*
 * Every routed vector lands here, on the CPU the source targets, with
 * interrupts off.  Ack it, then raise the bound port outside the lock.
 */
static void pirq_interrupt(struct cpu_regs *regs)
{
	struct domain *d = NULL;
	unsigned long spurious = 0;
	u32 src, port = 0, pirq = 0;

	spin_lock(&pirq_lock);
	src = vector_src[regs->entry_vector & 0xff];
	if (src == NO_SRC) {
		spin_unlock(&pirq_lock);
		apic_eoi();
		return;
	}
	if (src < NR_GSIS)
		port = gsi_interrupt(src, &pirq, &spurious);
	else
		port = msi_interrupt(&msi_slot[src - SRC_MSI], &pirq,
				     &spurious);
	if (port && pirq_owner) {
		d = pirq_owner;
		__atomic_fetch_add(&inflight, 1, __ATOMIC_SEQ_CST);
	}
	spin_unlock(&pirq_lock);
	if (d) {
		evtchn_send_pirq(d, port, pirq);
		__atomic_fetch_sub(&inflight, 1, __ATOMIC_SEQ_CST);
	} else if (spurious) {
		note_spurious(src < NR_GSIS ? "GSI" : "MSI pirq",
			      src < NR_GSIS ? src : pirq, spurious);
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

/* Caller holds pirq_lock.  A vector no source uses yet, or 0. */
static u8 alloc_vector(void)
{
	for (unsigned int v = FIRST_DYNAMIC_VECTOR; v <= LAST_DYNAMIC_VECTOR;
	     v++)
		if (vector_src[v] == NO_SRC)
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
	vector_src[vector] = gsi;
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
		if (pirq_src[want] != PIRQ_FREE &&
		    pirq_src[want] != PIRQ_RESERVED)
			return -EEXIST;
		return want;
	}
	if (pirq_src[gsi] == PIRQ_FREE)
		return gsi;
	for (unsigned int p = 0; p < NR_PIRQS; p++)
		if (pirq_src[p] == PIRQ_FREE)
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
		pirq_src[pirq] = gsi;
		g->pirq = pirq;
	}
	unlock(flags);
	return pirq;
}

/* Caller holds pirq_lock.  A free pirq above the GSIs, top down, or -1. */
static int free_msi_pirq(void)
{
	for (unsigned int p = NR_PIRQS; p-- > nr_gsis();)
		if (pirq_src[p] == PIRQ_FREE)
			return p;
	return -1;
}

/* Caller holds pirq_lock.  A free MSI slot, or NULL. */
static struct msi_slot *free_msi_slot(void)
{
	for (unsigned int i = 0; i < NR_MSI_SLOTS; i++)
		if (msi_slot[i].pirq == NO_PIRQ)
			return &msi_slot[i];
	return NULL;
}

int pirq_map_msi(struct domain *d, u8 bus, u8 devfn, bool msix,
		 unsigned int entry, int want_pirq)
{
	unsigned long flags;
	struct msi_slot *m;
	struct msi_vec hw;
	int pirq, rc;
	u8 vector;

	if (want_pirq < -1 || want_pirq >= NR_PIRQS)
		return -EINVAL;
	if (!lock_for(d, &flags))
		return -EPERM;
	pirq = want_pirq >= 0 ? want_pirq : free_msi_pirq();
	m = free_msi_slot();
	vector = alloc_vector();
	if (pirq < 0 || !m || !vector)
		rc = -ENOSPC;
	else if (pirq_src[pirq] != PIRQ_FREE && pirq_src[pirq] != PIRQ_RESERVED)
		rc = -EEXIST;
	else
		rc = 0;
	if (!rc) {
		set_intr_handler(vector, pirq_interrupt); /* before it can fire */
		rc = msi_vec_setup(bus, devfn, msix, entry, vector,
				   x86_cpu_to_apicid[0], &hw);
	}
	if (!rc) {
		m->pirq = pirq;
		m->port = 0;
		m->vector = vector;
		m->hw = hw;
		m->spurious = 0;
		vector_src[vector] = SRC_MSI + (m - msi_slot);
		pirq_src[pirq] = SRC_MSI + (m - msi_slot);
	}
	unlock(flags);
	return rc ? rc : pirq;
}

/* Caller holds pirq_lock.  Undo pirq_map_msi: the device stays quiet. */
static void msi_unmap(struct msi_slot *m)
{
	msi_vec_teardown(&m->hw);
	vector_src[m->vector] = NO_SRC;
	pirq_src[m->pirq] = PIRQ_FREE;
	m->pirq = NO_PIRQ;
	m->port = 0;
}

int pirq_unmap(struct domain *d, u32 pirq)
{
	unsigned long flags;
	struct msi_slot *m;
	u32 gsi;
	int rc = 0;

	if (pirq >= NR_PIRQS)
		return -EINVAL;
	if (!lock_for(d, &flags))
		return -EPERM;
	gsi = pirq_to_gsi(pirq);
	m = pirq_to_msi(pirq);
	if (pirq_src[pirq] == PIRQ_RESERVED) {
		pirq_src[pirq] = PIRQ_FREE;
	} else if (m) {
		msi_unmap(m); /* as Xen, a bound port is unbound by force */
	} else if (gsi == NO_SRC) {
		rc = -EINVAL;
	} else if (gsi_desc[gsi].port) {
		rc = -EBUSY;
	} else {
		pirq_src[pirq] = PIRQ_FREE;
		gsi_desc[gsi].pirq = NO_PIRQ;
	}
	unlock(flags);
	return rc;
}

int pirq_restore_msi(struct domain *d, u8 bus, u8 devfn)
{
	unsigned long flags;
	int rc = 0, fn;

	if (!lock_for(d, &flags))
		return -EPERM;
	fn = msi_fn_index(bus, devfn);
	for (unsigned int i = 0; fn >= 0 && !rc && i < NR_MSI_SLOTS; i++) {
		struct msi_slot *m = &msi_slot[i];

		if (m->pirq != NO_PIRQ && m->hw.fn == (unsigned int)fn)
			rc = msi_vec_restore(&m->hw, m->vector,
					     x86_cpu_to_apicid[0], !m->port);
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
	/* MSIs are edge and acked at the LAPIC: no EOI, flags 0. */
	*flags_out = 0;
	if (gsi != NO_SRC && gsi_desc[gsi].vector && gsi_desc[gsi].level)
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
	/* An EOI for an unbound, edge or MSI pirq is harmless: Linux WARNs
	 * on errors, so it succeeds without effect. */
	if (gsi != NO_SRC && gsi_desc[gsi].port && gsi_desc[gsi].level)
		io_apic_mask_gsi(gsi, false);
	unlock(flags);
	return 0;
}

int pirq_get_free(struct domain *d, bool gsi_range)
{
	unsigned long flags;
	unsigned int n;
	int pirq = -ENOSPC;

	if (!lock_for(d, &flags))
		return -EPERM;
	n = nr_gsis();
	if (gsi_range) {
		for (unsigned int p = ISA_IRQS; p < n && pirq < 0; p++)
			if (pirq_src[p] == PIRQ_FREE)
				pirq = p;
	} else {
		pirq = free_msi_pirq();
		pirq = pirq < 0 ? -ENOSPC : pirq;
	}
	if (pirq >= 0)
		pirq_src[pirq] = PIRQ_RESERVED;
	unlock(flags);
	return pirq;
}

/* ---- event channels ---- */

/* Caller holds pirq_lock.  Tie GSI gsi to port, routing it if need be. */
static int gsi_bind(u32 gsi, u32 port)
{
	struct gsi_desc *g = &gsi_desc[gsi];
	bool level, active_low;
	int rc;

	if (g->port)
		return -EEXIST;
	if (!g->vector) { /* mapped but never set up: defaults */
		gsi_default_mode(gsi, &level, &active_low);
		rc = gsi_route(gsi, level, active_low);
		if (rc)
			return rc;
	}
	g->port = port;
	io_apic_mask_gsi(gsi, false);
	return 0;
}

int pirq_bind_port(struct domain *d, u32 pirq, u32 port)
{
	unsigned long flags;
	struct msi_slot *m;
	u32 gsi;
	int rc = -EINVAL;

	if (pirq >= NR_PIRQS || !port)
		return -EINVAL;
	if (!lock_for(d, &flags))
		return -EPERM;
	gsi = pirq_to_gsi(pirq);
	m = pirq_to_msi(pirq);
	if (gsi != NO_SRC) {
		rc = gsi_bind(gsi, port);
	} else if (m && m->port) {
		rc = -EEXIST;
	} else if (m) {
		m->port = port;
		msi_vec_mask(&m->hw, false);
		rc = 0;
	}
	unlock(flags);
	return rc;
}

void pirq_unbind_port(struct domain *d, u32 pirq, u32 port)
{
	unsigned long flags;
	struct msi_slot *m;
	u32 gsi;

	if (!lock_for(d, &flags))
		return;
	gsi = pirq_to_gsi(pirq);
	m = pirq_to_msi(pirq);
	if (gsi != NO_SRC && gsi_desc[gsi].port == port) {
		io_apic_mask_gsi(gsi, true);
		gsi_desc[gsi].port = 0;
	} else if (m && m->port == port) {
		msi_vec_mask(&m->hw, true);
		m->port = 0;
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
	for (unsigned int i = 0; i < NR_MSI_SLOTS; i++)
		if (msi_slot[i].pirq != NO_PIRQ)
			msi_unmap(&msi_slot[i]);
	for (unsigned int p = 0; p < NR_PIRQS; p++)
		pirq_src[p] = PIRQ_FREE;
	pirq_owner = NULL;
	spin_unlock_irqrestore(&pirq_lock, flags);
	/* Handlers that read d before we cleared it finish their send. */
	while (__atomic_load_n(&inflight, __ATOMIC_SEQ_CST) &&
	       spins++ < DRAIN_SPINS)
		cpu_relax();
}
