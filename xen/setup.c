/*
 * The boot sequence, as a table of contents.
 *
 * Interface: head.S calls __start_xen() once on the BSP, on CPU 0's
 * stack, with the loader's magic and information address.  Each step
 * below is one named function; the order is the dependency order.
 */
#include <xen/lib.h>
#include <xen/cmdline.h>
#include <xen/console.h>
#include <xen/mm.h>
#include <xen/percpu.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/time.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/bootinfo.h>
#include <asm/desc.h>
#include <asm/i8259.h>
#include <asm/io_apic.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/serial.h>
#include <asm/system.h>
#include <asm/setup.h>
#include <asm/m2p.h>
#include <asm/pv.h>
#include <xen/sched.h>

#define MIN_RAM_MB 64

static struct boot_info boot_info;
const struct memmap *host_memmap = &boot_info.mem;
extern char cpu0_stack[], __image_start[], __image_end[];

static void print_banner(const struct boot_info *bi)
{
	printk("Xen-compatible PV hypervisor, x86-64\n");
	printk("Loader: Multiboot %u%s%s\n", bi->mb_version,
	       bi->loader[0] ? ", " : "", bi->loader);
	printk("Command line: %s\n", bi->cmdline);
}

/* Reserve what must survive: the image, the loader data, the modules. */
static void reserve_boot_ranges(const struct boot_info *bi)
{
	boot_alloc_reserve(virt_to_maddr(__image_start),
			   ROUNDUP(virt_to_maddr(__image_end), PAGE_SIZE));
	boot_alloc_reserve(ROUNDDOWN(bi->info_start, PAGE_SIZE),
			   ROUNDUP(bi->info_end, PAGE_SIZE));
	for (unsigned int i = 0; i < bi->nr_modules; i++)
		boot_alloc_reserve(ROUNDDOWN(bi->mod[i].start, PAGE_SIZE),
				   ROUNDUP(bi->mod[i].start + bi->mod[i].size,
					   PAGE_SIZE));
}

static void memory_init(struct boot_info *bi)
{
	struct page_info *ft;
	unsigned long nr_frames;
	u64 ram_mb;

	memmap_sanitize(&bi->mem);
	printk("Memory map:\n");
	memmap_print(&bi->mem);
	ram_mb = memmap_ram_bytes(&bi->mem) >> 20;
	if (ram_mb < MIN_RAM_MB)
		panic("Not enough memory: %llu MiB of RAM found, at least %u MiB needed\n",
		      (unsigned long long)ram_mb, MIN_RAM_MB);
	boot_alloc_init(&bi->mem);
	reserve_boot_ranges(bi);
	paging_init(&bi->mem, &ft, &nr_frames);
	page_alloc_init(ft, nr_frames);
	arch_early_reserve();               /* low pages for AP start-up */
	boot_alloc_handover();
	paging_heap_ready();
	m2p_init(nr_frames);
	printk("RAM: %llu MiB, heap: %lu free pages\n",
	       (unsigned long long)ram_mb, heap_free_pages());
}

static void print_platform_summary(void)
{
	u64 khz = cpu_khz_tsc();

	printk("CPUs: %u online\n", num_online_cpus());
	printk("Time source: %s\n", time_source_name());
	printk("TSC: %llu.%03llu MHz\n", (unsigned long long)(khz / 1000),
	       (unsigned long long)(khz % 1000));
}

/* Boot-time self tests requested with selftest=... */
static void run_selftests(void)
{
	if (!strcmp(opt_selftest, "timer"))
		timer_selftest();
	if (!strcmp(opt_selftest, "smp"))
		smp_selftest();
	if (!strcmp(opt_selftest, "fault")) {
		printk("Self test: taking a page fault in the hypervisor\n");
		*(volatile unsigned long *)0xffff810000dead00UL = 1;
	}
}

static void print_modules(const struct boot_info *bi)
{
	for (unsigned int i = 0; i < bi->nr_modules; i++)
		printk("Module %u: %#llx+%#llx '%s'\n", i,
		       (unsigned long long)bi->mod[i].start,
		       (unsigned long long)bi->mod[i].size, bi->mod[i].cmdline);
}

void __start_xen(u32 magic, u32 info);
__noreturn
void __start_xen(u32 magic, u32 info)
{
	struct boot_info *bi = &boot_info;

	idt_init();
	cpu_load_descriptors(0, cpu0_stack);
	multiboot_parse(magic, info, bi);
	cmdline_parse_boot(bi->cmdline);
	serial_init();
	vga_init();
	print_banner(bi);
	memory_init(bi);
	acpi_boot_init(bi->rsdp);
	io_apic_init();
	i8259_disable();
	apic_init_bsp();
	time_init();
	timer_subsys_init();
	scheduler_init();
	cpu_init_local(0);
	local_irq_enable();
	smp_boot_cpus(opt_maxcpus);
	print_platform_summary();
	run_selftests();
	print_modules(bi);
	if (!bi->nr_modules) {
		printk("No dom0 kernel module: powering off\n");
		if (opt_noreboot) {
			printk("noreboot: halting\n");
			machine_halt();
		}
		machine_power_off();
	}
	create_boot_domains(bi);
	console_input_start();
	reset_stack_and_jump(idle_loop);     /* this CPU now schedules */
}
