// SPDX-License-Identifier: MIT
#include "commands.h"
#include "util.h"

int cmd_ctxsw(int argc, char **argv)
{
	return tsob_usage_error("'ctxsw' is not part of this build yet");
}
