/*
 * Unit test for include/public/: every public header is included into one
 * translation unit (so conflicting definitions fail the build), the
 * _Static_asserts in the headers pin sizes and offsets at compile time,
 * and here we spot-check the numbers guests depend on most at run time:
 * hypercall numbers, structure sizes, reserved selectors and domain ids,
 * and the helper macros.  The hypervisor's own error numbers
 * (include/xen/errno.h) must equal the ABI's XEN_E* values, since
 * handlers return -E* straight to guests.
 */
#include <stddef.h>
#include <string.h>
#include "check.h"

#include "public/xen.h"
#include "public/arch-x86_64.h"
#include "public/memory.h"
#include "public/event_channel.h"
#include "public/grant_table.h"
#include "public/sched.h"
#include "public/vcpu.h"
#include "public/callback.h"
#include "public/physdev.h"
#include "public/platform.h"
#include "public/sysctl.h"
#include "public/version.h"
#include "public/features.h"
#include "public/elfnote.h"
#include "public/errno.h"
#include "public/domctl.h"
#include "public/io/console.h"
#include "public/io/xs_wire.h"

#include "xen/errno.h"

static void test_hypercall_numbers(void)
{
	CHECK_EQ(__HYPERVISOR_set_trap_table, 0);
	CHECK_EQ(__HYPERVISOR_mmu_update, 1);
	CHECK_EQ(__HYPERVISOR_update_descriptor, 10);
	CHECK_EQ(__HYPERVISOR_memory_op, 12);
	CHECK_EQ(__HYPERVISOR_multicall, 13);
	CHECK_EQ(__HYPERVISOR_update_va_mapping, 14);
	CHECK_EQ(__HYPERVISOR_xen_version, 17);
	CHECK_EQ(__HYPERVISOR_console_io, 18);
	CHECK_EQ(__HYPERVISOR_grant_table_op, 20);
	CHECK_EQ(__HYPERVISOR_iret, 23);
	CHECK_EQ(__HYPERVISOR_vcpu_op, 24);
	CHECK_EQ(__HYPERVISOR_set_segment_base, 25);
	CHECK_EQ(__HYPERVISOR_mmuext_op, 26);
	CHECK_EQ(__HYPERVISOR_sched_op, 29);
	CHECK_EQ(__HYPERVISOR_callback_op, 30);
	CHECK_EQ(__HYPERVISOR_event_channel_op, 32);
	CHECK_EQ(__HYPERVISOR_physdev_op, 33);
	CHECK_EQ(__HYPERVISOR_dm_op, 41);
	CHECK_EQ(__HYPERVISOR_arch_0, 48);
	CHECK_EQ(__HYPERVISOR_arch_7, 55);
	CHECK(__HYPERVISOR_arch_7 < XEN_NR_HYPERCALLS);

	CHECK_EQ(MMUEXT_PIN_L4_TABLE, 3);
	CHECK_EQ(MMUEXT_NEW_USER_BASEPTR, 15);
	CHECK_EQ(EVTCHNOP_send, 4);
	CHECK_EQ(EVTCHNOP_set_priority, 13);
	CHECK_EQ(GNTTABOP_copy, 5);
	CHECK_EQ(GNTTABOP_get_version, 10);
	CHECK_EQ(GNTTABOP_cache_flush, 12);
	CHECK_EQ(GTF_permit_access | GTF_readonly | GTF_reading | GTF_writing,
		 0x1d);
	CHECK_EQ(GNTMAP_host_map | GNTMAP_readonly | GNTMAP_contains_pte, 0x16);
	CHECK_EQ(GNTST_permission_denied, -8);
	CHECK_EQ(GNTST_no_space, -13);
	CHECK_EQ(XENMAPSPACE_grant_table, 1);
	CHECK_EQ(XENMEM_resource_grant_table, 1);
	CHECK_EQ(VCPUOP_register_vcpu_info, 10);
	CHECK_EQ(SCHEDOP_poll, 3);
	CHECK_EQ(XENMEM_exchange, 11);
	CHECK_EQ(XENMEM_acquire_resource, 28);
	CHECK_EQ(PHYSDEVOP_pirq_eoi_gmfn_v2, 28);
	CHECK_EQ(XENPF_settime64, 62);
	CHECK_EQ(__HYPERVISOR_sysctl, 35);
	CHECK_EQ(XEN_SYSCTL_readconsole, 1);
	CHECK_EQ(XEN_SYSCTL_physinfo, 3);
	CHECK_EQ(XEN_SYSCTL_sched_id, 4);
	CHECK_EQ(XEN_SYSCTL_getdomaininfolist, 6);
	CHECK_EQ(XEN_SYSCTL_getcpuinfo, 8);
	CHECK_EQ(XEN_SYSCTL_cputopoinfo, 16);
	CHECK_EQ(XEN_SYSCTL_numainfo, 17);
	CHECK_EQ(XEN_SYSCTL_get_cpu_policy, 29);
	CHECK_EQ(XENVER_get_features, 6);
	CHECK_EQ(XEN_ELFNOTE_SUPPORTED_FEATURES, 17);
	CHECK_EQ(XS_RESET_WATCHES, 21);
	CHECK_EQ(XS_DIRECTORY_PART, 22);
	CHECK_EQ(XS_TYPE_COUNT, 23); /* Xen 4.17: DIRECTORY_PART is the last */
	CHECK_EQ(XS_INVALID, 0xffff);
	CHECK_EQ(__HYPERVISOR_domctl, 36);
	CHECK_EQ(XEN_DOMCTL_INTERFACE_VERSION, 0x15);
	CHECK_EQ(XEN_DOMCTL_getdomaininfo, 5);
	CHECK_EQ(XEN_DOMCTL_scheduler_op, 16);
	CHECK_EQ(XEN_DOMCTL_settimeoffset, 24);
	CHECK_EQ(XEN_DOMCTL_getvcpuaffinity, 25);
	CHECK_EQ(XEN_DOMCTL_set_address_size, 35);
	CHECK_EQ(XEN_DOMCTL_set_max_evtchn, 70);
	CHECK_EQ(XEN_DOMINF_shutdown | XEN_DOMINF_paused, 0xc);
	CHECK_EQ(XEN_DOMINF_hap, 0x100);
	CHECK_EQ(XEN_DOMINF_shutdownshift, 16);
	CHECK_EQ(XEN_DOMCTL_CDF_MAX, 0x80);
	CHECK_EQ(XEN_SCHEDULER_CREDIT, 5);
}

