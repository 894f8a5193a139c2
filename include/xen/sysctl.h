/*
 * Arch hooks of the sysctl hypercall (common/sysctl.c): the facts about
 * the host's processors only the arch code knows (arch/x86/sysctl.c).
 */
#ifndef XEN_SYSCTL_H
#define XEN_SYSCTL_H

#include <xen/types.h>

struct xen_sysctl_physinfo;

/*
 * Fill what the arch knows: threads_per_core, cores_per_socket, the arch
 * bits of capabilities (ORed in), arch_capabilities and hw_cap.
 */
void arch_sysctl_physinfo(struct xen_sysctl_physinfo *pi);
/*
 * Core and socket ids of a CPU number; false if no CPU has that number
 * (every CPU found at boot is online and stays so).
 */
bool arch_cpu_topology(unsigned int cpu, u32 *core, u32 *socket);

#endif
