/*
 * Internal interface of the privileged-instruction emulation
 * (arch/x86/pv/emulate.c decodes; emul_cpuid.c, emul_msr.c and
 * emul_io.c implement the instruction families).  All run on the
 * trapping vCPU (current), with its guest registers in regs.
 */
#ifndef PV_EMULATE_H
#define PV_EMULATE_H

#include <xen/types.h>
#include <asm/processor.h>
#include <asm/regs.h>

struct vcpu;
struct domain;

/* The guest-visible CPUID of v for (leaf, subleaf). */
void pv_cpuid(const struct vcpu *v, u32 leaf, u32 subleaf,
	      struct cpuid_leaf *res);

/* MSR access from guest kernel mode: 0, or -1 for "inject #GP". */
int pv_rdmsr(struct vcpu *v, u32 msr, u64 *val);
int pv_wrmsr(struct vcpu *v, u32 msr, u64 val);
/* The virtual MCA's MSRs (vmce.c): 1 handled, 0 not ours, -1 #GP. */
int pv_vmce_rdmsr(struct vcpu *v, u32 msr, u64 *val);
int pv_vmce_wrmsr(struct vcpu *v, u32 msr, u64 val);

/*
 * May the guest access ports [port, port + bytes) at all (virtual IOPL
 * or its I/O bitmap)?  If not, the instruction raises #GP.
 */
bool pv_io_allowed(struct vcpu *v, unsigned int port, unsigned int bytes);
/*
 * An allowed access: real hardware only for the privileged domain and
 * ports the hypervisor does not own; otherwise reads return all-ones
 * and writes are dropped.
 */
u32 pv_io_read(struct domain *d, unsigned int port, unsigned int bytes);
void pv_io_write(struct domain *d, unsigned int port, unsigned int bytes,
		 u32 val);

#endif
