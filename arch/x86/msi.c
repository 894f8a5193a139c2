/*
 * MSI and MSI-X for the PCI functions dom0 drives: the functions' table
 * (capability offsets, where the MSI-X table and PBA live), programming
 * and masking single vectors, and which frames dom0 may only map read-
 * only.  The pirq side (vectors, ports, the interrupt) is arch/x86/irq.c.
 *
 * Interface: asm/msi.h.  msi_fn_report() (no locks held) before
 * msi_vec_setup() for the same function; msi_vec_mask()/teardown() on a
 * vector setup returned.
 * Invariants: msi_lock (interrupts off) guards fns[]; it nests inside the
 * pirq lock and outside pci_lock and takes nothing else.  A function with
 * programmed vectors uses MSI or MSI-X, never both; its MSI-X table is
 * mapped (fn->table) while any MSI-X vector is programmed.  ro_first/
 * ro_last cover the table and PBA frames as last read from the BARs.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <asm/io.h>
#include <asm/mm.h>
#include <asm/msi.h>
#include <asm/page.h>
#include <asm/pci.h>
#include <asm/pv_mm.h>

#define MSIX_MAX_ENTRIES (PCI_MSIX_FLAGS_QSIZE + 1)
#define NO_FRAMES	 0 /* ro_last < ro_first: nothing protected */

struct msi_fn {
	bool used;	      /* slot in use */
	u8 bus, devfn;	      /* segment 0 */
	u8 msi_pos, msix_pos; /* capability offsets, 0 = none */
	u16 nr_entries;	      /* MSI-X table size */
	u64 table_pa;	      /* MSI-X table: where its mapping points */
	volatile u8 *table;   /* its mapping, NULL = not yet mapped */
	unsigned int nr_msix; /* MSI-X entries programmed */
	bool msi_on;	      /* the MSI vector is programmed */
	unsigned long ro_first[2], ro_last[2]; /* table, PBA frames */
	u8 entry_on[MSIX_MAX_ENTRIES / 8];     /* programmed entries */
};

static DEFINE_SPINLOCK(msi_lock);
static struct msi_fn fns[MSI_MAX_FNS];

/* Caller holds msi_lock.  The slot of (bus, devfn), or NULL. */
static struct msi_fn *find_fn(u8 bus, u8 devfn)
{
	for (unsigned int i = 0; i < MSI_MAX_FNS; i++)
		if (fns[i].used && fns[i].bus == bus && fns[i].devfn == devfn)
			return &fns[i];
	return NULL;
}

static struct msi_fn *free_fn(void)
{
	for (unsigned int i = 0; i < MSI_MAX_FNS; i++)
		if (!fns[i].used)
			return &fns[i];
	return NULL;
}

/* The table/PBA location register's address, 0 if its BAR is unset. */
static u64 msix_region(u8 bus, u8 devfn, unsigned int pos, unsigned int reg)
{
	u32 loc = pci_conf_read(bus, devfn, pos + reg, 4);
	u64 bar = pci_mem_bar(bus, devfn, loc & PCI_MSIX_BIR_MASK);

	return bar ? bar + (loc & PCI_MSIX_OFFSET_MASK) : 0;
}

/* Frames [*first, *last] holding len bytes at pa (none if pa is 0). */
static void frames_of(u64 pa, u64 len, unsigned long *first,
		      unsigned long *last)
{
	*first = pa >> PAGE_SHIFT;
	*last = pa ? (pa + len - 1) >> PAGE_SHIFT : NO_FRAMES;
	if (!pa)
		*first = NO_FRAMES + 1;
}

/* What the hardware says about the function now (no locks held). */
struct fn_info {
	u8 msi_pos, msix_pos;
	u16 nr_entries;
	unsigned long ro_first[2], ro_last[2];
};

