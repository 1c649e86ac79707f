/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The config parser: any bytes as one drop-in file, then what a caller asks. */
#include "fuzz.h"

/* A root that does not exist: lookups touch nothing of the host. */
#define ROOT "/nonexistent-romresolve-fuzz"

static void check_dirs(GPtrArray *dirs)
{
	for (guint i = 0; i < dirs->len; i++) {
		const RomresolveDir *d = dirs->pdata[i];
		uint64_t max = romresolve_dir_get_max_size(d);

		FUZZ_CHECK(romresolve_dir_get_path(d)[0] == '/');
		/* [dir /] is the root itself. */
		FUZZ_CHECK(strcmp(romresolve_dir_get_full_path(d), ROOT) == 0 ||
			   g_str_has_prefix(romresolve_dir_get_full_path(d), ROOT "/"));
		FUZZ_CHECK(max != 0 && (max & (max - 1)) == 0);
		FUZZ_CHECK(romresolve_dir_get_arch(d) != NULL);
		/* Search order: by priority. */
		if (i > 0)
			FUZZ_CHECK(romresolve_dir_get_priority(dirs->pdata[i - 1]) <=
				   romresolve_dir_get_priority(d));
	}
}

static void lookup(RomresolveContext *ctx, const char *name, const char *arch, const char *machine)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(RomresolveResult) r =
	    romresolve_context_resolve(ctx, name, arch, machine, ROMRESOLVE_LOOKUP_ROM, &error);

	/* Nothing exists under the root. */
	FUZZ_CHECK(r == NULL);
	FUZZ_CHECK_ONE_LINE(error);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(RomresolveContext) ctx =
	    romresolve_context_new_from_data(ROOT, "fuzz.conf", (const char *)data, size, &error);
	static const char *const machines[] = {NULL, "pc-i440fx-2.9", "pc-q35-10.0", "virt-9.2"};

	if (!ctx) {
		FUZZ_CHECK(g_error_matches(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_CONFIG));
		FUZZ_CHECK(g_str_has_prefix(error->message, "fuzz.conf:"));
		FUZZ_CHECK_ONE_LINE(error);
		return 0;
	}
	{
		g_autoptr(GPtrArray) all = romresolve_context_get_dirs(ctx, NULL, NULL, NULL);
		g_autoptr(GPtrArray) rules = romresolve_context_get_rules(ctx, NULL, NULL, NULL);

		check_dirs(all);
		for (guint i = 0; i < rules->len; i++) {
			const RomresolveRule *r = rules->pdata[i];
			(void)romresolve_rule_get_map(r, "efi-virtio.rom");
			FUZZ_CHECK(romresolve_rule_get_name(r)[0] != '\0');
		}
	}
	for (size_t m = 0; m < G_N_ELEMENTS(machines); m++) {
		g_autoptr(GPtrArray) dirs =
		    romresolve_context_get_dirs(ctx, "x86_64", machines[m], NULL);
		g_autoptr(GPtrArray) rules =
		    romresolve_context_get_rules(ctx, "x86_64", machines[m], NULL);

		FUZZ_CHECK(dirs && rules);
		check_dirs(dirs);
	}
	for (const char *const *dev = romresolve_context_get_devices(ctx); *dev; dev++) {
		const char *romfile =
		    romresolve_context_get_device_romfile(ctx, *dev, "x86_64", "pc-i440fx-2.9");
		FUZZ_CHECK(romfile && (!*romfile || romresolve_name_validate(romfile, NULL)));
		if (*romfile)
			lookup(ctx, romfile, "x86_64", "pc-i440fx-2.9");
	}
	lookup(ctx, "efi-virtio.rom", "aarch64", "virt-9.2");
	FUZZ_CHECK(!romresolve_context_is_default(ctx));
	return 0;
}
