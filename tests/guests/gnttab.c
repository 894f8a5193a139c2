/*
 * gnttab: grant tables v1 between dom0 and a boot-time domU (TWO_ENDS:
 * the same image runs as both).
 *
 * domU (the granter): setup_table, maps its table frame, grants pages to
 * dom0 (refs 8 rw, 9 ro of page A; 10 rw page B for copies; 11 page C,
 * kept mapped by dom0 across our death; 12 page A for the zap test; 13
 * to a wrong domid), checks the table ops on itself, waits for dom0's
 * marker in page A and its copy in page B, checks that every GTF_reading
 * / GTF_writing of refs 8-10 was cleared, waits until dom0 has mapped ref
 * 11 (GTF_reading appears) and passes, which destroys it.
 * dom0 (the mapper): maps ref 8 by VA and by PTE machine address
 * (GNTMAP_contains_pte) and reads the pattern, moves a PTE in with
 * unmap_and_replace, copies both ways, tries the hostile cases (each must
 * fail with Xen's status and change nothing; a grant PTE zapped with a
 * plain mmu_update drops its references), unmaps; then maps ref 11, waits
 * for the domU to be gone, still reads page C, unmaps it (the frame is
 * freed now: "Domain 1 destroyed" follows).  Runs on 2 CPUs, so the
 * domU's teardown and the flushes run across CPUs.
 */
#include "guest.h"
#include <public/grant_table.h>

const char test_name[] = "gnttab";

#define DOMU_ID	   1
/* Waits are bounded in time, not in yields: a yield returns at once when
 * nothing else runs on our CPU, so a count of them can end too early. */
#define WAIT_NS	   20000000000ULL
#define PATTERN	   "granted by d1"
#define MARKER	   "dom0 was here"
#define COPIED	   "copied by dom0"

static char gt_va[PAGE_SIZE] __page_aligned_bss;  /* domU: our table */
static char page_a[PAGE_SIZE] __page_aligned_bss; /* domU: granted */
static char page_b[PAGE_SIZE] __page_aligned_bss;
static char page_c[PAGE_SIZE] __page_aligned_bss;
static char win[6][PAGE_SIZE] __page_aligned_bss; /* dom0: map windows */
static char local[PAGE_SIZE] __page_aligned_bss;  /* dom0: copy buffer */
static char spare[PAGE_SIZE] __page_aligned_bss;  /* dom0: replacement */

static long gnttab_op(unsigned cmd, void *op, unsigned count)
{
	return HC(__HYPERVISOR_grant_table_op, cmd, op, count, 0, 0);
}

static void yield(void)
{
	hc_sched_op(SCHEDOP_yield, NULL);
}

/* ---- domU ---- */

static volatile struct grant_entry_v1 *table;

static void grant_mfn(unsigned ref, domid_t dom, unsigned long mfn,
		      uint16_t flags)
{
	table[ref].domid = dom;
	table[ref].frame = (uint32_t)mfn;
	barrier();
	table[ref].flags = flags;
}

static void grant(unsigned ref, domid_t dom, void *page, uint16_t flags)
{
	grant_mfn(ref, dom, virt_to_mfn(page), flags);
}