static void read_fn(u8 bus, u8 devfn, struct fn_info *fi)
{
	u64 table = 0, pba = 0;

	fi->msi_pos = pci_find_cap(bus, devfn, PCI_CAP_ID_MSI);
	fi->msix_pos = pci_find_cap(bus, devfn, PCI_CAP_ID_MSIX);
	fi->nr_entries = 0;
	if (fi->msix_pos) {
		unsigned int pos = fi->msix_pos;

		fi->nr_entries =
			(pci_conf_read(bus, devfn, pos + PCI_MSIX_FLAGS, 2) &
			 PCI_MSIX_FLAGS_QSIZE) +
			1;
		table = msix_region(bus, devfn, pos, PCI_MSIX_TABLE);
		pba = msix_region(bus, devfn, pos, PCI_MSIX_PBA);
	}
	frames_of(table, (u64)fi->nr_entries * PCI_MSIX_ENTRY_SIZE,
		  &fi->ro_first[0], &fi->ro_last[0]);
	frames_of(pba, (fi->nr_entries + 63) / 64 * 8, &fi->ro_first[1],
		  &fi->ro_last[1]);
}

/* Caller holds msi_lock.  Record fi in f; true if a range is new. */
static bool store_fn(struct msi_fn *f, u8 bus, u8 devfn,
		     const struct fn_info *fi)
{
	bool changed = !f->used;

	if (!f->used) {
		memset(f, 0, sizeof(*f));
		f->used = true;
		f->bus = bus;
		f->devfn = devfn;
	}
	f->msi_pos = fi->msi_pos;
	f->msix_pos = fi->msix_pos;
	f->nr_entries = fi->nr_entries;
	for (unsigned int i = 0; i < 2; i++) {
		changed |= f->ro_first[i] != fi->ro_first[i] ||
			   f->ro_last[i] != fi->ro_last[i];
		f->ro_first[i] = fi->ro_first[i];
		f->ro_last[i] = fi->ro_last[i];
	}
	return changed;
}

int msi_fn_report(struct domain *d, u8 bus, u8 devfn)
{
	struct fn_info fi;
	struct msi_fn *f;
	unsigned long flags;
	bool changed = false;
	int rc = 0;

	if (!pci_fn_present(bus, devfn))
		return -ENODEV;
	read_fn(bus, devfn, &fi);
	if (!fi.msi_pos && !fi.msix_pos)
		return 0; /* nothing of ours to protect */
	spin_lock_irqsave(&msi_lock, flags);
	f = find_fn(bus, devfn);
	if (!f)
		f = free_fn();
	if (f)
		changed = store_fn(f, bus, devfn, &fi);
	else
		rc = -ENOSPC;
	spin_unlock_irqrestore(&msi_lock, flags);
	if (rc)
		printk(XENLOG_WARNING "PCI %02x:%02x.%u: more than %u MSI "
				      "functions, not tracked\n",
		       bus, PCI_SLOT(devfn), PCI_FUNC(devfn), MSI_MAX_FNS);
	for (unsigned int i = 0; changed && i < 2; i++)
		if (fi.ro_first[i] <= fi.ro_last[i])
			pv_io_revoke_writable(d, fi.ro_first[i], fi.ro_last[i]);
	return rc;
}

int msi_fn_forget(u8 bus, u8 devfn)
{
	struct msi_fn *f;
	unsigned long flags;
	int rc = 0;

	spin_lock_irqsave(&msi_lock, flags);
	f = find_fn(bus, devfn);
	if (f && (f->nr_msix || f->msi_on))
		rc = -EBUSY;
	else if (f)
		f->used = false;
	spin_unlock_irqrestore(&msi_lock, flags);
	return rc;
}

/* ---- programming ---- */

static u32 msg_address(u32 apic_id)
{
	return MSI_ADDR_BASE | apic_id << MSI_ADDR_DEST_SHIFT;
}

static u32 msg_data(u8 vector)
{
	return MSI_DATA_DELIVERY_FIXED | MSI_DATA_LEVEL_ASSERT | vector;
}

