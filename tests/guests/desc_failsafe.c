/*
 * desc_failsafe: a data selector that can no longer be loaded when the
 * hypervisor switches back to us is reported through the failsafe
 * callback (linux-pv-abi.md §2.9), with the selectors we had, and the
 * segment is null afterwards.  Run as a domU next to a dom0 that yields
 * (tests/qemu/test_guests.py AS_DOMU), so that SCHEDOP_yield really
 * switches away from us and back.
 */
#include "guest.h"

const char test_name[] = "desc_failsafe";

#define DATA_DPL3 0x00cff3000000ffffUL /* flat data, DPL 3 */
#define SEL 0x0b                       /* GDT entry 1, RPL 3 */
#define YIELDS 200

static uint64_t gdt[512] __page_aligned_bss;
static volatile unsigned failsafe_count;
static volatile uint64_t seen_ds;

/* The failsafe frame's selectors were dropped by the entry stub, but the
 * hypervisor has loaded null: DS reads 0 now.  Record and resume. */
static bool on_failsafe(struct trap_regs *r)
{
	uint16_t ds;

	if (r->vector != VEC_FAILSAFE)
		return false;
	__asm__ __volatile__("mov %%ds, %0" : "=r"(ds));
	seen_ds = ds;
	failsafe_count++;
	return true;
}

static uint16_t read_ds(void)
{
	uint16_t ds;
	__asm__ __volatile__("mov %%ds, %0" : "=r"(ds));
	return ds;
}

void guest_main(void)
{
	unsigned long f[1];
	long rc;

	install_traps();
	install_callbacks();
	trap_hook = on_failsafe;
	check(!(start_info->flags & SIF_INITDOMAIN),
	      "must run as a domU next to a dom0 that yields");
	gdt[1] = DATA_DPL3;
	f[0] = virt_to_mfn(gdt);
	check(remap_page(gdt, f[0], _PAGE_PRESENT | _PAGE_ACCESSED) == 0,
	      "make the GDT page read-only");
	rc = hc_set_gdt(f, 512);
	check(rc == 0, "set_gdt: %ld", rc);
	__asm__ __volatile__("mov %0, %%ds" :: "r"(SEL) : "memory");
	check(read_ds() == SEL, "DS did not load");
	/* Make entry 1 not present: our loaded DS stays usable until reload. */
	rc = HC(__HYPERVISOR_update_descriptor, (f[0] << PAGE_SHIFT) + 8, 0, 0, 0, 0);
	check(rc == 0, "update_descriptor: %ld", rc);
	for (unsigned i = 0; i < YIELDS && !failsafe_count; i++)
		hc_sched_op(SCHEDOP_yield, NULL);
	check(failsafe_count == 1, "failsafe callback ran %u times", failsafe_count);
	check(seen_ds == 0 && read_ds() == 0, "DS not null after failsafe: %lx",
	      (unsigned long)seen_ds);
	printf("failsafe callback after a context switch, DS now null\n");
	pass();
}
