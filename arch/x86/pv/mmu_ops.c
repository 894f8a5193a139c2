/*
 * PV memory management, part 2: the MMU hypercalls mmu_update (1),
 * update_va_mapping (14), update_va_mapping_otherdomain (22) and
 * mmuext_op (26).
 *
 * Interface: the hypercall table; update_va_mapping also runs inside
 * multicalls.  Each request is copied in once, checked, and applied
 * under the MMU lock through the type/reference rules of mm.c.
 * Invariants: a batch stops at the first failing request, returning its
 * errno and reporting in *done how many requests completed; a failing
 * request changes nothing.
 * Foreign domains (Xen's rules, dom0's privcmd and domain builder):
 * mmu_update's foreigndom names in its low 16 bits the owner of the frames
 * new L1 entries map (pg_owner; DOMID_SELF = the caller, the caller's own
 * id is refused) and in its high 16 bits, plus one, the owner of the
 * tables updated (pt_owner; 0 = the caller; DOMID_IO: I/O frames, allowed
 * by the caller's iomem rights); mmuext_op's names the owner
 * of the tables pinned, unpinned, cleared or copied.  Both domains are
 * held referenced (domain_lookup) for the call.  Only a privileged caller
 * may name another domain (-EPERM per request, as Xen's XSM check);
 * upper-level entries may point only at tables of their own domain.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <asm/flushtlb.h>
#include <asm/guest_access.h>
#include <asm/m2p.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/pv_desc.h>
#include <asm/pv_mm.h>
#include <public/xen.h>

#define MAX_BATCH 0xffffffffUL /* the ABI's count is 32 bits */
#define MAX_GPFN  (1UL << 40)  /* larger M2P values: not a pfn */

/* The domains one mmu_update/mmuext_op call acts on (referenced). */
struct mmu_owners {
	struct domain *d;	 /* the caller */
	struct domain *pt_owner; /* whose tables are updated */
	struct domain *pg_owner; /* whose frames they map */
};

/*
 * Xen's get_pg_owner(): a referenced domain, or NULL (-ESRCH).  DOMID_IO
 * (mmu_update only, io): the owner of I/O frames.
 */
static struct domain *lookup_owner(struct domain *d, unsigned long id,
				   bool io)
{
	if (id == DOMID_SELF)
		return get_domain(d) ? d : NULL;
	if (io && id == DOMID_IO)
		return get_domain(&dom_io) ? &dom_io : NULL;
	if (id == d->domain_id || id >= DOMID_FIRST_RESERVED)
		return NULL; /* itself as foreign; DOMID_XEN: none here */
	return domain_lookup((domid_t)id);
}

static long get_owners(struct mmu_owners *o, unsigned long foreigndom)
{
	unsigned int pt_dom = (u32)foreigndom >> 16;

	o->d = current->domain;
	o->pt_owner = pt_dom ? domain_lookup((domid_t)(pt_dom - 1))
			     : (get_domain(o->d) ? o->d : NULL);
	if (!o->pt_owner)
		return -ESRCH;
	if (o->pt_owner != o->d && !o->pt_owner->vcpu[0]) {
		put_domain(o->pt_owner);
		return -EINVAL;
	}
	o->pg_owner = lookup_owner(o->d, foreigndom & 0xffff, true);
	if (!o->pg_owner) {
		put_domain(o->pt_owner);
		return -ESRCH;
	}
	return 0;
}

static void put_owners(struct mmu_owners *o)
{
	put_domain(o->pg_owner);
	put_domain(o->pt_owner);
}

/*
 * May d act on t's memory?  (Xen's XSM_TARGET with the dummy policy;
 * anyone may name DOMID_IO, whose frames are checked against the
 * caller's iomem rights instead.)
 */
static bool may_act_on(const struct domain *d, const struct domain *t)
{
	return d == t || t == &dom_io || d->is_privileged;
}

static long report_done(unsigned long pdone, unsigned long i, long rc)
{
	unsigned int done = (unsigned int)i;

	if (pdone && copy_to_guest(pdone, &done, sizeof(done)) && !rc)
		rc = -EFAULT;
	return rc;
}

/* ---- TLB flushes requested by the guest ---- */

/* Read a vCPU bitmap; *self / *others say whose TLBs it names. */
static int read_vcpumask(struct vcpu *v, unsigned long ptr, bool *self,
			 bool *others)
{
	struct domain *d = v->domain;

	*self = *others = false;
	for (unsigned int w = 0; w * 64 < d->max_vcpus; w++) {
		u64 bits;

		if (copy_from_guest(&bits, ptr + w * 8, sizeof(bits)))
			return -EFAULT;
		if (d->max_vcpus - w * 64 < 64)
			bits &= (1ULL << (d->max_vcpus - w * 64)) - 1;
		if (w == v->vcpu_id / 64 &&
		    (bits & (1ULL << (v->vcpu_id % 64)))) {
			*self = true;
			bits &= ~(1ULL << (v->vcpu_id % 64));
		}
		if (bits)
			*others = true;
	}
	return 0;
}

