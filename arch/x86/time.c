/*
 * System time from the TSC, and each CPU's one-shot timer interrupt.
 *
 * Interface: time_init() once on the BSP after apic_init_bsp() and with
 * interrupts off; time_init_ap() on each AP after apic_init_ap().  Then
 * NOW(), cpu_khz_tsc() and udelay()/mdelay() from any CPU, and
 * reprogram_timer() for the calling CPU with interrupts off (common/timer.c
 * calls it under its queue lock).
 *
 * Invariants: the TSC is assumed invariant (constant rate in every
 * P-/C-state) and synchronised across CPUs, as on QEMU and on any CPU
 * advertising CPUID.80000007:EDX[8] whose firmware left the TSC alone; it
 * is not checked, only reported.  NOW() is therefore one function of the
 * TSC on every CPU, fixed when time_init() returns:
 *     ns = ((tsc - tsc_at_init) * ns_per_tsc) >> 32
 * with a 128-bit product, so it neither divides nor overflows for
 * centuries.  The TSC rate is calibrated against the first reference that
 * works: HPET main counter, ACPI PM timer, PIT channel 2.  This file owns
 * the LAPIC timer LVT and IA32_TSC_DEADLINE on every CPU: TSC-deadline mode
 * when CPUID.1:ECX[24] says so, else one-shot at divide-by-1 with its
 * input clock calibrated in the same windows as the TSC.
 */
#include <xen/lib.h>
#include <xen/time.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/hpet.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <asm/pit.h>
#include <asm/pmtimer.h>
#include <asm/processor.h>
#include <asm/system.h>
#include <asm/tsc.h>

#define NSEC_PER_SEC	       1000000000ULL
#define CALIB_WINDOWS	       3  /* take the median of this many */
#define CALIB_MS	       10 /* length of one window */
#define CALIB_WARMUP_MS	       1  /* discarded first window, see below */
/*
 * Give up on a reference that has not advanced after this many TSC ticks
 * per window millisecond: 4 windows' worth at a 5 GHz TSC, more if slower.
 */
#define CALIB_TSC_BOUND_PER_MS 20000000ULL
/*
 * Longest single arming; a later deadline just takes a spurious early
 * interrupt, after which common/timer.c re-arms.
 */
#define MAX_ARM_NS	       SECONDS(3600)
/* Before calibration udelay() assumes this TSC rate: too long is safe. */
#define UNCALIBRATED_TSC_KHZ   10000000ULL

/* A clock the TSC is measured against. */
struct ref_clock {
	const char *name;  /* "HPET", "PM timer", "PIT" */
	u64 hz;		   /* tick rate */
	u32 mask;	   /* counter width (free-running counters) */
	u32 (*read)(void); /* NULL: the PIT's one-shot channel 2 */
};

/* How far each clock moved during one calibration window. */
struct calib_window {
	u64 tsc;   /* TSC ticks */
	u64 ref;   /* reference ticks */
	u64 lapic; /* LAPIC timer ticks at divide-by-1 */
};

/* Written once by time_init() on the BSP, read-only afterwards. */
static u64 tsc_at_init; /* TSC value that NOW() calls 0 */
static u64 tsc_hz, tsc_khz;
static u64 ns_per_tsc;	 /* 32.32 ns per TSC tick */
static u64 tsc_per_ns;	 /* 32.32 TSC ticks per ns */
static u64 lapic_hz;	 /* LAPIC timer input at divide-by-1 */
static u64 lapic_per_ns; /* 32.32 LAPIC ticks per ns */
static bool use_tsc_deadline;
static const char *source_name = "none";
static u16 pmtmr_port;

/* (x * mul) >> 32 without losing the high bits of the product. */
static inline u64 scale_down(u64 x, u64 mul)
{
	return (u64)(((unsigned __int128)x * mul) >> 32);
}

/* Like scale_down() but rounded up, so a converted deadline is not early. */
static inline u64 scale_up(u64 x, u64 mul)
{
	return (u64)(((unsigned __int128)x * mul + UINT32_MAX) >> 32);
}

