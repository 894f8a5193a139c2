/*
 * Guest memory accessors.
 *
 * Interface: see asm/guest_access.h.  Callers copy a hypercall argument
 * in once, validate the copy, act, then copy results out.
 * Invariants: the only instructions that touch guest memory are the
 * `rep movsb`/`rep stosb` below, each listed in the exception table, so a
 * bad guest pointer produces a short copy instead of a hypervisor fault;
 * each runs after tlb_before_guest_access(), so it never translates
 * through a TLB entry a deferred flush has yet to drop (asm/flushtlb.h).
 */
#include <xen/lib.h>
#include <asm/config.h>
#include <asm/flushtlb.h>
#include <asm/guest_access.h>

/* Guest addresses: below the hole, or above it (canonical both). */
bool guest_range_ok(unsigned long addr, unsigned long len)
{
	unsigned long last = addr + len - 1;

	if (!len)
		return true;
	if (last < addr)                 /* wraps */
		return false;
	if (last < 0x0000800000000000UL) /* lower canonical half */
		return true;
	return addr >= HYPERVISOR_VIRT_END_;
}

static unsigned long raw_copy(void *to, const void *from, unsigned long n)
{
	__asm__ __volatile__("1: rep movsb\n"
			     "2:\n"
			     ".pushsection .ex_table, \"a\"\n"
			     ".quad 1b, 2b\n"
			     ".popsection\n"
			     : "+c"(n), "+D"(to), "+S"(from)
			     :
			     : "memory");
	return n;
}

static unsigned long raw_clear(void *to, unsigned long n)
{
	__asm__ __volatile__("1: rep stosb\n"
			     "2:\n"
			     ".pushsection .ex_table, \"a\"\n"
			     ".quad 1b, 2b\n"
			     ".popsection\n"
			     : "+c"(n), "+D"(to)
			     : "a"(0)
			     : "memory");
	return n;
}

unsigned long copy_from_guest(void *to, unsigned long from, unsigned long len)
{
	if (!guest_range_ok(from, len))
		return len;
	tlb_before_guest_access(from, len);
	return raw_copy(to, (const void *)from, len);
}

unsigned long copy_to_guest(unsigned long to, const void *from, unsigned long len)
{
	if (!guest_range_ok(to, len))
		return len;
	tlb_before_guest_access(to, len);
	return raw_copy((void *)to, from, len);
}

unsigned long clear_guest(unsigned long to, unsigned long len)
{
	if (!guest_range_ok(to, len))
		return len;
	tlb_before_guest_access(to, len);
	return raw_clear((void *)to, len);
}
