// SPDX-License-Identifier: MIT
#include "commands.h"
#include "util.h"

int cmd_report(int argc, char **argv)
{
	return tsob_usage_error("'report' is not part of this build yet");
}