/* (hz << 32) / 10^9 in 64-bit arithmetic, for any hz. */
static u64 hz_to_per_ns(u64 hz)
{
	return ((hz / NSEC_PER_SEC) << 32) +
	       ((hz % NSEC_PER_SEC) << 32) / NSEC_PER_SEC;
}

s_time_t NOW(void)
{
	return scale_down(rdtsc_ordered() - tsc_at_init, ns_per_tsc);
}

const char *time_source_name(void)
{
	return source_name;
}

u64 cpu_khz_tsc(void)
{
	return tsc_khz;
}

static void tsc_spin(u64 ticks)
{
	u64 start = rdtsc_ordered();

	while (rdtsc_ordered() - start < ticks)
		cpu_relax();
}

void udelay(unsigned long us)
{
	u64 khz = tsc_khz ? tsc_khz : UNCALIBRATED_TSC_KHZ;

	tsc_spin(us * khz / 1000);
}

void mdelay(unsigned long ms)
{
	u64 khz = tsc_khz ? tsc_khz : UNCALIBRATED_TSC_KHZ;

	tsc_spin(ms * khz);
}

static u32 pmtmr_read(void)
{
	return inl(pmtmr_port);
}

static u32 lapic_count(void)
{
	return use_tsc_deadline ? 0 : apic_read(APIC_TMCCT);
}

/* Start the (masked) LAPIC timer counting down from the top. */
static void lapic_count_start(void)
{
	if (!use_tsc_deadline)
		apic_write(APIC_TMICT, LAPIC_COUNT_MAX);
}

/*
 * One window against a free-running counter.  Both ends read the
 * reference first and the TSC second, so the read costs cancel out.
 */
static bool counter_window(const struct ref_clock *rc, unsigned int ms,
			   struct calib_window *w)
{
	u64 target = rc->hz * ms / 1000;
	u64 bound = ms * CALIB_TSC_BOUND_PER_MS;
	u64 t0, t1;
	u32 r0, r1, l0;

	lapic_count_start();
	r0 = rc->read();
	t0 = rdtsc_ordered();
	l0 = lapic_count();
	do {
		r1 = rc->read();
		t1 = rdtsc_ordered();
		if (t1 - t0 > bound)
			return false;
	} while (((r1 - r0) & rc->mask) < target);
	w->lapic = l0 - lapic_count();
	w->tsc = t1 - t0;
	w->ref = (r1 - r0) & rc->mask;
	return true;
}

/*
 * One window on PIT channel 2 in mode 0: OUT2 rises when the count runs
 * out.  The speaker stays disconnected; the gate is restored afterwards.
 */
static bool pit_window(const struct ref_clock *rc, unsigned int ms,
		       struct calib_window *w)
{
	u32 count = PIT_HZ * ms / 1000;
	u64 bound = ms * CALIB_TSC_BOUND_PER_MS;
	u8 sc = inb(NMI_SC_PORT);
	u64 t0, t1;
	u32 l0;
	bool ok = true;

	outb((sc & ~NMI_SC_SPEAKER) | NMI_SC_GATE2, NMI_SC_PORT);
	outb(PIT_SEL_CH2 | PIT_RW_LOHI | PIT_MODE_0 | PIT_BINARY, PIT_MODE);
	outb((u8)count, PIT_CH2);
	lapic_count_start();
	outb((u8)(count >> 8), PIT_CH2); /* counting starts here */
	t0 = rdtsc_ordered();
	l0 = lapic_count();
	do {
		t1 = rdtsc_ordered();
		if (t1 - t0 > bound) {
			ok = false;
			break;
		}
	} while (!(inb(NMI_SC_PORT) & NMI_SC_OUT2));
	w->lapic = l0 - lapic_count();
	w->tsc = t1 - t0;
	w->ref = count;
	outb(sc & ~NMI_SC_SPEAKER, NMI_SC_PORT);
	return ok;
}