static void test_sizes(void)
{
	CHECK_EQ(sizeof(struct start_info), 1168);
	CHECK_EQ(sizeof(struct shared_info), 3136);
	CHECK_EQ(sizeof(struct vcpu_info), 64);
	CHECK_EQ(sizeof(struct vcpu_time_info), 32);
	CHECK_EQ(sizeof(struct mmu_update), 16);
	CHECK_EQ(sizeof(struct mmuext_op), 24);
	CHECK_EQ(sizeof(struct multicall_entry), 64);
	CHECK_EQ(sizeof(struct trap_info), 16);
	CHECK_EQ(sizeof(struct iret_context), 72);
	CHECK_EQ(sizeof(struct cpu_user_regs), 200);
	CHECK_EQ(sizeof(struct vcpu_guest_context), 5168);
	CHECK_EQ(sizeof(struct arch_vcpu_info), 16);
	CHECK_EQ(sizeof(struct xen_platform_op), 136);
	CHECK_EQ(sizeof(struct xenstore_domain_interface), 2076);
	CHECK_EQ(sizeof(struct xen_sysctl), 136);
	CHECK_EQ(sizeof(struct xen_sysctl_physinfo), 112);
	CHECK_EQ(sizeof(struct xen_sysctl_readconsole), 24);
	CHECK_EQ(sizeof(struct xen_sysctl_getdomaininfolist), 24);
	CHECK_EQ(sizeof(struct xen_sysctl_getcpuinfo), 24);
	CHECK_EQ(sizeof(struct xen_sysctl_cputopoinfo), 16);
	CHECK_EQ(sizeof(struct xen_sysctl_cputopo), 12);
	CHECK_EQ(sizeof(struct xen_sysctl_numainfo), 24);
	CHECK_EQ(sizeof(struct xen_sysctl_meminfo), 16);
	CHECK_EQ(sizeof(struct xencons_interface), 3092);
	CHECK_EQ(sizeof(struct xen_e820_entry), 20);
	CHECK_EQ(sizeof(XEN_GUEST_HANDLE(void)), 8);
	CHECK_EQ(sizeof(struct xen_domctl), 144);
	CHECK_EQ(sizeof(struct xen_domctl_createdomain), 64);
	CHECK_EQ(sizeof(struct xen_domctl_getdomaininfo), 112);
	CHECK_EQ(sizeof(struct xen_domctl_vcpuaffinity), 40);
	CHECK_EQ(sizeof(struct xen_domctl_scheduler_op), 24);
	CHECK_EQ(sizeof(struct xen_domctl_getvcpuinfo), 24);
	CHECK_EQ(sizeof(struct xenctl_bitmap), 16);

	/* The 2-level bitmaps in shared_info hold exactly one bit per port. */
	CHECK_EQ(sizeof(((struct shared_info *)0)->evtchn_pending) * 8,
		 NR_EVENT_CHANNELS);
	CHECK_EQ(sizeof(((struct vcpu_info *)0)->evtchn_pending_sel) * 8 * 64,
		 NR_EVENT_CHANNELS);
	/* Both structures fit in the page the builder gives them. */
	CHECK(sizeof(struct shared_info) <= 4096);
	CHECK(sizeof(struct start_info) + sizeof(struct dom0_vga_console_info) <
	      4096);
}

