/*
 * The hypervisor's command-line options: one table, one place to look.
 *
 * Interface: cmdline_parse_boot() once, early on the BSP, before any
 * option is read.  Unknown options and bad values are reported as
 * warnings and otherwise ignored, as Xen users expect.
 * Invariants: the opt_* variables hold their defaults until then and
 * never change afterwards.
 */
#include <xen/lib.h>
#include <xen/cmdline.h>
#include <xen/errno.h>

struct dom0_mem_opt opt_dom0_mem;
struct com_opt opt_com1 = { 0, 8, 'n', 1, 0, 0 };
bool opt_console_com1 = true, opt_console_vga;
int opt_loglvl = LOGLVL_WARNING, opt_guest_loglvl = LOGLVL_WARNING;
char opt_sched[16] = "credit";
unsigned int opt_maxcpus;
unsigned int opt_dom0_max_vcpus_min, opt_dom0_max_vcpus_max;
bool opt_noreboot;
bool opt_console_to_ring; /* dom0's console output also into the ring */
char opt_selftest[16];

static char saved_cmdline[1024];

/* dom0_mem=[min:S,][max:S,][S] -- plain numbers are kB. */
int parse_dom0_mem(const char *val)
{
	struct dom0_mem_opt m = { .set = true };
	const char *s = val, *end;
	u64 v;

	if (!s || !*s)
		return -EINVAL;
	for (;;) {
		u64 *slot = &m.amount;
		if (!strncmp(s, "min:", 4)) {
			slot = &m.min;
			s += 4;
		} else if (!strncmp(s, "max:", 4)) {
			slot = &m.max;
			s += 4;
		}
		if (!parse_size(s, &end, 10, &v) || !v)
			return -EINVAL;
		*slot = v;
		if (*end == '\0')
			break;
		if (*end != ',')
			return -EINVAL;
		s = end + 1;
	}
	opt_dom0_mem = m;
	return 0;
}

/* com1=<baud|auto>[/<clock>][,DPS[,<io-base>[,<irq>]]]  e.g. 115200,8n1 */
int parse_com1(const char *val)
{
	struct com_opt c = opt_com1;
	const char *s = val, *end;
	unsigned long long v;

	if (!s || !*s)
		return -EINVAL;
	if (!strncmp(s, "auto", 4)) {
		c.baud = 0;
		s += 4;
	} else {
		v = simple_strtoull(s, &end, 10);
		if (end == s || v < 50 || v > 921600)
			return -EINVAL;
		c.baud = (unsigned int)v;
		s = end;
	}
	if (*s == '/') {   /* UART clock: accepted, the 16550 default is used */
		simple_strtoull(s + 1, &end, 0);
		s = end;
	}
	if (*s == ',' && s[1] >= '5' && s[1] <= '8') {
		c.data_bits = s[1] - '0';
		if (!strchr("noems", s[2]) || !s[2] || (s[3] != '1' && s[3] != '2'))
			return -EINVAL;
		c.parity = s[2];
		c.stop_bits = s[3] - '0';
		s += 4;
	}
	if (*s == ',') {
		v = simple_strtoull(s + 1, &end, 0);
		if (end == s + 1 || v > 0xffff)
			return -EINVAL;
		c.io_base = (unsigned int)v;
		s = end;
		if (*s == ',') {
			v = simple_strtoull(s + 1, &end, 0);
			if (end == s + 1 || v > 15)
				return -EINVAL;
			c.irq = (unsigned int)v;
			s = end;
		}
	}
	if (*s)
		return -EINVAL;
	opt_com1 = c;
	return 0;
}

/* console=com1[,vga] | vga | none */
static int parse_console(const char *val)
{
	bool com1 = false, vga = false;
	const char *s = val;

	if (!s || !*s)
		return -EINVAL;
	while (*s) {
		const char *e = strchr(s, ',');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n == 4 && !strncmp(s, "com1", 4))
			com1 = true;
		else if (n == 3 && !strncmp(s, "vga", 3))
			vga = true;
		else if (!(n == 4 && !strncmp(s, "none", 4)))
			return -EINVAL;
		s += n;
		if (*s == ',')
			s++;
	}
	opt_console_com1 = com1;
	opt_console_vga = vga;
	return 0;
}

