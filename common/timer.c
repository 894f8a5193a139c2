/* STUB (being replaced): timer queues. */
#include <xen/lib.h>
#include <xen/time.h>

void timer_subsys_init(void) {}
void init_timer(struct timer *t, void (*fn)(void *), void *data, unsigned int cpu) {}
void set_timer(struct timer *t, s_time_t expires) {}
void stop_timer(struct timer *t) {}
void kill_timer(struct timer *t) {}
bool timer_is_active(const struct timer *t) { return false; }
void timer_interrupt_action(void) {}
