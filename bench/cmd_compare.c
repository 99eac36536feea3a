// SPDX-License-Identifier: MIT
#include "commands.h"
#include "util.h"

int cmd_compare(int argc, char **argv)
{
	return tsob_usage_error("'compare' is not part of this build yet");
}