static void intx_disable(const struct msi_fn *f)
{
	u32 cmd = pci_conf_read(f->bus, f->devfn, PCI_COMMAND, 2);

	if (!(cmd & PCI_COMMAND_INTX_DISABLE))
		pci_conf_write(f->bus, f->devfn, PCI_COMMAND, 2,
			       cmd | PCI_COMMAND_INTX_DISABLE);
}

static bool entry_on(const struct msi_fn *f, unsigned int e)
{
	return f->entry_on[e / 8] & (1u << (e % 8));
}

static void set_entry_on(struct msi_fn *f, unsigned int e, bool on)
{
	if (on)
		f->entry_on[e / 8] |= 1u << (e % 8);
	else
		f->entry_on[e / 8] &= ~(1u << (e % 8));
}

static volatile u8 *msix_entry(const struct msi_fn *f, unsigned int e)
{
	return f->table + (unsigned long)e * PCI_MSIX_ENTRY_SIZE;
}

/* Caller holds msi_lock.  Map the table where the BAR says it is now. */
static int msix_map_table(struct msi_fn *f)
{
	u64 pa = msix_region(f->bus, f->devfn, f->msix_pos, PCI_MSIX_TABLE);
	volatile u8 *va;

	if (!pa)
		return -ENXIO;
	if (f->table && f->table_pa == pa)
		return 0;
	va = ioremap(pa, (size_t)f->nr_entries * PCI_MSIX_ENTRY_SIZE);
	if (!va)
		return -ENOMEM;
	f->table = va;
	f->table_pa = pa;
	return 0;
}

/* Caller holds msi_lock.  Write entry e; enable MSI-X, INTx off. */
static void msix_program(struct msi_fn *f, unsigned int e, u8 vector,
			 u32 apic_id, bool masked)
{
	unsigned int ctrl_reg = f->msix_pos + PCI_MSIX_FLAGS;
	u32 ctrl = pci_conf_read(f->bus, f->devfn, ctrl_reg, 2);
	volatile u8 *p = msix_entry(f, e);

	/* Some functions decode the table only while MSI-X is enabled;
	 * the function mask keeps every vector quiet meanwhile. */
	if (!(ctrl & PCI_MSIX_FLAGS_ENABLE))
		pci_conf_write(f->bus, f->devfn, ctrl_reg, 2,
			       ctrl | PCI_MSIX_FLAGS_ENABLE |
				       PCI_MSIX_FLAGS_MASKALL);
	writel(PCI_MSIX_ENTRY_CTRL_MASK, p + PCI_MSIX_ENTRY_CTRL);
	writel(msg_address(apic_id), p + PCI_MSIX_ENTRY_ADDR_LO);
	writel(0, p + PCI_MSIX_ENTRY_ADDR_HI);
	writel(msg_data(vector), p + PCI_MSIX_ENTRY_DATA);
	if (!masked)
		writel(0, p + PCI_MSIX_ENTRY_CTRL);
	(void)readl(p + PCI_MSIX_ENTRY_CTRL); /* flush the posted writes */
	pci_conf_write(f->bus, f->devfn, ctrl_reg, 2,
		       ctrl | PCI_MSIX_FLAGS_ENABLE);
	intx_disable(f);
}

/* Caller holds msi_lock. */
static int msix_setup(struct msi_fn *f, unsigned int e, u8 vector, u32 apic_id)
{
	int rc;

	if (!f->msix_pos)
		return -ENODEV;
	if (e >= f->nr_entries)
		return -EINVAL;
	if (f->msi_on)
		return -EBUSY;
	if (entry_on(f, e))
		return -EEXIST;
	rc = msix_map_table(f);
	if (rc)
		return rc;
	msix_program(f, e, vector, apic_id, true);
	set_entry_on(f, e, true);
	f->nr_msix++;
	return 0;
}

static bool msi_64bit(const struct msi_fn *f, u32 *ctrl)
{
	*ctrl = pci_conf_read(f->bus, f->devfn, f->msi_pos + PCI_MSI_FLAGS, 2);
	return *ctrl & PCI_MSI_FLAGS_64BIT;
}

