/* Legacy 8259A programmable interrupt controllers. */
#ifndef ASM_I8259_H
#define ASM_I8259_H

#define PIC_MASTER_CMD  0x20
#define PIC_MASTER_DATA 0x21
#define PIC_SLAVE_CMD   0xa0
#define PIC_SLAVE_DATA  0xa1
#define PIC_ICW1_INIT   0x11   /* edge, cascade, ICW4 follows */
#define PIC_ICW4_8086   0x01
#define PIC_VECTOR_BASE 0x20   /* master 0x20-0x27, slave 0x28-0x2f */

/* Remap both PICs away from exception vectors and mask every line. */
void i8259_disable(void);

#endif
