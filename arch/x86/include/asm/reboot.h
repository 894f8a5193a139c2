/*
 * Legacy ways to reset the machine, used by arch/x86/shutdown.c when the
 * ACPI reset register is absent or does not work.
 */
#ifndef ASM_REBOOT_H
#define ASM_REBOOT_H

/* 8042 keyboard controller. */
#define KBC_STATUS_PORT   0x64  /* read: status register */
#define KBC_CMD_PORT      0x64  /* write: controller command */
#define  KBC_STATUS_IBF   0x02  /* bit 1: input buffer full, wait for 0 */
#define  KBC_CMD_PULSE_RESET 0xfe /* pulse output line 0 = CPU reset */

/* Reset control register of PIIX/ICH-style chipsets. */
#define RST_CNT_PORT      0xcf9
#define  RST_CNT_SYS_RST  0x02  /* bit 1: full (system) reset, not just CPU */
#define  RST_CNT_RST_CPU  0x04  /* bit 2: 0 -> 1 starts the reset */

/* POST diagnostic port: reading it costs about 1 us and has no effect. */
#define IO_DELAY_PORT     0x80
#define IO_DELAYS_PER_MS  1000

/* PCI configuration mechanism #1, for an ACPI reset register in PCI space. */
#define PCI_CONF1_ADDRESS 0xcf8
#define PCI_CONF1_DATA    0xcfc
#define  PCI_CONF1_ENABLE 0x80000000u /* bit 31: config cycle */
#define  PCI_CONF1_DEV_SHIFT 11       /* bits 11-15: device */
#define  PCI_CONF1_FN_SHIFT  8        /* bits 8-10: function */
#define  PCI_CONF1_REG_MASK  0xfc     /* bits 2-7: dword register */
#define  PCI_CONF1_BYTE_MASK 0x3      /* byte within the data dword */
#define PCI_MAX_DEV       32
#define PCI_MAX_FN        8
#define PCI_CONF_SPACE    256

#endif
