/* Building PV domains from boot modules (arch/x86/pv/dom_build.c). */
#ifndef ASM_DOM_BUILD_H
#define ASM_DOM_BUILD_H

#include <xen/types.h>

struct domain;

struct dom_build_params {
	u16 domid;
	const char *name;
	bool privileged;              /* dom0 */
	const u8 *kernel;             /* ELF (or compressed kernel image) */
	size_t kernel_len;
	const u8 *initrd;             /* may be NULL */
	size_t initrd_len;
	const char *cmdline;
	unsigned long nr_pages;       /* memory to give the domain */
	unsigned int max_vcpus;
	unsigned int cpu;             /* where vCPU 0 starts */
};

/*
 * Create and populate a domain, ready to unpause.  Returns NULL with a
 * clear message printed on any failure, leaving no memory allocated.
 */
struct domain *pv_build_domain(const struct dom_build_params *p);

#endif
