/*
 * PV time: the per-vCPU pvclock (vcpu_info.time), the wallclock in
 * shared_info, and the guest's runstate area.
 *
 * Interface: pv_time_update(v) when v is scheduled in (context_switch)
 * and whenever its vcpu_info moves; pv_time_init_domain(d) once its
 * shared_info exists, pv_time_detach_shared_info(d) at its teardown;
 * pv_time_set_wallclock() from dom0's settime;
 * runstate_update(v) by the scheduler around every switch of v, with v
 * current.
 * Invariants: pvclock parameters describe NOW() as a function of the
 * raw TSC: system_time + (((tsc - tsc_timestamp) << shift) * mul >> 32)
 * never runs behind NOW() (the multiplier is rounded up and the TSC is
 * sampled before NOW()), so a guest never sees a timer fire "early".
 * Only v's own CPU writes v's time info (v is current or not running),
 * odd version while it does.  The boot wallclock is read once, on the
 * BSP, before any domain runs; pv_time_set_wallclock() (dom0's
 * XENPF_settime*) replaces it and rewrites every domain's copy.
 */
#include <xen/lib.h>
#include <xen/event.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <asm/flushtlb.h>
#include <asm/guest_access.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/rtc.h>
#include <asm/system.h>
#include <public/xen.h>
#include <public/vcpu.h>

#define NSEC_PER_SEC   1000000000ULL
#define NSEC_PER_MSEC  1000000ULL
#define RTC_UIP_SPINS  1000000 /* about 1 s at worst; then use as is */
#define RTC_READ_TRIES 5       /* until two reads agree */

static u32 pvclock_mul;
static s8 pvclock_shift;

/*
 * ns per TSC tick as mul * 2^shift / 2^32 with mul in [2^31, 2^32),
 * rounded up.  From cpu_khz_tsc(): exact to 1 kHz, refreshed often.
 */
static void pvclock_scale_init(void)
{
	u64 khz = cpu_khz_tsc() ? cpu_khz_tsc() : 1000000; /* else: 1 GHz */
	u64 q = (NSEC_PER_MSEC << 32) / khz, r = (NSEC_PER_MSEC << 32) % khz;
	int shift = 0;

	/* Slow TSC: pre-shift left, remembering any bit shifted out. */
	while (q >= (1ULL << 32)) {
		r |= q & 1;
		q >>= 1;
		shift++;
	}
	/* Fast TSC: long division for more bits, pre-shift right. */
	while (q < (1ULL << 31) && shift > -32) {
		r <<= 1;
		q = (q << 1) | (r >= khz);
		r -= r >= khz ? khz : 0;
		shift--;
	}
	if (r && ++q == (1ULL << 32)) {
		q >>= 1;
		shift++;
	}
	pvclock_mul = (u32)q;
	pvclock_shift = (s8)shift;
}

void pv_time_update(struct vcpu *v)
{
	struct vcpu_time_info *t;
	unsigned long flags;
	u64 tsc;

	if (!v->vcpu_info)
		return;
	if (!pvclock_mul)
		pvclock_scale_init();
	t = &v->vcpu_info->time;
	flags = arch_local_irq_save();
	tsc = rdtsc_ordered();
	t->version |= 1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	t->tsc_timestamp = tsc;
	t->system_time = NOW();
	t->tsc_to_system_mul = pvclock_mul;
	t->tsc_shift = pvclock_shift;
	t->flags = 0; /* not TSC_STABLE: Linux keeps its monotonic guard */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	t->version++;
	arch_local_irq_restore(flags);
}

/* ---- wallclock from the CMOS RTC ---- */

static u8 rtc_read(u8 reg)
{
	outb(reg, RTC_PORT_INDEX);
	return inb(RTC_PORT_DATA);
}

