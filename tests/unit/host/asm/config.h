/* Host stand-in for the layout header (unit tests only). */
#ifndef ASM_CONFIG_H
#define ASM_CONFIG_H
#define NR_CPUS 64
#define STACK_SIZE 32768
#endif
