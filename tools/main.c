/* SPDX-License-Identifier: GPL-2.0-or-later */
/* romresolve: the command. Reads the environment; the rest is cli.c. */
#include "cli.h"

#include <unistd.h>
#if defined(__linux__)
#include <sys/auxv.h>
#endif

/* Started setuid, setgid or with other privileges it was given (the
 * kernel's AT_SECURE, or the BSDs' issetugid): the environment and the
 * caller's own files are not to be trusted. */
static gboolean is_secure_exec(void)
{
#if defined(__linux__) && defined(AT_SECURE)
	if (getauxval(AT_SECURE))
		return TRUE;
#elif defined(__FreeBSD__) || defined(__OpenBSD__) || defined(__NetBSD__) || defined(__APPLE__)
	if (issetugid())
		return TRUE;
#endif
	return getuid() != geteuid() || getgid() != getegid();
}

int main(int argc, char **argv)
{
	g_autofree char *user_config_home = NULL;
	g_autofree char *cache_dir = NULL;
	Cli cli = {.out = stdout, .err = stderr};
	int status;

	/* No setlocale(): the command reads its arguments as bytes (every
	 * option is G_OPTION_ARG_FILENAME, never converted through a
	 * character set), prints the same bytes in every locale, and its
	 * messages, errno's text included, are English throughout. It saves
	 * the locale files' reading at each start (docs/decisions.md). */
	g_set_prgname("romresolve");
	/* The per-user drop-in dir only for an unprivileged caller, as QEMU's
	 * firmware descriptors do it, and never for a secure exec. */
	if (getuid() != 0 && !is_secure_exec()) {
		const char *xdg = g_getenv("XDG_CONFIG_HOME");
		user_config_home = xdg && g_path_is_absolute(xdg)
				       ? g_strdup(xdg)
				       : g_build_filename(g_get_home_dir(), ".config", NULL);
		cli.user_config_home = user_config_home;
	}
	/* exec's cache: root's is /var/cache/romresolve, never an environment
	 * variable's; a setuid or setgid caller gets none. */
	if (geteuid() == 0 && getuid() == 0 && !is_secure_exec())
		cache_dir = g_strdup("/var/cache/romresolve");
	else if (!is_secure_exec())
		cache_dir = g_build_filename(g_get_user_cache_dir(), "romresolve", NULL);
	cli.cache_dir = cache_dir;
	status = cli_main(&cli, argc, argv);
	if (fflush(stdout) != 0 && status == CLI_OK)
		status = CLI_USAGE;
	return status;
}