/* Flush va (or everything when all) on the vCPUs the mask names. */
static int flush_vcpumask(struct vcpu *v, unsigned long mask, bool all,
			  unsigned long va)
{
	bool self, others;
	int rc = read_vcpumask(v, mask, &self, &others);

	if (rc)
		return rc;
	if (others)
		all ? pv_flush_tlb_all() : pv_invlpg_all(va);
	else if (self)
		all ? tlb_defer_local_flush() : invlpg(va);
	return 0;
}

static int uvmf_flush(struct vcpu *v, unsigned long flags, unsigned long va)
{
	unsigned long type = flags & UVMF_FLUSHTYPE_MASK;
	unsigned long scope = flags & ~UVMF_FLUSHTYPE_MASK;
	bool all = type == UVMF_TLB_FLUSH;

	if (type == UVMF_NONE)
		return 0;
	if (scope == UVMF_LOCAL)
		all ? tlb_defer_local_flush() : invlpg(va);
	else if (scope == UVMF_ALL)
		all ? pv_flush_tlb_all() : pv_invlpg_all(va);
	else
		return flush_vcpumask(v, scope, all, va);
	return 0;
}

/* ---- update_va_mapping (and _otherdomain) ---- */

/* A live target: its teardown (MMU lock) has not begun.  Lock held. */
static bool owner_alive(const struct domain *t)
{
	return READ_ONCE(t->state) != DOMSTATE_dying;
}

/* The caller's L1 entry for va, mapping a frame of pg_owner (NULL: own). */
static long update_va(unsigned long va, unsigned long val, unsigned long flags,
		      struct domain *pg_owner)
{
	struct vcpu *v = current;
	struct page_info *l1;
	pte_t old;
	long rc = -EINVAL;

	if (!pv_guest_va_ok(va) || (flags & UVMF_FLUSHTYPE_MASK) == 3)
		return -EINVAL;
	pv_mm_lock();
	l1 = pv_kernel_l1_table(v, va);
	if (pg_owner && !owner_alive(pg_owner))
		rc = -ESRCH; /* died during the call: no new references */
	else if (l1 && pv_pt_level(l1) == 1)
		rc = pv_mod_pt_entry_for(l1, l1_index(va), val, 0, pg_owner,
					 &old);
	pv_mm_unlock();
	return rc ? rc : uvmf_flush(v, flags, va);
}

long do_update_va_mapping(unsigned long va, unsigned long val,
			  unsigned long flags)
{
	return update_va(va, val, flags, NULL);
}

/*
 * As Xen 4.17: the caller's own L1 entry, mapping a frame of domid (the
 * pg_owner of mmu_update: DOMID_SELF, DOMID_IO, or another domain, which
 * needs dom0).  -ESRCH first, then -EPERM, then the entry's errors.
 */
long do_update_va_mapping_otherdomain(unsigned long va, unsigned long val,
				      unsigned long flags, unsigned long domid)
{
	struct domain *d = current->domain;
	struct domain *pg_owner = lookup_owner(d, (domid_t)domid, true);
	long rc;

	if (!pg_owner)
		return -ESRCH;
	rc = may_act_on(d, pg_owner) ? update_va(va, val, flags, pg_owner)
				     : -EPERM;
	put_domain(pg_owner);
	return rc;
}

/* ---- mmu_update ---- */

static long pt_update(const struct mmu_owners *o, u64 ma, u64 val,
		      bool preserve_ad)
{
	unsigned long mfn = ma >> PAGE_SHIFT;
	unsigned int idx = (ma & (PAGE_SIZE - 1)) / sizeof(pte_t);
	struct page_info *pg;
	pte_t old;
	long rc = -EINVAL;

	if (!may_act_on(o->d, o->pt_owner) || !may_act_on(o->d, o->pg_owner))
		return -EPERM;
	pv_mm_lock();
	pg = pv_owned_page(o->pt_owner, mfn);
	if (!owner_alive(o->pt_owner) || !owner_alive(o->pg_owner)) {
		rc = -ESRCH; /* died during the call: no new references */
	} else if (pg && pv_pt_level(pg)) {
		rc = pv_mod_pt_entry_for(pg, idx, val,
					 preserve_ad ? PV_MOD_PRESERVE_AD : 0,
					 o->pg_owner, &old);
	} else if (pg && !get_page_type(pg, PGT_writable_page)) {
		/* An ordinary page of pt_owner: a plain store. */
		((pte_t *)mfn_to_virt(_mfn(mfn)))[idx] = val;
		put_page_type(pg);
		rc = 0;
	}
	pv_mm_unlock();
	return rc;
}

