/*
 * Boot-time domains from the Multiboot modules.
 *
 * Module list: module 0 is the dom0 kernel (its string is dom0's command
 * line); module 1, unless its string starts with "domU", is dom0's
 * initrd.  Every module whose string starts with "domU" is a further,
 * unprivileged domain: "domU [name=N] [mem=16M] [vcpus=1] [guest args]".
 * Interface: create_boot_domains() once, after the scheduler is up.
 */
#include <xen/lib.h>
#include <xen/cmdline.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <asm/bootinfo.h>
#include <asm/dom_build.h>
#include <asm/page.h>
#include <asm/setup.h>

#define DEFAULT_DOMU_MEM (32UL << 20)
#define MIN_RESERVE      (16UL << 20)
#define MAX_RESERVE      (128UL << 20)

struct domu_opts {
	char name[32];
	u64 mem;
	unsigned int vcpus;
	char cmdline[1024];
};

static bool is_domu_module(const struct boot_module *m)
{
	return !strncmp(m->cmdline, "domU", 4) &&
	       (m->cmdline[4] == ' ' || m->cmdline[4] == '\0');
}

/* Split "domU name=x mem=16M vcpus=2 rest..." into options + cmdline. */
static void parse_domu(const char *s, unsigned int idx, struct domu_opts *o)
{
	char tok[256];

	snprintf(o->name, sizeof(o->name), "domU%u", idx);
	o->mem = DEFAULT_DOMU_MEM;
	o->vcpus = 1;
	o->cmdline[0] = '\0';
	s += 4;
	while (*s) {
		size_t n = 0;
		u64 v;
		while (*s == ' ')
			s++;
		while (*s && *s != ' ' && n + 1 < sizeof(tok))
			tok[n++] = *s++;
		tok[n] = '\0';
		if (!n)
			break;
		if (!strncmp(tok, "name=", 5))
			strlcpy(o->name, tok + 5, sizeof(o->name));
		else if (!strncmp(tok, "mem=", 4) && parse_size(tok + 4, NULL, 20, &v))
			o->mem = v;
		else if (!strncmp(tok, "vcpus=", 6))
			o->vcpus = (unsigned int)simple_strtoull(tok + 6, NULL, 10);
		else {
			if (o->cmdline[0])
				strlcpy(o->cmdline + strlen(o->cmdline), " ",
					sizeof(o->cmdline) - strlen(o->cmdline));
			strlcpy(o->cmdline + strlen(o->cmdline), tok,
				sizeof(o->cmdline) - strlen(o->cmdline));
		}
	}
	if (!o->vcpus || o->vcpus > 32)
		o->vcpus = 1;
}

static unsigned long dom0_pages(u64 domu_bytes)
{
	u64 avail = (u64)heap_free_pages() << PAGE_SHIFT;
	u64 reserve = MIN(MAX(avail / 16, MIN_RESERVE), MAX_RESERVE);
	u64 want;

	if (opt_dom0_mem.amount)
		want = opt_dom0_mem.amount;
	else
		want = avail > reserve + domu_bytes ? avail - reserve - domu_bytes : 0;
	if (opt_dom0_mem.max && want > opt_dom0_mem.max)
		want = opt_dom0_mem.max;
	if (opt_dom0_mem.min && want < opt_dom0_mem.min)
		want = opt_dom0_mem.min;
	return want >> PAGE_SHIFT;
}

static unsigned int dom0_vcpus(void)
{
	/* As Xen: one vCPU per online CPU unless dom0_max_vcpus= says. */
	unsigned int n = opt_dom0_max_vcpus_max ? opt_dom0_max_vcpus_max
					       : num_online_cpus();

	return MAX(MIN(n, num_online_cpus()), MAX(opt_dom0_max_vcpus_min, 1u));
}

/* Give the modules' memory back once their contents are in domains. */
static unsigned long release_modules(const struct boot_info *bi)
{
	unsigned long released = 0;

	for (unsigned int i = 0; i < bi->nr_modules; i++) {
		paddr_t s = ROUNDUP(bi->mod[i].start, PAGE_SIZE);
		paddr_t e = ROUNDDOWN(bi->mod[i].start + bi->mod[i].size, PAGE_SIZE);
		if (e > s) {
			init_heap_pages(maddr_to_mfn(s), (e - s) >> PAGE_SHIFT);
			released += (e - s) >> PAGE_SHIFT;
		}
	}
	return released;
}

static struct domain *build_dom0(const struct boot_info *bi, u64 domu_bytes)
{
	struct dom_build_params p = {
		.domid = 0, .name = "dom0", .privileged = true,
		.kernel = maddr_to_virt(bi->mod[0].start),
		.kernel_len = bi->mod[0].size,
		.cmdline = bi->mod[0].cmdline,
		.nr_pages = dom0_pages(domu_bytes),
		.max_vcpus = dom0_vcpus(),
		.cpu = 0,
	};

	if (bi->nr_modules > 1 && !is_domu_module(&bi->mod[1])) {
		p.initrd = maddr_to_virt(bi->mod[1].start);
		p.initrd_len = bi->mod[1].size;
	}
	return pv_build_domain(&p);
}

unsigned long boot_heap_before_domus;
unsigned int boot_domus_alive;

void create_boot_domains(const struct boot_info *bi)
{
	struct domu_opts o;
	struct domain *doms[MAX_BOOT_MODULES];
	unsigned int nr = 0, next_id = 1;
	u64 domu_bytes = 0;

	for (unsigned int i = 1; i < bi->nr_modules; i++)
		if (is_domu_module(&bi->mod[i])) {
			parse_domu(bi->mod[i].cmdline, next_id++, &o);
			domu_bytes += o.mem;
		}
	doms[nr] = build_dom0(bi, domu_bytes);
	if (!doms[nr])
		panic("Could not build dom0 (see the messages above)\n");
	nr++;
	boot_heap_before_domus = heap_free_pages();
	next_id = 1;
	for (unsigned int i = 1; i < bi->nr_modules; i++) {
		if (!is_domu_module(&bi->mod[i]))
			continue;
		parse_domu(bi->mod[i].cmdline, next_id, &o);
		struct dom_build_params p = {
			.domid = next_id, .name = o.name,
			.kernel = maddr_to_virt(bi->mod[i].start),
			.kernel_len = bi->mod[i].size, .cmdline = o.cmdline,
			.nr_pages = o.mem >> PAGE_SHIFT, .max_vcpus = o.vcpus,
			.cpu = next_id % num_online_cpus(),
		};
		next_id++;
		if ((doms[nr] = pv_build_domain(&p))) {
			nr++;
			boot_domus_alive++;
		}
	}
	/* Module memory joins the heap now: it counts as "before" too. */
	boot_heap_before_domus += release_modules(bi);
	for (unsigned int i = 0; i < nr; i++)
		domain_unpause(doms[i]);
}
