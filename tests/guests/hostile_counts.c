/*
 * hostile_counts: huge batch counts stop at the first unreadable entry
 * with -EFAULT, after doing the readable ones (docs/style.md: "batches
 * report how far they got").  Each batch sits at the end of a page whose
 * successor we unmapped; counts 0x7fffffff and 0xffffffff; also huge
 * counts with a pointer into the hypervisor.
 */
#include "guest.h"

const char test_name[] = "hostile_counts";

static char pages[2][PAGE_SIZE] __page_aligned_bss;

static void *last_of_page(size_t size)
{
	return pages[0] + PAGE_SIZE - size;
}

void guest_main(void)
{
	const unsigned long counts[] = {0x7fffffffUL, 0xffffffffUL};
	long rc, v = hc_xen_version(XENVER_version, NULL);

	install_traps();
	rc = hc_update_va_mapping((unsigned long)pages[1], 0, UVMF_INVLPG);
	check(rc == 0, "unmapping the guard page returned %ld", rc);

	for (unsigned i = 0; i < ARRAY_SIZE(counts); i++) {
		unsigned long n = counts[i];
		struct mmu_update *mu = last_of_page(sizeof(*mu));
		struct mmuext_op *me = last_of_page(sizeof(*me));
		struct multicall_entry *mc = last_of_page(sizeof(*mc));
		unsigned done = 0;

		memset(pages[0], 0, PAGE_SIZE);
		mu->ptr = ((uint64_t)virt_to_mfn(pages[0]) << PAGE_SHIFT) |
			  MMU_MACHPHYS_UPDATE;
		mu->val = virt_to_pfn(pages[0]); /* what it already is */
		rc = hc_mmu_update(mu, n, &done, DOMID_SELF);
		check(rc == -XEN_EFAULT, "mmu_update count %lx: %ld", n, rc);
		check(i > 0 || done == 1, "mmu_update count %lx: done %u", n,
		      done);

		memset(pages[0], 0, PAGE_SIZE);
		me->cmd = MMUEXT_TLB_FLUSH_LOCAL;
		done = 0;
		rc = hc_mmuext_op(me, n, &done, DOMID_SELF);
		check(rc == -XEN_EFAULT, "mmuext_op count %lx: %ld", n, rc);
		check(i > 0 || done == 1, "mmuext_op count %lx: done %u", n,
		      done);

		memset(pages[0], 0, PAGE_SIZE);
		mc->op = __HYPERVISOR_xen_version;
		mc->args[0] = XENVER_version;
		rc = hc_multicall(mc, n);
		check(rc == -XEN_EFAULT, "multicall count %lx: %ld", n, rc);
		check((long)mc->result == v,
		      "multicall count %lx: entry 0 "
		      "result %ld",
		      n, (long)mc->result);

		rc = hc_mmu_update((void *)BAD_PTR_HV, n, NULL, DOMID_SELF);
		check(rc == -XEN_EFAULT, "mmu_update(hv ptr, %lx): %ld", n, rc);
		rc = hc_multicall((void *)BAD_PTR_HV, n);
		check(rc == -XEN_EFAULT, "multicall(hv ptr, %lx): %ld", n, rc);
	}
}
