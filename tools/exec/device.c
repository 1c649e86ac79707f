/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A -device value, key=value or JSON; see device.h. */
#include "device.h"

#include "json.h"
#include "opts.h"

#include <romresolve.h>
#include <string.h>

void exec_device_clear(ExecDevice *dev)
{
	g_clear_pointer(&dev->driver, g_free);
}

/* The deepest nesting of objects and arrays, outside strings. */
static unsigned json_depth(const char *text)
{
	unsigned depth = 0, max = 0;
	gboolean in_string = FALSE;

	for (const char *p = text; *p; p++) {
		if (in_string) {
			if (*p == '\\' && p[1])
				p++;
			else if (*p == '"')
				in_string = FALSE;
		} else if (*p == '"') {
			in_string = TRUE;
		} else if (*p == '{' || *p == '[') {
			max = MAX(max, ++depth);
		} else if ((*p == '}' || *p == ']') && depth > 0) {
			depth--;
		}
	}
	return max;
}

static gboolean device_parse_json(const char *value, ExecDevice *dev, GError **error)
{
	g_autoptr(JsonValue) root = NULL;
	g_autoptr(GError) local = NULL;
	const JsonValue *driver;

	if (json_depth(value) > EXEC_JSON_DEPTH_MAX) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "-device: JSON nested deeper than %d", EXEC_JSON_DEPTH_MAX);
		return FALSE;
	}
	/* QEMU reads -device JSON with its extension: 'single quotes'. */
	root = json_parse(value, -1, JSON_READ_QEMU, EXEC_JSON_DEPTH_MAX, &local);
	if (!root || json_value_get_type(root) != JSON_OBJECT) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "-device '%s': not a JSON object%s%s", value, local ? ": " : "",
			    local ? local->message : "");
		return FALSE;
	}
	driver = json_value_get_member(root, "driver");
	if (!driver || json_value_get_type(driver) != JSON_STRING ||
	    !*json_value_get_string(driver)) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "-device '%s': no \"driver\" string", value);
		return FALSE;
	}
	dev->driver = g_strdup(json_value_get_string(driver));
	dev->json = TRUE;
	dev->has_romfile = json_value_get_member(root, "romfile") != NULL;
	dev->has_romsize = json_value_get_member(root, "romsize") != NULL;
	return TRUE;
}

gboolean exec_device_parse(const char *value, ExecDevice *dev, GError **error)
{
	g_autoptr(GPtrArray) parts = NULL;

	memset(dev, 0, sizeof(*dev));
	if (strlen(value) > EXEC_DEVICE_MAX) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "-device: value longer than %d bytes", EXEC_DEVICE_MAX);
		return FALSE;
	}
	if (value[0] == '{')
		return device_parse_json(value, dev, error);
	parts = exec_opts_split(value);
	for (guint i = 0; i < parts->len; i++) {
		const char *part = parts->pdata[i];
		const char *eq = strchr(part, '=');

		if (i == 0 && !eq) {
			dev->driver = g_strdup(part);
		} else if (eq && strncmp(part, "driver=", 7) == 0) {
			g_free(dev->driver);
			dev->driver = g_strdup(eq + 1);
		} else if (strncmp(part, "romfile=", 8) == 0) {
			dev->has_romfile = TRUE;
		} else if (strncmp(part, "romsize=", 8) == 0) {
			dev->has_romsize = TRUE;
		}
	}
	if (!dev->driver || !*dev->driver) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "-device '%s': no driver", value);
		exec_device_clear(dev);
		return FALSE;
	}
	return TRUE;
}
