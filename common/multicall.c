/*
 * multicall (13): run a batch of hypercalls, storing each result in its
 * entry.  A failing entry does not stop the batch (Linux checks every
 * result itself); a fault reading or writing the list does, with -EFAULT.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <asm/guest_access.h>
#include <public/xen.h>

#define MAX_MULTICALL 4096   /* bound the time spent in one hypercall */

long do_multicall(unsigned long list, unsigned long count)
{
	struct multicall_entry e;

	if (count > MAX_MULTICALL)
		return -EINVAL;
	for (unsigned long i = 0; i < count; i++) {
		unsigned long addr = list + i * sizeof(e);
		unsigned long args[6];

		if (copy_from_guest(&e, addr, sizeof(e)))
			return -EFAULT;
		for (unsigned int j = 0; j < 6; j++)
			args[j] = e.args[j];
		e.result = hypercall_allowed_in_multicall(e.op) ?
			   hypercall_dispatch(e.op, args) : -EINVAL;
		if (copy_to_guest(addr + offsetof(struct multicall_entry, result),
				  &e.result, sizeof(e.result)))
			return -EFAULT;
	}
	return 0;
}