static void domU_table_ops(void)
{
	xen_pfn_t frames[2] = {0, 0};
	struct gnttab_setup_table st = {.dom = DOMID_SELF, .nr_frames = 1};
	struct gnttab_query_size qs = {.dom = DOMID_SELF};
	struct gnttab_set_version sv = {.version = 2};
	struct gnttab_get_version gv = {.dom = DOMID_SELF};
	struct gnttab_get_status_frames gs = {.nr_frames = 1,
					      .dom = DOMID_SELF};
	struct xen_add_to_physmap xatp = {.domid = DOMID_SELF,
					  .space = XENMAPSPACE_grant_table,
					  .gpfn = 0x12345};
	long rc;

	xen_set_guest_handle(st.frame_list, frames);
	rc = gnttab_op(GNTTABOP_setup_table, &st, 1);
	check(rc == 0 && st.status == GNTST_okay && frames[0],
	      "setup_table: rc %ld status %d", rc, st.status);
	check(remap_page(gt_va, frames[0],
			 _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED |
				 _PAGE_DIRTY) == 0,
	      "cannot map the grant table frame %lx", (unsigned long)frames[0]);
	table = (volatile struct grant_entry_v1 *)gt_va;
	rc = gnttab_op(GNTTABOP_query_size, &qs, 1);
	check(rc == 0 && qs.status == 0 && qs.nr_frames == 1 &&
		      qs.max_nr_frames == 64,
	      "query_size: rc %ld st %d nr %u max %u", rc, qs.status,
	      qs.nr_frames, qs.max_nr_frames);
	/* hostile: beyond the limit; the table keeps its size */
	st.nr_frames = qs.max_nr_frames + 1;
	rc = gnttab_op(GNTTABOP_setup_table, &st, 1);
	check(rc == 0 && st.status == GNTST_general_error,
	      "setup_table beyond the limit: rc %ld status %d", rc, st.status);
	rc = gnttab_op(GNTTABOP_setup_table, &st, 2);
	check(rc == -XEN_EINVAL, "setup_table count 2: %ld", rc);
	rc = gnttab_op(GNTTABOP_query_size, &qs, 1);
	check(rc == 0 && qs.nr_frames == 1, "size changed to %u", qs.nr_frames);
	rc = gnttab_op(GNTTABOP_set_version, &sv, 1);
	check(rc == -XEN_ENOSYS && sv.version == 1, "set_version(2): %ld v%u",
	      rc, sv.version);
	sv.version = 3;
	check(gnttab_op(GNTTABOP_set_version, &sv, 1) == -XEN_EINVAL,
	      "set_version(3)");
	sv.version = 1;
	check(gnttab_op(GNTTABOP_set_version, &sv, 1) == 0 && sv.version == 1,
	      "set_version(1)");
	check(gnttab_op(GNTTABOP_get_version, &gv, 1) == 0 && gv.version == 1,
	      "get_version: v%u", gv.version);
	xen_set_guest_handle(gs.frame_list, (uint64_t *)frames);
	rc = gnttab_op(GNTTABOP_get_status_frames, &gs, 1);
	check(rc == 0 && gs.status == GNTST_general_error,
	      "get_status_frames on v1: rc %ld status %d", rc, gs.status);
	rc = hc_memory_op(XENMEM_add_to_physmap, &xatp);
	check(rc == -XEN_EACCES, "add_to_physmap(grant_table) for PV: %ld", rc);
	gv.dom = 0;
	check(gnttab_op(GNTTABOP_get_version, &gv, 1) == -XEN_EPERM,
	      "get_version of dom0 from a domU");
	qs.dom = 0;
	check(gnttab_op(GNTTABOP_query_size, &qs, 1) == 0 &&
		      qs.status == GNTST_permission_denied,
	      "query_size of dom0 from a domU: %d", qs.status);
}

static uint64_t wait_end(void)
{
	return system_time_ns() + WAIT_NS;
}

static bool wait_for(bool (*cond)(void))
{
	for (uint64_t end = wait_end(); system_time_ns() < end;) {
		if (cond())
			return true;
		yield();
	}
	return false;
}

static bool dom0_done(void)
{
	return !memcmp(page_a, MARKER, sizeof(MARKER)) &&
	       !memcmp(page_b, COPIED, sizeof(COPIED)) &&
	       !(table[8].flags & (GTF_reading | GTF_writing)) &&
	       !(table[9].flags & (GTF_reading | GTF_writing)) &&
	       !(table[10].flags & (GTF_reading | GTF_writing));
}

static bool ref11_mapped(void)
{
	return table[11].flags & GTF_reading;
}

