/*
 * Bringing up the application processors (APs) at boot.
 *
 * Interface: arch_early_reserve() once while the boot allocator is alive
 * (takes the low trampoline page); smp_boot_cpus(max_cpus) once on the
 * BSP with interrupts on, after apic_init_bsp() and time_init().  APs are
 * started one at a time with INIT + STARTUP IPIs, run the real-mode
 * trampoline (arch/x86/boot/trampoline.S), then start_secondary(), and
 * end in the scheduler's idle loop.
 *
 * Invariants: logical CPU 0 is the BSP; APs are numbered densely in the
 * order acpi_platform lists them (a number whose AP never took its stack
 * is reused).  A CPU's bit in cpu_online_mask and num_online_cpus_ change
 * only with atomic read-modify-writes, set by the CPU itself when it is
 * ready for IPIs.  The trampoline's stack offer is taken by exactly one
 * party: an AP (xchg in the trampoline) or the BSP withdrawing it after
 * a timeout, so a late AP can never share a stack with the next one.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/percpu.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/time.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/setup.h>
#include <asm/smp.h>
#include <asm/system.h>
#include <asm/trampoline.h>

/* MP start-up timing (Intel SDM vol. 3, "MP initialization"). */
#define INIT_DELAY_US    10000    /* after INIT, before the first SIPI */
#define SIPI_DELAY_US    200      /* after each STARTUP IPI */
#define NR_SIPIS         2
#define AP_TIMEOUT_US    1000000  /* generous: TCG can be slow to start */

unsigned int nr_cpu_ids = 1;
unsigned int num_online_cpus_ = 1;
u64 cpu_online_mask[NR_CPUS / 64] = { 1 };   /* the BSP, CPU 0 */
u32 x86_cpu_to_apicid[NR_CPUS];

static mfn_t trampoline_mfn;           /* low page the SIPI vector names */
static struct trampoline_info *tramp;  /* its parameter block (direct map) */
static void *ap_stack[NR_CPUS];        /* stack blocks handed to APs */

void arch_early_reserve(void)
{
	trampoline_mfn = boot_alloc_pages(TRAMPOLINE_PAGES, 1, TRAMPOLINE_LIMIT);
	if (mfn_eq(trampoline_mfn, INVALID_MFN))
		panic("No free page below 1 MiB for the AP start-up trampoline\n");
}

/*
 * The count moves before the bit when a CPU comes online and after it
 * when one goes offline, so whoever sees a CPU's bit also sees it counted.
 * Only the CPU itself comes online, once; going offline may repeat.
 */
void cpu_set_online(unsigned int cpu)
{
	__atomic_fetch_add(&num_online_cpus_, 1, __ATOMIC_SEQ_CST);
	__atomic_fetch_or(&cpu_online_mask[cpu / 64], 1ULL << (cpu % 64),
			  __ATOMIC_SEQ_CST);
}

void cpu_set_offline(unsigned int cpu)
{
	u64 bit = 1ULL << (cpu % 64);

	if (__atomic_fetch_and(&cpu_online_mask[cpu / 64], ~bit,
			       __ATOMIC_SEQ_CST) & bit)
		__atomic_fetch_sub(&num_online_cpus_, 1, __ATOMIC_SEQ_CST);
}

/*
 * Runs on the AP's own stack, with the trampoline's GDT and no IDT:
 * nothing here may fault before cpu_load_descriptors().
 */
void start_secondary(void)
{
	struct cpu_info *info = get_cpu_info();
	unsigned int cpu = info->processor_id;

	cpu_load_descriptors(cpu, (char *)(info + 1) - STACK_SIZE);
	apic_init_ap();
	/* Trust the hardware over the firmware table. */
	info->apic_id = get_apic_id();
	x86_cpu_to_apicid[cpu] = info->apic_id;
	time_init_ap();
	cpu_init_local(cpu);
	scheduler_init_cpu(cpu);   /* our idle vCPU becomes `current` */
	cpu_set_online(cpu);       /* the BSP polls for this: our "alive" flag */
	/*
	 * Off this stack's top, where context switches put the guest
	 * frame; the idle loop enables interrupts and serves IPIs.
	 */
	reset_stack_and_jump(idle_loop);
}

/* Copy the trampoline to the low page and fill the shared parameters. */
static void trampoline_setup(void)
{
	char *low = mfn_to_virt(trampoline_mfn);
	size_t size = trampoline_end - trampoline_start;
	paddr_t cr3 = virt_to_maddr(idle_pg_table);
	u64 efer = rdmsr(MSR_EFER) & ~EFER_LMA;

	/* 32-bit loads in the trampoline; it must fit its pages. */
	BUG_ON(cr3 >> 32 || efer >> 32);
	BUG_ON(size > TRAMPOLINE_PAGES * PAGE_SIZE);
	memcpy(low, trampoline_start, size);
	tramp = (struct trampoline_info *)(low + (trampoline_info -
						  trampoline_start));
	tramp->cr3 = cr3;
	tramp->efer = efer;
	tramp->stack = 0;
	tramp->entry = (unsigned long)start_secondary;
}

/* Stack block, cpu_info and per-CPU area for cpu; false on no memory. */
static bool prepare_cpu(unsigned int cpu, u32 apic_id)
{
	struct cpu_info *info;

	if (!ap_stack[cpu]) {
		ap_stack[cpu] = alloc_xenheap_pages(STACK_ORDER, 0);
		if (!ap_stack[cpu] || percpu_alloc(cpu))
			return false;
	}
	memset(ap_stack[cpu], 0, STACK_SIZE);
	info = (struct cpu_info *)((char *)ap_stack[cpu] + STACK_SIZE) - 1;
	info->processor_id = cpu;
	info->apic_id = apic_id;
	info->per_cpu_offset = __per_cpu_offset[cpu];
	x86_cpu_to_apicid[cpu] = apic_id;
	return true;
}

