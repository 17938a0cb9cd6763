/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fastrpc-ctl: the FastRPC domains of this machine, what their drivers and
 * DSPs say, who uses them, and whether a program could (see cli.c for the
 * commands, one file each).
 */
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "tools-common.h"

int main(int argc, char **argv)
{
	const struct cmd *cmd;
	struct ctl_opts o;
	int status, ret;

	tool_init(argv[0]);
	cmd = ctl_parse(argc, argv, &o);
	output_init(stdout, o.json);
	status = cmd->fn(&o);
	ret = output_finish();
	if (ret) {
		print_err(NULL, "cannot write the output: %s", strerror(-ret));
		if (status == EXIT_OK)
			status = EXIT_FAIL;
	}
	return status;
}
