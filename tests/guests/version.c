/*
 * version: xen_version() sub-ops a PV kernel uses at boot.
 * XENVER_version is non-zero; XENVER_get_features submap 0 succeeds and
 * has the bits Linux 6.1 insists on (mmu_pt_update_preserve_ad,
 * gnttab_map_avail_bits: it panics without them, linux-pv-abi.md §3.1) and
 * none that would change the PV MMU model (writable_page_tables,
 * auto_translated_physmap, supervisor_mode_kernel); XENVER_capabilities
 * contains "xen-3.0-x86_64"; XENVER_pagesize is 4096.
 */
#include "guest.h"

const char test_name[] = "version";

void guest_main(void)
{
	static xen_capabilities_info_t caps;
	static xen_extraversion_t extra;
	struct xen_feature_info fi = {.submap_idx = 0};
	long v, rc;

	v = hc_xen_version(XENVER_version, NULL);
	check(v > 0, "XENVER_version returned %ld", v);
	rc = hc_xen_version(XENVER_extraversion, extra);
	check(rc == 0, "XENVER_extraversion returned %ld", rc);
	extra[sizeof(extra) - 1] = '\0';
	printf("version %ld.%ld%s\n", v >> 16, v & 0xffff, extra);

	rc = hc_xen_version(XENVER_get_features, &fi);
	check(rc == 0, "XENVER_get_features returned %ld", rc);
	printf("features submap 0: %x\n", fi.submap);
	check(fi.submap & (1u << XENFEAT_mmu_pt_update_preserve_ad),
	      "XENFEAT_mmu_pt_update_preserve_ad missing (%x)", fi.submap);
	check(fi.submap & (1u << XENFEAT_gnttab_map_avail_bits),
	      "XENFEAT_gnttab_map_avail_bits missing (%x)", fi.submap);
	check(!(fi.submap & ((1u << XENFEAT_writable_page_tables) |
			     (1u << XENFEAT_auto_translated_physmap) |
			     (1u << XENFEAT_supervisor_mode_kernel))),
	      "non-PV MMU feature bits set (%x)", fi.submap);

	rc = hc_xen_version(XENVER_capabilities, caps);
	check(rc == 0, "XENVER_capabilities returned %ld", rc);
	caps[sizeof(caps) - 1] = '\0';
	printf("capabilities '%s'\n", caps);
	check(strstr(caps, "xen-3.0-x86_64") != NULL,
	      "capabilities '%s' lack xen-3.0-x86_64", caps);

	rc = hc_xen_version(XENVER_pagesize, NULL);
	check(rc == 4096, "XENVER_pagesize returned %ld", rc);
}
