/*
 * Unit tests for xm's config parser (tools/xm/config.c, config_keys.c):
 * every syntax form of the Xen 3 config file (both quotes, escapes,
 * adjacent strings, integers, lists over several lines with a trailing
 * comma, comments, ';', backslash continuation), every key, command-line
 * overrides, each error message with its file and line, and the copy
 * xm_config_write() keeps reading back to the same config.
 */
#include <string.h>

#include "check.h"
#include "../../tools/xm/config.c"
#include "../../tools/xm/config_keys.c"

static struct xm_config c;
static char err[1024];

static int parse(const char *text)
{
	xm_config_init(&c);
	err[0] = '\0';
	return xm_config_parse(&c, "vm.cfg", text, err, sizeof(err));
}

/* text fails with exactly the message want. */
static void fails(const char *text, const char *want)
{
	int rc = parse(text);

	CHECK(rc == -1);
	if (strcmp(err, want) != 0) {
		unit_failed++;
		fprintf(stderr, "FAIL: %s\n  got  '%s'\n  want '%s'\n", text,
			err, want);
	} else {
		unit_passed++;
	}
}

static void set_fails(const char *a, const char *want)
{
	err[0] = '\0';
	CHECK(xm_config_set(&c, a, err, sizeof(err)) == -1);
	if (strcmp(err, want) != 0) {
		unit_failed++;
		fprintf(stderr, "FAIL: %s\n  got  '%s'\n  want '%s'\n", a, err,
			want);
	} else {
		unit_passed++;
	}
}

static void test_defaults(void)
{
	CHECK_EQ(parse(""), 0);
	CHECK_EQ(c.memory_mb, 128);
	CHECK_EQ(c.vcpus, 1);
	CHECK_EQ(c.on_poweroff, XM_DESTROY);
	CHECK_EQ(c.on_reboot, XM_RESTART);
	CHECK_EQ(c.on_crash, XM_RESTART);
	CHECK_EQ(c.n_disk, 0);
	CHECK_EQ(c.has_uuid, 0);
	CHECK_EQ(parse("# only a comment\n\n   \n"), 0);
}

static void test_full(void)
{
	static const char text[] =
		"# a Xen 3 config\n"
		"kernel = '/boot/vmlinuz'\n"
		"ramdisk = \"/boot/initrd.gz\"  # a comment\n"
		"memory = 256\n"
		"maxmem=512\n"
		"name = 'web-1'\n"
		"vcpus = 2\n"
		"disk = [ 'file:/srv/web.img,xvda,w',\n"
		"         # a comment inside the list\n"
		"         'phy:sdb,xvdb1,r',\n"
		"         'phy:/dev/vdc,hdc,w!', ]\n"
		"vif = [ 'mac=00:16:3e:01:02:03, bridge=xenbr0', '' ]\n"
		"root = '/dev/xvda1 ro'\n"
		"extra = 'console=hvc0 ' 'earlyprintk=xen'\n"
		"on_poweroff = 'destroy'; on_reboot = 'preserve'\n"
		"on_crash = \\\n  'destroy'\n"
		"uuid = '01234567-89ab-cdef-0123-456789ABCDEF'\n";
	char cmd[512], uuid[37];

	CHECK_EQ(parse(text), 0);
	if (err[0])
		fprintf(stderr, "%s\n", err);
	CHECK(strcmp(c.kernel, "/boot/vmlinuz") == 0);
	CHECK(strcmp(c.ramdisk, "/boot/initrd.gz") == 0);
	CHECK_EQ(c.memory_mb, 256);
	CHECK_EQ(c.maxmem_mb, 512);
	CHECK(strcmp(c.name, "web-1") == 0);
	CHECK_EQ(c.vcpus, 2);
	CHECK_EQ(c.n_disk, 3);
	CHECK(strcmp(c.disk[0].type, "file") == 0);
	CHECK(strcmp(c.disk[0].target, "/srv/web.img") == 0);
	CHECK(strcmp(c.disk[0].vdev, "xvda") == 0);
	CHECK(c.disk[0].writable && !c.disk[0].shared);
	CHECK(strcmp(c.disk[1].target, "/dev/sdb") == 0);
	CHECK(strcmp(c.disk[1].vdev, "xvdb1") == 0);
	CHECK(!c.disk[1].writable);
	CHECK(c.disk[2].writable && c.disk[2].shared);
	CHECK_EQ(c.n_vif, 2);
	CHECK(strcmp(c.vif[0].mac, "00:16:3e:01:02:03") == 0);
	CHECK(strcmp(c.vif[0].bridge, "xenbr0") == 0);
	CHECK(c.vif[1].mac[0] == '\0');
	CHECK(strcmp(c.extra, "console=hvc0 earlyprintk=xen") == 0);
	CHECK_EQ(c.on_reboot, XM_PRESERVE);
	CHECK_EQ(c.on_crash, XM_DESTROY);
	CHECK(c.has_uuid);
	CHECK_EQ(c.uuid[0], 0x01);
	CHECK_EQ(c.uuid[15], 0xef);
	xm_uuid_format(c.uuid, uuid);
	CHECK(strcmp(uuid, "01234567-89ab-cdef-0123-456789abcdef") == 0);
	xm_config_cmdline(&c, cmd, sizeof(cmd));
	CHECK(strcmp(cmd, "root=/dev/xvda1 ro console=hvc0 earlyprintk=xen") ==
	      0);
	CHECK_EQ(xm_config_check(&c, "vm.cfg", err, sizeof(err)), 0);
}

