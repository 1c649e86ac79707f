/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A main() for builds without libFuzzer: run each file given (or each file in
 * each directory given) through LLVMFuzzerTestOneInput once. The seed corpus
 * and every regression seed so become a plain test in every build, under
 * ASan, UBSan and valgrind too.
 */
#include "fuzz.h"

static int run_file(const char *path)
{
	g_autofree char *data = NULL;
	g_autoptr(GError) error = NULL;
	gsize len;

	if (!g_file_get_contents(path, &data, &len, &error)) {
		fprintf(stderr, "%s\n", error->message);
		exit(1);
	}
	LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	return 1;
}

static int run_dir(const char *path)
{
	g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const char *name;
	int n = 0;

	if (!d)
		return run_file(path);
	while ((name = g_dir_read_name(d)))
		g_ptr_array_add(names, g_build_filename(path, name, NULL));
	for (guint i = 0; i < names->len; i++)
		n += run_file(names->pdata[i]);
	return n;
}

int main(int argc, char **argv)
{
	int n = 0;

	for (int i = 1; i < argc; i++)
		n += run_dir(argv[i]);
	printf("%d inputs ran\n", n);
	/* A replay of nothing would pass without testing anything. */
	return n > 0 ? 0 : 1;
}