static void test_layout_constants(void)
{
	CHECK_EQ(FIRST_RESERVED_GDT_ENTRY, 7168);
	CHECK_EQ(FIRST_RESERVED_GDT_BYTE, 0xE000);
	CHECK_EQ(FLAT_KERNEL_CS, 0xe033);
	CHECK_EQ(FLAT_KERNEL_SS, 0xe02b);
	CHECK_EQ(FLAT_USER_CS32, 0xe023);
	CHECK_EQ(FLAT_KERNEL_DS, 0);
	/* Flat selectors are RPL 3 and live in the reserved GDT page. */
	CHECK_EQ(FLAT_RING3_CS64 & 3, 3);
	CHECK((FLAT_RING3_CS64 >> 3) >= FIRST_RESERVED_GDT_ENTRY);
	CHECK((FLAT_RING3_CS64 >> 3) < FIRST_RESERVED_GDT_ENTRY + 512);

	CHECK_EQ(HYPERVISOR_VIRT_START, 0xFFFF800000000000UL);
	CHECK_EQ(HYPERVISOR_VIRT_END, 0xFFFF880000000000UL);
	CHECK_EQ(MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START, 256UL << 30);
	CHECK_EQ(MACH2PHYS_NR_ENTRIES, 1UL << 35);

	CHECK_EQ(DOMID_SELF, 0x7FF0);
	CHECK_EQ(DOMID_FIRST_RESERVED, DOMID_SELF);
	CHECK_EQ(DOMID_IO, 0x7FF1);
	CHECK_EQ(DOMID_XEN, 0x7FF2);
	CHECK_EQ(DOMID_INVALID, 0x7FF4);
	CHECK_EQ(DOMID_IDLE, 0x7FFF);

	CHECK_EQ(SIF_INITDOMAIN, 2);
	CHECK_EQ(SIF_MOD_START_PFN, 8);
	CHECK_EQ(VGCF_in_kernel, 4);
	CHECK_EQ(VGCF_online, 32);
	CHECK_EQ(VGCF_in_syscall, 256);
	CHECK_EQ(UVMF_INVLPG | UVMF_ALL, 6);
	CHECK_EQ(XENPF_INTERFACE_VERSION, 0x03000001);
	CHECK_EQ(XEN_SYSCTL_INTERFACE_VERSION, 0x15);
	CHECK_EQ(XEN_SYSCTL_PHYSCAP_pv, 2);
	CHECK_EQ(XEN_SYSCTL_PHYSCAP_gnttab_v1, 0x100);
	CHECK_EQ(XEN_SYSCTL_PHYSCAP_MAX, 0x200);
	CHECK_EQ(XEN_INVALID_NODE_ID, 0xffffffffu);
	CHECK_EQ(XENFEAT_dom0, 11);
	CHECK_EQ(XENFEAT_NR_SUBMAPS, 1);
	CHECK_EQ(GNTST_permission_denied, -8);
	CHECK_EQ(XENSTORE_RING_SIZE, 1024);
	CHECK_EQ(XENSTORE_PAYLOAD_MAX, 4096);
	CHECK_EQ(XENSTORE_SERVER_FEATURE_RECONNECTION |
			 XENSTORE_SERVER_FEATURE_ERROR,
		 3);
	CHECK_EQ(XENSTORE_ERROR_PROTO, 3);
	CHECK_EQ(__builtin_offsetof(struct xenstore_domain_interface, error),
		 2072);
	CHECK_EQ(XSD_ERROR_COUNT, 16);
}

