/*
 * multicall (13): run a batch of hypercalls, storing each result in its
 * entry.  A failing entry does not stop the batch (Linux checks every
 * result itself); a fault reading or writing the list does, with -EFAULT.
 * Any count is accepted: long batches continue through hypercall
 * continuations, so the guest's own memory is the only bound.  Entries
 * run with in_multicall set, which keeps them from creating
 * continuations of their own (only the batch itself can be resumed).
 *
 * Interface: hypercall 13 only.  Invariants: each entry is copied in
 * once and its result written back once; iret and nested multicall are
 * refused per entry (-EINVAL) because they would rewrite the caller's
 * frame.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/smp.h>
#include <asm/guest_access.h>
#include <public/xen.h>

#define MULTICALL_BATCH 256  /* entries between preemption checks */

/* Per CPU; a hypercall never migrates while it runs. */
static bool in_multicall_cpu[NR_CPUS];
#define in_multicall in_multicall_cpu[smp_processor_id()]

bool hypercall_in_multicall(void)
{
	return in_multicall;
}

long do_multicall(unsigned long list, unsigned long count)
{
	struct multicall_entry e;

	for (unsigned long i = 0; i < count; i++) {
		if (i && !(i % MULTICALL_BATCH) && hypercall_preempt_check())
			return hypercall_create_continuation(__HYPERVISOR_multicall, 2,
							     list + i * sizeof(e), count - i);
		unsigned long addr = list + i * sizeof(e);
		unsigned long args[6];

		if (copy_from_guest(&e, addr, sizeof(e)))
			return -EFAULT;
		for (unsigned int j = 0; j < 6; j++)
			args[j] = e.args[j];
		if (hypercall_allowed_in_multicall(e.op)) {
			in_multicall = true;
			e.result = hypercall_dispatch(e.op, args);
			in_multicall = false;
		} else {
			e.result = -EINVAL;
		}
		if (copy_to_guest(addr + offsetof(struct multicall_entry, result),
				  &e.result, sizeof(e.result)))
			return -EFAULT;
	}
	return 0;
}
