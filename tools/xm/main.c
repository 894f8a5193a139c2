/*
 * xm: the Xen 3 domain manager's command line ("xm COMMAND [ARGS]"),
 * its help texts, and the dispatch to each command.
 *
 * Interface: xm help [COMMAND], xm COMMAND --help, and the commands of
 * the table below; the exit code is 0 on success, 1 when the command
 * failed (one "Error: ..." line), 2 on wrong arguments (the error and
 * the usage line).
 *
 * Invariants: the table is the only list of commands; each usage line
 * reads as in the Xen 3 manual.
 */
#include <stdio.h>
#include <string.h>

#include "xm.h"

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *args;    /* after "xm NAME" in the usage line */
	const char *summary; /* one line */
	const char *options; /* "" or the option lines */
};

static const struct cmd cmds[] = {
	{"console", cmd_console, "<Domain>", "Attach to <Domain>'s console.",
	 ""},
	{"create", cmd_create, "<ConfigFile> [options] [vars]",
	 "Create a domain based on <ConfigFile>.",
	 "  -c, --console_autoconnect  Connect to the console after the "
	 "domain is created.\n"
	 "  vars are KEY=VALUE settings that override the file's "
	 "(name=web memory=256).\n"},
	{"destroy", cmd_destroy, "<Domain>", "Terminate a domain immediately.",
	 ""},
	{"dmesg", cmd_dmesg, "[-c|--clear]",
	 "Read and/or clear the hypervisor's message buffer.",
	 "  -c, --clear  Clear the buffer after reading it.\n"},
	{"domid", cmd_domid, "<DomainName>",
	 "Convert a domain name to "
	 "domain id.",
	 ""},
	{"domname", cmd_domname, "<DomId>",
	 "Convert a domain id to domain "
	 "name.",
	 ""},
	{"info", cmd_info, "", "Get information about Xen host.", ""},
	{"list", cmd_list, "[options] [Domain, ...]",
	 "List information about all/some domains.", ""},
	{"pause", cmd_pause, "<Domain>", "Pause execution of a domain.", ""},
	{"reboot", cmd_reboot, "<Domain> [-wa]", "Reboot a domain.",
	 "  -w, --wait  Wait for the reboot to complete (at most 120 s).\n"
	 "  -a, --all   Reboot all guest domains.\n"},
	{"shutdown", cmd_shutdown, "<Domain> [-wa]", "Shutdown a domain.",
	 "  -w, --wait  Wait for the domain to be gone (at most 120 s).\n"
	 "  -a, --all   Shutdown all guest domains.\n"},
	{"unpause", cmd_unpause, "<Domain>", "Unpause a paused domain.", ""},
	{"uptime", cmd_uptime, "[Domain, ...]",
	 "Print uptime for all/some domains.", ""},
};

#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

static const struct cmd *find(const char *name)
{
	unsigned int i;

	for (i = 0; i < NCMDS; i++)
		if (strcmp(cmds[i].name, name) == 0)
			return &cmds[i];
	return NULL;
}

int xm_usage(const char *name)
{
	const struct cmd *c = find(name);

	fprintf(stderr, "Usage: xm %s %s\n", name, c ? c->args : "");
	return 2;
}

static void help_cmd(const struct cmd *c)
{
	printf("Usage: xm %s %s\n\n%s\n", c->name, c->args, c->summary);
	if (c->options[0])
		printf("\nOptions:\n%s", c->options);
}

static int help(const char *name)
{
	const struct cmd *c = name ? find(name) : NULL;
	unsigned int i;

	if (c) {
		help_cmd(c);
		return 0;
	}
	if (name) {
		xm_error("unknown command '%s' (xm help lists them)", name);
		return 2;
	}
	printf("Usage: xm <subcommand> [args]\n\nControl, list, and "
	       "manipulate Xen guest instances.\n\n");
	for (i = 0; i < NCMDS; i++)
		printf("  %-10s %s\n", cmds[i].name, cmds[i].summary);
	printf("\n<Domain> can either be the Domain Name or Id.\nFor more "
	       "help on 'xm <subcommand>' see 'xm help <subcommand>'.\n");
	return 0;
}

int main(int argc, char **argv)
{
	const struct cmd *c;
	int i;

	if (argc < 2 || strcmp(argv[1], "help") == 0 ||
	    strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return help(argc > 2 ? argv[2] : NULL);
	c = find(argv[1]);
	if (!c) {
		xm_error("unknown command '%s' (xm help lists them)", argv[1]);
		return 2;
	}
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			help_cmd(c);
			return 0;
		}
	}
	return c->fn(argc - 1, argv + 1);
}