static void domU_side(void)
{
	domU_table_ops();
	memcpy(page_a, PATTERN, sizeof(PATTERN));
	memcpy(page_c, PATTERN, sizeof(PATTERN));
	grant(9, 0, page_a, GTF_permit_access | GTF_readonly);
	grant(10, 0, page_b, GTF_permit_access);
	grant(11, 0, page_c, GTF_permit_access);
	grant(12, 0, page_a, GTF_permit_access);
	grant(13, 5, page_a, GTF_permit_access);
	/* one of our L1 page tables: never writable by anyone */
	grant_mfn(14, 0, pte_maddr((unsigned long)page_a) >> PAGE_SHIFT,
		  GTF_permit_access);
	grant(8, 0, page_a, GTF_permit_access); /* dom0 polls this one */
	check(wait_for(dom0_done),
	      "domU: dom0 never finished (a='%.16s' b='%.16s' flags %x %x %x)",
	      page_a, page_b, table[8].flags, table[9].flags, table[10].flags);
	printf("domU: marker and copy seen, GTF flags of refs 8-10 clear\n");
	check(wait_for(ref11_mapped), "domU: dom0 never mapped ref 11");
	printf("domU: ref 11 mapped by dom0, going away\n");
}

/* ---- dom0 ---- */

static int16_t map(unsigned ref, void *va, uint32_t flags, grant_handle_t *h,
		   uint64_t *bus)
{
	struct gnttab_map_grant_ref m = {.host_addr = (uint64_t)va,
					 .flags = flags,
					 .ref = ref,
					 .dom = DOMU_ID};

	if (flags & GNTMAP_contains_pte)
		m.host_addr = pte_maddr((unsigned long)va);
	check(gnttab_op(GNTTABOP_map_grant_ref, &m, 1) == 0, "map rc");
	if (h)
		*h = m.handle;
	if (bus)
		*bus = m.dev_bus_addr;
	return m.status;
}

static int16_t unmap(grant_handle_t h, uint64_t host_addr, uint64_t bus)
{
	struct gnttab_unmap_grant_ref u = {
		.host_addr = host_addr, .dev_bus_addr = bus, .handle = h};

	check(gnttab_op(GNTTABOP_unmap_grant_ref, &u, 1) == 0, "unmap rc");
	return u.status;
}

static int16_t copy(struct gnttab_copy_ptr src, struct gnttab_copy_ptr dst,
		    uint16_t len, uint16_t flags)
{
	struct gnttab_copy c = {
		.source = src, .dest = dst, .len = len, .flags = flags};

	check(gnttab_op(GNTTABOP_copy, &c, 1) == 0, "copy rc");
	return c.status;
}

static void dom0_map_va(void)
{
	grant_handle_t h;
	uint64_t bus = 0;
	int16_t st = GNTST_bad_domain;

	for (uint64_t end = wait_end(); st && system_time_ns() < end;) {
		st = map(8, win[0], GNTMAP_host_map | GNTMAP_device_map, &h,
			 &bus);
		if (st)
			yield();
	}
	check(st == 0, "dom0: map ref 8 by VA: status %d", st);
	check(!memcmp(win[0], PATTERN, sizeof(PATTERN)),
	      "dom0: mapped page reads '%.16s'", win[0]);
	check(bus && !(bus & (PAGE_SIZE - 1)), "dev_bus_addr %lx",
	      (unsigned long)bus);
	check(unmap(h, (uint64_t)win[0], bus + 8) == GNTST_bad_dev_addr,
	      "unmap with a wrong bus address");
	check(unmap(h, (uint64_t)win[0], bus) == 0, "dom0: unmap VA");
	check(unmap(h, (uint64_t)win[0], bus) == GNTST_bad_handle,
	      "dom0: double unmap not bad_handle");
	check(unmap(1000000, (uint64_t)win[0], 0) == GNTST_bad_handle,
	      "dom0: unmap of a wild handle");
	printf("dom0: ref 8 mapped by VA (bus %lx), read, unmapped\n",
	       (unsigned long)bus);
}