static bool calib_window(const struct ref_clock *rc, unsigned int ms,
			 struct calib_window *w)
{
	return rc->read ? counter_window(rc, ms, w) : pit_window(rc, ms, w);
}

/*
 * Median of CALIB_WINDOWS windows: TCG and SMIs make single windows
 * noisy in both directions.  A short first window is thrown away: the
 * first pass translates (TCG) or caches the loop between the reference
 * read and the TSC read, which skewed that window by ~0.1% on QEMU.  Sets
 * tsc_hz and lapic_hz; returns the spread (max - min) of the TSC estimates in
 * ppm, or -1 if rc does not work.
 */
static long calibrate_against(const struct ref_clock *rc)
{
	struct {
		u64 tsc, lapic;
	} est[CALIB_WINDOWS], e;
	struct calib_window w;
	unsigned int i, j;

	if (!calib_window(rc, CALIB_WARMUP_MS, &w))
		return -1;
	for (i = 0; i < CALIB_WINDOWS; i++) {
		if (!calib_window(rc, CALIB_MS, &w) || !w.ref || !w.tsc)
			return -1;
		e.tsc = w.tsc * rc->hz / w.ref;
		e.lapic = w.lapic * rc->hz / w.ref;
		for (j = i; j > 0 && est[j - 1].tsc > e.tsc; j--)
			est[j] = est[j - 1];
		est[j] = e;
	}
	tsc_hz = est[CALIB_WINDOWS / 2].tsc;
	lapic_hz = est[CALIB_WINDOWS / 2].lapic;
	return (long)((est[CALIB_WINDOWS - 1].tsc - est[0].tsc) * 1000000 /
		      tsc_hz);
}

/*
 * Try HPET, PM timer, PIT in that order.  The PIT is the last resort:
 * every PC-compatible has one, but it is slow to read under emulation.
 */
static long calibrate_tsc(void)
{
	struct ref_clock rc;
	long spread;

	if (hpet_init()) {
		rc = (struct ref_clock){"HPET", hpet_hz(), UINT32_MAX,
					hpet_read32};
		if ((spread = calibrate_against(&rc)) >= 0)
			goto found;
		printk(XENLOG_WARNING "Warning: HPET counter does not advance\n");
	}
	if (acpi_platform.pm_tmr_port) {
		pmtmr_port = acpi_platform.pm_tmr_port;
		rc = (struct ref_clock){"PM timer", PMTMR_HZ,
					acpi_platform.pm_tmr_32bit
						? PMTMR_MASK_32
						: PMTMR_MASK_24,
					pmtmr_read};
		if ((spread = calibrate_against(&rc)) >= 0)
			goto found;
		printk(XENLOG_WARNING "Warning: ACPI PM timer does not advance\n");
	}
	rc = (struct ref_clock){"PIT", PIT_HZ, 0, NULL};
	if ((spread = calibrate_against(&rc)) < 0)
		panic("No working HPET, PM timer or PIT to calibrate the TSC against\n");
found:
	source_name = rc.name;
	return spread;
}

static bool cpu_has_tsc_deadline(void)
{
	struct cpuid_leaf r;

	cpuid(CPUID_LEAF_FEATURES, &r);
	return r.c & CPUID1_ECX_TSC_DEADLINE;
}

static bool cpu_has_invariant_tsc(void)
{
	struct cpuid_leaf r;

	cpuid(CPUID_LEAF_EXT_MAX, &r);
	if (r.a < CPUID_LEAF_APM)
		return false;
	cpuid(CPUID_LEAF_APM, &r);
	return r.d & CPUID_APM_EDX_INVARIANT;
}

