# bash completion for romresolve(1)                        -*- shell-script -*-
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Commands and their options are asked of the command itself (`romresolve
# --help`, `romresolve COMMAND --help`: made from its command descriptors), so
# a new command or option completes without a change here. The targets are
# the library's (tests/conf/test-completion.sh keeps this list in step). ROM
# names come from the search path `romresolve list` shows, machine types from
# `qemu-system-ARCH -machine help` when that QEMU is installed.

_romresolve_arches="aarch64 alpha arm avr cris hppa i386 loongarch64 m68k microblaze
microblazeel mips mips64 mips64el mipsel nios2 or1k ppc ppc64 riscv32 riscv64 rx
s390x sh4 sh4eb sparc sparc64 tricore x86_64 xtensa xtensaeb"

# The commands of `romresolve --help`.
_romresolve_commands()
{
	romresolve --help 2>/dev/null | sed -n '/^Commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p'
}

# The long options of `romresolve COMMAND --help`, and "--" where a command
# line follows it (exec).
_romresolve_options()
{
	romresolve "$1" --help 2>/dev/null | awk '
		NR == 2 && / -- / { print "--" }
		/^  -/ { o = $1 ~ /^--/ ? $1 : $2; sub(/=.*/, "", o); print o }'
}

# The value of an option given earlier on the line: _romresolve_value --arch -a
_romresolve_value()
{
	local i
	for ((i = 2; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--) return 1 ;;
		"$1" | "$2")
			# --arch=x86_64 reaches us as "--arch" "=" "x86_64".
			if [ "${COMP_WORDS[i + 1]}" = = ]; then
				echo "${COMP_WORDS[i + 2]}"
			else
				echo "${COMP_WORDS[i + 1]}"
			fi
			return 0
			;;
		"$1"=*)
			echo "${COMP_WORDS[i]#*=}"
			return 0
			;;
		esac
	done
	return 1
}

_romresolve_machines()
{
	local arch qemu
	arch=$(_romresolve_value --arch -a) || arch=x86_64
	qemu=$(type -P "qemu-system-$arch") || return 0
	"$qemu" -machine help 2>/dev/null | awk 'NR > 1 && $1 != "" { print $1 }'
}

# The files in the search path of this line's --arch, --machine and --root.
_romresolve_roms()
{
	local args=() v
	v=$(_romresolve_value --root "") && args+=(--root "$v")
	v=$(_romresolve_value --arch -a) && args+=(--arch "$v")
	v=$(_romresolve_value --machine -M) && args+=(--machine "$v")
	romresolve list "${args[@]}" 2>/dev/null |
		awk 'NR > 1 && $1 ~ /^[0-9]+$/ {
			for (i = NF; i > 1; i--) if ($i ~ /^\(/) { print $(i - 1); break }
		}' |
		while read -r dir; do
			[ -d "$dir" ] && find "$dir/" -mindepth 1 -maxdepth 1 ! -type d -printf '%f\n' 2>/dev/null
		done
}

_romresolve()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local cmd=${COMP_WORDS[1]} i
	COMPREPLY=()

	if ((COMP_CWORD == 1)); then
		mapfile -t COMPREPLY < <(compgen -W "$(_romresolve_commands) help --help --version" -- "$cur")
		return
	fi
	if [ "$cmd" = help ]; then
		((COMP_CWORD == 2)) &&
			mapfile -t COMPREPLY < <(compgen -W "$(_romresolve_commands)" -- "$cur")
		return
	fi

	# --arch=x8: bash splits it into "--arch" "=" "x8" (= is in
	# COMP_WORDBREAKS): complete the value of the option before the "=".
	if [ "$cur" = = ]; then
		cur=
	elif [ "$prev" = = ] && ((COMP_CWORD >= 3)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		cur=${cur#*=}
	fi

	# exec: after --, the QEMU command line
	if [ "$cmd" = exec ]; then
		for ((i = 2; i < COMP_CWORD; i++)); do
			[ "${COMP_WORDS[i]}" = -- ] || continue
			if ((i + 1 == COMP_CWORD)); then
				mapfile -t COMPREPLY < <(compgen -c -- "${cur:-qemu-system-}" | sort -u)
			else
				mapfile -t COMPREPLY < <(compgen -f -- "$cur")
			fi
			return
		done
	fi

	case $prev in
	--arch | -a)
		mapfile -t COMPREPLY < <(compgen -W "$_romresolve_arches" -- "$cur")
		return
		;;
	--machine | -M)
		mapfile -t COMPREPLY < <(compgen -W "$(_romresolve_machines)" -- "$cur")
		return
		;;
	--root | --stock-path | --cache-dir)
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return
		;;
	--against)
		mapfile -t COMPREPLY < <(compgen -f -X '!*.json' -- "$cur")
		mapfile -t -O ${#COMPREPLY[@]} COMPREPLY < <(compgen -d -- "$cur")
		return
		;;
	--name | -n)
		mapfile -t COMPREPLY < <(compgen -W "$(_romresolve_roms)" -- "$cur")
		return
		;;
	--host)
		return
		;;
	esac

	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$(_romresolve_options "$cmd")" -- "$cur")
		return
	fi

	case $cmd in
	which | explain)
		mapfile -t COMPREPLY < <(compgen -W "$(_romresolve_roms)" -- "$cur")
		;;
	verify)
		mapfile -t COMPREPLY < <(compgen -f -X '!*.conf' -- "$cur")
		mapfile -t -O ${#COMPREPLY[@]} COMPREPLY < <(compgen -d -- "$cur")
		;;
	compare)
		mapfile -t COMPREPLY < <(compgen -f -X '!*.json' -- "$cur")
		mapfile -t -O ${#COMPREPLY[@]} COMPREPLY < <(compgen -d -- "$cur")
		;;
	esac
} &&
	complete -F _romresolve romresolve