static void dom0_map_pte(void)
{
	grant_handle_t h;
	uint64_t ma = pte_maddr((unsigned long)win[1]);
	struct mmuext_op inv = {.cmd = MMUEXT_INVLPG_LOCAL,
				.arg1.linear_addr = (uint64_t)win[1]};

	check(map(8, win[1], GNTMAP_host_map | GNTMAP_contains_pte, &h, NULL) ==
		      0,
	      "dom0: map ref 8 by PTE address");
	hc_mmuext_op(&inv, 1, NULL, DOMID_SELF);
	check(!memcmp(win[1], PATTERN, sizeof(PATTERN)),
	      "dom0: PTE-mapped page reads '%.16s'", win[1]);
	memcpy(win[1], MARKER, sizeof(MARKER)); /* the domU waits for it */
	check(unmap(h, ma, 0) == 0, "dom0: unmap by PTE address");
	check(unmap(h, ma, 0) == GNTST_bad_handle, "dom0: double unmap (pte)");
	printf("dom0: ref 8 mapped by PTE address, marker written\n");
}

static int16_t unmap_replace(grant_handle_t h, void *va, void *new_va)
{
	struct gnttab_unmap_and_replace u = {.host_addr = (uint64_t)va,
					     .new_addr = (uint64_t)new_va,
					     .handle = h};

	check(gnttab_op(GNTTABOP_unmap_and_replace, &u, 1) == 0, "uar rc");
	return u.status;
}

/* unmap_and_replace: the PTE of new_va moves to the grant's VA. */
static void dom0_replace(void)
{
	grant_handle_t h;
	struct gnttab_unmap_and_replace u = {.new_addr = (uint64_t)spare};

	memcpy(spare, "spare page", 11);
	check(map(8, win[3], GNTMAP_host_map, &h, NULL) == 0, "dom0: map 8");
	check(!memcmp(win[3], MARKER, sizeof(MARKER)), "dom0: win3");
	check(unmap_replace(h, win[3], spare) == 0, "dom0: unmap_and_replace");
	check(!memcmp(win[3], "spare page", 11),
	      "dom0: replaced VA reads '%.16s'", win[3]);
	check(pte_read((unsigned long)spare) == 0, "dom0: new_addr not moved");
	check(unmap_replace(h, win[3], spare) == GNTST_bad_handle,
	      "dom0: replace twice");
	check(map(8, win[1], GNTMAP_host_map | GNTMAP_contains_pte, &h, NULL) ==
		      0,
	      "dom0: map 8 by PTE");
	u.handle = h;
	u.host_addr = pte_maddr((unsigned long)win[1]);
	check(gnttab_op(GNTTABOP_unmap_and_replace, &u, 1) == 0 &&
		      u.status == GNTST_general_error,
	      "dom0: unmap_and_replace by PTE address: %d", u.status);
	check(unmap(h, u.host_addr, 0) == 0, "dom0: unmap by PTE");
	printf("dom0: unmap_and_replace moved the PTE\n");
}

static void dom0_readonly(void)
{
	grant_handle_t h;

	check(map(9, win[2], GNTMAP_host_map, &h, NULL) == GNTST_general_error,
	      "dom0: readonly grant mapped writable");
	check(map(9, win[2], GNTMAP_host_map | GNTMAP_readonly, &h, NULL) == 0,
	      "dom0: readonly map of ref 9");
	check(!memcmp(win[2], MARKER, sizeof(MARKER)),
	      "dom0: ro page reads '%.16s'", win[2]);
	check(unmap(h, (uint64_t)win[2], 0) == 0, "dom0: unmap ro");
}

