/* SPDX-License-Identifier: GPL-2.0-or-later */
/* facts: this host's ABI classes for node_exporter and Ansible. */
#include "cli.h"

#include "baseline.h"
#include "fleet/export.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
	CliArgs common;
	char *format;
	char *host;
	char *baseline;
	char *output;
} FactsArgs;

/* The drift from the baseline (NULL *@path: none): what check --against
 * counts. */
static gboolean baseline_drift(Cli *cli, CliArgs *args, char **path, guint *drift, GError **error)
{
	const FactsArgs *a = (const FactsArgs *)args;
	g_autofree char *file = a->baseline
				    ? g_strdup(a->baseline)
				    : cli_baseline_path(romresolve_context_get_root(args->ctx));
	g_autoptr(Manifest) m = NULL;
	g_autoptr(GPtrArray) verdicts = NULL;
	guint clashes = 0, missing = 0;
	struct stat st;

	(void)cli;
	*path = NULL;
	if (!a->baseline && stat(file, &st) != 0 && errno == ENOENT)
		return TRUE;
	if (!(m = manifest_new_from_file(file, error)))
		return FALSE;
	verdicts = manifest_check_against(m, args->ctx, cli_facts_host_machine, args->facts,
					  &clashes, &missing);
	*drift = clashes + missing;
	*path = g_steal_pointer(&file);
	return TRUE;
}

static int run_facts(Cli *cli, CliArgs *args)
{
	const FactsArgs *a = (const FactsArgs *)args;
	gboolean ansible = strcmp(a->format, "ansible") == 0;
	g_autoptr(Manifest) m = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) found = NULL;
	g_autofree char *manifest = NULL, *text = NULL, *baseline = NULL;
	g_autofree char *host = NULL;
	Fleet *f = NULL;
	FactsInfo info = {0};

	if (!ansible && strcmp(a->format, "prometheus") != 0) {
		cli_error(cli, "facts: --format: '%s' is neither prometheus nor ansible",
			  a->format);
		return CLI_USAGE;
	}
	/* Ansible reads what the fact prints: a document, also on failure. */
	if (ansible && !a->output)
		cli->json_cmd = "facts";
	/* As manifest names it: under --root, the root's /etc/hostname. */
	host = a->host ? g_strdup(a->host) : cli_host_name(args->root);
	info.host = host;
	m = cli_manifest_build(cli, args, info.host, NULL, FALSE, NULL, &error);
	if (!m || !baseline_drift(cli, args, &baseline, &info.drift, &error))
		return cli_fail(cli, error);
	/* The classes are what compare --fleet makes of the manifest. */
	manifest = manifest_to_json(m);
	f = fleet_new();
	if (!fleet_add_data(f, "this host's manifest", manifest, strlen(manifest), &error)) {
		fleet_free(f);
		return cli_fail(cli, error);
	}
	found = romresolve_context_check(args->ctx);
	info.findings = romresolve_findings_count(found);
	info.baseline = baseline;
	info.made = g_get_real_time() / G_USEC_PER_SEC;
	text = ansible ? facts_to_json(f, &info) : facts_to_prometheus(f, &info);
	fleet_free(f);
	if (ansible) {
		g_autofree char *line = g_strconcat(text, "\n", NULL);
		g_free(text);
		text = g_steal_pointer(&line);
	}
	if (!a->output) {
		cli_write(cli, text);
		cli->json_done = TRUE;
		return CLI_OK;
	}
	if (!fleet_write_file(a->output, text, &error))
		return cli_fail(cli, error);
	return CLI_OK;
}

static const CliOption facts_options[] = {
    {"format", 0, CLI_VALUE, TRUE, offsetof(FactsArgs, format), "prometheus|ansible",
     "node_exporter's textfile format, or a fact file (JSON) for Ansible's facts.d"},
    CLI_OPTION_ROOT("Prefix every config and search dir (and the baseline) with DIR"),
    CLI_OPTION_ARCHES("QEMU target, repeatable (default x86_64)"),
    CLI_OPTION_MACHINES("Machine type, repeatable (default: every one the binary has)"),
    CLI_OPTION_QEMU("The QEMU binary (one arch; default: qemu-system-ARCH from PATH)"),
    {"host", 0, CLI_VALUE, FALSE, offsetof(FactsArgs, host), "NAME",
     "Host name to record (default: this one; under --root, the root's /etc/hostname)"},
    {"baseline", 0, CLI_VALUE, FALSE, offsetof(FactsArgs, baseline), "MANIFEST",
     "The saved manifest drift is counted from (default " CLI_BASELINE_PATH ")"},
    {"output", 'o', CLI_VALUE, FALSE, offsetof(FactsArgs, output), "FILE",
     "Replace FILE atomically instead of printing (node_exporter's textfile dir)"},
    CLI_OPTION_END,
};

const CliCommand cli_cmd_facts = {
    .name = "facts",
    .summary = "this host's ABI classes for Prometheus or Ansible",
    .description = "Export this host's ABI class per (arch, machine type), check findings and "
		   "drift from its baseline, for node_exporter's textfile collector or "
		   "Ansible's facts.d.",
    .options = facts_options,
    .args_size = sizeof(FactsArgs),
    .json = "facts",
    .default_arch = "x86_64",
    .flags = CLI_CONTEXT | CLI_QEMU_FACTS,
    .run = run_facts,
};
