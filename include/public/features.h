/*
 * Feature bits returned by xen_version(XENVER_get_features).  Bit n is
 * bit (n % 32) of submap n / 32.  Also used in the SUPPORTED_FEATURES
 * ELF note of a guest kernel.
 */
#ifndef PUBLIC_FEATURES_H
#define PUBLIC_FEATURES_H

#define XENFEAT_writable_page_tables	   0  /* guest may write PTs directly */
#define XENFEAT_writable_descriptor_tables 1  /* ... and GDT/LDT */
#define XENFEAT_auto_translated_physmap	   2  /* hv translates pfn -> mfn */
#define XENFEAT_supervisor_mode_kernel	   3  /* kernel runs in ring 0 */
#define XENFEAT_pae_pgdir_above_4gb	   4  /* 32-bit PAE: L3 above 4 GiB */
#define XENFEAT_mmu_pt_update_preserve_ad  5  /* MMU_PT_UPDATE_PRESERVE_AD */
#define XENFEAT_highmem_assist		   6  /* 32-bit highmem helpers */
#define XENFEAT_gnttab_map_avail_bits	   7  /* GNTMAP_guest_avail_mask */
#define XENFEAT_hvm_callback_vector	   8  /* HVM: event vector callback */
#define XENFEAT_hvm_safe_pvclock	   9  /* HVM: pvclock is usable */
#define XENFEAT_hvm_pirqs		   10 /* HVM: pirqs as events */
#define XENFEAT_dom0			   11 /* guest may be dom0 */
#define XENFEAT_memory_op_vnode_supported  13 /* XENMEMF_vnode */
#define XENFEAT_ARM_SMCCC_supported	   14 /* Arm only */
#define XENFEAT_linux_rsdp_unrestricted	   15 /* Linux may use any RSDP */
#define XENFEAT_not_direct_mapped	   16 /* Arm only */
#define XENFEAT_direct_mapped		   17 /* Arm only */
#define XENFEAT_runstate_phys_area	   18 /* runstate by physical addr */
#define XENFEAT_vcpu_time_phys_area	   19 /* time area by physical addr */
#define XENFEAT_dm_msix_all_writes	   20 /* device model sees MSI-X writes */

#define XENFEAT_NR_SUBMAPS 1

#endif /* PUBLIC_FEATURES_H */