static void dom0_hostile_maps(void)
{
	grant_handle_t h;
	struct gnttab_map_grant_ref m = {.host_addr = (uint64_t)win[3],
					 .flags = GNTMAP_host_map,
					 .ref = 8,
					 .dom = 77};

	check(map(5000, win[3], GNTMAP_host_map, &h, NULL) == GNTST_bad_gntref,
	      "dom0: out-of-range ref");
	check(map(20, win[3], GNTMAP_host_map, &h, NULL) == GNTST_general_error,
	      "dom0: forged (never granted) ref");
	check(map(13, win[3], GNTMAP_host_map, &h, NULL) == GNTST_general_error,
	      "dom0: ref granted to another domain");
	check(map(8, win[3], 0, &h, NULL) == GNTST_bad_gntref,
	      "dom0: map with no flags");
	check(map(14, win[3], GNTMAP_host_map, &h, NULL) == GNTST_general_error,
	      "dom0: granted page table mapped writable");
	check(map(14, win[3], GNTMAP_device_map, &h, NULL) ==
		      GNTST_general_error,
	      "dom0: granted page table device-mapped writable");
	check(map(8, (void *)BAD_PTR_HV, GNTMAP_host_map, &h, NULL) ==
		      GNTST_general_error,
	      "dom0: map at a hypervisor address");
	check(gnttab_op(GNTTABOP_map_grant_ref, &m, 1) == 0 &&
		      m.status == GNTST_bad_domain,
	      "dom0: map from a missing domain: %d", m.status);
	printf("dom0: hostile maps refused with Xen's status codes\n");
}

/* A grant PTE removed with a plain mmu_update: its references go with it. */
static void dom0_zap(grant_handle_t *h)
{
	struct mmu_update u = {.ptr = pte_maddr((unsigned long)win[4]),
			       .val = 0};

	check(map(12, win[4], GNTMAP_host_map, h, NULL) == 0, "dom0: map 12");
	check(hc_mmu_update(&u, 1, NULL, DOMID_SELF) == 0,
	      "dom0: zapping the grant PTE");
	check(unmap(*h, (uint64_t)win[4], 0) == GNTST_general_error,
	      "dom0: unmap of a zapped grant PTE");
}

static void dom0_copies(void)
{
	struct gnttab_copy_ptr g8 = {.u.ref = 8, .domid = DOMU_ID};
	struct gnttab_copy_ptr g9 = {.u.ref = 9, .domid = DOMU_ID};
	struct gnttab_copy_ptr g10 = {.u.ref = 10, .domid = DOMU_ID};
	struct gnttab_copy_ptr mine = {.u.gmfn = virt_to_mfn(local),
				       .domid = DOMID_SELF};
	struct gnttab_copy_ptr theirs = {.u.gmfn = virt_to_mfn(local),
					 .domid = DOMU_ID};

	check(copy(g8, mine, sizeof(MARKER), GNTCOPY_source_gref) == 0 &&
		      !memcmp(local, MARKER, sizeof(MARKER)),
	      "dom0: copy from gref 8: '%.16s'", local);
	memcpy(local, COPIED, sizeof(COPIED));
	check(copy(g9, mine, 4, GNTCOPY_source_gref) == 0,
	      "dom0: copy from a readonly grant");
	memcpy(local, COPIED, sizeof(COPIED));
	check(copy(mine, g9, 4, GNTCOPY_dest_gref) == GNTST_general_error,
	      "dom0: copy into a readonly grant");
	check(copy(mine,
		   (struct gnttab_copy_ptr){.u.ref = 14, .domid = DOMU_ID}, 8,
		   GNTCOPY_dest_gref) == GNTST_general_error,
	      "dom0: copy into a granted page table");
	mine.offset = 4000;
	check(copy(mine, g10, 200, GNTCOPY_dest_gref) == GNTST_bad_copy_arg,
	      "dom0: copy beyond the page");
	mine.offset = 0;
	check(copy(theirs, mine, 4, 0) == GNTST_permission_denied,
	      "dom0: copy from another domain's frame by number");
	check(copy(mine, g10, sizeof(COPIED), GNTCOPY_dest_gref) == 0,
	      "dom0: copy into gref 10");
	printf("dom0: copies both ways done\n");
}

