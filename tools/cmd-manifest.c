/* SPDX-License-Identifier: GPL-2.0-or-later */
/* manifest and compare: what admins run before migrating guests. */
#include "cli.h"

int cmd_manifest(Cli *cli, int argc, char **argv)
{
	g_autofree char *root = NULL, *host = NULL, *stock_path = NULL;
	g_auto(GStrv) arches = NULL, machines = NULL, names = NULL;
	gboolean stock = FALSE;
	GOptionEntry entries[] = {
	    {"root", 0, 0, G_OPTION_ARG_FILENAME, &root,
	     "Prefix every config and search dir with DIR", "DIR"},
	    {"arch", 'a', 0, G_OPTION_ARG_STRING_ARRAY, &arches,
	     "QEMU target, repeatable (default x86_64)", "A"},
	    {"machine", 'M', 0, G_OPTION_ARG_STRING_ARRAY, &machines,
	     "Concrete machine type, repeatable", "M"},
	    {"name", 'n', 0, G_OPTION_ARG_STRING_ARRAY, &names,
	     "ROM name, repeatable (default: the device table and every option ROM)", "NAME"},
	    {"stock", 0, 0, G_OPTION_ARG_NONE, &stock,
	     "As unmodified QEMU would: its search order, pow2ceil of the file", NULL},
	    {"stock-path", 0, 0, G_OPTION_ARG_STRING, &stock_path,
	     "With --stock: QEMU's data dirs (default Debian's FIRMWAREPATH)", "P1:P2"},
	    {"host", 0, 0, G_OPTION_ARG_STRING, &host, "Host name to record (default: this one)",
	     "NAME"},
	    G_OPTION_ENTRY_NULL,
	};
	static const char *const default_arches[] = {"x86_64", NULL};
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(Manifest) m = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *text = NULL;
	int status = cli_parse(cli, "manifest", " [--arch A...] [--machine M...] [--stock]",
			       "Record the ROM BAR each (arch, machine type, ROM) gets, as JSON.",
			       entries, &argc, &argv);

	if (status >= 0)
		return status;
	if (argc > 1) {
		cli_error(cli, "manifest: unexpected argument '%s'", argv[1]);
		return CLI_USAGE;
	}
	ctx = cli_context_new(cli, root, &error);
	if (!ctx)
		return cli_fail(cli, error);
	m = manifest_new_from_context(ctx, host ? host : g_get_host_name(),
				      arches ? (const char *const *)arches : default_arches,
				      (const char *const *)machines, (const char *const *)names,
				      stock, stock_path, &error);
	if (!m)
		return cli_fail(cli, error);
	text = manifest_to_json(m);
	fprintf(cli->out, "%s\n", text);
	return CLI_OK;
}

int cmd_compare(Cli *cli, int argc, char **argv)
{
	g_autoptr(Manifest) old_m = NULL, new_m = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) verdicts = NULL;
	g_autofree char *summary = NULL;
	guint clashes = 0, missing = 0;
	int status = cli_parse(cli, "compare", " OLD.json NEW.json",
			       "Predict, per entry, whether a guest migrates from OLD to NEW.",
			       NULL, &argc, &argv);

	if (status >= 0)
		return status;
	if (argc != 3) {
		cli_error(cli, "compare: needs two manifests: OLD.json NEW.json");
		return CLI_USAGE;
	}
	old_m = manifest_new_from_file(argv[1], &error);
	if (old_m)
		new_m = manifest_new_from_file(argv[2], &error);
	if (!new_m)
		return cli_fail(cli, error);
	verdicts = manifest_compare(old_m, new_m, &clashes, &missing);
	for (guint i = 0; i < verdicts->len; i++) {
		const ManifestVerdict *v = verdicts->pdata[i];
		g_autofree char *label = manifest_entry_label(v->name, v->machine, v->arch);
		g_autofree char *msg = manifest_verdict_message(v);
		g_autofree char *line = g_strdup_printf(
		    "%s: %s: %s", v->kind == MANIFEST_VERDICT_OK ? "ok" : "clash", label, msg);
		cli_print_line(cli->out, line);
	}
	clashes += missing;
	summary = g_strdup_printf("%u clash%s: guests %s migrate from %s to %s", clashes,
				  clashes == 1 ? "" : "es", clashes ? "cannot all" : "can",
				  manifest_get_host(old_m), manifest_get_host(new_m));
	cli_print_line(cli->out, summary);
	return clashes ? CLI_FAILED : CLI_OK;
}
