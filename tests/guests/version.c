/*
 * version: every xen_version (17) sub-op, run as dom0 and as domU 1 at
 * once (the answers differ where Xen's do).
 * XENVER_version is 4.17; extraversion, compile_info, capabilities
 * (contains "xen-3.0-x86_64"), changeset and guest_handle (zeros: no
 * toolstack) fill their buffers; platform_parameters gives
 * HYPERVISOR_VIRT_START; get_features submap 0 has the bits Linux 6.1
 * insists on (mmu_pt_update_preserve_ad, gnttab_map_avail_bits: it
 * panics without them, linux-pv-abi.md §3.1), XENFEAT_dom0 only for dom0
 * and none that would change the PV MMU model (writable_page_tables,
 * auto_translated_physmap, supervisor_mode_kernel); submap 1 is -EINVAL;
 * pagesize is 4096 with no buffer, -EINVAL with one; commandline is the
 * hypervisor's for dom0 and "<denied>" for a domU; build_id is -ENODATA
 * for dom0 (none embedded; -EINVAL for a 0-byte buffer) and -EPERM for a
 * domU; the variable-length sub-ops of later Xens (11-14) and unknown
 * numbers are -ENOSYS.  dom0 stays up after its result so that the domU
 * can report.
 */
#include "guest.h"

const char test_name[] = "version";

static void expect_rc(const char *what, long rc, long want)
{
	check(rc == want, "%s returned %ld, expected %ld", what, rc, want);
}

static void strings(void)
{
	static xen_extraversion_t extra;
	static xen_capabilities_info_t caps;
	static xen_changeset_info_t cs;
	static struct xen_compile_info ci;
	long v = hc_xen_version(XENVER_version, NULL);

	check(v == (4 << 16 | 17), "XENVER_version returned %lx", v);
	expect_rc("extraversion", hc_xen_version(XENVER_extraversion, extra),
		  0);
	extra[sizeof(extra) - 1] = '\0';
	printf("version %ld.%ld%s\n", v >> 16, v & 0xffff, extra);
	expect_rc("capabilities", hc_xen_version(XENVER_capabilities, caps), 0);
	caps[sizeof(caps) - 1] = '\0';
	check(strstr(caps, "xen-3.0-x86_64") != NULL,
	      "capabilities '%s' lack xen-3.0-x86_64", caps);
	expect_rc("changeset", hc_xen_version(XENVER_changeset, cs), 0);
	check(cs[0] != '\0', "empty changeset");
	expect_rc("compile_info", hc_xen_version(XENVER_compile_info, &ci), 0);
	check(ci.compiler[0] && ci.compile_date[0],
	      "compile_info without compiler or date");
	printf("capabilities '%s', compiled %s\n", caps, ci.compile_date);
}

static void features(bool dom0)
{
	struct xen_feature_info fi = {.submap_idx = 0};

	expect_rc("get_features(0)", hc_xen_version(XENVER_get_features, &fi),
		  0);
	printf("features submap 0: %x\n", fi.submap);
	check(fi.submap & (1u << XENFEAT_mmu_pt_update_preserve_ad),
	      "XENFEAT_mmu_pt_update_preserve_ad missing (%x)", fi.submap);
	check(fi.submap & (1u << XENFEAT_gnttab_map_avail_bits),
	      "XENFEAT_gnttab_map_avail_bits missing (%x)", fi.submap);
	check(!(fi.submap & ((1u << XENFEAT_writable_page_tables) |
			     (1u << XENFEAT_auto_translated_physmap) |
			     (1u << XENFEAT_supervisor_mode_kernel))),
	      "non-PV MMU feature bits set (%x)", fi.submap);
	check(!(fi.submap & (1u << XENFEAT_dom0)) == !dom0,
	      "XENFEAT_dom0 %s for %s", dom0 ? "missing" : "set",
	      dom0 ? "dom0" : "a domU");
	fi.submap_idx = 1;
	expect_rc("get_features(1)", hc_xen_version(XENVER_get_features, &fi),
		  -XEN_EINVAL);
}

static void others(bool dom0)
{
	static xen_commandline_t cmd;
	static xen_domain_handle_t h;
	static const xen_domain_handle_t zero;
	struct xen_platform_parameters pp;
	struct xen_build_id b = {.len = 0};
	static const unsigned unknown[] = {11, 12, 13, 14, 15, 1000, ~0u};

	expect_rc("pagesize", hc_xen_version(XENVER_pagesize, NULL), 4096);
	expect_rc("pagesize(buffer)", hc_xen_version(XENVER_pagesize, &pp),
		  -XEN_EINVAL);
	expect_rc("platform_parameters",
		  hc_xen_version(XENVER_platform_parameters, &pp), 0);
	check(pp.virt_start == HYPERVISOR_VIRT_START, "virt_start %lx",
	      (unsigned long)pp.virt_start);
	memset(h, 0xaa, sizeof(h));
	expect_rc("guest_handle", hc_xen_version(XENVER_guest_handle, h), 0);
	check(!memcmp(h, zero, sizeof(h)), "guest_handle not all zeros");
	expect_rc("commandline", hc_xen_version(XENVER_commandline, cmd), 0);
	cmd[sizeof(cmd) - 1] = '\0';
	printf("commandline '%s'\n", cmd);
	if (dom0)
		check(strstr(cmd, "console=com1") != NULL,
		      "dom0 sees command line '%s'", cmd);
	else
		check(!strcmp(cmd, "<denied>"), "domU sees command line '%s'",
		      cmd);
	expect_rc("build_id(NULL)", hc_xen_version(XENVER_build_id, NULL),
		  dom0 ? -XEN_ENODATA : -XEN_EPERM);
	expect_rc("build_id(len 0)", hc_xen_version(XENVER_build_id, &b),
		  dom0 ? -XEN_EINVAL : -XEN_EPERM);
	for (unsigned i = 0; i < ARRAY_SIZE(unknown); i++)
		check(hc_xen_version(unknown[i], &pp) == -XEN_ENOSYS,
		      "sub-op %u not -ENOSYS", unknown[i]);
}

void guest_main(void)
{
	bool dom0 = start_info->flags & SIF_INITDOMAIN;

	install_traps();
	strings();
	features(dom0);
	others(dom0);
	if (dom0)
		pass_and_idle();
}
