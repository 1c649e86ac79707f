/* SPDX-License-Identifier: GPL-2.0-or-later */
/* list: the effective search path for a target and machine type. */
#include "cli.h"

#include <string.h>

/* A space-separated filter as an array; NULL or "*" (every one) as null. */
static void words_json(JsonWriter *b, const char *member, const char *words)
{
	g_auto(GStrv) list = NULL;

	json_writer_set_member_name(b, member);
	if (!words || strcmp(words, "*") == 0) {
		json_writer_add_null_value(b);
		return;
	}
	list = g_strsplit_set(words, " ", -1);
	json_writer_begin_array(b);
	for (char **w = list; *w; w++)
		if (**w)
			json_writer_add_string_value(b, *w);
	json_writer_end_array(b);
}

static void strv_json(JsonWriter *b, const char *member, const char *const *list)
{
	json_writer_set_member_name(b, member);
	json_writer_begin_array(b);
	for (; *list; list++)
		json_writer_add_string_value(b, *list);
	json_writer_end_array(b);
}

static void list_json(Cli *cli, const CliArgs *args, const char *machine, GPtrArray *dirs,
		      GPtrArray *rules)
{
	RomresolveContext *ctx = args->ctx;
	g_autoptr(JsonWriter) b = cli_json_begin("list");

	cli_json_string(b, "root", romresolve_context_get_root(ctx));
	cli_json_string(b, "arch", args->arch);
	cli_json_string(b, "machine", machine);
	json_writer_set_member_name(b, "embedded_default");
	json_writer_add_boolean_value(b, romresolve_context_is_default(ctx));
	strv_json(b, "files", romresolve_context_get_files(ctx));
	strv_json(b, "shadowed", romresolve_context_get_shadowed(ctx));
	json_writer_set_member_name(b, "dirs");
	json_writer_begin_array(b);
	for (guint i = 0; i < dirs->len; i++) {
		const RomresolveDir *d = dirs->pdata[i];
		json_writer_begin_object(b);
		cli_json_string(b, "path", romresolve_dir_get_path(d));
		cli_json_string(b, "full_path", romresolve_dir_get_full_path(d));
		json_writer_set_member_name(b, "priority");
		json_writer_add_int_value(b, romresolve_dir_get_priority(d));
		cli_json_size(b, "max_size", romresolve_dir_get_max_size(d));
		cli_json_size(b, "romsize", romresolve_dir_get_rom_size(d));
		words_json(b, "arch", romresolve_dir_get_arch(d));
		words_json(b, "machine", romresolve_dir_get_machine(d));
		json_writer_set_member_name(b, "strict_modes");
		json_writer_add_boolean_value(b, romresolve_dir_get_strict_modes(d));
		cli_json_origin(b, "", romresolve_dir_get_file(d), romresolve_dir_get_line(d));
		/* Null: the default max-size; no rom-size. */
		cli_json_origin(b, "max_size_", romresolve_dir_get_max_size_file(d),
				romresolve_dir_get_max_size_line(d));
		cli_json_origin(b, "romsize_", romresolve_dir_get_rom_size_file(d),
				romresolve_dir_get_rom_size_line(d));
		json_writer_end_object(b);
	}
	json_writer_end_array(b);
	json_writer_set_member_name(b, "rules");
	json_writer_begin_array(b);
	for (guint i = 0; i < rules->len; i++) {
		const RomresolveRule *r = rules->pdata[i];
		json_writer_begin_object(b);
		cli_json_string(b, "name", romresolve_rule_get_name(r));
		cli_json_size(b, "max_size", romresolve_rule_get_max_size(r));
		cli_json_size(b, "romsize", romresolve_rule_get_rom_size(r));
		cli_json_origin(b, "", romresolve_rule_get_file(r), romresolve_rule_get_line(r));
		cli_json_origin(b, "max_size_", romresolve_rule_get_max_size_file(r),
				romresolve_rule_get_max_size_line(r));
		cli_json_origin(b, "romsize_", romresolve_rule_get_rom_size_file(r),
				romresolve_rule_get_rom_size_line(r));
		json_writer_end_object(b);
	}
	json_writer_end_array(b);
	cli_json_finish(cli, b);
}

static char *size_or_dash(uint64_t size)
{
	return size ? romresolve_size_format(size) : g_strdup("-");
}

/* "; KEY FILE:LINE" when the key in effect was set elsewhere than the
 * section's FILE:LINE (its header in another file), "; KEY default" when no
 * file set it and @dflt; else nothing. Appended to @s. */
static void origin_note(GString *s, const char *key, const char *file, unsigned line,
			const char *section_file, unsigned section_line, gboolean dflt)
{
	if (!file && dflt)
		g_string_append_printf(s, "; %s default", key);
	else if (file && (line != section_line || strcmp(file, section_file) != 0))
		g_string_append_printf(s, "; %s %s:%u", key, file, line);
}

