/*
 * The machine memory map: collects the loader's E820-style ranges and turns
 * whatever the firmware reported into a clean map the allocators can trust.
 *
 * Interface: memmap_add() entries in any order (overlapping, duplicated and
 * unsorted input is fine), then memmap_sanitize() once.  The readers
 * (memmap_ram_bytes(), memmap_end_of_ram(), memmap_print()) work on any map
 * but only mean something after sanitising.
 *
 * Invariants after memmap_sanitize(): nr <= MEMMAP_MAX; entries are sorted
 * by address, never overlap and have non-zero size; touching entries have
 * different types; RAM entries start and end on page boundaries.  Where the
 * input overlapped, the most restrictive type won (any non-RAM type beats
 * RAM, among the others the higher type number wins), so no byte the
 * firmware called reserved anywhere is ever treated as RAM.
 *
 * Boot-time only, on the boot CPU: no locking, and the scratch arrays below
 * are shared by every call.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>

#define ADDR_MAX (~0ULL) /* largest end we can represent (exclusive) */

/* Every entry contributes at most two boundaries. */
static u64 points[2 * MEMMAP_MAX];
/* n boundaries delimit at most n - 1 elementary intervals. */
static struct memmap_entry scratch[2 * MEMMAP_MAX];

int memmap_add(struct memmap *m, u64 addr, u64 size, u32 type)
{
	if (!size)
		return 0;
	if (m->nr >= MEMMAP_MAX)
		return -ENOSPC;
	m->e[m->nr].addr = addr;
	m->e[m->nr].size = size;
	m->e[m->nr].type = type;
	m->nr++;
	return 0;
}

/* Exclusive end, clamped: firmware may describe a range that wraps. */
static u64 entry_end(const struct memmap_entry *e)
{
	u64 end = e->addr + e->size;

	return end < e->addr ? ADDR_MAX : end;
}

/* Larger rank wins an overlap: RAM loses to everything. */
static u64 type_rank(u32 type)
{
	return type == MEM_RAM ? 0 : (u64)type + 1;
}

/* Sorted, de-duplicated list of every entry boundary; returns the count. */
static unsigned int collect_points(const struct memmap *m)
{
	unsigned int i, j, n = 0;

	for (i = 0; i < m->nr; i++) {
		if (!m->e[i].size)
			continue;
		points[n++] = m->e[i].addr;
		points[n++] = entry_end(&m->e[i]);
	}
	for (i = 1; i < n; i++) {
		u64 v = points[i];

		for (j = i; j > 0 && points[j - 1] > v; j--)
			points[j] = points[j - 1];
		points[j] = v;
	}
	for (i = 0, j = 0; i < n; i++)
		if (j == 0 || points[j - 1] != points[i])
			points[j++] = points[i];
	return j;
}

/*
 * Type of the elementary interval [start, end), which by construction is
 * either wholly inside or wholly outside each entry.  False for a hole.
 */
static bool interval_type(const struct memmap *m, u64 start, u64 end,
			  u32 *type)
{
	bool found = false;
	unsigned int i;

	for (i = 0; i < m->nr; i++) {
		const struct memmap_entry *e = &m->e[i];

		if (!e->size || e->addr > start || entry_end(e) < end)
			continue;
		if (!found || type_rank(e->type) > type_rank(*type))
			*type = e->type;
		found = true;
	}
	return found;
}

/* Resolve overlaps into scratch[], merging touching same-type pieces. */
static unsigned int resolve_overlaps(const struct memmap *m)
{
	unsigned int i, n = 0, np = collect_points(m);
	u32 type = 0;

	for (i = 0; i + 1 < np; i++) {
		u64 start = points[i], end = points[i + 1];
		struct memmap_entry *last = n ? &scratch[n - 1] : NULL;

		if (!interval_type(m, start, end, &type))
			continue;
		if (last && last->type == type &&
		    last->addr + last->size == start) {
			last->size += end - start;
			continue;
		}
		scratch[n].addr = start;
		scratch[n].size = end - start;
		scratch[n].type = type;
		n++;
	}
	return n;
}

/*
 * Shrink RAM to whole pages: a partial page is shared with something that
 * is not RAM, so handing it out would let it be mapped and scribbled on.
 */
static unsigned int trim_ram(unsigned int n)
{
	unsigned int i, j = 0;

	for (i = 0; i < n; i++) {
		struct memmap_entry e = scratch[i];

		if (e.type == MEM_RAM) {
			u64 end = ROUNDDOWN(e.addr + e.size, PAGE_SIZE);

			if (e.addr > (ADDR_MAX & PAGE_MASK))
				continue;
			e.addr = ROUNDUP(e.addr, PAGE_SIZE);
			if (end <= e.addr)
				continue;
			e.size = end - e.addr;
		}
		scratch[j++] = e;
	}
	return j;
}

/*
 * Index of the entry to sacrifice when the result does not fit: the
 * smallest RAM piece (losing RAM is safe, losing a reservation is not),
 * or the smallest entry of any type if no RAM is left.
 */
static unsigned int victim(unsigned int n)
{
	unsigned int i, best = 0;
	bool best_ram = false;

	for (i = 0; i < n; i++) {
		bool ram = scratch[i].type == MEM_RAM;
		bool smaller = scratch[i].size < scratch[best].size;

		if ((ram && !best_ram) || (ram == best_ram && smaller)) {
			best = i;
			best_ram = ram;
		}
	}
	return best;
}

void memmap_sanitize(struct memmap *m)
{
	unsigned int i, n;

	if (m->nr > MEMMAP_MAX)
		m->nr = MEMMAP_MAX;
	n = trim_ram(resolve_overlaps(m));
	while (n > MEMMAP_MAX) {
		unsigned int v = victim(n);

		printk(XENLOG_WARNING
		       "memmap: too many entries, dropping %016llx-%016llx\n",
		       (unsigned long long)scratch[v].addr,
		       (unsigned long long)(scratch[v].addr + scratch[v].size));
		for (i = v; i + 1 < n; i++)
			scratch[i] = scratch[i + 1];
		n--;
	}
	for (i = 0; i < n; i++)
		m->e[i] = scratch[i];
	m->nr = n;
}

u64 memmap_ram_bytes(const struct memmap *m)
{
	u64 total = 0;
	unsigned int i;

	for (i = 0; i < m->nr; i++)
		if (m->e[i].type == MEM_RAM)
			total += m->e[i].size;
	return total;
}

u64 memmap_end_of_ram(const struct memmap *m)
{
	u64 end = 0;
	unsigned int i;

	for (i = 0; i < m->nr; i++)
		if (m->e[i].type == MEM_RAM && m->e[i].size)
			end = MAX(end, entry_end(&m->e[i]));
	return end;
}

static const char *type_name(u32 type)
{
	switch (type) {
	case MEM_RAM:
		return "RAM";
	case MEM_RESERVED:
		return "reserved";
	case MEM_ACPI:
		return "ACPI data";
	case MEM_NVS:
		return "ACPI NVS";
	case MEM_UNUSABLE:
		return "unusable";
	default:
		return NULL;
	}
}

void memmap_print(const struct memmap *m)
{
	unsigned int i;

	for (i = 0; i < m->nr && i < MEMMAP_MAX; i++) {
		const struct memmap_entry *e = &m->e[i];
		unsigned long long start = e->addr, end = entry_end(e);
		const char *name = type_name(e->type);

		if (name)
			printk("  %016llx-%016llx %s\n", start, end, name);
		else
			printk("  %016llx-%016llx type %u\n", start, end,
			       e->type);
	}
}
