/* What the boot loader handed us, in loader-independent form. */
#ifndef ASM_BOOTINFO_H
#define ASM_BOOTINFO_H

#include <xen/types.h>
#include <xen/mm.h>

#define MAX_BOOT_MODULES 16

struct boot_module {
	paddr_t start;          /* first byte (page aligned by the loader) */
	u64 size;               /* bytes */
	char cmdline[1024];     /* the module's string, minus the file name */
};

struct boot_info {
	unsigned int mb_version;          /* 1 or 2 */
	char loader[64];                  /* boot loader name, may be "" */
	char cmdline[1024];               /* hypervisor command line */
	struct memmap mem;                /* raw, then sanitised */
	unsigned int nr_modules;
	struct boot_module mod[MAX_BOOT_MODULES];
	paddr_t rsdp;                     /* RSDP copy from MB2, 0 if none */
	paddr_t info_start, info_end;     /* loader structures to keep */
};

/* Fill bi from the loader's structures; panics on an unknown magic. */
void multiboot_parse(u32 magic, paddr_t info, struct boot_info *bi);

#endif