/* The FIFO event channel ABI (Xen 4.17 public/event_channel.h). */
static void test_evtchn_fifo(void)
{
	CHECK_EQ(EVTCHNOP_reset, 10);
	CHECK_EQ(EVTCHNOP_init_control, 11);
	CHECK_EQ(EVTCHNOP_expand_array, 12);
	CHECK_EQ(EVTCHNOP_set_priority, 13);
	CHECK_EQ(EVTCHN_FIFO_PRIORITY_MAX, 0);
	CHECK_EQ(EVTCHN_FIFO_PRIORITY_DEFAULT, 7);
	CHECK_EQ(EVTCHN_FIFO_PRIORITY_MIN, 15);
	CHECK_EQ(EVTCHN_FIFO_MAX_QUEUES, 16);
	CHECK_EQ(EVTCHN_FIFO_PENDING, 31);
	CHECK_EQ(EVTCHN_FIFO_MASKED, 30);
	CHECK_EQ(EVTCHN_FIFO_LINKED, 29);
	CHECK_EQ(EVTCHN_FIFO_BUSY, 28);
	CHECK_EQ(EVTCHN_FIFO_LINK_BITS, 17);
	CHECK_EQ(EVTCHN_FIFO_LINK_MASK, 0x1ffff);
	CHECK_EQ(EVTCHN_FIFO_NR_CHANNELS, 131072);
	CHECK_EQ(sizeof(event_word_t), 4);
	CHECK_EQ(sizeof(struct evtchn_init_control), 24);
	CHECK_EQ(offsetof(struct evtchn_init_control, offset), 8);
	CHECK_EQ(offsetof(struct evtchn_init_control, vcpu), 12);
	CHECK_EQ(offsetof(struct evtchn_init_control, link_bits), 16);
	CHECK_EQ(sizeof(struct evtchn_expand_array), 8);
	CHECK_EQ(sizeof(struct evtchn_set_priority), 8);
	CHECK_EQ(offsetof(struct evtchn_set_priority, priority), 4);
	CHECK_EQ(sizeof(struct evtchn_fifo_control_block), 72);
	CHECK_EQ(offsetof(struct evtchn_fifo_control_block, head), 8);
	/* A word's flag bits sit above the link; a page holds 1024 words. */
	CHECK_EQ(EVTCHN_FIFO_LINK_MASK & (1u << EVTCHN_FIFO_BUSY), 0);
	CHECK_EQ(EVTCHN_FIFO_NR_CHANNELS / (4096 / sizeof(event_word_t)), 128);
}

