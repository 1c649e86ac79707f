/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Print the QEMU target names the library knows, one a line: what the docs
 * and the bash completion must list. */
#include <romresolve.h>
#include <stdio.h>

int main(void)
{
	for (const char *const *a = romresolve_arch_get_all(); *a; a++)
		printf("%s\n", *a);
	return 0;
}
