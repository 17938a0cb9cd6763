/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fastrpc-mem: buffers the DSP reaches in place, from both kernel interfaces. */
#include <stdio.h>
#include <string.h>

#include "tools-common.h"
#include "mem.h"

int main(int argc, char **argv)
{
	struct mem_opts o;
	char why[256];
	int status, ret;

	tool_init(argv[0]);
	ret = parse_args(argc, argv, &o, why, sizeof(why));
	if (o.cmd)
		usage_command(o.cmd->name);
	if (ret)
		die_usage("%s", why);
	if (o.complete)
		complete_words(o.complete, cmd_names(), long_options());
	if (o.help) {
		usage(o.cmd);
		return EXIT_OK;
	}
	if (o.version) {
		printf("%s %s (libfastrpc %s)\n", prog_name(), FASTRPC_VERSION,
		       fastrpc_version());
		return EXIT_OK;
	}

	output_init(stdout, o.json);
	status = o.cmd->fn(&o);
	/* A command that failed before it had results prints nothing. */
	if (status != EXIT_OK && !report_started())
		return status;
	ret = output_finish();
	if (ret && status == EXIT_OK) {
		print_err(NULL, "cannot write the output: %s", strerror(-ret));
		status = EXIT_FAIL;
	}
	return status;
}
