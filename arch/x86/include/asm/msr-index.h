/* Model-specific register numbers and bits. */
#ifndef ASM_MSR_INDEX_H
#define ASM_MSR_INDEX_H

#define MSR_IA32_APICBASE        0x0000001b
#define  APICBASE_BSP            (1UL << 8)  /* this CPU is the BSP */
#define  APICBASE_X2APIC_ENABLE  (1UL << 10)
#define  APICBASE_ENABLE         (1UL << 11)
#define  APICBASE_BASE_MASK      0xfffff000UL
#define MSR_IA32_TSC             0x00000010
#define MSR_IA32_TSC_DEADLINE    0x000006e0
#define MSR_IA32_CR_PAT          0x00000277
#define MSR_IA32_MISC_ENABLE     0x000001a0
#define  MISC_ENABLE_FAST_STRING (1UL << 0)
#define  MISC_ENABLE_BTS_UNAVAIL (1UL << 11)
#define  MISC_ENABLE_PEBS_UNAVAIL (1UL << 12)
#define  MISC_ENABLE_XTPR_DISABLE (1UL << 23)
#define MSR_IA32_UCODE_REV       0x0000008b  /* AMD: PATCH_LEVEL, same number */
#define MSR_IA32_MCG_CAP         0x00000179  /* machine-check capabilities */
#define  MCG_CAP_COUNT_MASK      0xffUL      /* number of banks */
#define  MCG_CTL_P               (1UL << 8)  /* MCG_CTL present */
#define  MCG_CMCI_P              (1UL << 10) /* corrected-error interrupt */
#define  MCG_TES_P               (1UL << 11) /* threshold error status */
#define  MCG_SER_P               (1UL << 24) /* software error recovery */
#define  MCG_LMCE_P              (1UL << 27) /* local machine check */
#define MSR_IA32_MCG_STATUS      0x0000017a
#define MSR_IA32_MCG_CTL         0x0000017b
#define MSR_IA32_MCG_EXT_CTL     0x000004d0
#define MSR_IA32_MC0_CTL         0x00000400  /* bank i: CTL, STATUS, ADDR, */
#define  MSR_MC_REGS_PER_BANK    4           /* MISC at 0x400 + 4i + 0..3 */
#define  MSR_MC_CTL              0
#define  MSR_MC_STATUS           1
#define  MSR_MC_ADDR             2
#define  MSR_MC_MISC             3
#define MSR_IA32_MC0_CTL2        0x00000280  /* Intel: bank i at +i (CMCI) */
#define MSR_F10_MC4_MISC1        0xc0000408  /* AMD: bank 4 extra MISC */
#define MSR_F10_MC4_MISC3        0xc000040a  /*  registers, 1-3 */

#define MSR_EFER                 0xc0000080
#define  EFER_SCE                (1UL << 0)  /* syscall enable */
#define  EFER_LME                (1UL << 8)  /* long mode enable */
#define  EFER_LMA                (1UL << 10) /* long mode active */
#define  EFER_NXE                (1UL << 11) /* no-execute enable */
#define MSR_STAR                 0xc0000081
#define MSR_LSTAR                0xc0000082
#define MSR_CSTAR                0xc0000083
#define MSR_SYSCALL_MASK         0xc0000084
#define MSR_FS_BASE              0xc0000100
#define MSR_GS_BASE              0xc0000101
#define MSR_SHADOW_GS_BASE       0xc0000102
#define MSR_TSC_AUX              0xc0000103

#endif
