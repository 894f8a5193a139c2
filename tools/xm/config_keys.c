/*
 * What each key of a Xen 3 domain config means: the key table, one
 * handler per kind of value, the checks across keys, the kernel command
 * line, and the config written back out (the copy kept for restarts).
 *
 * Interface: config_int.h's xm_key_apply() for config.c, and config.h.
 * Invariants: a handler either stores a valid value or changes nothing
 * and writes one "KEY: problem" message.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_int.h"

struct key;
typedef int set_fn(struct xm_config *c, const struct key *k,
		   const struct xm_value *v, char *err, size_t errlen);

struct key {
	const char *name;
	set_fn *set;
	size_t off;  /* the field in struct xm_config */
	size_t size; /* its size (strings) */
};

#define FIELD(f)                                                               \
	offsetof(struct xm_config, f), sizeof(((struct xm_config *)0)->f)

/* The string a scalar key was given (a number's text counts). */
static const char *scalar(const struct key *k, const struct xm_value *v,
			  char *err, size_t errlen)
{
	if (v->kind == V_LIST) {
		snprintf(err, errlen, "%s: expected a single value, not a list",
			 k->name);
		return NULL;
	}
	return v->text;
}

static int set_string(struct xm_config *c, const struct key *k,
		      const struct xm_value *v, char *err, size_t errlen)
{
	const char *s = scalar(k, v, err, errlen);

	if (!s)
		return -1;
	if (strlen(s) >= k->size) {
		snprintf(err, errlen, "%s: longer than %zu characters", k->name,
			 k->size - 1);
		return -1;
	}
	strcpy((char *)c + k->off, s);
	return 0;
}

static int valid_name(const char *s)
{
	const char *p;
	int digits = 1;

	if (!*s)
		return 0;
	for (p = s; *p; p++) {
		if (!isalnum((unsigned char)*p) && !strchr("._-+:@", *p))
			return 0;
		if (!isdigit((unsigned char)*p))
			digits = 0;
	}
	return !digits && strcmp(s, "Domain-0") != 0;
}

static int set_name(struct xm_config *c, const struct key *k,
		    const struct xm_value *v, char *err, size_t errlen)
{
	const char *s = scalar(k, v, err, errlen);

	if (!s)
		return -1;
	if (strlen(s) >= k->size || !valid_name(s)) {
		snprintf(err, errlen,
			 "name: '%.64s' is not a domain name "
			 "(letters, digits and . _ - + : @, not only digits, "
			 "at most %zu)",
			 s, k->size - 1);
		return -1;
	}
	strcpy(c->name, s);
	return 0;
}

/* A decimal number in [lo, hi]; -1 if s is not one, -2 if out of range. */
static int decimal(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
	uint64_t n = 0;
	const char *p = s;

	if (!*p)
		return -1;
	for (; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return -1;
		if (n > (UINT64_MAX - 9) / 10)
			return -2;
		n = n * 10 + (uint64_t)(*p - '0');
	}
	if (n < lo || n > hi)
		return -2;
	*out = n;
	return 0;
}

static int set_mem(struct xm_config *c, const struct key *k,
		   const struct xm_value *v, char *err, size_t errlen)
{
	const char *s = scalar(k, v, err, errlen);
	uint64_t n;
	int rc;

	if (!s)
		return -1;
	rc = decimal(s, 1, XM_MAX_MEM_MB, &n);
	if (rc == -1)
		snprintf(err, errlen, "%s: '%.64s' is not a number of MiB",
			 k->name, s);
	else if (rc)
		snprintf(err, errlen,
			 "%s: '%.64s' is out of range (1 to %d "
			 "MiB)",
			 k->name, s, XM_MAX_MEM_MB);
	else
		*(uint64_t *)((char *)c + k->off) = n;
	return rc ? -1 : 0;
}

static int set_vcpus(struct xm_config *c, const struct key *k,
		     const struct xm_value *v, char *err, size_t errlen)
{
	const char *s = scalar(k, v, err, errlen);
	uint64_t n;

	if (!s)
		return -1;
	if (decimal(s, 1, XM_MAX_VCPUS, &n)) {
		snprintf(err, errlen,
			 "vcpus: '%.64s' is not a number of "
			 "vcpus from 1 to %d",
			 s, XM_MAX_VCPUS);
		return -1;
	}
	c->vcpus = (unsigned int)n;
	return 0;
}

static const char *const action_names[] = {[XM_DESTROY] = "destroy",
					   [XM_RESTART] = "restart",
					   [XM_PRESERVE] = "preserve"};

const char *xm_action_name(enum xm_action a)
{
	return action_names[a];
}

