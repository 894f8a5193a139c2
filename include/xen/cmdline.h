/*
 * Boot command line: a generic "key[=value]" parser (common/cmdline.c)
 * and the hypervisor's option table with its parsed values (xen/cmdline.c).
 */
#ifndef XEN_CMDLINE_H
#define XEN_CMDLINE_H

#include <xen/types.h>

enum param_type {
	PARAM_BOOL,     /* "opt", "opt=1|0|yes|no|on|off|true|false", "no-opt" */
	PARAM_UINT,     /* unsigned int, any base */
	PARAM_STRING,   /* copied into a char array of size len */
	PARAM_CUSTOM,   /* handler parses the value itself */
};

struct param {
	const char *name;
	enum param_type type;
	void *var;                       /* bool / unsigned int / char[] */
	size_t len;                      /* PARAM_STRING buffer size */
	int (*custom)(const char *val);  /* PARAM_CUSTOM; val may be NULL */
};

/* Result of one token that did not parse; reported by the caller. */
typedef void (*cmdline_complaint_t)(const char *what, const char *token);

/*
 * Walk cmdline ("a=1 b c=x,y"), dispatching each token to the table.
 * Unknown keys and bad values go to complain(); parsing continues.
 * Returns the number of complaints.
 */
int cmdline_parse(const char *cmdline, const struct param *table, size_t n,
		  cmdline_complaint_t complain);

/*
 * Parse a size such as "512M", "4G", "1024K", "458752".  Plain numbers
 * are multiplied by default_shift (10 for Xen's kB convention).  *end
 * points after the size.  Returns false if no digits were found.
 */
bool parse_size(const char *s, const char **end, unsigned int default_shift,
		u64 *bytes);
/* "yes/no/on/off/true/false/1/0"; -1 when not a boolean word. */
int parse_bool(const char *s, const char *end);

/* ---- the hypervisor's options (xen/cmdline.c) ---- */
struct dom0_mem_opt {
	bool set;        /* dom0_mem= given */
	u64 amount;      /* bytes, 0 = not given */
	u64 min;         /* bytes, 0 = not given */
	u64 max;         /* bytes, 0 = not given */
};

struct com_opt {
	unsigned int baud;    /* 0 = keep what firmware set ("auto") */
	unsigned int data_bits;
	char parity;          /* 'n', 'o', 'e', 'm', 's' */
	unsigned int stop_bits;
	unsigned int io_base; /* 0 = default 0x3f8 */
	unsigned int irq;
};

#define LOGLVL_NONE   -1
#define LOGLVL_ERR     0
#define LOGLVL_WARNING 1
#define LOGLVL_INFO    2
#define LOGLVL_DEBUG   3

extern struct dom0_mem_opt opt_dom0_mem;
extern struct com_opt opt_com1;
extern bool opt_console_com1, opt_console_vga;
extern int opt_loglvl, opt_guest_loglvl;
extern char opt_sched[16];
extern unsigned int opt_maxcpus;          /* 0 = all */
extern unsigned int opt_dom0_max_vcpus_min, opt_dom0_max_vcpus_max; /* 0 = default */
extern bool opt_noreboot;
extern bool opt_console_to_ring;        /* Xen's console_to_ring */
extern char opt_selftest[16];

/* Parse the loader's command line into the opt_* variables above. */
void cmdline_parse_boot(const char *cmdline);
const char *cmdline_saved(void);   /* copy of the full command line */

/* Individual option parsers, exported for unit tests. */
int parse_dom0_mem(const char *val);
int parse_com1(const char *val);
int parse_loglvl_value(const char *val, int *lvl);

#endif