/* Set the M2P entry of a frame of pg_owner (the builder's use). */
static long machphys_update(const struct mmu_owners *o, unsigned long mfn,
			    unsigned long pfn)
{
	struct domain *t = o->pg_owner;
	long rc = -EINVAL;

	if (o->pt_owner != o->d || !may_act_on(o->d, t))
		return -EPERM;
	pv_mm_lock();
	if (pv_owned_page(t, mfn)) {
		set_gpfn_from_mfn(mfn, pfn);
		if (pfn < MAX_GPFN && pfn > t->arch.max_pfn)
			t->arch.max_pfn = pfn;
		rc = 0;
	}
	pv_mm_unlock();
	return rc;
}

static long mmu_update_one(const struct mmu_owners *o,
			   const struct mmu_update *req)
{
	u64 ptr = req->ptr & ~7ULL;

	switch (req->ptr & 7) {
	case MMU_NORMAL_PT_UPDATE:
	case MMU_PT_UPDATE_NO_TRANSLATE: /* PV: frames are not translated */
		return pt_update(o, ptr, req->val, false);
	case MMU_PT_UPDATE_PRESERVE_AD:
		return pt_update(o, ptr, req->val, true);
	case MMU_MACHPHYS_UPDATE:
		return machphys_update(o, ptr >> PAGE_SHIFT, req->val);
	default:
		return -ENOSYS;
	}
}

long do_mmu_update(unsigned long reqs, unsigned long count, unsigned long pdone,
		   unsigned long foreigndom)
{
	struct mmu_owners o;
	struct mmu_update req;
	unsigned long i;
	long rc;

	if (count > MAX_BATCH)
		return -EINVAL;
	rc = get_owners(&o, foreigndom);
	if (rc)
		return rc;
	for (i = 0; i < count; i++) {
		if (copy_from_guest(&req, reqs + i * sizeof(req),
				    sizeof(req))) {
			rc = -EFAULT;
			break;
		}
		rc = mmu_update_one(&o, &req);
		if (rc)
			break;
	}
	put_owners(&o);
	return report_done(pdone, i, rc);
}

/* ---- mmuext_op ---- */

static long pin_table(struct domain *d, unsigned long mfn, unsigned long type)
{
	struct page_info *pg;
	long rc = -EINVAL;

	pv_mm_lock();
	pg = owner_alive(d) ? pv_owned_page(d, mfn) : NULL;
	if (pg && !get_page_and_type(pg, d, type)) {
		if (pg->type_info & PGT_pinned) {
			put_page_and_type(pg); /* pinning twice */
		} else {
			pg->type_info |= PGT_pinned;
			rc = 0;
		}
	}
	pv_mm_unlock();
	return rc;
}

static long unpin_table(struct domain *d, unsigned long mfn)
{
	struct page_info *pg;
	long rc = -EINVAL;

	pv_mm_lock();
	pg = pv_owned_page(d, mfn);
	if (pg && (pg->type_info & PGT_pinned)) {
		pg->type_info &= ~PGT_pinned;
		put_page_and_type(pg);
		rc = 0;
	}
	pv_mm_unlock();
	return rc;
}

/* CLEAR_PAGE (src == 0) and COPY_PAGE: the destination must be writable. */
static long fill_page(struct domain *d, unsigned long dst, unsigned long src,
		      bool copy)
{
	struct page_info *dp, *sp = NULL;
	long rc = -EINVAL;

	pv_mm_lock();
	dp = pv_owned_page(d, dst);
	if (copy)
		sp = pv_owned_page(d, src);
	if (dp && (sp || !copy) && !get_page_type(dp, PGT_writable_page)) {
		if (copy)
			memcpy(mfn_to_virt(_mfn(dst)), mfn_to_virt(_mfn(src)),
			       PAGE_SIZE);
		else
			memset(mfn_to_virt(_mfn(dst)), 0, PAGE_SIZE);
		put_page_type(dp);
		rc = 0;
	}
	pv_mm_unlock();
	return rc;
}

static void wbinvd_cb(void *unused)
{
	__asm__ __volatile__("wbinvd" ::: "memory");
}

static long flush_cache(struct domain *d, bool global)
{
	if (!d->is_privileged)
		return -EPERM;
	wbinvd_cb(NULL);
	if (global)
		smp_call_function(wbinvd_cb, NULL, true);
	return 0;
}

static long invlpg_op(struct vcpu *v, const struct mmuext_op *op)
{
	unsigned long va = op->arg1.linear_addr;

	if (!pv_guest_va_ok(va))
		return 0; /* nothing of the guest's is mapped there */
	switch (op->cmd) {
	case MMUEXT_INVLPG_LOCAL:
		invlpg(va);
		return 0;
	case MMUEXT_INVLPG_ALL:
		pv_invlpg_all(va);
		return 0;
	default:
		return flush_vcpumask(v, (unsigned long)op->arg2.vcpumask.p,
				      false, va);
	}
}

