/*
 * The legacy PICs are never used: interrupts come through the IO-APIC.
 * Interface: i8259_disable() once on the BSP before interrupts are
 * enabled.  After it, a spurious PIC interrupt lands on vectors
 * 0x20-0x2f (never an exception vector) and is ignored.
 */
#include <xen/lib.h>
#include <asm/io.h>
#include <asm/i8259.h>

void i8259_disable(void)
{
	outb(PIC_ICW1_INIT, PIC_MASTER_CMD);
	outb(PIC_ICW1_INIT, PIC_SLAVE_CMD);
	outb(PIC_VECTOR_BASE, PIC_MASTER_DATA);       /* ICW2: vector base */
	outb(PIC_VECTOR_BASE + 8, PIC_SLAVE_DATA);
	outb(1 << 2, PIC_MASTER_DATA);                /* ICW3: slave on IR2 */
	outb(2, PIC_SLAVE_DATA);                      /* ICW3: cascade id */
	outb(PIC_ICW4_8086, PIC_MASTER_DATA);
	outb(PIC_ICW4_8086, PIC_SLAVE_DATA);
	outb(0xff, PIC_MASTER_DATA);                  /* mask all lines */
	outb(0xff, PIC_SLAVE_DATA);
}
