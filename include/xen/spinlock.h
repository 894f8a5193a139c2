/*
 * Ticket spinlocks.  Written with compiler atomics only, so common/ code
 * using them builds unchanged on the host for unit tests.
 * spin_lock_irqsave() must be used for any lock also taken from an
 * interrupt handler.
 */
#ifndef XEN_SPINLOCK_H
#define XEN_SPINLOCK_H

#include <xen/types.h>
#include <asm/system.h>   /* arch_local_irq_save/restore, cpu_relax */

typedef struct {
	u16 head;   /* ticket now being served */
	u16 tail;   /* next ticket to hand out */
} spinlock_t;

#define SPIN_LOCK_UNLOCKED { 0, 0 }
#define DEFINE_SPINLOCK(l) spinlock_t l = SPIN_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *l) { l->head = l->tail = 0; }

static inline void spin_lock(spinlock_t *l)
{
	u16 me = __atomic_fetch_add(&l->tail, 1, __ATOMIC_RELAXED);
	while (__atomic_load_n(&l->head, __ATOMIC_ACQUIRE) != me)
		cpu_relax();
}

static inline bool spin_trylock(spinlock_t *l)
{
	u16 h = __atomic_load_n(&l->head, __ATOMIC_RELAXED);
	u16 t = h;
	return __atomic_compare_exchange_n(&l->tail, &t, (u16)(h + 1), false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->head, (u16)(l->head + 1), __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
	return __atomic_load_n(&l->head, __ATOMIC_RELAXED) !=
	       __atomic_load_n(&l->tail, __ATOMIC_RELAXED);
}

#define spin_lock_irqsave(l, f) \
	do { (f) = arch_local_irq_save(); spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, f) \
	do { spin_unlock(l); arch_local_irq_restore(f); } while (0)

#endif