static unsigned int msi_mask_reg(const struct msi_fn *f, u32 *ctrl)
{
	bool is64 = msi_64bit(f, ctrl);

	if (!(*ctrl & PCI_MSI_FLAGS_MASKBIT))
		return 0;
	return f->msi_pos + (is64 ? PCI_MSI_MASK_64 : PCI_MSI_MASK_32);
}

/* Caller holds msi_lock.  End of the address, data and mask registers. */
static unsigned int msi_programmed_end(const struct msi_fn *f)
{
	u32 ctrl;
	unsigned int mask = msi_mask_reg(f, &ctrl);

	if (mask)
		return mask + 4;
	return f->msi_pos +
	       ((ctrl & PCI_MSI_FLAGS_64BIT) ? PCI_MSI_DATA_64
					     : PCI_MSI_DATA_32) +
	       2;
}

/* Caller holds msi_lock.  Program the single MSI vector, enable it. */
static void msi_program(struct msi_fn *f, u8 vector, u32 apic_id, bool masked)
{
	unsigned int pos = f->msi_pos, mask;
	u32 ctrl;
	bool is64 = msi_64bit(f, &ctrl);

	ctrl &= ~(PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE); /* 1 vector */
	pci_conf_write(f->bus, f->devfn, pos + PCI_MSI_FLAGS, 2, ctrl);
	mask = msi_mask_reg(f, &ctrl);
	if (mask) {
		u32 bits = pci_conf_read(f->bus, f->devfn, mask, 4);

		pci_conf_write(f->bus, f->devfn, mask, 4,
			       masked ? bits | 1 : bits & ~1u);
	}
	pci_conf_write(f->bus, f->devfn, pos + PCI_MSI_ADDRESS_LO, 4,
		       msg_address(apic_id));
	if (is64)
		pci_conf_write(f->bus, f->devfn, pos + PCI_MSI_ADDRESS_HI, 4,
			       0);
	pci_conf_write(f->bus, f->devfn,
		       pos + (is64 ? PCI_MSI_DATA_64 : PCI_MSI_DATA_32), 2,
		       msg_data(vector));
	pci_conf_write(f->bus, f->devfn, pos + PCI_MSI_FLAGS, 2,
		       ctrl | PCI_MSI_FLAGS_ENABLE);
	intx_disable(f);
}

/* Caller holds msi_lock.  The function's single MSI vector. */
static int msi_setup(struct msi_fn *f, u8 vector, u32 apic_id)
{
	if (!f->msi_pos)
		return -ENODEV;
	if (f->nr_msix)
		return -EBUSY;
	if (f->msi_on)
		return -EEXIST;
	msi_program(f, vector, apic_id, true);
	f->msi_on = true;
	return 0;
}

int msi_vec_setup(u8 bus, u8 devfn, bool msix, unsigned int entry, u8 vector,
		  u32 apic_id, struct msi_vec *out)
{
	unsigned long flags;
	struct msi_fn *f;
	int rc = -ENODEV;

	if (apic_id > MSI_ADDR_DEST_MAX)
		return -ENOSPC; /* needs an extended destination */
	spin_lock_irqsave(&msi_lock, flags);
	f = find_fn(bus, devfn);
	if (f)
		rc = msix ? msix_setup(f, entry, vector, apic_id)
			  : msi_setup(f, vector, apic_id);
	if (!rc) {
		out->fn = f - fns;
		out->entry = msix ? entry : 0;
		out->msix = msix;
	}
	spin_unlock_irqrestore(&msi_lock, flags);
	return rc;
}

int msi_fn_index(u8 bus, u8 devfn)
{
	unsigned long flags;
	struct msi_fn *f;

	spin_lock_irqsave(&msi_lock, flags);
	f = find_fn(bus, devfn);
	spin_unlock_irqrestore(&msi_lock, flags);
	return f ? f - fns : -ENODEV;
}

