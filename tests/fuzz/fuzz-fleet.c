/* SPDX-License-Identifier: GPL-2.0-or-later */
/* compare --fleet's streaming reader: any bytes as a host's manifest or
 * fact file. */
#include "fleet/export.h"
#include "fleet/fleet.h"
#include "fuzz.h"
#include "manifest.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	Fleet *f = fleet_new(), *back = NULL;
	FactsInfo info = {.host = "h"};
	g_autofree char *facts = NULL;

	if (!fleet_add_data(f, "fleet", (const char *)data, size, &error)) {
		/* One line naming the data, whatever the input. */
		FUZZ_CHECK(error && error->domain == MANIFEST_ERROR);
		FUZZ_CHECK(g_str_has_prefix(error->message, "fleet: "));
		FUZZ_CHECK_MESSAGE(error);
		fleet_free(f);
		return 0;
	}
	FUZZ_CHECK(fleet_n_hosts(f) == 1);
	/* What the streaming reader takes, the manifest reader takes too,
	 * unless it is a fact file: one has its format's name in it (and may
	 * well say "romresolve-manifest" somewhere too). */
	if (!memmem(data, size, FACTS_FORMAT, strlen(FACTS_FORMAT))) {
		g_autoptr(Manifest) m =
		    manifest_new_from_data("m", (const char *)data, (gssize)size, NULL);
		FUZZ_CHECK(m != NULL);
	}
	/* A host's guests migrate to a host of its own class. */
	for (guint m = 0; m < fleet_n_machines(f); m++) {
		int c = fleet_host_class(f, 0, m), to;
		guint n;
		const FleetRom *roms;

		FUZZ_CHECK(c >= 0);
		roms = fleet_class_roms(f, (guint)c, &n);
		FUZZ_CHECK(fleet_class_first_clash(roms, n, roms, n, FALSE, &to) == -1);
	}
	/* Its fact file reads back as the same classes. */
	facts = facts_to_json(f, &info);
	back = fleet_new();
	FUZZ_CHECK(fleet_add_data(back, "facts", facts, strlen(facts), NULL));
	FUZZ_CHECK(fleet_n_machines(back) == fleet_n_machines(f));
	for (guint m = 0; m < fleet_n_machines(f); m++) {
		const char *arch = fleet_machine_arch(f, m), *machine = fleet_machine_name(f, m);
		gboolean found = FALSE;

		for (guint k = 0; k < fleet_n_machines(back); k++)
			if (strcmp(fleet_machine_arch(back, k), arch) == 0 &&
			    g_strcmp0(fleet_machine_name(back, k), machine) == 0) {
				FUZZ_CHECK(
				    strcmp(fleet_class_name(f, (guint)fleet_host_class(f, 0, m)),
					   fleet_class_name(
					       back, (guint)fleet_host_class(back, 0, k))) == 0);
				found = TRUE;
			}
		FUZZ_CHECK(found);
	}
	fleet_free(back);
	fleet_free(f);
	return 0;
}