/* The commands that act on pg_owner's frames (others: the caller only). */
static long mmuext_foreign(struct domain *d, const struct mmuext_op *op)
{
	switch (op->cmd) {
	case MMUEXT_PIN_L1_TABLE:
	case MMUEXT_PIN_L2_TABLE:
	case MMUEXT_PIN_L3_TABLE:
	case MMUEXT_PIN_L4_TABLE:
		return pin_table(d, op->arg1.mfn,
				 (op->cmd + 1UL) << PGT_type_shift);
	case MMUEXT_UNPIN_TABLE:
		return unpin_table(d, op->arg1.mfn);
	case MMUEXT_CLEAR_PAGE:
		return fill_page(d, op->arg1.mfn, 0, false);
	case MMUEXT_COPY_PAGE:
		return fill_page(d, op->arg1.mfn, op->arg2.src_mfn, true);
	case MMUEXT_MARK_SUPER:
	case MMUEXT_UNMARK_SUPER:
		return -EOPNOTSUPP;
	default:
		/* 14 is unassigned */
		return op->cmd <= MMUEXT_UNMARK_SUPER && op->cmd != 14
			       ? -EPERM
			       : -ENOSYS;
	}
}

static long mmuext_one(struct vcpu *v, struct domain *pg_owner,
		       const struct mmuext_op *op)
{
	struct domain *d = v->domain;

	if (pg_owner != d)
		return mmuext_foreign(pg_owner, op);
	switch (op->cmd) {
	case MMUEXT_PIN_L1_TABLE:
	case MMUEXT_PIN_L2_TABLE:
	case MMUEXT_PIN_L3_TABLE:
	case MMUEXT_PIN_L4_TABLE:
		return pin_table(d, op->arg1.mfn,
				 (op->cmd + 1UL) << PGT_type_shift);
	case MMUEXT_UNPIN_TABLE:
		return unpin_table(d, op->arg1.mfn);
	case MMUEXT_NEW_BASEPTR:
		return pv_set_guest_table(v, op->arg1.mfn, false);
	case MMUEXT_NEW_USER_BASEPTR:
		return pv_set_guest_table(v, op->arg1.mfn, true);
	case MMUEXT_TLB_FLUSH_LOCAL:
		tlb_defer_local_flush();
		return 0;
	case MMUEXT_TLB_FLUSH_ALL:
		pv_flush_tlb_all();
		return 0;
	case MMUEXT_TLB_FLUSH_MULTI:
		return flush_vcpumask(v, (unsigned long)op->arg2.vcpumask.p,
				      true, 0);
	case MMUEXT_INVLPG_LOCAL:
	case MMUEXT_INVLPG_MULTI:
	case MMUEXT_INVLPG_ALL:
		return invlpg_op(v, op);
	case MMUEXT_SET_LDT:
		return pv_set_ldt(v, op->arg1.linear_addr, op->arg2.nr_ents);
	case MMUEXT_CLEAR_PAGE:
		return fill_page(d, op->arg1.mfn, 0, false);
	case MMUEXT_COPY_PAGE:
		return fill_page(d, op->arg1.mfn, op->arg2.src_mfn, true);
	case MMUEXT_FLUSH_CACHE:
	case MMUEXT_FLUSH_CACHE_GLOBAL:
		return flush_cache(d, op->cmd == MMUEXT_FLUSH_CACHE_GLOBAL);
	case MMUEXT_MARK_SUPER:
	case MMUEXT_UNMARK_SUPER:
		return -EOPNOTSUPP;
	default:
		return -ENOSYS;
	}
}

long do_mmuext_op(unsigned long ops, unsigned long count, unsigned long pdone,
		  unsigned long foreigndom)
{
	struct vcpu *v = current;
	struct domain *pg_owner;
	struct mmuext_op op;
	unsigned long i;
	long rc = 0;

	if (count > MAX_BATCH)
		return -EINVAL;
	pg_owner = lookup_owner(v->domain, foreigndom & 0xffff, false);
	if (!pg_owner)
		return -ESRCH;
	if (!may_act_on(v->domain, pg_owner)) {
		put_domain(pg_owner);
		return -EPERM;
	}
	for (i = 0; i < count; i++) {
		if (copy_from_guest(&op, ops + i * sizeof(op), sizeof(op))) {
			rc = -EFAULT;
			break;
		}
		rc = mmuext_one(v, pg_owner, &op);
		if (rc)
			break;
	}
	put_domain(pg_owner);
	return report_done(pdone, i, rc);
}
