/*
 * HPET main counter, used as the preferred reference for calibrating the
 * TSC (see time.c).  None of the HPET's comparators are used.
 *
 * Interface: hpet_init() once on the BSP during time_init(); if it
 * returned true, hpet_read32() and hpet_hz() may be used from any CPU.
 * Invariants: once enabled here the main counter is left running (it has
 * no side effects while no comparator is armed, and a later HPET user
 * would enable it anyway); legacy replacement routing is not touched.
 */
#include <xen/lib.h>
#include <asm/acpi.h>
#include <asm/hpet.h>
#include <asm/io.h>
#include <asm/mm.h>

static volatile u8 *hpet_mmio;
static u64 hpet_freq;

u32 hpet_read32(void)
{
	return readl(hpet_mmio + HPET_COUNTER);
}

u64 hpet_hz(void)
{
	return hpet_freq;
}

bool hpet_init(void)
{
	volatile u8 *mmio;
	u64 id, cfg, period;

	if (!acpi_platform.hpet_base)
		return false;
	mmio = ioremap(acpi_platform.hpet_base, HPET_MMIO_SIZE);
	if (!mmio)
		return false;

	/* All-ones or a zero/over-long period: no HPET really answers here. */
	id = readq(mmio + HPET_ID);
	period = id >> HPET_ID_PERIOD_SHIFT;
	if (!period || period > HPET_MAX_PERIOD_FS) {
		printk(XENLOG_WARNING "Warning: HPET at %#llx reports period "
				      "%llu fs: ignored\n",
		       (unsigned long long)acpi_platform.hpet_base,
		       (unsigned long long)period);
		return false;
	}

	cfg = readq(mmio + HPET_CFG);
	if (!(cfg & HPET_CFG_ENABLE))
		writeq(cfg | HPET_CFG_ENABLE, mmio + HPET_CFG);

	hpet_mmio = mmio;
	hpet_freq = FS_PER_SEC / period;
	return true;
}
