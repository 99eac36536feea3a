// SPDX-License-Identifier: MIT
/*
 * 'tsobench export' for the tests while bench/main.c's command table does not
 * list it yet: the same cmd_export(), linked from the same library.
 */
#include "export.h"

int main(int argc, char **argv)
{
	return cmd_export(argc - 1, argv + 1);
}
