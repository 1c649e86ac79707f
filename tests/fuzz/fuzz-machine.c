/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Machine-type globs: the input's first line is a list of globs, used both as
 * a [dir]'s machine filter and as a [machine] rule's match; the rest is the
 * machine type name a caller asks about. The dir applies exactly when the
 * rule without bounds does.
 */
#include "fuzz.h"

#define ROOT "/nonexistent-romresolve-fuzz"

static const char fallback_globs[] = "pc-i440fx-* pc-q35-? *-2.1? virt*";

static RomresolveContext *load(const char *globs)
{
	g_autofree char *text = g_strdup_printf("[dir /all]\n"
						"priority = 10\n"
						"[dir /globbed]\n"
						"priority = 20\n"
						"machine = %s\n"
						"[machine any]\n"
						"match = %s\n"
						"[machine bounded]\n"
						"match = %s\n"
						"since = 2.4\n"
						"until = 9.2\n"
						"map = efi-virtio.rom compat.rom\n",
						globs, globs, globs);

	return romresolve_context_new_from_data(ROOT, "fuzz.conf", text, strlen(text), NULL);
}

static gboolean has_rule(GPtrArray *rules, const char *name)
{
	for (guint i = 0; i < rules->len; i++)
		if (strcmp(romresolve_rule_get_name(rules->pdata[i]), name) == 0)
			return TRUE;
	return FALSE;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *rest;
	g_autofree char *globs = fuzz_split(data, size, &rest);
	g_autofree char *machine = rest ? rest : g_strdup("pc-q35-2.10");
	g_autoptr(RomresolveContext) ctx = load(globs);
	g_autoptr(GPtrArray) dirs = NULL, rules = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(RomresolveResult) r = NULL;
	gboolean globbed;

	if (!ctx)
		ctx = load(fallback_globs);
	FUZZ_CHECK(ctx != NULL);
	dirs = romresolve_context_get_dirs(ctx, "x86_64", machine, &error);
	FUZZ_CHECK_MESSAGE(error);
	if (!dirs) {
		FUZZ_CHECK(
		    g_error_matches(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT));
		return 0;
	}
	rules = romresolve_context_get_rules(ctx, "x86_64", machine, NULL);
	FUZZ_CHECK(rules != NULL);
	FUZZ_CHECK(dirs->len == 1 || dirs->len == 2);
	FUZZ_CHECK(strcmp(romresolve_dir_get_path(dirs->pdata[0]), "/all") == 0);
	globbed = dirs->len == 2;
	FUZZ_CHECK(globbed == has_rule(rules, "any"));
	FUZZ_CHECK(!has_rule(rules, "bounded") || globbed);
	if (has_rule(rules, "bounded")) {
		const char *v = romresolve_machine_get_version(machine);
		FUZZ_CHECK(v && romresolve_version_compare(v, "2.4") >= 0 &&
			   romresolve_version_compare(v, "9.2") <= 0);
	}

	r = romresolve_context_lookup(ctx, "efi-virtio.rom", "x86_64", machine,
				      ROMRESOLVE_LOOKUP_ROM, NULL);
	FUZZ_CHECK(r && !romresolve_result_is_found(r));
	/* The compat name first, in every dir that applies; then the name. */
	FUZZ_CHECK(romresolve_result_get_n_candidates(r) ==
		   dirs->len * (has_rule(rules, "bounded") ? 2 : 1));
	return 0;
}