static void dom0_resource(void)
{
	xen_pfn_t f1 = 0, f2 = 0;
	struct xen_mem_acquire_resource r = {
		.domid = DOMU_ID,
		.type = XENMEM_resource_grant_table,
		.id = XENMEM_resource_grant_table_id_shared};
	struct gnttab_setup_table st = {.dom = DOMU_ID, .nr_frames = 1};
	long rc;

	rc = hc_memory_op(XENMEM_acquire_resource, &r);
	check(rc == 0 && r.nr_frames == 64, "acquire_resource size: %ld %u", rc,
	      r.nr_frames);
	r.nr_frames = 1;
	xen_set_guest_handle(r.frame_list, &f1);
	rc = hc_memory_op(XENMEM_acquire_resource, &r);
	check(rc == 0 && f1, "acquire_resource frame 0: %ld", rc);
	xen_set_guest_handle(st.frame_list, &f2);
	rc = gnttab_op(GNTTABOP_setup_table, &st, 1);
	check(rc == 0 && st.status == 0 && f2 == f1,
	      "setup_table of d1: %ld st %d %lx != %lx", rc, st.status,
	      (unsigned long)f2, (unsigned long)f1);
	r.id = XENMEM_resource_grant_table_id_status;
	check(hc_memory_op(XENMEM_acquire_resource, &r) == -XEN_EINVAL,
	      "acquire_resource status frames on v1");
	r.domid = 0;
	check(hc_memory_op(XENMEM_acquire_resource, &r) == -XEN_EPERM,
	      "acquire_resource of ourselves");
	printf("dom0: acquire_resource gives the table frame %lx\n",
	       (unsigned long)f1);
}

static void dom0_granter_dies(grant_handle_t zapped)
{
	grant_handle_t h;
	int16_t st = -1;
	bool done = false;

	for (uint64_t end = wait_end(); st && system_time_ns() < end;)
		if ((st = map(11, win[5], GNTMAP_host_map, &h, NULL)))
			yield();
	check(st == 0, "dom0: map ref 11: %d", st);
	for (uint64_t end = wait_end(); !done && system_time_ns() < end;) {
		struct gnttab_query_size qs = {.dom = DOMU_ID};

		check(gnttab_op(GNTTABOP_query_size, &qs, 1) == 0, "qs rc");
		done = qs.status == GNTST_bad_domain;
		if (!done)
			yield();
	}
	check(done, "dom0: the domU never went away");
	/*
	 * Its teardown may still run on another CPU.  The zapped mapping
	 * cannot be unmapped (general_error) and is forgotten once the
	 * granter's table is gone (bad_handle from then on).
	 */
	done = false;
	for (uint64_t end = wait_end(); !done && system_time_ns() < end;) {
		st = unmap(zapped, (uint64_t)win[4], 0);
		done = st == GNTST_bad_handle;
		if (done)
			break;
		check(st == GNTST_general_error, "dom0: unmap of zapped: %d",
		      st);
		yield();
	}
	check(done, "dom0: zapped mapping still tracked");
	sleep_ns(100000000); /* let the teardown finish (relinquish) */
	check(!memcmp(win[5], PATTERN, sizeof(PATTERN)),
	      "dom0: dead granter's page reads '%.16s'", win[5]);
	printf("dom0: dead granter's frame still reads the pattern\n");
	check(unmap(h, (uint64_t)win[5], 0) == 0, "dom0: unmap after death");
	printf("dom0: unmapped the dead granter's frames\n");
}

static void dom0_side(void)
{
	grant_handle_t zapped;

	dom0_map_va();
	dom0_map_pte();
	dom0_readonly();
	dom0_hostile_maps();
	dom0_replace();
	dom0_zap(&zapped);
	dom0_copies();
	dom0_resource();
	dom0_granter_dies(zapped);
}

void guest_main(void)
{
	map_shared_info();
	install_traps();
	if (start_info->flags & SIF_INITDOMAIN)
		dom0_side();
	else
		domU_side();
}