/* Put this CPU's LAPIC timer in its run-time mode, disarmed. */
static void lapic_timer_setup(void)
{
	if (use_tsc_deadline) {
		apic_write(APIC_LVTT,
			   APIC_TIMER_TSC_DEADLINE | LOCAL_TIMER_VECTOR);
		/*
		 * SDM vol. 3A, TSC-deadline mode: the xAPIC MMIO write must
		 * be ordered before any WRMSR to IA32_TSC_DEADLINE.
		 */
		mb();
		wrmsr(MSR_IA32_TSC_DEADLINE, 0);
	} else {
		apic_write(APIC_TDCR, APIC_TDR_DIV_1);
		apic_write(APIC_TMICT, 0);
		apic_write(APIC_LVTT, APIC_TIMER_ONESHOT | LOCAL_TIMER_VECTOR);
	}
}

static void local_timer_interrupt(struct cpu_regs *regs)
{
	apic_eoi();
	timer_interrupt_action();
}

static void print_time_summary(long spread)
{
	printk("TSC: %llu.%03llu MHz calibrated against %s (median of %u x %u ms, spread %ld ppm)%s\n",
	       (unsigned long long)(tsc_khz / 1000),
	       (unsigned long long)(tsc_khz % 1000), source_name, CALIB_WINDOWS,
	       CALIB_MS, spread,
	       cpu_has_invariant_tsc() ? "" : ", invariance assumed");
	if (use_tsc_deadline)
		printk("LAPIC timer: TSC-deadline\n");
	else
		printk("LAPIC timer: one-shot, %llu.%03llu MHz at divide-by-1\n",
		       (unsigned long long)(lapic_hz / 1000000),
		       (unsigned long long)(lapic_hz / 1000 % 1000));
}

void time_init(void)
{
	long spread;

	use_tsc_deadline = cpu_has_tsc_deadline();
	if (!use_tsc_deadline) {
		/* Masked, so running out during calibration raises nothing. */
		apic_write(APIC_TDCR, APIC_TDR_DIV_1);
		apic_write(APIC_LVTT, APIC_LVT_MASKED | APIC_TIMER_ONESHOT |
					      LOCAL_TIMER_VECTOR);
	}
	spread = calibrate_tsc();
	if (!use_tsc_deadline && !lapic_hz)
		panic("LAPIC timer does not count\n");

	tsc_khz = tsc_hz / 1000;
	ns_per_tsc = (NSEC_PER_SEC << 32) / tsc_hz;
	tsc_per_ns = hz_to_per_ns(tsc_hz);
	lapic_per_ns = hz_to_per_ns(lapic_hz);
	tsc_at_init = rdtsc_ordered();

	set_intr_handler(LOCAL_TIMER_VECTOR, local_timer_interrupt);
	lapic_timer_setup();
	print_time_summary(spread);
}

void time_init_ap(void)
{
	lapic_timer_setup();
}

static void timer_disarm(void)
{
	if (use_tsc_deadline)
		wrmsr(MSR_IA32_TSC_DEADLINE, 0);
	else
		apic_write(APIC_TMICT, 0);
}

/*
 * The distance to the deadline is converted, not the deadline itself, so
 * rounding errors stay proportional to it.  "+ 1" keeps a past deadline
 * armed (count 0 or TSC 0 would disarm) and makes it fire at once.
 */
void reprogram_timer(s_time_t deadline)
{
	u64 tsc = rdtsc_ordered();
	s_time_t now = scale_down(tsc - tsc_at_init, ns_per_tsc);
	u64 delta, count;

	if (!deadline || deadline == STIME_MAX) {
		timer_disarm();
		return;
	}
	delta = deadline > now ? deadline - now : 0;
	if (delta > MAX_ARM_NS)
		delta = MAX_ARM_NS;
	if (use_tsc_deadline) {
		wrmsr(MSR_IA32_TSC_DEADLINE,
		      tsc + scale_up(delta, tsc_per_ns) + 1);
		return;
	}
	count = scale_up(delta, lapic_per_ns) + 1;
	apic_write(APIC_TMICT,
		   count > LAPIC_COUNT_MAX ? LAPIC_COUNT_MAX : (u32)count);
}
