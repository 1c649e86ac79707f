/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One machine type of a fleet: its classes, their hosts, the matrix. */
#include "view.h"

#include <string.h>

static int name_order(gconstpointer a, gconstpointer b, gpointer data)
{
	return strcmp(fleet_class_name(data, *(const guint *)a),
		      fleet_class_name(data, *(const guint *)b));
}

FleetView *fleet_view_new(const Fleet *f, guint machine, const GArray *sorted_hosts)
{
	FleetView *v = g_new0(FleetView, 1);
	g_autofree int *slot = g_new(int, fleet_n_classes(f) + 1);
	g_autofree int *of = g_new(int, fleet_n_profiles(f) + 1);
	g_autoptr(GArray) classes = g_array_new(FALSE, FALSE, sizeof(guint));

	v->machine = machine;
	v->unrecorded = g_array_new(FALSE, FALSE, sizeof(guint));
	for (guint c = 0; c < fleet_n_classes(f); c++)
		slot[c] = -1;
	/* A host's class is its profile's: asked once per profile. */
	for (guint p = 0; p < fleet_n_profiles(f); p++)
		of[p] = fleet_profile_class(f, p, machine);
	for (guint i = 0; i < sorted_hosts->len; i++) {
		int c = of[fleet_host_profile(f, g_array_index(sorted_hosts, guint, i))];
		if (c >= 0 && slot[c] < 0) {
			guint u = (guint)c;
			slot[c] = 0;
			g_array_append_val(classes, u);
		}
	}
	g_array_sort_with_data(classes, name_order, (gpointer)f);
	v->n_classes = classes->len;
	v->classes = g_memdup2(classes->data, classes->len * sizeof(guint));
	v->hosts = g_new0(GArray *, classes->len + 1);
	for (guint k = 0; k < classes->len; k++) {
		slot[v->classes[k]] = (int)k;
		v->hosts[k] = g_array_new(FALSE, FALSE, sizeof(guint));
	}
	for (guint i = 0; i < sorted_hosts->len; i++) {
		guint h = g_array_index(sorted_hosts, guint, i);
		int c = of[fleet_host_profile(f, h)];
		g_array_append_val(c < 0 ? v->unrecorded : v->hosts[slot[c]], h);
	}
	return v;
}

void fleet_view_free(FleetView *v)
{
	if (!v)
		return;
	for (guint k = 0; k < v->n_classes; k++)
		g_array_free(v->hosts[k], TRUE);
	g_free(v->hosts);
	g_free(v->classes);
	g_array_free(v->unrecorded, TRUE);
	g_free(v);
}

void fleet_verdict_free(ManifestVerdict *v)
{
	if (!v)
		return;
	g_free(v->path);
	g_free(v->reason);
	g_free(v);
}

ManifestVerdict *fleet_view_verdict(const Fleet *f, const FleetView *v, guint i, guint j)
{
	guint nf, nt;
	const FleetRom *from = fleet_class_roms(f, v->classes[i], &nf);
	const FleetRom *to = fleet_class_roms(f, v->classes[j], &nt);
	int at_to, at = fleet_class_first_clash(from, nf, to, nt,
						fleet_class_from_stream(f, v->classes[j]), &at_to);
	ManifestVerdict *out;

	if (at < 0)
		return NULL;
	out = g_new0(ManifestVerdict, 1);
	out->arch = fleet_machine_arch(f, v->machine);
	out->machine = fleet_machine_name(f, v->machine);
	out->name = from[at].name;
	out->old_ramblock = from[at].ramblock;
	if (at_to < 0) {
		out->kind = MANIFEST_VERDICT_MISSING;
		out->reason =
		    g_strdup_printf("no entry in class %s", fleet_class_name(f, v->classes[j]));
	} else {
		out->kind = MANIFEST_VERDICT_CLASH;
		out->new_ramblock = to[at_to].ramblock;
	}
	return out;
}

char *fleet_verdict_text(const ManifestVerdict *v)
{
	g_autofree char *label = manifest_entry_label(v->name, v->machine, v->arch);
	g_autofree char *msg = manifest_verdict_message(v);

	return g_strdup_printf("%s: %s", label, msg);
}
