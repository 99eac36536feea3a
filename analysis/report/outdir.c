// SPDX-License-Identifier: MIT
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Empty, or holding @marker (an earlier report): safe to replace. */
static int replaceable(const char *dir, const char *marker, bool *empty)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool has_marker = false;

	*empty = true;
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		*empty = false;
		has_marker |= !strcmp(e->d_name, marker);
	}
	closedir(d);
	return *empty || has_marker ? 0 : -1;
}

int tsob_outdir_begin(const char *final, const char *marker, char *tmp, size_t len, char *why,
		      size_t wlen)
{
	struct stat st;
	bool empty;

	if (!*final) {
		snprintf(why, wlen, "empty output directory name");
		return -1;
	}
	if (!stat(final, &st)) {
		if (!S_ISDIR(st.st_mode)) {
			snprintf(why, wlen, "%s exists and is not a directory", final);
			return -1;
		}
		if (replaceable(final, marker, &empty)) {
			snprintf(why, wlen,
				 "%s exists and is not an earlier report (no %s in it): "
				 "choose another -o",
				 final, marker);
			return -1;
		}
	}
	if (snprintf(tmp, len, "%s.tmpXXXXXX", final) >= (int)len) {
		snprintf(why, wlen, "output directory name too long");
		return -1;
	}
	if (!mkdtemp(tmp)) {
		snprintf(why, wlen, "cannot create the report directory beside %s: %s", final,
			 strerror(errno));
		return -1;
	}
	chmod(tmp, 0755);
	return 0;
}

void tsob_outdir_discard(const char *tmp)
{
	DIR *d = opendir(tmp);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
	rmdir(tmp);
}

int tsob_outdir_commit(const char *final, const char *tmp, char *why, size_t wlen)
{
	struct stat st;

	if (stat(final, &st)) {
		if (!rename(tmp, final))
			return 0;
	} else if (!renameat2(AT_FDCWD, tmp, AT_FDCWD, final, RENAME_EXCHANGE)) {
		/* @tmp now holds the earlier report. */
		tsob_outdir_discard(tmp);
		return 0;
	}
	snprintf(why, wlen, "cannot move the report into place as %s: %s", final, strerror(errno));
	return -1;
}