static int set_action(struct xm_config *c, const struct key *k,
		      const struct xm_value *v, char *err, size_t errlen)
{
	const char *s = scalar(k, v, err, errlen);
	unsigned int i;

	if (!s)
		return -1;
	for (i = 0; i < 3; i++) {
		if (strcmp(s, action_names[i]) == 0) {
			*(enum xm_action *)((char *)c + k->off) = i;
			return 0;
		}
	}
	if (strcmp(s, "rename-restart") == 0 || strncmp(s, "coredump-", 9) == 0)
		snprintf(err, errlen,
			 "%s: '%s' is not supported (destroy, "
			 "restart or preserve)",
			 k->name, s);
	else
		snprintf(err, errlen,
			 "%s: '%.64s' is not destroy, restart or "
			 "preserve",
			 k->name, s);
	return -1;
}

static int set_uuid(struct xm_config *c, const struct key *k,
		    const struct xm_value *v, char *err, size_t errlen)
{
	const char *s = scalar(k, v, err, errlen);

	if (!s)
		return -1;
	if (xm_uuid_parse(s, c->uuid)) {
		snprintf(err, errlen,
			 "uuid: '%.64s' is not a UUID "
			 "(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
			 s);
		return -1;
	}
	c->has_uuid = 1;
	return 0;
}

int xm_uuid_parse(const char *s, uint8_t uuid[16])
{
	unsigned int i, b = 0;

	for (i = 0; i < 36; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return -1;
	}
	if (s[36])
		return -1;
	for (i = 0; i < 36; i += 2) {
		if (s[i] == '-')
			i++;
		sscanf(s + i, "%2hhx", &uuid[b++]);
	}
	return 0;
}

void xm_uuid_format(const uint8_t u[16], char out[37])
{
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
		 u[10], u[11], u[12], u[13], u[14], u[15]);
}

/* ---- disk = [ 'TYPE:TARGET,VDEV,MODE', ... ] ---- */

static int valid_vdev(const char *s)
{
	size_t p = strncmp(s, "xvd", 3) == 0				    ? 3
		   : (strncmp(s, "hd", 2) == 0 || strncmp(s, "sd", 2) == 0) ? 2
									    : 0;

	if (!p || !islower((unsigned char)s[p]))
		return 0;
	while (islower((unsigned char)s[p]))
		p++;
	while (isdigit((unsigned char)s[p]))
		p++;
	return s[p] == '\0' && strlen(s) < sizeof(((struct xm_disk *)0)->vdev);
}

static int split(char *buf, char sep, char **f, int max)
{
	int n = 0;

	f[n++] = buf;
	for (; *buf; buf++) {
		if (*buf == sep) {
			*buf = '\0';
			if (n == max)
				return max + 1;
			f[n++] = buf + 1;
		}
	}
	return n;
}

static int disk_mode(struct xm_disk *d, const char *m)
{
	d->writable = strcmp(m, "w") == 0 || strcmp(m, "w!") == 0;
	d->shared = strcmp(m, "w!") == 0;
	return d->writable || strcmp(m, "r") == 0 ? 0 : -1;
}

static int parse_disk(const char *s, struct xm_disk *d, char *err,
		      size_t errlen)
{
	char buf[XM_ITEM], *f[3], *target;

	snprintf(buf, sizeof(buf), "%s", s);
	if (split(buf, ',', f, 3) != 3 || !(target = strchr(f[0], ':'))) {
		snprintf(err, errlen,
			 "disk: '%.200s' is not TYPE:TARGET,VDEV,"
			 "MODE (e.g. 'file:/path,xvda,w')",
			 s);
		return -1;
	}
	*target++ = '\0';
	if (strcmp(f[0], "file") && strcmp(f[0], "phy")) {
		snprintf(err, errlen,
			 "disk: '%.200s': type '%.20s' is not "
			 "supported (file or phy)",
			 s, f[0]);
		return -1;
	}
	if (!*target || strlen(target) + 5 >= sizeof(d->target)) {
		snprintf(err, errlen, "disk: '%.200s': no file or device", s);
		return -1;
	}
	if (!valid_vdev(f[1])) {
		snprintf(err, errlen,
			 "disk: '%.200s': '%.20s' is not a "
			 "virtual disk name (xvda, hda, sda...)",
			 s, f[1]);
		return -1;
	}
	if (disk_mode(d, f[2])) {
		snprintf(err, errlen,
			 "disk: '%.200s': mode '%.20s' is not r, "
			 "w or w!",
			 s, f[2]);
		return -1;
	}
	strcpy(d->type, f[0]);
	snprintf(d->target, sizeof(d->target), "%s%s",
		 strcmp(f[0], "phy") == 0 && !strchr(target, '/') ? "/dev/"
								  : "",
		 target);
	strcpy(d->vdev, f[1]);
	return 0;
}