/*
 * In xAPIC mode an ICR write is two register writes; an interrupt
 * handler sending an IPI in between would redirect ours.
 */
static void send_icr(u32 apic_id, u32 icr_low)
{
	unsigned long flags = arch_local_irq_save();

	apic_send_icr(apic_id, icr_low);
	arch_local_irq_restore(flags);
}

/* INIT, then two STARTUP IPIs, per the MP start-up algorithm. */
static void send_init_sipi(u32 apic_id)
{
	send_icr(apic_id, APIC_DM_INIT | APIC_INT_ASSERT);
	smp_delay_us(INIT_DELAY_US);
	for (unsigned int i = 0; i < NR_SIPIS; i++) {
		send_icr(apic_id, APIC_DM_STARTUP | mfn_x(trampoline_mfn));
		smp_delay_us(SIPI_DELAY_US);
	}
}

static bool wait_online(unsigned int cpu)
{
	u64 deadline = smp_deadline_us(AP_TIMEOUT_US);

	while (!cpu_online(cpu)) {
		if (smp_deadline_passed(deadline))
			return cpu_online(cpu);
		cpu_relax();
	}
	return true;
}

/*
 * Start the AP with apic_id as logical CPU cpu.  Returns 0 when it is
 * online, -ETIMEDOUT when it never took its stack (cpu may be reused),
 * -EBUSY when it took the stack but did not come online (cpu is burnt).
 */
static int boot_one_cpu(unsigned int cpu, u32 apic_id)
{
	char *stack = ap_stack[cpu];

	__atomic_store_n(&tramp->stack, (unsigned long)stack + STACK_SIZE -
			 sizeof(struct cpu_info), __ATOMIC_SEQ_CST);
	send_init_sipi(apic_id);
	if (wait_online(cpu))
		return 0;
	if (__atomic_exchange_n(&tramp->stack, 0, __ATOMIC_SEQ_CST)) {
		/* Never started: send it back to wait-for-SIPI. */
		send_icr(apic_id, APIC_DM_INIT | APIC_INT_ASSERT);
		printk(XENLOG_WARNING "Warning: CPU with APIC id %u did not start\n",
		       apic_id);
		return -ETIMEDOUT;
	}
	if (wait_online(cpu))
		return 0;
	printk(XENLOG_WARNING "Warning: CPU with APIC id %u started but did not come online\n",
	       apic_id);
	return -EBUSY;
}

/* "(APIC ids 1 2 3)" for the boot message; long lists end in "...". */
static void print_smp_summary(unsigned int max_cpus, unsigned int skipped)
{
	char ids[160], one[16];
	size_t len = 0;
	unsigned int cpu, nr_aps = 0;
	bool cut = false;

	ids[0] = '\0';
	for_each_online_cpu(cpu) {
		size_t n;

		if (!cpu)
			continue;
		nr_aps++;
		if (cut)
			continue;
		n = snprintf(one, sizeof(one), " %u", x86_cpu_to_apicid[cpu]);
		/* Keep room for " ..." and the NUL. */
		cut = len + n + sizeof(" ...") > sizeof(ids);
		strlcpy(ids + len, cut ? " ..." : one, sizeof(ids) - len);
		len += n;
	}
	printk("SMP: brought up %u AP%s%s%s%s\n", nr_aps, nr_aps == 1 ? "" : "s",
	       nr_aps ? " (APIC ids" : "", ids, nr_aps ? ")" : "");
	if (skipped)
		printk("SMP: maxcpus=%u: %u more CPU%s left offline\n",
		       max_cpus, skipped, skipped == 1 ? "" : "s");
}

/* The BSP is CPU 0 and online from the start; record its APIC id. */
static void smp_prepare_bsp(void)
{
	struct cpu_info *info = get_cpu_info();

	info->apic_id = get_apic_id();
	x86_cpu_to_apicid[0] = info->apic_id;
	smp_intr_init();
}

void smp_boot_cpus(unsigned int max_cpus)
{
	const struct acpi_platform *ap = &acpi_platform;
	unsigned int limit = max_cpus && max_cpus < NR_CPUS ? max_cpus : NR_CPUS;
	unsigned int cpu = 1, skipped = 0;

	smp_prepare_bsp();
	if (ap->nr_cpus <= 1) {   /* no MADT, or a uniprocessor */
		printk("SMP: no other CPUs listed by firmware\n");
		return;
	}
	trampoline_setup();
	for (unsigned int i = 0; i < ap->nr_cpus; i++) {
		u32 apic_id = ap->cpu_apic_id[i];
		int rc;

		if (apic_id == x86_cpu_to_apicid[0])
			continue;
		if (cpu >= limit) {
			skipped++;
			continue;
		}
		if (!prepare_cpu(cpu, apic_id)) {
			printk(XENLOG_WARNING "Warning: no memory to start more CPUs\n");
			break;
		}
		nr_cpu_ids = cpu + 1;   /* so for_each_online_cpu() sees it */
		rc = boot_one_cpu(cpu, apic_id);
		if (rc != -ETIMEDOUT)
			cpu++;
	}
	nr_cpu_ids = cpu;
	print_smp_summary(max_cpus, skipped);
}
