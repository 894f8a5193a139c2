/* Host stand-in: unit tests run as CPU 0. */
#ifndef ASM_CURRENT_H
#define ASM_CURRENT_H
#define smp_processor_id() 0u
#endif