static unsigned int bcd(u8 v, bool binary)
{
	return binary ? v : (v >> 4) * 10 + (v & 0xf);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static u64 days_since_epoch(unsigned int y, unsigned int m, unsigned int d)
{
	static const u16 before[12] = {0,   31,	 59,  90,  120, 151,
				       181, 212, 243, 273, 304, 334};
	u64 days = (u64)(y - 1970) * 365 + d - 1 + before[(m - 1) % 12];
	unsigned int leap_y = m > 2 ? y : y - 1; /* this Feb counts? */

	days += (leap_y / 4 - 1969 / 4) - (leap_y / 100 - 1969 / 100) +
		(leap_y / 400 - 1969 / 400);
	return days;
}

struct rtc_time {
	u8 sec, min, hour, mday, mon, year, b;
};

static void rtc_sample(struct rtc_time *t)
{
	for (unsigned int i = 0; i < RTC_UIP_SPINS; i++)
		if (!(rtc_read(RTC_REG_A) & RTC_A_UIP))
			break;
	t->sec = rtc_read(RTC_SECONDS);
	t->min = rtc_read(RTC_MINUTES);
	t->hour = rtc_read(RTC_HOURS);
	t->mday = rtc_read(RTC_DAY_OF_MONTH);
	t->mon = rtc_read(RTC_MONTH);
	t->year = rtc_read(RTC_YEAR);
	t->b = rtc_read(RTC_REG_B);
}

/* Seconds since the epoch now, by the RTC (assumed UTC, years 1970-2069). */
static u64 rtc_seconds(void)
{
	struct rtc_time a, b;
	bool bin, pm;
	unsigned int hour, year, mon, mday;

	rtc_sample(&a);
	for (unsigned int i = 0; i < RTC_READ_TRIES; i++, a = b) {
		rtc_sample(&b);
		if (!memcmp(&a, &b, sizeof(a)))
			break;
	}
	bin = a.b & RTC_B_BINARY;
	pm = !(a.b & RTC_B_24H) && (a.hour & RTC_HOURS_PM);
	hour = bcd(a.hour & ~RTC_HOURS_PM, bin) % 24;
	if (!(a.b & RTC_B_24H))
		hour = (hour % 12) + (pm ? 12 : 0);
	year = bcd(a.year, bin) % 100;
	year += year < 70 ? 2000 : 1900;
	mon = bcd(a.mon, bin);
	mday = bcd(a.mday, bin);
	if (mon < 1 || mon > 12 || mday < 1 || mday > 31)
		return 0; /* garbage: start at the epoch */
	return days_since_epoch(year, mon, mday) * 86400 + hour * 3600 +
	       bcd(a.min, bin) % 60 * 60 + bcd(a.sec, bin) % 60;
}

/*
 * The wallclock base: wall time at system time 0, from the RTC at boot
 * and from dom0's XENPF_settime* later.  wc_lock guards it and orders
 * every write of it into a shared_info, so no domain keeps a stale one.
 */
static u64 wallclock_base_ns;
static bool wallclock_read;
static DEFINE_SPINLOCK(wc_lock);

/* Precondition: wc_lock held. */
static void wallclock_publish(struct domain *d, void *unused)
{
	struct shared_info *sh = d->shared_info;
	/* XEN_DOMCTL_settimeoffset moves d's wallclock (as Xen, seconds). */
	u64 ns = wallclock_base_ns + (u64)d->time_offset_seconds * NSEC_PER_SEC;

	if (!sh)
		return;
	sh->wc_version |= 1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	sh->wc_sec = (u32)(ns / NSEC_PER_SEC);
	sh->wc_sec_hi = (u32)((ns / NSEC_PER_SEC) >> 32);
	sh->wc_nsec = (u32)(ns % NSEC_PER_SEC);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	sh->wc_version++;
}

void pv_time_init_domain(struct domain *d)
{
	spin_lock(&wc_lock);
	if (!wallclock_read) {
		u64 secs = rtc_seconds();
		s_time_t now = NOW();

		wallclock_base_ns =
			secs * NSEC_PER_SEC - MIN(now, secs * NSEC_PER_SEC);
		wallclock_read = true;
		printk("Wallclock: %llu s since the epoch (CMOS RTC)\n",
		       (unsigned long long)secs);
	}
	wallclock_publish(d, NULL);
	spin_unlock(&wc_lock);
}

struct shared_info *pv_time_detach_shared_info(struct domain *d)
{
	struct shared_info *sh;

	spin_lock(&wc_lock);
	sh = d->shared_info;
	d->shared_info = NULL;
	spin_unlock(&wc_lock);
	return sh;
}

void pv_time_set_wallclock(u64 secs, u32 nsecs, u64 system_time)
{
	u64 wall = secs * NSEC_PER_SEC + nsecs;

	spin_lock(&wc_lock);
	/* A time before the epoch at system time 0 is nonsense: clamp. */
	wallclock_base_ns = wall - MIN(wall, system_time);
	wallclock_read = true;
	domain_for_each(wallclock_publish, NULL);
	spin_unlock(&wc_lock);
}

/* ---- runstate area ---- */

/* Copy to a guest kernel VA even while v runs its user page tables. */
static bool copy_to_guest_kernel(struct vcpu *v, unsigned long va,
				 const void *src, unsigned long len)
{
	bool user = !v->arch.kernel_mode && v->arch.guest_table;
	bool ok;

	if (user)
		tlb_load_cr3(v->arch.guest_table << PAGE_SHIFT);
	ok = !copy_to_guest(va, src, len);
	if (user)
		pv_update_cr3(v);
	return ok;
}

void runstate_update(struct vcpu *v)
{
	unsigned long va = v->runstate_guest;
	bool flag = v->domain->arch.vm_assist &
		    (1UL << VMASST_TYPE_runstate_update_flag);
	struct vcpu_runstate_info r = {
		.state = v->runstate,
		.state_entry_time = v->runstate_entry,
	};
	u64 entry;

	if (!va || v != current)
		return;
	for (unsigned int i = 0; i < 4; i++)
		r.time[i] = v->runstate_time[i];
	if (flag) {
		entry = r.state_entry_time | XEN_RUNSTATE_UPDATE;
		if (!copy_to_guest_kernel(
			    v,
			    va + offsetof(struct vcpu_runstate_info,
					  state_entry_time),
			    &entry, sizeof(entry)))
			return;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		r.state_entry_time |= XEN_RUNSTATE_UPDATE;
	}
	if (!copy_to_guest_kernel(v, va, &r, sizeof(r)) || !flag)
		return;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	entry = r.state_entry_time & ~XEN_RUNSTATE_UPDATE;
	copy_to_guest_kernel(
		v, va + offsetof(struct vcpu_runstate_info, state_entry_time),
		&entry, sizeof(entry));
}
