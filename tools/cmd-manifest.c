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
	    {"arch", 'a', 0, G_OPTION_ARG_FILENAME_ARRAY, &arches,
	     "QEMU target, repeatable (default x86_64)", "A"},
	    {"machine", 'M', 0, G_OPTION_ARG_FILENAME_ARRAY, &machines,
	     "Concrete machine type, repeatable", "M"},
	    {"name", 'n', 0, G_OPTION_ARG_FILENAME_ARRAY, &names,
	     "ROM name, repeatable (default: the device table and every option ROM)", "NAME"},
	    {"stock", 0, 0, G_OPTION_ARG_NONE, &stock,
	     "As unmodified QEMU would: its search order, pow2ceil of the file", NULL},
	    {"stock-path", 0, 0, G_OPTION_ARG_FILENAME, &stock_path,
	     "With --stock: QEMU's data dirs (default Debian's FIRMWAREPATH)", "P1:P2"},
	    {"host", 0, 0, G_OPTION_ARG_FILENAME, &host, "Host name to record (default: this one)",
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
	/* A manifest is JSON: its failures are documents too. */
	cli_json_mode(cli, "manifest");
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
	cli_write(cli, text);
	cli_write(cli, "\n");
	cli->json_done = TRUE;
	return CLI_OK;
}

static void side_json(JsonWriter *b, const char *member, const char *file, const Manifest *m)
{
	json_writer_set_member_name(b, member);
	json_writer_begin_object(b);
	cli_json_string(b, "file", file);
	cli_json_string(b, "host", manifest_get_host(m));
	cli_json_string(b, "mode", manifest_is_stock(m) ? "stock" : "romresolve");
	json_writer_end_object(b);
}

static void compare_json(Cli *cli, char **files, const Manifest *old_m, const Manifest *new_m,
			 GPtrArray *verdicts, guint clashes, guint missing)
{
	g_autoptr(JsonWriter) b = cli_json_begin("compare");

	side_json(b, "old", files[0], old_m);
	side_json(b, "new", files[1], new_m);
	json_writer_set_member_name(b, "verdicts");
	json_writer_begin_array(b);
	for (guint i = 0; i < verdicts->len; i++) {
		const ManifestVerdict *v = verdicts->pdata[i];
		g_autofree char *label = manifest_entry_label(v->name, v->machine, v->arch);
		g_autofree char *msg = manifest_verdict_message(v);
		g_autofree char *message = g_strdup_printf("%s: %s", label, msg);

		json_writer_begin_object(b);
		cli_json_string(b, "kind", manifest_verdict_kind_name(v->kind));
		cli_json_string(b, "arch", v->arch);
		cli_json_string(b, "machine", v->machine);
		cli_json_string(b, "name", v->name);
		/* RAMBlock lengths: 0 is no ROM; null on the new side: missing. */
		json_writer_set_member_name(b, "old_ramblock");
		json_writer_add_int_value(b, (gint64)v->old_ramblock);
		json_writer_set_member_name(b, "new_ramblock");
		if (v->kind == MANIFEST_VERDICT_MISSING)
			json_writer_add_null_value(b);
		else
			json_writer_add_int_value(b, (gint64)v->new_ramblock);
		cli_json_string(b, "path", v->path);
		cli_json_string(b, "reason", v->reason);
		cli_json_string(b, "message", message);
		json_writer_end_object(b);
	}
	json_writer_end_array(b);
	json_writer_set_member_name(b, "clashes");
	json_writer_add_int_value(b, clashes);
	json_writer_set_member_name(b, "missing");
	json_writer_add_int_value(b, missing);
	json_writer_set_member_name(b, "compatible");
	json_writer_add_boolean_value(b, clashes + missing == 0);
	cli_json_finish(cli, b);
}

static void compare_text(Cli *cli, const Manifest *old_m, const Manifest *new_m,
			 GPtrArray *verdicts, guint clashes, guint missing)
{
	for (guint i = 0; i < verdicts->len; i++) {
		const ManifestVerdict *v = verdicts->pdata[i];
		g_autofree char *label = manifest_entry_label(v->name, v->machine, v->arch);
		g_autofree char *msg = manifest_verdict_message(v);

		/* Host strings, names and reasons come from another host: escaped. */
		cli_out_line(cli, "%s: %s: %s", manifest_verdict_kind_name(v->kind), label, msg);
	}
	cli_out_line(cli, "%u clash%s, %u missing: guests %s migrate from %s to %s", clashes,
		     clashes == 1 ? "" : "es", missing, clashes + missing ? "cannot all" : "can",
		     manifest_get_host(old_m), manifest_get_host(new_m));
}

int cmd_compare(Cli *cli, int argc, char **argv)
{
	gboolean json = FALSE;
	GOptionEntry entries[] = {
	    {"json", 0, 0, G_OPTION_ARG_NONE, &json, "One JSON document on stdout", NULL},
	    G_OPTION_ENTRY_NULL,
	};
	g_autoptr(Manifest) old_m = NULL, new_m = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) verdicts = NULL;
	guint clashes = 0, missing = 0;
	int status = cli_parse(cli, "compare", " OLD.json NEW.json",
			       "Predict, per entry, whether a guest migrates from OLD to NEW.",
			       entries, &argc, &argv);

	if (status >= 0)
		return status;
	if (json)
		cli_json_mode(cli, "compare");
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
	if (json)
		compare_json(cli, argv + 1, old_m, new_m, verdicts, clashes, missing);
	else
		compare_text(cli, old_m, new_m, verdicts, clashes, missing);
	return clashes + missing ? CLI_FAILED : CLI_OK;
}
