/* SPDX-License-Identifier: GPL-2.0-or-later */
/* QEMU's key=value lists, read for exec; see opts.h. */
#include "opts.h"

#include <string.h>

GPtrArray *exec_opts_split(const char *value)
{
	GPtrArray *parts = g_ptr_array_new_with_free_func(g_free);
	GString *cur = g_string_new(NULL);

	for (const char *p = value;; p++) {
		if (*p == ',' && p[1] == ',') {
			g_string_append_c(cur, ',');
			p++;
		} else if (*p == ',' || *p == '\0') {
			g_ptr_array_add(parts, g_string_free(cur, FALSE));
			if (*p == '\0')
				break;
			cur = g_string_new(NULL);
		} else {
			g_string_append_c(cur, *p);
		}
	}
	return parts;
}

char *exec_opts_machine(const char *value)
{
	g_autoptr(GPtrArray) parts = exec_opts_split(value);

	for (guint i = 0; i < parts->len; i++) {
		const char *part = parts->pdata[i];
		if (i == 0 && !strchr(part, '='))
			return *part ? g_strdup(part) : NULL;
		if (strncmp(part, "type=", 5) == 0)
			return part[5] ? g_strdup(part + 5) : NULL;
	}
	return NULL;
}

char *exec_opts_nic_model(const char *value, gboolean net)
{
	g_autoptr(GPtrArray) parts = exec_opts_split(value);
	char *model = NULL;

	if (net && strcmp(parts->pdata[0], "nic") != 0)
		return NULL;
	for (guint i = 1; i < parts->len; i++) {
		const char *part = parts->pdata[i];
		if (strncmp(part, "model=", 6) == 0 && part[6]) {
			g_free(model);
			model = g_strdup(part + 6);
		}
	}
	if (model && strcmp(model, "virtio") == 0) {
		g_free(model);
		model = g_strdup("virtio-net-pci");
	}
	return model;
}

char *exec_opts_global_driver(const char *value)
{
	size_t n = strcspn(value, ".=");
	g_autoptr(GPtrArray) parts = NULL;

	if (value[n] == '.')
		return g_strndup(value, n);
	parts = exec_opts_split(value);
	for (guint i = 0; i < parts->len; i++)
		if (g_str_has_prefix(parts->pdata[i], "driver="))
			return g_strdup((char *)parts->pdata[i] + 7);
	return NULL;
}
