/* SPDX-License-Identifier: GPL-2.0-or-later */
/* compare --fleet: hosts grouped by class, and which classes migrate. */
#include "cmd-fleet.h"

#include "fleet/export.h"
#include "fleet/html.h"
#include "fleet/view.h"

#include <string.h>

static char *host_names(const Fleet *f, const GArray *hosts)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < hosts->len; i++) {
		if (i)
			g_string_append(s, ", ");
		g_string_append(s, fleet_host_name(f, g_array_index(hosts, guint, i)));
	}
	return g_string_free(s, FALSE);
}

static const char *plural(guint n, const char *s)
{
	return n == 1 ? "" : s;
}

/* Where a class's hosts were listed last: they are listed once, and "the
 * same as for" the machine type that listed them while they stay the same. */
typedef struct {
	guint machine;
	GArray *hosts;
} Listed;

static void listed_free(Listed *l)
{
	g_array_free(l->hosts, TRUE);
	g_free(l);
}

static char *hosts_text(const Fleet *f, GHashTable *listed, guint cls, guint machine,
			const GArray *hosts)
{
	Listed *l = g_hash_table_lookup(listed, GUINT_TO_POINTER(cls + 1));
	const char *name;

	if (l && l->hosts->len == hosts->len &&
	    memcmp(l->hosts->data, hosts->data, hosts->len * sizeof(guint)) == 0) {
		name = fleet_machine_name(f, l->machine);
		return g_strdup_printf("the same as for %s %s", fleet_machine_arch(f, l->machine),
				       name ? name : "(no machine type)");
	}
	l = g_new0(Listed, 1);
	l->machine = machine;
	l->hosts = g_array_copy((GArray *)hosts);
	g_hash_table_insert(listed, GUINT_TO_POINTER(cls + 1), l);
	return host_names(f, hosts);
}

/* One machine type as text; returns the pairs that cannot migrate. */
static guint machine_text(Cli *cli, const Fleet *f, const FleetView *v, GHashTable *listed)
{
	const char *name = fleet_machine_name(f, v->machine);
	const char *arch = fleet_machine_arch(f, v->machine);
	guint cannot = 0;

	if (v->n_classes == 1) {
		cli_out_line(cli, "%s %s: class %s, %u host%s", arch,
			     name ? name : "(no machine type)", fleet_class_name(f, v->classes[0]),
			     v->hosts[0]->len, plural(v->hosts[0]->len, "s"));
	} else {
		cli_out_line(cli, "%s %s: %u classes", arch, name ? name : "(no machine type)",
			     v->n_classes);
		for (guint k = 0; k < v->n_classes; k++) {
			g_autofree char *hosts =
			    hosts_text(f, listed, v->classes[k], v->machine, v->hosts[k]);
			cli_out_line(cli, "  class %s, %u host%s: %s",
				     fleet_class_name(f, v->classes[k]), v->hosts[k]->len,
				     plural(v->hosts[k]->len, "s"), hosts);
		}
	}
	if (v->unrecorded->len) {
		g_autofree char *hosts = host_names(f, v->unrecorded);
		cli_out_line(cli, "  no entry, %u host%s: %s", v->unrecorded->len,
			     plural(v->unrecorded->len, "s"), hosts);
	}
	for (guint i = 0; i < v->n_classes; i++)
		for (guint j = 0; j < v->n_classes; j++) {
			g_autoptr(ManifestVerdict) verdict = NULL;
			g_autofree char *text = NULL;

			if (i == j)
				continue;
			verdict = fleet_view_verdict(f, v, i, j);
			if (!verdict) {
				cli_out_line(cli, "  %s to %s: can",
					     fleet_class_name(f, v->classes[i]),
					     fleet_class_name(f, v->classes[j]));
				continue;
			}
			cannot++;
			text = fleet_verdict_text(verdict);
			cli_out_line(cli, "  %s to %s: cannot: %s: %s",
				     fleet_class_name(f, v->classes[i]),
				     fleet_class_name(f, v->classes[j]),
				     manifest_verdict_kind_name(verdict->kind), text);
		}
	return cannot;
}

static void hosts_json(JsonWriter *w, const Fleet *f, const char *member, const GArray *hosts)
{
	json_writer_set_member_name(w, member);
	json_writer_begin_array(w);
	for (guint i = 0; i < hosts->len; i++)
		json_writer_add_string_value(w, fleet_host_name(f, g_array_index(hosts, guint, i)));
	json_writer_end_array(w);
}

static guint machine_json(JsonWriter *w, const Fleet *f, const FleetView *v)
{
	guint cannot = 0;

	json_writer_begin_object(w);
	cli_json_string(w, "arch", fleet_machine_arch(f, v->machine));
	cli_json_string(w, "machine", fleet_machine_name(f, v->machine));
	json_writer_set_member_name(w, "classes");
	json_writer_begin_array(w);
	for (guint k = 0; k < v->n_classes; k++) {
		json_writer_begin_object(w);
		cli_json_string(w, "class", fleet_class_name(f, v->classes[k]));
		hosts_json(w, f, "hosts", v->hosts[k]);
		json_writer_end_object(w);
	}
	json_writer_end_array(w);
	hosts_json(w, f, "unrecorded", v->unrecorded);
	json_writer_set_member_name(w, "pairs");
	json_writer_begin_array(w);
	for (guint i = 0; i < v->n_classes; i++)
		for (guint j = 0; j < v->n_classes; j++) {
			g_autoptr(ManifestVerdict) verdict = NULL;
			g_autofree char *text = NULL;

			if (i == j)
				continue;
			verdict = fleet_view_verdict(f, v, i, j);
			cannot += verdict != NULL;
			json_writer_begin_object(w);
			cli_json_string(w, "from", fleet_class_name(f, v->classes[i]));
			cli_json_string(w, "to", fleet_class_name(f, v->classes[j]));
			json_writer_set_member_name(w, "migrates");
			json_writer_add_boolean_value(w, verdict == NULL);
			cli_json_string(w, "kind",
					manifest_verdict_kind_name(verdict ? verdict->kind
									   : MANIFEST_VERDICT_OK));
			cli_json_string(w, "name", verdict ? verdict->name : NULL);
			json_writer_set_member_name(w, "from_ramblock");
			if (verdict)
				json_writer_add_uint_value(w, verdict->old_ramblock);
			else
				json_writer_add_null_value(w);
			json_writer_set_member_name(w, "to_ramblock");
			if (verdict && verdict->kind == MANIFEST_VERDICT_CLASH)
				json_writer_add_uint_value(w, verdict->new_ramblock);
			else
				json_writer_add_null_value(w);
			text = verdict ? fleet_verdict_text(verdict) : NULL;
			cli_json_string(w, "message", text);
			json_writer_end_object(w);
		}
	json_writer_end_array(w);
	json_writer_end_object(w);
	return cannot;
}