int parse_loglvl_value(const char *val, int *lvl)
{
	static const struct { const char *name; int lvl; } names[] = {
		{ "none", LOGLVL_NONE }, { "error", LOGLVL_ERR },
		{ "warning", LOGLVL_WARNING }, { "info", LOGLVL_INFO },
		{ "debug", LOGLVL_DEBUG }, { "all", LOGLVL_DEBUG },
	};
	const char *slash;
	size_t n;

	if (!val)
		return -EINVAL;
	/* "level[/rate-limited-level]": we honour the first part. */
	slash = strchr(val, '/');
	n = slash ? (size_t)(slash - val) : strlen(val);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (strlen(names[i].name) == n && !strncmp(val, names[i].name, n)) {
			*lvl = names[i].lvl;
			return 0;
		}
	}
	return -EINVAL;
}

static int parse_loglvl(const char *val)
{
	return parse_loglvl_value(val, &opt_loglvl);
}

static int parse_guest_loglvl(const char *val)
{
	return parse_loglvl_value(val, &opt_guest_loglvl);
}

/* dom0_max_vcpus=N or dom0_max_vcpus=MIN-MAX */
static int parse_dom0_max_vcpus(const char *val)
{
	const char *end;
	unsigned long long lo, hi;

	if (!val)
		return -EINVAL;
	lo = simple_strtoull(val, &end, 10);
	if (end == val || !lo)
		return -EINVAL;
	hi = lo;
	if (*end == '-') {
		const char *s = end + 1;
		hi = simple_strtoull(s, &end, 10);
		if (end == s || hi < lo)
			return -EINVAL;
	}
	if (*end || hi > 4096)
		return -EINVAL;
	opt_dom0_max_vcpus_min = (unsigned int)lo;
	opt_dom0_max_vcpus_max = (unsigned int)hi;
	return 0;
}

static const struct param boot_params[] = {
	{ "dom0_mem",       PARAM_CUSTOM, NULL, 0, parse_dom0_mem },
	{ "console",        PARAM_CUSTOM, NULL, 0, parse_console },
	{ "com1",           PARAM_CUSTOM, NULL, 0, parse_com1 },
	{ "loglvl",         PARAM_CUSTOM, NULL, 0, parse_loglvl },
	{ "guest_loglvl",   PARAM_CUSTOM, NULL, 0, parse_guest_loglvl },
	{ "sched",          PARAM_STRING, opt_sched, sizeof(opt_sched), NULL },
	{ "maxcpus",        PARAM_UINT,   &opt_maxcpus, 0, NULL },
	{ "dom0_max_vcpus", PARAM_CUSTOM, NULL, 0, parse_dom0_max_vcpus },
	{ "noreboot",       PARAM_BOOL,   &opt_noreboot, 0, NULL },
	{ "selftest",       PARAM_STRING, opt_selftest, sizeof(opt_selftest), NULL },
	{ "console_to_ring", PARAM_BOOL,  &opt_console_to_ring, 0, NULL },
};

static void complain(const char *what, const char *token)
{
	printk(XENLOG_WARNING "Warning: %s '%s'\n", what, token);
}

void cmdline_parse_boot(const char *cmdline)
{
	strlcpy(saved_cmdline, cmdline ? cmdline : "", sizeof(saved_cmdline));
	cmdline_parse(saved_cmdline, boot_params, ARRAY_SIZE(boot_params),
		      complain);
	if (strcmp(opt_sched, "credit"))
		printk(XENLOG_WARNING "Warning: scheduler '%s' unknown, using credit\n",
		       opt_sched);
}

const char *cmdline_saved(void)
{
	return saved_cmdline;
}