static void test_strings(void)
{
	CHECK_EQ(parse("extra = 'a\\'b\\\"c\\\\d\\ne\\tf\\x'\n"), 0);
	CHECK(strcmp(c.extra, "a'b\"c\\d\ne\tf\\x") == 0);
	CHECK_EQ(parse("extra = \"it's\"\n"), 0);
	CHECK(strcmp(c.extra, "it's") == 0);
	CHECK_EQ(parse("extra = 'one \\\ntwo'\n"), 0);
	CHECK(strcmp(c.extra, "one two") == 0);
	CHECK_EQ(parse("extra = ''\n"), 0);
	CHECK(c.extra[0] == '\0');
	/* Numbers given as strings, strings given as numbers. */
	CHECK_EQ(parse("memory = '64'\nname = 'a'\nvcpus='3'"), 0);
	CHECK_EQ(c.memory_mb, 64);
	CHECK_EQ(c.vcpus, 3);
	/* The last assignment wins; no newline at the end is fine. */
	CHECK_EQ(parse("memory = 64\nmemory = 96"), 0);
	CHECK_EQ(c.memory_mb, 96);
	/* A single string where a list is expected: a list of one. */
	CHECK_EQ(parse("disk = 'file:/x,xvda,r'\n"), 0);
	CHECK_EQ(c.n_disk, 1);
	CHECK_EQ(parse("disk = []\nvif = [\n]\n"), 0);
	CHECK_EQ(c.n_disk, 0);
	CHECK_EQ(c.n_vif, 0);
	CHECK_EQ(parse("\r\nmemory = 32\r\n"), 0);
	CHECK_EQ(c.memory_mb, 32);
}

static void test_syntax_errors(void)
{
	fails("memroy = 128\n", "vm.cfg:1: unknown key 'memroy'");
	fails("\n\n\nbootloader = 'pygrub'\n",
	      "vm.cfg:4: unknown key 'bootloader'");
	fails("name = 'a\n", "vm.cfg:1: unterminated string");
	fails("name = \"a'\n", "vm.cfg:1: unterminated string");
	fails("name 'a'\n", "vm.cfg:1: expected '=' after 'name', not 'a "
			    "string'");
	fails("name =\n", "vm.cfg:1: name: expected a string, a number or a "
			  "list, not 'the end of the line'");
	fails("memory = 12x\n", "vm.cfg:1: memory: '12x' is not a number of "
				"MiB");
	fails("memory = 12 x\n", "vm.cfg:1: unexpected 'x' after the value "
				 "of memory");
	fails("name = 'a' 'b' 3\n", "vm.cfg:1: unexpected '3' after the value "
				    "of name");
	fails("= 3\n", "vm.cfg:1: expected a key name, not '='");
	fails("memory = 3 $\n", "vm.cfg:1: unexpected character '$'");
	fails("disk = [ 'file:/x,xvda,w',\n 'file:/y,xvdb,w'\n",
	      "vm.cfg:1: disk: list without its ']'");
	fails("disk = [ 'a' 'b' ] ]\n", "vm.cfg:1: unexpected ']' after the "
					"value of disk");
	/* As in Python, adjacent strings join, across lines too. */
	fails("disk = [ 'file:/x,xvda,w'\n  'file:/y,xvdb,w' ]\n",
	      "vm.cfg:1: disk: 'file:/x,xvda,wfile:/y,xvdb,w' is not "
	      "TYPE:TARGET,VDEV,MODE (e.g. 'file:/path,xvda,w')");
	fails("disk = [ 'file:/x,xvda,w'\n  3 ]\n",
	      "vm.cfg:2: disk: expected ',' or ']', not '3'");
	fails("disk = [ [ 'x' ] ]\n", "vm.cfg:1: disk: a list holds strings "
				      "only, not '['");
	fails("disk = [ ,]\n", "vm.cfg:1: disk: a list holds strings only, "
			       "not ','");
	fails("memory = 64\nname = 'ok'\nvcpus = 0\n",
	      "vm.cfg:3: vcpus: '0' is not a number of vcpus from 1 to 32");
}

