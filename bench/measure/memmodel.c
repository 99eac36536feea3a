// SPDX-License-Identifier: MIT
#include "memmodel.h"

#include <errno.h>
#include <sys/prctl.h>

int tsob_memmodel_get(void)
{
	int r = prctl(PR_GET_MEM_MODEL, 0, 0, 0, 0);

	return r < 0 ? -errno : r;
}

int tsob_memmodel_set(int model)
{
	return prctl(PR_SET_MEM_MODEL, model, 0, 0, 0) < 0 ? -errno : 0;
}

int tsob_memmodel_enter_tso(void)
{
	int r = tsob_memmodel_set(PR_SET_MEM_MODEL_TSO);

	if (r)
		return r;
	r = tsob_memmodel_get();
	if (r < 0)
		return r;
	return r == PR_SET_MEM_MODEL_TSO ? 0 : -EIO;
}

const char *tsob_memmodel_name(int model)
{
	switch (model) {
	case PR_SET_MEM_MODEL_DEFAULT:
		return "default";
	case PR_SET_MEM_MODEL_TSO:
		return "tso";
	default:
		return "unknown";
	}
}
