/* SPDX-License-Identifier: GPL-2.0-or-later */
/* compare --fleet --html: one page, readable without a network. */
#include "html.h"

#include "view.h"

#include <string.h>

static const char style[] =
    "body{font-family:sans-serif;margin:1.5em;color:#222;max-width:80em}"
    "table{border-collapse:collapse;margin:.5em 0 1em}"
    "th,td{border:1px solid #999;padding:.3em .6em;text-align:left;vertical-align:top}"
    "td.can{background:#bfe5bf}td.cannot{background:#f2b8b8}td.self{background:#e8e8e8}"
    "code{font-family:monospace}.legend span{padding:.2em .6em;margin-right:1em}"
    "span.can{background:#bfe5bf}span.cannot{background:#f2b8b8}"
    "section{border-top:2px solid #ccc;margin-top:1em}";

static void esc(GString *out, const char *text)
{
	for (const char *p = text; *p; p++)
		switch (*p) {
		case '&':
			g_string_append(out, "&amp;");
			break;
		case '<':
			g_string_append(out, "&lt;");
			break;
		case '>':
			g_string_append(out, "&gt;");
			break;
		case '"':
			g_string_append(out, "&quot;");
			break;
		case '\'':
			g_string_append(out, "&#39;");
			break;
		default:
			g_string_append_c(out, *p);
		}
}

static void host_list(GString *out, const Fleet *f, const GArray *hosts)
{
	for (guint i = 0; i < hosts->len; i++) {
		if (i)
			g_string_append(out, ", ");
		esc(out, fleet_host_name(f, g_array_index(hosts, guint, i)));
	}
}

/* Where a class's hosts were listed: a later machine type whose class has
 * the same hosts links there instead of listing them again. */
typedef struct {
	guint machine;
	GArray *hosts;
} Listed;

static void listed_free(Listed *l)
{
	g_array_free(l->hosts, TRUE);
	g_free(l);
}

static void machine_anchor(GString *out, const Fleet *f, guint m)
{
	g_string_append_printf(out, "m%u", m);
	(void)f;
}

static void machine_title(GString *out, const Fleet *f, guint m)
{
	const char *name = fleet_machine_name(f, m);

	esc(out, fleet_machine_arch(f, m));
	g_string_append_c(out, ' ');
	esc(out, name ? name : "(no machine type)");
}

static void listed_hosts(GString *out, const Fleet *f, GHashTable *listed, guint cls, guint machine,
			 const GArray *hosts)
{
	Listed *l = g_hash_table_lookup(listed, GUINT_TO_POINTER(cls + 1));

	if (l && l->hosts->len == hosts->len &&
	    memcmp(l->hosts->data, hosts->data, hosts->len * sizeof(guint)) == 0) {
		g_string_append(out, "the same as for <a href=\"#");
		machine_anchor(out, f, l->machine);
		g_string_append(out, "\">");
		machine_title(out, f, l->machine);
		g_string_append(out, "</a>");
		return;
	}
	l = g_new0(Listed, 1);
	l->machine = machine;
	l->hosts = g_array_copy((GArray *)hosts);
	g_hash_table_insert(listed, GUINT_TO_POINTER(cls + 1), l);
	host_list(out, f, hosts);
}

/* A machine type with several classes: its matrix and hosts. Returns the
 * pairs that cannot migrate. */
