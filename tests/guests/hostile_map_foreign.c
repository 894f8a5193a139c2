/*
 * hostile_map_foreign: a domU may not map another domain's memory.  Run as
 * a domU next to a dom0 (tests/qemu/test_guests.py AS_DOMU).  The guest
 * finds machine frames that the read-only M2P says belong to someone else
 * (a valid pfn whose p2m entry in *our* list is not that frame), tries to
 * map each one writable and read-only with update_va_mapping, and expects
 * every attempt to fail; the page used for the attempts must still map
 * our own frame afterwards.
 */
#include "guest.h"

const char test_name[] = "hostile_map_foreign";

#define SCAN_LIMIT 0x40000UL   /* frames examined at most (1 GiB) */
#define WANT 16                /* foreign frames to attack */

static char spare[PAGE_SIZE] __page_aligned_bss;

/* Another domain's frame: the M2P names a pfn, but our p2m disagrees. */
static bool foreign(unsigned long mfn)
{
	unsigned long pfn = m2p()[mfn];

	if (pfn == ~0UL)
		return false;          /* free or hypervisor frame */
	return pfn >= start_info->nr_pages || p2m[pfn] != mfn;
}

static void attack(unsigned long mfn)
{
	const unsigned long kflags =
		_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;
	long rc;

	rc = remap_page(spare, mfn, kflags);
	check(rc < 0, "writable mapping of foreign mfn %lx allowed", mfn);
	rc = remap_page(spare, mfn, kflags & ~_PAGE_RW);
	check(rc < 0, "read-only mapping of foreign mfn %lx allowed", mfn);
}

void guest_main(void)
{
	unsigned long found = 0, first = 0;

	install_traps();
	spare[0] = 0x5a;
	check(!(start_info->flags & SIF_INITDOMAIN),
	      "must run as a domU (next to a dom0 whose frames it attacks)");
	for (unsigned long mfn = 0x100; mfn < SCAN_LIMIT && found < WANT; mfn++) {
		if (!foreign(mfn))
			continue;
		if (!found)
			first = mfn;
		attack(mfn);
		found++;
	}
	check(found == WANT, "only %lu foreign frames found", found);
	/* Read through the mapping: still our own frame with our byte. */
	check(spare[0] == 0x5a, "the spare page no longer maps our own frame");
	printf("%lu foreign frames refused (first mfn %lx)\n", found, first);
	pass();
}