int msi_vec_restore(const struct msi_vec *v, u8 vector, u32 apic_id,
		    bool masked)
{
	struct msi_fn *f = &fns[v->fn];
	unsigned long flags;
	int rc = 0;

	spin_lock_irqsave(&msi_lock, flags);
	if (v->msix)
		rc = msix_map_table(f); /* the BAR may have moved */
	if (!rc && v->msix)
		msix_program(f, v->entry, vector, apic_id, masked);
	else if (!rc)
		msi_program(f, vector, apic_id, masked);
	spin_unlock_irqrestore(&msi_lock, flags);
	return rc;
}

/* Caller holds msi_lock. */
static void set_mask(struct msi_fn *f, const struct msi_vec *v, bool masked)
{
	unsigned int mask;
	u32 ctrl, bits;

	if (v->msix) {
		volatile u8 *p = msix_entry(f, v->entry) + PCI_MSIX_ENTRY_CTRL;

		writel(masked ? PCI_MSIX_ENTRY_CTRL_MASK : 0, p);
		(void)readl(p);
		return;
	}
	mask = msi_mask_reg(f, &ctrl);
	if (!mask)
		return;
	bits = pci_conf_read(f->bus, f->devfn, mask, 4);
	bits = masked ? bits | 1 : bits & ~1u;
	pci_conf_write(f->bus, f->devfn, mask, 4, bits);
}

void msi_vec_mask(const struct msi_vec *v, bool masked)
{
	unsigned long flags;

	spin_lock_irqsave(&msi_lock, flags);
	set_mask(&fns[v->fn], v, masked);
	spin_unlock_irqrestore(&msi_lock, flags);
}

void msi_vec_teardown(const struct msi_vec *v)
{
	struct msi_fn *f = &fns[v->fn];
	unsigned long flags;
	unsigned int reg;
	u32 ctrl;

	spin_lock_irqsave(&msi_lock, flags);
	set_mask(f, v, true);
	if (v->msix) {
		set_entry_on(f, v->entry, false);
		BUG_ON(!f->nr_msix);
		f->nr_msix--;
		reg = f->msix_pos + PCI_MSIX_FLAGS;
		ctrl = f->nr_msix ? 0 : pci_conf_read(f->bus, f->devfn, reg, 2);
		if (ctrl & PCI_MSIX_FLAGS_ENABLE)
			pci_conf_write(f->bus, f->devfn, reg, 2,
				       ctrl & ~PCI_MSIX_FLAGS_ENABLE);
	} else {
		f->msi_on = false;
		reg = f->msi_pos + PCI_MSI_FLAGS;
		ctrl = pci_conf_read(f->bus, f->devfn, reg, 2);
		pci_conf_write(f->bus, f->devfn, reg, 2,
			       ctrl & ~PCI_MSI_FLAGS_ENABLE);
	}
	spin_unlock_irqrestore(&msi_lock, flags);
}

/* ---- what dom0 may touch ---- */

bool msi_frame_read_only(unsigned long mfn)
{
	unsigned long flags;
	bool ro = false;

	spin_lock_irqsave(&msi_lock, flags);
	for (unsigned int i = 0; i < MSI_MAX_FNS && !ro; i++)
		for (unsigned int r = 0; fns[i].used && r < 2; r++)
			ro |= mfn >= fns[i].ro_first[r] &&
			      mfn <= fns[i].ro_last[r];
	spin_unlock_irqrestore(&msi_lock, flags);
	return ro;
}

bool msi_conf_write_ok(u8 bus, u8 devfn, unsigned int reg, unsigned int size)
{
	unsigned long flags;
	struct msi_fn *f;
	bool ok = true;

	spin_lock_irqsave(&msi_lock, flags);
	f = find_fn(bus, devfn);
	if (f && f->msi_on)
		ok = reg + size <=
			     f->msi_pos + (unsigned int)PCI_MSI_ADDRESS_LO ||
		     reg >= msi_programmed_end(f);
	spin_unlock_irqrestore(&msi_lock, flags);
	return ok;
}