static void test_value_errors(void)
{
	fails("memory = '12x'", "vm.cfg:1: memory: '12x' is not a number of "
				"MiB");
	fails("memory = -5", "vm.cfg:1: memory: '-5' is not a number of MiB");
	fails("memory = 0", "vm.cfg:1: memory: '0' is out of range (1 to "
			    "4194304 MiB)");
	fails("maxmem = 99999999999999999999999",
	      "vm.cfg:1: maxmem: "
	      "'99999999999999999999999' is out of range (1 to 4194304 MiB)");
	fails("memory = [ 1 ]", "vm.cfg:1: memory: expected a single value, "
				"not a list");
	fails("vcpus = 33", "vm.cfg:1: vcpus: '33' is not a number of vcpus "
			    "from 1 to 32");
	fails("name = 'a/b'",
	      "vm.cfg:1: name: 'a/b' is not a domain name "
	      "(letters, digits and . _ - + : @, not only digits, at most 63)");
	fails("name = '123'",
	      "vm.cfg:1: name: '123' is not a domain name "
	      "(letters, digits and . _ - + : @, not only digits, at most 63)");
	fails("name = 'Domain-0'",
	      "vm.cfg:1: name: 'Domain-0' is not a "
	      "domain name (letters, digits and . _ - + : @, not only digits, "
	      "at most 63)");
	fails("on_crash = 'rename-restart'",
	      "vm.cfg:1: on_crash: "
	      "'rename-restart' is not supported (destroy, restart or "
	      "preserve)");
	fails("on_reboot = 'reboot'", "vm.cfg:1: on_reboot: 'reboot' is not "
				      "destroy, restart or preserve");
	fails("uuid = '0123'", "vm.cfg:1: uuid: '0123' is not a UUID "
			       "(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
	fails("uuid = '01234567-89ab-cdef-0123-456789abcdeg'",
	      "vm.cfg:1: "
	      "uuid: '01234567-89ab-cdef-0123-456789abcdeg' is not a UUID "
	      "(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
}

static void test_device_errors(void)
{
	fails("disk = [ '/x,xvda,w' ]",
	      "vm.cfg:1: disk: '/x,xvda,w' is not "
	      "TYPE:TARGET,VDEV,MODE (e.g. 'file:/path,xvda,w')");
	fails("disk = [ 'file:/x,xvda' ]",
	      "vm.cfg:1: disk: 'file:/x,xvda' is "
	      "not TYPE:TARGET,VDEV,MODE (e.g. 'file:/path,xvda,w')");
	fails("disk = [ 'file:/x,xvda,w,x' ]",
	      "vm.cfg:1: disk: "
	      "'file:/x,xvda,w,x' is not TYPE:TARGET,VDEV,MODE (e.g. "
	      "'file:/path,xvda,w')");
	fails("disk = [ 'tap:aio:/x,xvda,w' ]",
	      "vm.cfg:1: disk: "
	      "'tap:aio:/x,xvda,w': type 'tap' is not supported (file or phy)");
	fails("disk = [ 'file:,xvda,w' ]", "vm.cfg:1: disk: 'file:,xvda,w': "
					   "no file or device");
	fails("disk = [ 'file:/x,vda,w' ]",
	      "vm.cfg:1: disk: 'file:/x,vda,w': "
	      "'vda' is not a virtual disk name (xvda, hda, sda...)");
	fails("disk = [ 'file:/x,xvd1,w' ]",
	      "vm.cfg:1: disk: 'file:/x,xvd1,w'"
	      ": 'xvd1' is not a virtual disk name (xvda, hda, sda...)");
	fails("disk = [ 'file:/x,xvda,rw' ]",
	      "vm.cfg:1: disk: "
	      "'file:/x,xvda,rw': mode 'rw' is not r, w or w!");
	fails("disk = [ 'file:/x,xvda,w', 'phy:/y,xvda,r' ]",
	      "vm.cfg:1: disk: xvda is given twice");
	fails("vif = [ 'bridge' ]",
	      "vm.cfg:1: vif: 'bridge': 'bridge' is not "
	      "one of mac=, bridge=, ip=, script=, vifname=, type=, model=");
	fails("vif = [ 'colour=red' ]",
	      "vm.cfg:1: vif: 'colour=red': 'colour'"
	      " is not one of mac=, bridge=, ip=, script=, vifname=, type=, "
	      "model=");
	fails("vif = [ 'mac=00:16:3e:0:1:2' ]",
	      "vm.cfg:1: vif: "
	      "'mac=00:16:3e:0:1:2': mac '00:16:3e:0:1:2' is not valid");
	fails("vif = [ 'mac=01:16:3e:00:01:02' ]",
	      "vm.cfg:1: vif: "
	      "'mac=01:16:3e:00:01:02': mac '01:16:3e:00:01:02' is not valid");
	fails("vif = [ '', '', '', '', '', '', '', '', '' ]",
	      "vm.cfg:1: vif: more than 8 interfaces");
}

static void test_check(void)
{
	CHECK_EQ(parse("name = 'a'"), 0);
	CHECK_EQ(xm_config_check(&c, "vm.cfg", err, sizeof(err)), -1);
	CHECK(strcmp(err, "vm.cfg: no kernel given (kernel = "
			  "'/path/to/vmlinuz')") == 0);
	CHECK_EQ(parse("kernel = '/k'"), 0);
	CHECK_EQ(xm_config_check(&c, "vm.cfg", err, sizeof(err)), -1);
	CHECK(strcmp(err, "vm.cfg: no name given (name = 'NAME')") == 0);
	CHECK_EQ(parse("kernel = '/k'\nname = 'a'\nmemory = 128\nmaxmem = 64"),
		 0);
	CHECK_EQ(xm_config_check(&c, "vm.cfg", err, sizeof(err)), -1);
	CHECK(strcmp(err, "vm.cfg: maxmem (64 MiB) is less than memory (128 "
			  "MiB)") == 0);
}

static void test_overrides(void)
{
	CHECK_EQ(parse("kernel = '/k'\nname = 'a'\nmemory = 64\n"), 0);
	CHECK_EQ(xm_config_set(&c, "name=x", err, sizeof(err)), 0);
	CHECK_EQ(xm_config_set(&c, "memory=128", err, sizeof(err)), 0);
	CHECK_EQ(
		xm_config_set(&c, "extra=console=hvc0 quiet", err, sizeof(err)),
		0);
	CHECK_EQ(xm_config_set(&c, "root='/dev/xvda1 ro'", err, sizeof(err)),
		 0);
	CHECK_EQ(xm_config_set(&c, "disk=file:/a,xvda,w", err, sizeof(err)), 0);
	CHECK(strcmp(c.name, "x") == 0);
	CHECK_EQ(c.memory_mb, 128);
	CHECK(strcmp(c.extra, "console=hvc0 quiet") == 0);
	CHECK(strcmp(c.root, "/dev/xvda1 ro") == 0);
	CHECK_EQ(c.n_disk, 1);
	CHECK_EQ(xm_config_set(&c, "disk=['file:/a,xvda,w','file:/b,xvdb,r']",
			       err, sizeof(err)),
		 0);
	CHECK_EQ(c.n_disk, 2);
	CHECK_EQ(xm_config_set(&c, "extra=", err, sizeof(err)), 0);
	CHECK(c.extra[0] == '\0');
	set_fails("memory=12x", "memory: '12x' is not a number of MiB");
	set_fails("memroy=12", "unknown key 'memroy'");
	set_fails("memory", "'memory' is not KEY=VALUE");
	set_fails("=5", "'=5' is not KEY=VALUE");
	set_fails("name='x", "unterminated string");
	set_fails("disk=['file:/a,xvda,w'", "disk: list without its ']'");
	set_fails("name='x' y", "unexpected 'y' after the value of name");
	/* A failed override changes nothing. */
	CHECK_EQ(c.memory_mb, 128);
	CHECK(strcmp(c.name, "x") == 0);
}

/* xm_config_write()'s copy parses back to the same config. */
static void test_round_trip(void)
{
	static struct xm_config a;
	static char buf[16384];
	FILE *f;

	CHECK_EQ(parse("kernel = '/k it\\'s'\nname = 'rt'\nmemory = 96\n"
		       "maxmem = 200\nvcpus = 3\nextra = 'a\\\\b\\tc\\n'\n"
		       "disk = [ 'phy:sdb,xvdb,w!', 'file:/i,hda,r' ]\n"
		       "vif = [ 'mac=00:16:3e:aa:bb:cc,bridge=br0,model=e1000',"
		       " '' ]\non_crash = 'preserve'\n"
		       "uuid = '00112233-4455-6677-8899-aabbccddeeff'\n"),
		 0);
	a = c;
	f = fmemopen(buf, sizeof(buf), "w");
	xm_config_write(&a, f);
	fclose(f);
	CHECK_EQ(parse(buf), 0);
	if (err[0])
		fprintf(stderr, "%s\n%s", err, buf);
	CHECK(memcmp(&a, &c, sizeof(a)) == 0);
}

int main(void)
{
	test_defaults();
	test_full();
	test_strings();
	test_syntax_errors();
	test_value_errors();
	test_device_errors();
	test_check();
	test_overrides();
	test_round_trip();
	return unit_finish("xm_config");
}