static void test_helpers(void)
{
	struct trap_info ti = {.vector = 0x80};
	struct xencons_interface *cons = NULL;
	struct xen_memory_reservation r;
	xen_pfn_t frames[2] = {5, 6};
	char buf[sizeof(*cons)];

	TI_SET_DPL(&ti, 3);
	TI_SET_IF(&ti, 1);
	CHECK_EQ(ti.flags, 7);
	CHECK_EQ(TI_GET_DPL(&ti), 3);
	CHECK(TI_GET_IF(&ti));

	memset(&r, 0, sizeof(r));
	xen_set_guest_handle(r.extent_start, frames);
	CHECK(r.extent_start.p == frames);
	CHECK_EQ(r.extent_start.p[1], 6);

	CHECK_EQ(xen_pfn_to_cr3(0x1234), 0x1234000);
	CHECK_EQ(xen_cr3_to_pfn(0x1234fff), 0x1234);
	CHECK_EQ(XENMEMF_address_bits(32), 32);
	CHECK_EQ(XENMEMF_get_node(XENMEMF_node(3)), 3);
	CHECK_EQ(XENMEMF_get_address_bits(XENMEMF_node(1) | 20), 20);

	cons = (struct xencons_interface *)buf;
	CHECK_EQ(MASK_XENCONS_IDX(2049, cons->out), 1);
	CHECK_EQ(MASK_XENCONS_IDX(1025, cons->in), 1);
	CHECK_EQ(MASK_XENSTORE_IDX(1030), 6);

	CHECK_EQ(XEN_RUNSTATE_UPDATE, 1UL << 63);
	CHECK_EQ(GNTMAP_guest_avail_mask, 0xFFFF0000u);
}

/* The hypervisor returns -E* from xen/errno.h; guests decode XEN_E*. */
static void test_errno_agrees(void)
{
	CHECK_EQ(EPERM, XEN_EPERM);
	CHECK_EQ(ENOENT, XEN_ENOENT);
	CHECK_EQ(ESRCH, XEN_ESRCH);
	CHECK_EQ(EIO, XEN_EIO);
	CHECK_EQ(E2BIG, XEN_E2BIG);
	CHECK_EQ(EAGAIN, XEN_EAGAIN);
	CHECK_EQ(ENOMEM, XEN_ENOMEM);
	CHECK_EQ(EACCES, XEN_EACCES);
	CHECK_EQ(EFAULT, XEN_EFAULT);
	CHECK_EQ(EBUSY, XEN_EBUSY);
	CHECK_EQ(EEXIST, XEN_EEXIST);
	CHECK_EQ(ENODEV, XEN_ENODEV);
	CHECK_EQ(EINVAL, XEN_EINVAL);
	CHECK_EQ(ENOSPC, XEN_ENOSPC);
	CHECK_EQ(ERANGE, XEN_ERANGE);
	CHECK_EQ(ENOSYS, XEN_ENOSYS);
	CHECK_EQ(ENODATA, XEN_ENODATA);
	CHECK_EQ(ETIME, XEN_ETIME);
	CHECK_EQ(EOPNOTSUPP, XEN_EOPNOTSUPP);
	CHECK_EQ(ENOBUFS, XEN_ENOBUFS);
	CHECK_EQ(EISCONN, XEN_EISCONN);
	CHECK_EQ(ENOTCONN, XEN_ENOTCONN);
	CHECK_EQ(ETIMEDOUT, XEN_ETIMEDOUT);
	CHECK_EQ(XEN_ENOSYS, 38);
}

int main(void)
{
	test_hypercall_numbers();
	test_sizes();
	test_layout_constants();
	test_evtchn_fifo();
	test_helpers();
	test_errno_agrees();
	return unit_finish("public_abi");
}
