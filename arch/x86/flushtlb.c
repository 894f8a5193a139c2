/*
 * The TLB flush clock, local flushes and the deferred local flush.
 *
 * Interface: asm/flushtlb.h.  Every CR3 load that may drop guest
 * translations goes through tlb_load_cr3() (boot-time loads before any
 * guest exists need not).  The guest accessors call
 * tlb_before_guest_access(); the exit path to a guest calls
 * tlb_flush_deferred() with interrupts off.
 *
 * Invariants:
 *  - clock only grows (64 bits: it never wraps).
 *  - last_flush[cpu] = t means cpu loaded CR3 after it had advanced the
 *    clock to t; so if t > s for a stamp s read after some page-table
 *    change, that CR3 load came after the change and cpu holds no
 *    translation (TLB or paging-structure cache entry) from before it.
 *    A stale (smaller) last_flush only costs a needless flush.
 *  - flush_owed[cpu] is written only by cpu itself.  While it is set,
 *    cpu may hold translations that must not be used: the guest does not
 *    run on cpu until a CR3 load clears it, and each hypervisor access to
 *    guest memory first invalidates the pages it touches (INVLPG drops
 *    the TLB entries of that page and, Intel SDM 4.10.4.1, all
 *    paging-structure-cache entries), so it is translated from the
 *    current, validated tables.
 */
#include <xen/lib.h>
#include <xen/smp.h>
#include <asm/config.h>
#include <asm/flushtlb.h>
#include <asm/processor.h>

/* Beyond this many pages an access flushes everything instead. */
#define GUARD_MAX_PAGES 8

static u64 clock;		 /* flushes started so far */
static u64 last_flush[NR_CPUS];	 /* see Invariants; read by any CPU */
static bool flush_owed[NR_CPUS]; /* deferred local flush pending */

u64 tlb_clock_now(void)
{
	return __atomic_load_n(&clock, __ATOMIC_SEQ_CST);
}

bool tlb_cpu_may_be_stale(unsigned int cpu, u64 stamp)
{
	return __atomic_load_n(&last_flush[cpu], __ATOMIC_SEQ_CST) <= stamp;
}

/*
 * The locked add orders the tick before the CR3 load, and the CR3 load
 * (serialising) before the store that publishes it.  An interrupt that
 * flushes in between publishes a newer time that we then overwrite with
 * an older one: conservative, never wrong.
 */
void tlb_load_cr3(unsigned long cr3)
{
	unsigned int cpu = smp_processor_id();
	u64 t = __atomic_add_fetch(&clock, 1, __ATOMIC_SEQ_CST);

	flush_owed[cpu] = false;
	write_cr3(cr3);
	__atomic_store_n(&last_flush[cpu], t, __ATOMIC_SEQ_CST);
}

void flush_tlb_local(void)
{
	tlb_load_cr3(read_cr3());
}

void tlb_defer_local_flush(void)
{
	flush_owed[smp_processor_id()] = true;
}

void tlb_flush_deferred(void)
{
	if (flush_owed[smp_processor_id()])
		flush_tlb_local();
}

/* Precondition: [va, va + len) passed guest_range_ok(). */
void tlb_before_guest_access(unsigned long va, unsigned long len)
{
	unsigned long first, last;

	if (likely(!flush_owed[smp_processor_id()]) || !len)
		return;
	first = va & PAGE_MASK;
	last = (va + len - 1) & PAGE_MASK;
	if ((last - first) >> PAGE_SHIFT >= GUARD_MAX_PAGES) {
		flush_tlb_local();
		return;
	}
	for (unsigned long p = first;; p += PAGE_SIZE) {
		invlpg(p);
		if (p == last)
			break;
	}
}
