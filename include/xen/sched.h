/*
 * Domains, virtual CPUs and the scheduler interface.
 *
 * Lifetime: domain_create() -> vcpu_create() for each vCPU -> the builder
 * fills memory -> domain_unpause() makes it runnable.  A shutdown or crash
 * marks the domain dying; its vCPUs are descheduled and the last CPU to
 * leave it tears it down (domain_destroy), returning all its memory.
 */
#ifndef XEN_SCHED_H
#define XEN_SCHED_H

#include <xen/types.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <xen/mm.h>
#include <asm/domain.h>
#include <asm/current.h>

#define MAX_VIRT_CPUS_PER_DOM 128
#define DOMID_IDLE_ 0x7fff       /* the idle domain's id (ABI DOMID_IDLE) */

struct page_list_head {
	struct page_info *head, *tail;
	unsigned long count;
};

enum domain_state {
	DOMSTATE_building,   /* created, never run */
	DOMSTATE_running,
	DOMSTATE_shutdown,   /* shut down with a reason, memory still held */
	DOMSTATE_dying,      /* being torn down */
};

struct vcpu {
	unsigned int vcpu_id;
	struct domain *domain;
	struct vcpu_info *vcpu_info;      /* shared_info slot or registered area */
	bool is_up;                       /* VCPUOP_up (or vCPU 0 at build) */
	bool blocked;                     /* SCHEDOP_block/poll: waiting */
	bool paused;                      /* not runnable for a domain reason */
	bool is_running;                  /* on a physical CPU right now */
	unsigned int processor;           /* CPU whose run queue holds it */
	struct vcpu *rq_next;             /* run-queue link (sched lock) */
	bool on_runq;
	s_time_t slice_start;             /* when it last got the CPU */
	s_time_t runstate_entry;          /* start of the current runstate */
	int runstate;                     /* RUNSTATE_* */
	u64 runstate_time[4];             /* ns per runstate */
	struct timer singleshot_timer;    /* VCPUOP_set_singleshot_timer */
	struct timer poll_timer;          /* SCHEDOP_poll timeout */
	unsigned long *poll_ports;        /* ports polled (NULL = not polling) */
	unsigned int poll_nr;
	unsigned int virq_to_port[24];    /* per-vCPU VIRQs */
	unsigned long runstate_guest;     /* guest VA of the runstate area, 0 = none */
	mfn_t vcpu_info_mfn;              /* registered vcpu_info frame, INVALID_MFN = none */
	struct arch_vcpu arch;
};

struct domain {
	u16 domain_id;
	bool is_privileged;               /* dom0 */
	enum domain_state state;
	/*
	 * SHUTDOWN_*: set by the first of SCHEDOP_shutdown_code or the
	 * shutdown itself (as Xen, a preset code wins), under lock.
	 */
	unsigned int shutdown_code;
	bool is_crashed;
	spinlock_t lock;                  /* guards state and page_list */
	struct page_list_head page_list;  /* frames owned by this domain */
	unsigned long tot_pages;
	unsigned long max_pages;
	unsigned int max_vcpus;
	struct vcpu **vcpu;               /* [max_vcpus] */
	struct shared_info *shared_info;  /* hypervisor page shared with guest */
	struct evtchn_domain *evtchn;     /* common/event_channel.c */
	struct domain *next_in_list;
	char name[32];
	struct arch_domain arch;
};

/* The vCPU running on this CPU (the idle vCPU when none). */
#define current (get_cpu_info()->current_vcpu)

extern struct domain *domain_list;
extern struct domain *idle_domain;

struct domain *domain_create(u16 domid, unsigned int max_vcpus, bool privileged);
struct vcpu *vcpu_create(struct domain *d, unsigned int id, unsigned int cpu);
struct domain *domain_by_id(u16 domid);
void domain_unpause(struct domain *d);
/* Guest asked to stop (SCHEDOP_shutdown) or left no way on (crash). */
#define SHUTDOWN_CODE_INVALID (~0u) /* no shutdown code yet */
void domain_shutdown(struct domain *d, unsigned int reason);
/* SCHEDOP_shutdown_code: the reason the coming shutdown will report. */
void domain_set_shutdown_code(struct domain *d, unsigned int reason);
void domain_crash(struct domain *d, const char *why);
unsigned int domain_count(void);
/* fn(d, arg) for every domain in the list, with the list locked (irqs off). */
void domain_for_each(void (*fn)(struct domain *d, void *arg), void *arg);

/* Page ownership (common/domain.c). */
int assign_pages(struct domain *d, struct page_info *pg, unsigned int order);
struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order,
				      unsigned int memflags);
void domain_relinquish_memory(struct domain *d);
void page_list_add_tail(struct page_info *pg, struct page_list_head *l);
void page_list_del(struct page_info *pg, struct page_list_head *l);

/* Scheduler (common/schedule.c). */
void scheduler_init(void);
void scheduler_init_cpu(unsigned int cpu);
void vcpu_wake(struct vcpu *v);
void vcpu_block(void);              /* current blocks until an event */
void vcpu_unblock(struct vcpu *v);  /* event arrived: runnable again */
void vcpu_yield(void);
void vcpu_sleep(struct vcpu *v);    /* deschedule for pause/shutdown */
/*
 * v's domain is shut down: run v once more, not as the guest, so that its
 * CPU switches away from it and tears the domain down as after a shutdown
 * by the domain itself (no-op if v is running or queued already).
 */
void vcpu_reap(struct vcpu *v);
void schedule(void);                /* pick next; may not return to caller */
void raise_softirq(unsigned int nr);
void cpu_raise_softirq(unsigned int cpu, unsigned int nr);
void do_softirq(void);
bool softirq_pending(unsigned int cpu);
#define TIMER_SOFTIRQ    0
#define SCHEDULE_SOFTIRQ 1
#define NR_SOFTIRQS      2

#endif