static int str_order(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void classes_json(JsonWriter *w, const Fleet *f)
{
	g_autoptr(GPtrArray) ids = g_ptr_array_new();
	g_autoptr(GHashTable) index = g_hash_table_new(g_str_hash, g_str_equal);

	for (guint c = 0; c < fleet_n_classes(f); c++) {
		g_ptr_array_add(ids, (gpointer)fleet_class_name(f, c));
		g_hash_table_insert(index, (gpointer)fleet_class_name(f, c), GUINT_TO_POINTER(c));
	}
	g_ptr_array_sort(ids, str_order);
	json_writer_set_member_name(w, "classes");
	json_writer_begin_array(w);
	for (guint i = 0; i < ids->len; i++) {
		guint c = GPOINTER_TO_UINT(g_hash_table_lookup(index, ids->pdata[i])), n;
		const FleetRom *roms = fleet_class_roms(f, c, &n);

		json_writer_begin_object(w);
		cli_json_string(w, "class", fleet_class_name(f, c));
		json_writer_set_member_name(w, "rom_from_stream");
		json_writer_add_boolean_value(w, fleet_class_from_stream(f, c));
		json_writer_set_member_name(w, "roms");
		json_writer_begin_array(w);
		for (guint r = 0; r < n; r++) {
			json_writer_begin_object(w);
			cli_json_string(w, "name", roms[r].name);
			cli_json_uint(w, "romsize", roms[r].romsize);
			cli_json_uint(w, "ramblock", roms[r].ramblock);
			json_writer_end_object(w);
		}
		json_writer_end_array(w);
		json_writer_end_object(w);
	}
	json_writer_end_array(w);
}

int fleet_compare(Cli *cli, char **operands, gboolean json, const char *html)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GArray) hosts = NULL, machines = NULL;
	g_autoptr(JsonWriter) w = NULL;
	g_autoptr(GHashTable) listed =
	    g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, (GDestroyNotify)listed_free);
	Fleet *f = fleet_new();
	guint cannot = 0;

	if (json)
		cli->json_cmd = "fleet";
	for (char **p = operands; *p; p++)
		if (!fleet_add_path(f, *p, &error)) {
			fleet_free(f);
			return cli_fail(cli, error);
		}
	if (fleet_n_hosts(f) == 0) {
		fleet_free(f);
		cli_error(cli, "compare: --fleet: no manifest or fact file in %s%s", operands[0],
			  operands[1] ? " ..." : "");
		return CLI_USAGE;
	}
	if (html) {
		g_autofree char *page = fleet_html(f);
		if (!fleet_write_file(html, page, &error)) {
			fleet_free(f);
			return cli_fail(cli, error);
		}
	}
	hosts = fleet_hosts_sorted(f);
	machines = fleet_machines_sorted(f);
	if (json) {
		w = cli_json_begin("fleet");
		json_writer_set_member_name(w, "hosts");
		json_writer_begin_array(w);
		for (guint i = 0; i < hosts->len; i++) {
			guint h = g_array_index(hosts, guint, i);
			json_writer_begin_object(w);
			cli_json_string(w, "host", fleet_host_name(f, h));
			cli_json_string(w, "file", fleet_host_file(f, h));
			json_writer_end_object(w);
		}
		json_writer_end_array(w);
		classes_json(w, f);
		json_writer_set_member_name(w, "machines");
		json_writer_begin_array(w);
	}
	for (guint i = 0; i < machines->len; i++) {
		g_autoptr(FleetView) v =
		    fleet_view_new(f, g_array_index(machines, guint, i), hosts);
		cannot += json ? machine_json(w, f, v) : machine_text(cli, f, v, listed);
	}
	if (json) {
		json_writer_end_array(w);
		json_writer_set_member_name(w, "cannot");
		json_writer_add_int_value(w, cannot);
		json_writer_set_member_name(w, "compatible");
		json_writer_add_boolean_value(w, cannot == 0);
		cli_json_finish(cli, w);
	} else {
		cli_out_line(cli, "%u host%s, %u machine type%s, %u class%s: %s", fleet_n_hosts(f),
			     plural(fleet_n_hosts(f), "s"), fleet_n_machines(f),
			     plural(fleet_n_machines(f), "s"), fleet_n_classes(f),
			     plural(fleet_n_classes(f), "es"),
			     cannot ? "guests cannot all migrate" : "guests can all migrate");
		if (cannot)
			cli_out_line(cli, "%u pair%s of classes cannot migrate", cannot,
				     plural(cannot, "s"));
	}
	fleet_free(f);
	return cannot ? CLI_FAILED : CLI_OK;
}
