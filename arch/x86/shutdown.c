/* STUB (being replaced): power off, reboot, halt. */
#include <xen/lib.h>
#include <xen/shutdown.h>
#include <asm/io.h>
#include <asm/system.h>

void machine_halt(void)
{
	local_irq_disable();
	for (;;)
		halt();
}

void machine_power_off(void)
{
	printk("Powering off\n");
	outw(0x2000, 0x604);
	machine_halt();
}

void machine_restart(void)
{
	outb(0xfe, 0x64);
	machine_halt();
}