/* A list key's entries: a single string counts as a list of one. */
static unsigned int entries(const struct xm_value *v, const char **e)
{
	unsigned int i;

	if (v->kind != V_LIST) {
		e[0] = v->text;
		return 1;
	}
	for (i = 0; i < v->n; i++)
		e[i] = v->item[i];
	return v->n;
}

static int set_disk(struct xm_config *c, const struct key *k,
		    const struct xm_value *v, char *err, size_t errlen)
{
	static struct xm_disk d[XM_MAX_DISKS];
	const char *e[XM_ITEMS];
	unsigned int i, j, n = entries(v, e);

	(void)k;
	for (i = 0; i < n; i++) {
		if (parse_disk(e[i], &d[i], err, errlen))
			return -1;
		for (j = 0; j < i; j++) {
			if (strcmp(d[i].vdev, d[j].vdev) == 0) {
				snprintf(err, errlen,
					 "disk: %s is given "
					 "twice",
					 d[i].vdev);
				return -1;
			}
		}
	}
	memcpy(c->disk, d, sizeof(d));
	c->n_disk = n;
	return 0;
}

/* ---- vif = [ 'mac=..,bridge=..', ... ] ---- */

static int valid_mac(const char *s)
{
	unsigned int i;

	for (i = 0; i < 17; i++) {
		if (i % 3 == 2 ? s[i] != ':' : !isxdigit((unsigned char)s[i]))
			return 0;
	}
	/* A unicast address: bit 0 of the first octet clear. */
	return s[17] == '\0' && (strtoul(s, NULL, 16) & 1) == 0;
}

static char *vif_field(struct xm_vif *f, const char *key, size_t *size)
{
	static const struct {
		const char *name;
		size_t off, size;
	} t[] = {
#define VF(x) {#x, offsetof(struct xm_vif, x), sizeof(((struct xm_vif *)0)->x)}
		VF(mac),     VF(bridge), VF(ip),    VF(script),
		VF(vifname), VF(type),	 VF(model),
#undef VF
	};
	unsigned int i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (strcmp(key, t[i].name) == 0) {
			*size = t[i].size;
			return (char *)f + t[i].off;
		}
	}
	return NULL;
}

static int parse_vif(const char *s, struct xm_vif *f, char *err, size_t errlen)
{
	char buf[XM_ITEM], *kv[XM_ITEMS], *eq, *dst;
	int i, n;
	size_t size;

	memset(f, 0, sizeof(*f));
	snprintf(buf, sizeof(buf), "%s", s);
	n = *buf ? split(buf, ',', kv, XM_ITEMS) : 0;
	if (n > XM_ITEMS) {
		snprintf(err, errlen, "vif: '%.200s': more than %d settings", s,
			 XM_ITEMS);
		return -1;
	}
	for (i = 0; i < n; i++) {
		while (*kv[i] == ' ')
			kv[i]++;
		eq = strchr(kv[i], '=');
		if (eq)
			*eq++ = '\0';
		dst = eq ? vif_field(f, kv[i], &size) : NULL;
		if (!dst) {
			snprintf(err, errlen,
				 "vif: '%.200s': '%.40s' is not "
				 "one of mac=, bridge=, ip=, script=, "
				 "vifname=, type=, model=",
				 s, kv[i]);
			return -1;
		}
		if (strlen(eq) >= size || (dst == f->mac && !valid_mac(eq))) {
			snprintf(err, errlen,
				 "vif: '%.200s': %s '%.40s' is "
				 "not valid",
				 s, kv[i], eq);
			return -1;
		}
		strcpy(dst, eq);
	}
	return 0;
}

static int set_vif(struct xm_config *c, const struct key *k,
		   const struct xm_value *v, char *err, size_t errlen)
{
	static struct xm_vif f[XM_MAX_VIFS];
	const char *e[XM_ITEMS];
	unsigned int i, n = entries(v, e);

	(void)k;
	if (n > XM_MAX_VIFS) {
		snprintf(err, errlen, "vif: more than %d interfaces",
			 XM_MAX_VIFS);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (parse_vif(e[i], &f[i], err, errlen))
			return -1;
	memcpy(c->vif, f, sizeof(f));
	c->n_vif = n;
	return 0;
}

/* ---- the keys ---- */

static const struct key keys[] = {
	{"kernel", set_string, FIELD(kernel)},
	{"ramdisk", set_string, FIELD(ramdisk)},
	{"name", set_name, FIELD(name)},
	{"root", set_string, FIELD(root)},
	{"extra", set_string, FIELD(extra)},
	{"memory", set_mem, FIELD(memory_mb)},
	{"maxmem", set_mem, FIELD(maxmem_mb)},
	{"vcpus", set_vcpus, FIELD(vcpus)},
	{"disk", set_disk, FIELD(disk)},
	{"vif", set_vif, FIELD(vif)},
	{"on_poweroff", set_action, FIELD(on_poweroff)},
	{"on_reboot", set_action, FIELD(on_reboot)},
	{"on_crash", set_action, FIELD(on_crash)},
	{"uuid", set_uuid, FIELD(uuid)},
};

int xm_key_apply(struct xm_config *c, const char *key, const struct xm_value *v,
		 char *err, size_t errlen)
{
	unsigned int i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(key, keys[i].name) == 0)
			return keys[i].set(c, &keys[i], v, err, errlen);
	return -2;
}

