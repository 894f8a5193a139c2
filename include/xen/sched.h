/*
 * Domains, virtual CPUs and the scheduler interface.
 *
 * Lifetime: domain_create() -> vcpu_create() for each vCPU -> the builder
 * fills memory -> domain_unpause() makes it runnable.  A shutdown or crash
 * marks the domain dying; its vCPUs are descheduled and the last CPU to
 * leave it tears it down (domain_destroy), returning all its memory.
 * Toolstack domains (XEN_DOMCTL_createdomain, ctl_created) instead stay
 * shut down until XEN_DOMCTL_destroydomain (domain_kill).
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
/* Grant limits of domains the toolstack did not size (Xen 4.17's defaults). */
#define DEFAULT_MAX_GRANT_FRAMES    64
#define DEFAULT_MAX_MAPTRACK_FRAMES 1024
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
	u64 cpu_hard_affinity;            /* XEN_DOMCTL_setvcpuaffinity: stored only */
	u64 cpu_soft_affinity;            /* (the scheduler ignores both) */
	struct arch_vcpu arch;
};

struct domain {
	u16 domain_id;
	/*
	 * References (atomic): 1 from creation until teardown released the
	 * domain's resources, 1 per holder of get_domain()/domain_lookup(),
	 * and 1 per frame of its memory still referenced by another domain
	 * after teardown (dropped when that frame is freed).  At 0 the
	 * structs are freed (domain_free); get_domain() fails from then on.
	 */
	int refcnt;
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
	struct grant_table *grant_table;  /* common/grant_table.c, NULL = none yet */
	unsigned int max_grant_frames;    /* grant table size limit (frames) */
	unsigned int max_maptrack_frames; /* maptrack size limit (frames) */
	struct domain *next_in_list;
	char name[32];
	u8 handle[16];                    /* toolstack's UUID (domctl) */
	unsigned int ctl_pause_count;     /* XEN_DOMCTL_pausedomain depth, d->lock */
	bool ctl_created;                 /* XEN_DOMCTL_createdomain: stays shut down until destroydomain */
	bool killing, kill_released, killed; /* destroydomain progress (domctl lock) */
	u16 sched_weight, sched_cap;      /* credit params: stored, not used by our scheduler */
	s64 time_offset_seconds;          /* XEN_DOMCTL_settimeoffset: added to its wallclock */
	unsigned long heap_before_teardown; /* free heap pages, for the report */
	struct rangeset *iomem_caps;      /* frames it may map (xen/iocap.h), NULL = none */
	struct rangeset *ioport_caps;     /* I/O ports it may use, NULL = none */
	struct rangeset *irq_caps;        /* machine irqs it may be given, NULL = none */
	struct arch_domain arch;
};

/* The vCPU running on this CPU (the idle vCPU when none). */
#define current (get_cpu_info()->current_vcpu)

extern struct domain *domain_list;
extern struct domain *idle_domain;

struct domain *domain_create(u16 domid, unsigned int max_vcpus, bool privileged);
struct vcpu *vcpu_create(struct domain *d, unsigned int id, unsigned int cpu);
/* Unreferenced lookup: only for domains that cannot go away (dom0). */
struct domain *domain_by_id(u16 domid);
/*
 * Referenced lookup: a listed domain that is not dying, with a reference
 * the caller drops with put_domain(); NULL if there is none.
 */
struct domain *domain_lookup(u16 domid);
/* Take a reference to d; false if d is already being freed. */
bool get_domain(struct domain *d);
/* Drop one; the last frees d's structs (its resources are gone by then). */
void put_domain(struct domain *d);
void domain_unpause(struct domain *d);
/* Guest asked to stop (SCHEDOP_shutdown) or left no way on (crash). */
#define SHUTDOWN_CODE_INVALID (~0u) /* no shutdown code yet */
void domain_shutdown(struct domain *d, unsigned int reason);
/* SCHEDOP_shutdown_code: the reason the coming shutdown will report. */
void domain_set_shutdown_code(struct domain *d, unsigned int reason);
void domain_crash(struct domain *d, const char *why);
/*
 * XEN_DOMCTL_destroydomain (caller holds a reference and the domctl
 * lock): stop d, release it, free its memory in chunks.  0 once d is
 * gone, -ERESTART while work remains (call again), -EINVAL for oneself.
 */
int domain_kill(struct domain *d);
/* Send VIRQ_DOM_EXC to dom0 (a domain shut down or died). */
void domain_notify_dom0(void);
/* Free up to budget frames of a dying d (see domain_relinquish_memory); true if more remain. */
bool domain_relinquish_some(struct domain *d, unsigned long budget);
unsigned int domain_count(void);
/* fn(d, arg) for every domain in the list, with the list locked (irqs off). */
void domain_for_each(void (*fn)(struct domain *d, void *arg), void *arg);

/* Page ownership (common/domain.c). */
int assign_pages(struct domain *d, struct page_info *pg, unsigned int order);
struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order,
				      unsigned int memflags);
/*
 * Teardown: drop the allocation reference of every frame of d.  Frames
 * nobody else references are freed now; the others stay on d's list,
 * each holding a reference to d, until their last put_page().
 */
void domain_relinquish_memory(struct domain *d);
/* put_page() dropped the last reference of a relinquished frame of d. */
void domain_free_relinquished_page(struct domain *d, struct page_info *pg);
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
u64 sched_cpu_idle_time(unsigned int cpu); /* ns cpu spent idle */
void raise_softirq(unsigned int nr);
void cpu_raise_softirq(unsigned int cpu, unsigned int nr);
void do_softirq(void);
bool softirq_pending(unsigned int cpu);
#define TIMER_SOFTIRQ    0
#define SCHEDULE_SOFTIRQ 1
#define NR_SOFTIRQS      2

#endif
