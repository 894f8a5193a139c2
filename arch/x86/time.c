/* STUB (being replaced): time keeping. */
#include <xen/lib.h>
#include <xen/time.h>
#include <asm/processor.h>

s_time_t NOW(void) { return rdtsc(); }
void time_init(void) {}
void time_init_ap(void) {}
const char *time_source_name(void) { return "none"; }
u64 cpu_khz_tsc(void) { return 0; }
void udelay(unsigned long us) {}
void mdelay(unsigned long ms) {}
void reprogram_timer(s_time_t deadline) {}
