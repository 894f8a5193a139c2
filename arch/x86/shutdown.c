/*
 * Ending the machine: ACPI S5 power off, reset, or halt.
 *
 * Interface: machine_power_off(), machine_restart() and machine_halt()
 * never return and may be called from any CPU in any context, including
 * a fatal exception or panic (common/panic.c decides between restart and
 * halt).  They use no locks, no timers and no memory allocation, because
 * any of those may be what broke.
 * Invariants: the other CPUs are asked to stop at most once; every wait is
 * a bounded loop of port reads, since the time code may not be running.
 */
#include <xen/lib.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <asm/acpi.h>
#include <asm/acpi_tables.h>
#include <asm/io.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/reboot.h>
#include <asm/system.h>

#define RESET_WAIT_MS	  50 /* per reset method before trying the next */
#define POWER_OFF_WAIT_MS 100
#define KBC_WAIT_LOOPS	  100000
#define LOW_DIRECTMAP_END (4ULL << 30) /* mapped without ioremap() */

/* Roughly ms milliseconds: each read of the POST port takes ~1 us. */
static void io_delay_ms(unsigned int ms)
{
	for (unsigned long i = 0; i < (unsigned long)ms * IO_DELAYS_PER_MS; i++)
		(void)inb(IO_DELAY_PORT);
}

static void stop_other_cpus(void)
{
	static bool stopped;

	local_irq_disable();
	if (stopped)
		return;
	stopped = true;
	smp_send_stop();
}

void machine_halt(void)
{
	stop_other_cpus();
	for (;;)
		halt(); /* an NMI can end hlt: just halt again */
}

/* Write SLP_TYP first and SLP_EN second, as ACPI 7.4.2 allows. */
static void acpi_enter_s5(void)
{
	const struct acpi_platform *ap = &acpi_platform;
	u16 keep_a = 0, keep_b = 0;
	u16 clear = (ACPI_PM1_SLP_TYP_MASK << ACPI_PM1_SLP_TYP_SHIFT) |
		    ACPI_PM1_SLP_EN;
	u16 typ_a = ap->s5_slp_typ_a << ACPI_PM1_SLP_TYP_SHIFT;
	u16 typ_b = ap->s5_slp_typ_b << ACPI_PM1_SLP_TYP_SHIFT;

	/* Other bits (SCI_EN, ...) must keep their values. */
	keep_a = inw(ap->pm1a_cnt) & ~clear;
	if (ap->pm1b_cnt)
		keep_b = inw(ap->pm1b_cnt) & ~clear;
	outw(keep_a | typ_a, ap->pm1a_cnt);
	if (ap->pm1b_cnt)
		outw(keep_b | typ_b, ap->pm1b_cnt);
	outw(keep_a | typ_a | ACPI_PM1_SLP_EN, ap->pm1a_cnt);
	if (ap->pm1b_cnt)
		outw(keep_b | typ_b | ACPI_PM1_SLP_EN, ap->pm1b_cnt);
}

void machine_power_off(void)
{
	printk("Powering off\n");
	stop_other_cpus();
	if (acpi_platform.s5_valid && acpi_platform.pm1a_cnt) {
		acpi_enter_s5();
		io_delay_ms(POWER_OFF_WAIT_MS);
		printk(XENLOG_WARNING "ACPI S5 did not power off\n");
	} else {
		printk(XENLOG_WARNING "No ACPI S5: cannot power off\n");
	}
	printk("System halted\n");
	machine_halt();
}

/* PCI config space register of bus 0, as an ACPI GAS encodes it. */
static void pci_conf_write8(u64 gas_addr, u8 v)
{
	unsigned int dev = ACPI_GAS_PCI_DEV(gas_addr);
	unsigned int fn = ACPI_GAS_PCI_FN(gas_addr);
	unsigned int reg = ACPI_GAS_PCI_OFF(gas_addr);

	if (dev >= PCI_MAX_DEV || fn >= PCI_MAX_FN || reg >= PCI_CONF_SPACE)
		return;
	outl(PCI_CONF1_ENABLE | dev << PCI_CONF1_DEV_SHIFT |
		     fn << PCI_CONF1_FN_SHIFT | (reg & PCI_CONF1_REG_MASK),
	     PCI_CONF1_ADDRESS);
	outb(v, PCI_CONF1_DATA + (reg & PCI_CONF1_BYTE_MASK));
}

/*
 * The FADT reset register.  A memory register above 4 GiB is skipped:
 * mapping it could need the page-table lock we may have crashed under.
 */
static void acpi_reset(void)
{
	const struct acpi_platform *ap = &acpi_platform;
	u64 addr = ap->reset_reg.address;

	if (!ap->reset_valid)
		return;
	switch (ap->reset_reg.space_id) {
	case ACPI_GAS_IO:
		if (addr <= UINT16_MAX)
			outb(ap->reset_value, addr);
		break;
	case ACPI_GAS_MEMORY:
		if (addr < LOW_DIRECTMAP_END)
			*(volatile u8 *)maddr_to_virt(addr) = ap->reset_value;
		break;
	case ACPI_GAS_PCI_CFG:
		pci_conf_write8(addr, ap->reset_value);
		break;
	}
	io_delay_ms(RESET_WAIT_MS);
}

/* Ask the 8042 to pulse the CPU reset line. */
static void kbc_reset(void)
{
	for (unsigned int i = 0; i < KBC_WAIT_LOOPS; i++)
		if (!(inb(KBC_STATUS_PORT) & KBC_STATUS_IBF))
			break;
	outb(KBC_CMD_PULSE_RESET, KBC_CMD_PORT);
	io_delay_ms(RESET_WAIT_MS);
}

/* RST_CPU must go 0 -> 1 with SYS_RST already set. */
static void cf9_reset(void)
{
	outb(RST_CNT_SYS_RST, RST_CNT_PORT);
	outb(RST_CNT_SYS_RST | RST_CNT_RST_CPU, RST_CNT_PORT);
	io_delay_ms(RESET_WAIT_MS);
}

/* With no IDT, the #BP escalates to #DF and then a shutdown (reset). */
static __noreturn void triple_fault(void)
{
	static const struct desc_ptr no_idt = {0, 0};

	lidt(&no_idt);
	for (;;)
		__asm__ __volatile__("int3");
}

void machine_restart(void)
{
	stop_other_cpus();
	acpi_reset();
	kbc_reset();
	cf9_reset();
	triple_fault();
}
