/*
 * A PV domain's shared_info page: a hypervisor heap page the domain (and,
 * through foreign mappings, the toolstack) maps like one of its own.
 *
 * Interface: pv_alloc_shared_info() when a domain is built or created;
 * pv_release_shared_info() in its teardown, once its vCPUs and event
 * channels are gone and pv_domain_destroy() dropped its own mappings.
 * Invariants: the page is PGC_xen_heap with u.owner == d while d lives,
 * and each mapping of it holds a general reference (get_page()).  At
 * teardown the hypervisor stops writing it (d->shared_info and the
 * vCPUs' vcpu_info slots in it become NULL) and
 * frees it at once if nothing maps it; otherwise it becomes
 * PGC_relinquished, owned by no one (nothing can map it again), and
 * put_page() frees it at its last reference, after a TLB flush - as for
 * every other frame of a dead domain, but without holding d.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/page.h>
#include <asm/pv.h>
#include <asm/pv_mm.h>
#include <public/xen.h>

int pv_alloc_shared_info(struct domain *d)
{
	struct shared_info *sh = alloc_xenheap_pages(0, 0);

	if (!sh)
		return -ENOMEM;
	memset(sh, 0, PAGE_SIZE);
	for (unsigned int i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
		sh->vcpu_info[i].evtchn_upcall_mask = 1;
	d->shared_info = sh;
	pv_share_xenheap_page(d, sh);
	pv_time_init_domain(d);
	return 0;
}

void pv_release_shared_info(struct domain *d)
{
	struct shared_info *sh = pv_time_detach_shared_info(d);
	struct page_info *pg;
	bool mapped;
	u64 stamp;

	if (!sh)
		return;
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];

		/* A slot in sh (not a registered vcpu_info): none dangles. */
		if (v && v->vcpu_info >= sh->vcpu_info &&
		    v->vcpu_info < sh->vcpu_info + XEN_LEGACY_MAX_VCPUS)
			v->vcpu_info = NULL;
	}
	pg = mfn_to_page(virt_to_mfn(sh));
	pv_mm_lock();
	mapped = pg->count_info & PGC_count_mask;
	if (mapped)
		pg->count_info |= PGC_relinquished;
	pg->u.owner = NULL;
	stamp = pg->tlb_stamp;
	pv_mm_unlock();
	if (mapped) {
		printk(XENLOG_INFO "d%u: shared_info still mapped elsewhere\n",
		       d->domain_id);
		return;
	}
	pv_flush_before_free(NULL, stamp);
	free_xenheap_pages(sh, 0);
}
