/*
 * Local APIC: register access, EOI, IPIs, per-CPU enable.
 *
 * Interface: apic_init_bsp() once after acpi_boot_init(); apic_init_ap()
 * on each AP as it starts; the rest from any CPU afterwards.
 * Invariants: the APIC is used in xAPIC (MMIO) mode unless the firmware
 * already switched it to x2APIC mode, in which case the MSR interface is
 * used throughout; the choice is made once on the BSP.  The LAPIC timer
 * is owned by arch/x86/time.c.
 */
#include <xen/lib.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/current.h>
#include <asm/system.h>

#define MSR_X2APIC_FIRST 0x800   /* x2APIC register = 0x800 + (xAPIC offset >> 4) */
#define MSR_X2APIC_ICR   0x830

static volatile u8 *apic_mmio;
static bool x2apic_mode;
static unsigned int apic_errors;

u32 apic_read(unsigned int reg)
{
	if (x2apic_mode)
		return (u32)rdmsr(MSR_X2APIC_FIRST + (reg >> 4));
	return readl(apic_mmio + reg);
}

void apic_write(unsigned int reg, u32 v)
{
	if (x2apic_mode)
		wrmsr(MSR_X2APIC_FIRST + (reg >> 4), v);
	else
		writel(v, apic_mmio + reg);
}

void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

u32 get_apic_id(void)
{
	u32 id = apic_read(APIC_ID);
	return x2apic_mode ? id : id >> 24;
}

/* Wait (bounded) until the previous xAPIC IPI has been accepted. */
static void icr_wait_idle(void)
{
	for (unsigned int i = 0; i < 1000000; i++)
		if (!(apic_read(APIC_ICR) & APIC_ICR_BUSY))
			return;
	printk(XENLOG_WARNING "Warning: APIC ICR stuck busy\n");
}

/* The two xAPIC register writes must not be split by an IPI sender. */
void apic_send_icr(u32 dest_apic_id, u32 icr_low)
{
	unsigned long flags = arch_local_irq_save();

	if (x2apic_mode) {
		wrmsr(MSR_X2APIC_ICR, ((u64)dest_apic_id << 32) | icr_low);
	} else {
		icr_wait_idle();
		apic_write(APIC_ICR2, dest_apic_id << 24);
		apic_write(APIC_ICR, icr_low);
	}
	arch_local_irq_restore(flags);
}

void apic_send_ipi(u32 dest_apic_id, unsigned int vector)
{
	apic_send_icr(dest_apic_id, APIC_DM_FIXED | vector);
}

static void spurious_interrupt(struct cpu_regs *regs)
{
	/* No EOI for the spurious vector, by definition. */
}

static void error_interrupt(struct cpu_regs *regs)
{
	u32 esr;

	apic_write(APIC_ESR, 0);
	esr = apic_read(APIC_ESR);
	apic_eoi();
	if (apic_errors++ < 10)
		printk(XENLOG_WARNING "Warning: APIC error on CPU %u: ESR %#x\n",
		       smp_processor_id(), esr);
}

/* Software-enable this CPU's LAPIC with every LVT masked. */
static void apic_setup_local(void)
{
	apic_write(APIC_TASKPRI, 0);
	apic_write(APIC_SPIV, APIC_SPIV_ENABLE | SPURIOUS_APIC_VECTOR);
	apic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
	apic_write(APIC_LVT0, APIC_LVT_MASKED);
	apic_write(APIC_LVT1, APIC_DM_NMI);        /* LINT1 = NMI */
	apic_write(APIC_LVTERR, ERROR_APIC_VECTOR);
	apic_write(APIC_ESR, 0);
	apic_write(APIC_ESR, 0);
	apic_eoi();
}

void apic_init_bsp(void)
{
	u64 base = rdmsr(MSR_IA32_APICBASE);
	paddr_t pa = acpi_platform.lapic_base ? acpi_platform.lapic_base
					      : (base & APICBASE_BASE_MASK);

	x2apic_mode = base & APICBASE_X2APIC_ENABLE;
	if (!(base & APICBASE_ENABLE))
		wrmsr(MSR_IA32_APICBASE, base | APICBASE_ENABLE);
	if (!x2apic_mode) {
		apic_mmio = ioremap(pa, PAGE_SIZE);
		if (!apic_mmio)
			panic("Cannot map the local APIC at %#llx\n",
			      (unsigned long long)pa);
	}
	set_intr_handler(SPURIOUS_APIC_VECTOR, spurious_interrupt);
	set_intr_handler(ERROR_APIC_VECTOR, error_interrupt);
	apic_setup_local();
	printk("Local APIC: %s mode, BSP APIC id %u\n",
	       x2apic_mode ? "x2APIC" : "xAPIC", get_apic_id());
}

void apic_init_ap(void)
{
	u64 base = rdmsr(MSR_IA32_APICBASE);

	if (!(base & APICBASE_ENABLE))
		wrmsr(MSR_IA32_APICBASE, base | APICBASE_ENABLE);
	apic_setup_local();
}