static void list_text(Cli *cli, RomresolveContext *ctx, GPtrArray *dirs, GPtrArray *rules)
{
	cli_out_line(cli, "%-8s %-10s %-10s %-14s %-12s %s", "PRIORITY", "MAX-SIZE", "ROM-SIZE",
		     "ARCH", "MACHINE", "DIR (FROM)");
	for (guint i = 0; i < dirs->len; i++) {
		const RomresolveDir *d = dirs->pdata[i];
		g_autofree char *max = size_or_dash(romresolve_dir_get_max_size(d));
		g_autofree char *rom = size_or_dash(romresolve_dir_get_rom_size(d));
		const char *machine = romresolve_dir_get_machine(d);

		const char *file = romresolve_dir_get_file(d);
		unsigned line = romresolve_dir_get_line(d);
		g_autoptr(GString) from = g_string_new(NULL);

		/* The dir's FILE:LINE; its sizes' where another file set them. */
		g_string_printf(from, "%s:%u", file, line);
		origin_note(from, "max-size", romresolve_dir_get_max_size_file(d),
			    romresolve_dir_get_max_size_line(d), file, line, TRUE);
		origin_note(from, "rom-size", romresolve_dir_get_rom_size_file(d),
			    romresolve_dir_get_rom_size_line(d), file, line, FALSE);
		cli_out_line(cli, "%-8d %-10s %-10s %-14s %-12s %s (%s)",
			     romresolve_dir_get_priority(d), max, rom, romresolve_dir_get_arch(d),
			     machine ? machine : "*", romresolve_dir_get_full_path(d), from->str);
	}
	for (guint i = 0; i < rules->len; i++) {
		const RomresolveRule *r = rules->pdata[i];
		g_autofree char *max = size_or_dash(romresolve_rule_get_max_size(r));
		g_autofree char *rom = size_or_dash(romresolve_rule_get_rom_size(r));

		const char *file = romresolve_rule_get_file(r);
		unsigned line = romresolve_rule_get_line(r);
		g_autoptr(GString) from = g_string_new(NULL);

		g_string_printf(from, "%s:%u", file, line);
		origin_note(from, "max-size", romresolve_rule_get_max_size_file(r),
			    romresolve_rule_get_max_size_line(r), file, line, FALSE);
		origin_note(from, "rom-size", romresolve_rule_get_rom_size_file(r),
			    romresolve_rule_get_rom_size_line(r), file, line, FALSE);
		cli_out_line(cli, "rule [machine %s]: max-size %s, rom-size %s (%s)",
			     romresolve_rule_get_name(r), max, rom, from->str);
	}
	for (const char *const *f = romresolve_context_get_files(ctx); *f; f++)
		cli_out_line(cli, "read: %s", *f);
	for (const char *const *f = romresolve_context_get_shadowed(ctx); *f; f++)
		cli_out_line(cli, "not read: %s", *f);
}

static int run_list(Cli *cli, CliArgs *args)
{
	g_autoptr(GPtrArray) dirs = NULL, rules = NULL;
	g_autoptr(GError) error = NULL;
	/* With --arch, the machine type as its binary resolves it (no
	 * --machine: its default); without, --machine as written. */
	const char *machine = args->arch ? args->machine_type : args->machine;

	dirs = romresolve_context_get_dirs(args->ctx, args->arch, machine, &error);
	if (dirs)
		rules = romresolve_context_get_rules(args->ctx, args->arch, machine, &error);
	if (!rules)
		return cli_fail(cli, error);
	if (args->json) {
		list_json(cli, args, machine, dirs, rules);
		return CLI_OK;
	}
	/* The machine type the binary made of --machine, or its default. */
	if (args->arch && machine && !args->no_binary) {
		g_autofree char *how = cli_machine_how(args);
		cli_out_line(cli, "for %s, machine %s%s", args->arch, machine, how);
	}
	list_text(cli, args->ctx, dirs, rules);
	return CLI_OK;
}

static const CliOption list_options[] = {
    CLI_OPTION_ARCH("Only dirs for this QEMU target", FALSE),
    CLI_OPTION_MACHINE("Only dirs and rules for this machine type (with --arch: as QEMU takes "
		       "it, default the binary's default)"),
    CLI_OPTION_QEMU("The QEMU binary whose facts apply (default: qemu-system-ARCH on PATH)"),
    CLI_OPTION_ROOT("Prefix every config and search dir with DIR"),
    CLI_OPTION_JSON,
    CLI_OPTION_END,
};

const CliCommand cli_cmd_list = {
    .name = "list",
    .summary = "show the effective search path",
    .description = "Show the search path in order, with ceilings and sources.",
    .options = list_options,
    .args_size = sizeof(CliArgs),
    .json = "list",
    .flags = CLI_CONTEXT | CLI_QEMU_FACTS,
    .run = run_list,
};