static guint split_section(GString *out, const Fleet *f, const FleetView *v, GHashTable *listed)
{
	guint cannot = 0;

	g_string_append(out, "<section class=\"machine\" id=\"");
	machine_anchor(out, f, v->machine);
	g_string_append(out, "\"><h2>");
	machine_title(out, f, v->machine);
	g_string_append_printf(out, ": %u classes</h2>\n", v->n_classes);
	g_string_append(out,
			"<table class=\"matrix\"><caption>Guests migrate from a host of the "
			"row's class to one of the column's?</caption>\n<tr><th>from \\ to</th>");
	for (guint j = 0; j < v->n_classes; j++)
		g_string_append_printf(out, "<th><code>%s</code> (%u)</th>",
				       fleet_class_name(f, v->classes[j]), v->hosts[j]->len);
	g_string_append(out, "</tr>\n");
	for (guint i = 0; i < v->n_classes; i++) {
		const char *from = fleet_class_name(f, v->classes[i]);

		g_string_append_printf(out, "<tr><th><code>%s</code> (%u)</th>", from,
				       v->hosts[i]->len);
		for (guint j = 0; j < v->n_classes; j++) {
			g_autoptr(ManifestVerdict) verdict =
			    i == j ? NULL : fleet_view_verdict(f, v, i, j);
			const char *to = fleet_class_name(f, v->classes[j]);

			if (i == j) {
				g_string_append(out, "<td class=\"self\">same class</td>");
				continue;
			}
			g_string_append_printf(out,
					       "<td class=\"%s\" data-from=\"%s\" data-to=\"%s\">",
					       verdict ? "cannot" : "can", from, to);
			if (verdict) {
				g_autofree char *text = fleet_verdict_text(verdict);
				cannot++;
				g_string_append_printf(
				    out, "cannot: %s: ", manifest_verdict_kind_name(verdict->kind));
				esc(out, text);
			} else {
				g_string_append(out, "can");
			}
			g_string_append(out, "</td>");
		}
		g_string_append(out, "</tr>\n");
	}
	g_string_append(out, "</table>\n<ul class=\"hosts\">\n");
	for (guint k = 0; k < v->n_classes; k++) {
		g_string_append_printf(
		    out, "<li><code>%s</code>, %u host%s: ", fleet_class_name(f, v->classes[k]),
		    v->hosts[k]->len, v->hosts[k]->len == 1 ? "" : "s");
		listed_hosts(out, f, listed, v->classes[k], v->machine, v->hosts[k]);
		g_string_append(out, "</li>\n");
	}
	if (v->unrecorded->len) {
		g_string_append_printf(out, "<li>no entry, %u host%s: ", v->unrecorded->len,
				       v->unrecorded->len == 1 ? "" : "s");
		host_list(out, f, v->unrecorded);
		g_string_append(out, "</li>\n");
	}
	g_string_append(out, "</ul></section>\n");
	return cannot;
}

char *fleet_html(const Fleet *f)
{
	GString *out = g_string_new(NULL);
	GString *single = g_string_new(NULL);
	g_autoptr(GArray) hosts = fleet_hosts_sorted(f);
	g_autoptr(GArray) machines = fleet_machines_sorted(f);
	guint cannot = 0, n_single = 0;
	GString *body = g_string_new(NULL);
	g_autoptr(GHashTable) listed =
	    g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, (GDestroyNotify)listed_free);

	for (guint i = 0; i < machines->len; i++) {
		g_autoptr(FleetView) v =
		    fleet_view_new(f, g_array_index(machines, guint, i), hosts);

		if (v->n_classes > 1) {
			cannot += split_section(body, f, v, listed);
			continue;
		}
		n_single++;
		g_string_append(single, "<tr><td>");
		machine_title(single, f, v->machine);
		g_string_append_printf(single, "</td><td><code>%s</code></td><td>%u</td><td>",
				       fleet_class_name(f, v->classes[0]), v->hosts[0]->len);
		host_list(single, f, v->unrecorded);
		g_string_append(single, "</td></tr>\n");
	}
	g_string_append_printf(out,
			       "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
			       "<title>romresolve: a fleet of %u hosts</title><style>%s</style>"
			       "</head>\n<body>\n<h1>Which hosts can exchange guests</h1>\n",
			       fleet_n_hosts(f), style);
	g_string_append_printf(
	    out,
	    "<p id=\"summary\">%u hosts, %u machine types, %u classes: %s (%u pair%s of classes "
	    "cannot).</p>\n",
	    fleet_n_hosts(f), fleet_n_machines(f), fleet_n_classes(f),
	    cannot ? "guests cannot all migrate" : "guests can migrate between all hosts", cannot,
	    cannot == 1 ? "" : "s");
	g_string_append(out, "<p class=\"legend\"><span class=\"can\">can migrate</span>"
			     "<span class=\"cannot\">cannot migrate</span> A class is the ROM "
			     "BARs a host gives guests of a machine type (romresolve(1), ABI "
			     "CLASSES).</p>\n");
	g_string_append(out, body->str);
	if (n_single) {
		g_string_append_printf(out,
				       "<section class=\"single\"><h2>%u machine type%s with one "
				       "class</h2>\n<table><tr><th>machine type</th><th>class</th>"
				       "<th>hosts</th><th>hosts without it</th></tr>\n",
				       n_single, n_single == 1 ? "" : "s");
		g_string_append(out, single->str);
		g_string_append(out, "</table></section>\n");
	}
	g_string_append(out, "</body></html>\n");
	g_string_free(single, TRUE);
	g_string_free(body, TRUE);
	return g_string_free(out, FALSE);
}
