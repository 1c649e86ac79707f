/* SPDX-License-Identifier: GPL-2.0-or-later */
/* facts' two formats. */
#include "export.h"

#include "json.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *made_text(gint64 made)
{
	g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc(made);

	return t ? g_date_time_format(t, "%Y-%m-%dT%H:%M:%SZ") : g_strdup("1970-01-01T00:00:00Z");
}

/* Every class a machine of host 0 has, once, in name order. */
static GArray *host_classes(const Fleet *f)
{
	g_autofree gboolean *used = g_new0(gboolean, fleet_n_classes(f) + 1);
	GArray *out = g_array_new(FALSE, FALSE, sizeof(guint));

	for (guint m = 0; m < fleet_n_machines(f); m++) {
		int c = fleet_host_class(f, 0, m);
		if (c >= 0 && !used[c]) {
			guint u = (guint)c;
			used[c] = TRUE;
			g_array_append_val(out, u);
		}
	}
	return out;
}

static int class_order(gconstpointer a, gconstpointer b, gpointer data)
{
	return strcmp(fleet_class_name(data, *(const guint *)a),
		      fleet_class_name(data, *(const guint *)b));
}

char *facts_to_json(const Fleet *f, const FactsInfo *info)
{
	g_autoptr(JsonWriter) w = json_writer_new();
	g_autoptr(GArray) machines = fleet_machines_sorted(f);
	g_autoptr(GArray) classes = host_classes(f);
	g_autofree char *made = made_text(info->made);
	const char *arch = NULL;

	g_array_sort_with_data(classes, class_order, (gpointer)f);
	json_writer_begin_object(w);
	json_writer_set_member_name(w, "format");
	json_writer_add_string_value(w, FACTS_FORMAT);
	json_writer_set_member_name(w, "version");
	json_writer_add_int_value(w, FACTS_VERSION);
	json_writer_set_member_name(w, "host");
	json_writer_add_string_value(w, info->host);
	json_writer_set_member_name(w, "made");
	json_writer_add_string_value(w, made);
	json_writer_set_member_name(w, "findings");
	json_writer_add_int_value(w, info->findings);
	json_writer_set_member_name(w, "baseline");
	json_writer_add_string_value(w, info->baseline);
	json_writer_set_member_name(w, "drift");
	if (info->baseline)
		json_writer_add_int_value(w, info->drift);
	else
		json_writer_add_null_value(w);
	json_writer_set_member_name(w, "machines");
	json_writer_begin_object(w);
	for (guint i = 0; i < machines->len; i++) {
		guint m = g_array_index(machines, guint, i);
		const char *name = fleet_machine_name(f, m);
		int c = fleet_host_class(f, 0, m);

		if (c < 0)
			continue;
		if (!arch || strcmp(arch, fleet_machine_arch(f, m)) != 0) {
			if (arch)
				json_writer_end_object(w);
			arch = fleet_machine_arch(f, m);
			json_writer_set_member_name(w, arch);
			json_writer_begin_object(w);
		}
		json_writer_set_member_name(w, name ? name : "");
		json_writer_add_string_value(w, fleet_class_name(f, (guint)c));
	}
	if (arch)
		json_writer_end_object(w);
	json_writer_end_object(w);
	json_writer_set_member_name(w, "classes");
	json_writer_begin_object(w);
	for (guint i = 0; i < classes->len; i++) {
		guint c = g_array_index(classes, guint, i), n;
		const FleetRom *roms = fleet_class_roms(f, c, &n);

		json_writer_set_member_name(w, fleet_class_name(f, c));
		json_writer_begin_object(w);
		json_writer_set_member_name(w, "rom_from_stream");
		json_writer_add_boolean_value(w, fleet_class_from_stream(f, c));
		json_writer_set_member_name(w, "roms");
		json_writer_begin_array(w);
		for (guint r = 0; r < n; r++) {
			json_writer_begin_array(w);
			json_writer_add_string_value(w, roms[r].name);
			json_writer_add_uint_value(w, roms[r].romsize);
			json_writer_add_uint_value(w, roms[r].ramblock);
			json_writer_end_array(w);
		}
		json_writer_end_array(w);
		json_writer_end_object(w);
	}
	json_writer_end_object(w);
	json_writer_end_object(w);
	return json_writer_finish(w);
}

/* A label value: \, " and newline escaped (the exposition format's rule). */
static void label(GString *out, const char *name, const char *value, gboolean first)
{
	g_string_append_printf(out, "%s%s=\"", first ? "" : ",", name);
	for (const char *p = value; *p; p++) {
		if (*p == '\\' || *p == '"')
			g_string_append_c(out, '\\');
		if (*p == '\n')
			g_string_append(out, "\\n");
		else
			g_string_append_c(out, *p);
	}
	g_string_append_c(out, '"');
}

static void metric(GString *out, const char *name, const char *help, guint64 value)
{
	g_string_append_printf(out, "# HELP %s %s\n# TYPE %s gauge\n%s %" G_GUINT64_FORMAT "\n",
			       name, help, name, name, value);
}

char *facts_to_prometheus(const Fleet *f, const FactsInfo *info)
{
	GString *out = g_string_new(NULL);
	g_autoptr(GArray) machines = fleet_machines_sorted(f);

	g_string_append(out, "# HELP romresolve_abi_class_info The ABI class of a QEMU machine "
			     "type on this host: hosts of one class exchange its guests.\n"
			     "# TYPE romresolve_abi_class_info gauge\n");
	for (guint i = 0; i < machines->len; i++) {
		guint m = g_array_index(machines, guint, i);
		const char *name = fleet_machine_name(f, m);
		int c = fleet_host_class(f, 0, m);

		if (c < 0)
			continue;
		g_string_append(out, "romresolve_abi_class_info{");
		label(out, "arch", fleet_machine_arch(f, m), TRUE);
		label(out, "machine", name ? name : "", FALSE);
		label(out, "class", fleet_class_name(f, (guint)c), FALSE);
		g_string_append(out, "} 1\n");
	}
	metric(out, "romresolve_check_findings",
	       "Findings of romresolve check on this host (its baseline's drift apart).",
	       info->findings);
	metric(out, "romresolve_baseline_present",
	       "Whether this host has a saved baseline manifest.", info->baseline != NULL);
	if (info->baseline)
		metric(out, "romresolve_baseline_drift",
		       "ROM BARs of the saved baseline that differ on this host now, or are gone.",
		       info->drift);
	metric(out, "romresolve_facts_timestamp_seconds", "When these facts were made (Unix time).",
	       (guint64)MAX(info->made, 0));
	return g_string_free(out, FALSE);
}

gboolean fleet_write_file(const char *path, const char *text, GError **error)
{
	g_autofree char *dir = g_path_get_dirname(path);
	g_autofree char *base = g_path_get_basename(path);
	g_autofree char *tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
	gsize len = strlen(text), done = 0;
	int fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0644);
	int e = 0;

	if (fd < 0) {
		e = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "%s: %s", path,
			    g_strerror(e));
		return FALSE;
	}
	/* Readable by the collector whatever the umask. */
	if (fchmod(fd, 0644) != 0)
		e = errno;
	while (!e && done < len) {
		ssize_t n = write(fd, text + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			e = errno;
		else
			done += (gsize)n;
	}
	if (!e && fsync(fd) != 0)
		e = errno;
	if (close(fd) != 0 && !e)
		e = errno;
	if (!e && rename(tmp, path) != 0)
		e = errno;
	if (e) {
		g_unlink(tmp);
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "%s: %s", path,
			    g_strerror(e));
		return FALSE;
	}
	return TRUE;
}
