// SPDX-License-Identifier: MIT
#include "commands.h"
#include "util.h"

int cmd_litmus(int argc, char **argv)
{
	return tsob_usage_error("'litmus' is not part of this build yet");
}