void xm_config_init(struct xm_config *c)
{
	memset(c, 0, sizeof(*c));
	c->memory_mb = 128;
	c->vcpus = 1;
	c->on_poweroff = XM_DESTROY;
	c->on_reboot = XM_RESTART;
	c->on_crash = XM_RESTART;
}

/* What no single key can check; file names the config in the message. */
int xm_config_check(const struct xm_config *c, const char *file, char *err,
		    size_t errlen)
{
	if (!c->kernel[0])
		snprintf(err, errlen,
			 "%s: no kernel given "
			 "(kernel = '/path/to/vmlinuz')",
			 file);
	else if (!c->name[0])
		snprintf(err, errlen, "%s: no name given (name = 'NAME')",
			 file);
	else if (c->maxmem_mb && c->maxmem_mb < c->memory_mb)
		snprintf(err, errlen,
			 "%s: maxmem (%llu MiB) is less than "
			 "memory (%llu MiB)",
			 file, (unsigned long long)c->maxmem_mb,
			 (unsigned long long)c->memory_mb);
	else
		return 0;
	return -1;
}

/* Xen 3's: "root=ROOT EXTRA" (each part only if given). */
void xm_config_cmdline(const struct xm_config *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s", c->root[0] ? "root=" : "", c->root,
		 c->root[0] && c->extra[0] ? " " : "", c->extra);
}

static void write_str(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '\t')
			fputs("\\t", f);
		else if (*s == '\'' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else
			fputc(*s, f);
	}
	fputc('\'', f);
}

static void write_kv(FILE *f, const char *key, const char *val)
{
	fprintf(f, "%s = ", key);
	write_str(f, val);
	fputc('\n', f);
}

static void write_vif(FILE *f, const struct xm_vif *v)
{
	static const char *const names[] = {
		"mac", "bridge", "ip", "script", "vifname", "type", "model"};
	const char *vals[] = {v->mac,	  v->bridge, v->ip,   v->script,
			      v->vifname, v->type,   v->model};
	char buf[XM_ITEM] = "";
	unsigned int i;
	size_t n = 0;

	for (i = 0; i < 7; i++)
		if (vals[i][0])
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
					      "%s%s=%s", n ? "," : "", names[i],
					      vals[i]);
	fputs("    ", f);
	write_str(f, buf);
	fputs(",\n", f);
}

static void write_lists(const struct xm_config *c, FILE *f)
{
	char buf[XM_ITEM];
	unsigned int i;

	fputs("disk = [\n", f);
	for (i = 0; i < c->n_disk; i++) {
		const struct xm_disk *d = &c->disk[i];

		snprintf(buf, sizeof(buf), "%s:%s,%s,%s", d->type, d->target,
			 d->vdev,
			 d->shared     ? "w!"
			 : d->writable ? "w"
				       : "r");
		fputs("    ", f);
		write_str(f, buf);
		fputs(",\n", f);
	}
	fputs("]\nvif = [\n", f);
	for (i = 0; i < c->n_vif; i++)
		write_vif(f, &c->vif[i]);
	fputs("]\n", f);
}

void xm_config_write(const struct xm_config *c, FILE *f)
{
	char uuid[37];

	fputs("# written by xm create: the domain's config as it was "
	      "created\n",
	      f);
	write_kv(f, "name", c->name);
	write_kv(f, "kernel", c->kernel);
	write_kv(f, "ramdisk", c->ramdisk);
	write_kv(f, "root", c->root);
	write_kv(f, "extra", c->extra);
	fprintf(f, "memory = %llu\n", (unsigned long long)c->memory_mb);
	if (c->maxmem_mb)
		fprintf(f, "maxmem = %llu\n", (unsigned long long)c->maxmem_mb);
	fprintf(f, "vcpus = %u\n", c->vcpus);
	write_lists(c, f);
	write_kv(f, "on_poweroff", xm_action_name(c->on_poweroff));
	write_kv(f, "on_reboot", xm_action_name(c->on_reboot));
	write_kv(f, "on_crash", xm_action_name(c->on_crash));
	if (c->has_uuid) {
		xm_uuid_format(c->uuid, uuid);
		write_kv(f, "uuid", uuid);
	}
}
