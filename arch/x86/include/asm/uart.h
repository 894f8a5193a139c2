/* 16550 UART registers (offsets from the I/O base). */
#ifndef ASM_UART_H
#define ASM_UART_H

#define UART_THR 0   /* transmit holding (write) */
#define UART_RBR 0   /* receive buffer (read) */
#define UART_DLL 0   /* divisor latch low (DLAB=1) */
#define UART_IER 1   /* interrupt enable */
#define UART_DLM 1   /* divisor latch high (DLAB=1) */
#define UART_FCR 2   /* FIFO control (write) */
#define  UART_FCR_ENABLE 0x01
#define  UART_FCR_CLEAR  0x06  /* clear RX and TX FIFOs */
#define UART_LCR 3   /* line control */
#define  UART_LCR_DLAB   0x80  /* divisor latch access */
#define UART_MCR 4   /* modem control */
#define  UART_MCR_DTR    0x01
#define  UART_MCR_RTS    0x02
#define  UART_MCR_OUT2   0x08
#define UART_LSR 5   /* line status */
#define  UART_LSR_DR     0x01  /* data ready */
#define  UART_LSR_THRE   0x20  /* transmit holding register empty */
#define UART_CLOCK_HZ 1843200
#define UART_DEFAULT_BASE 0x3f8

#endif
