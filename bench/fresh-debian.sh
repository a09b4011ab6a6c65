#!/usr/bin/env bash
# The README's two set-up commands, copied verbatim, on a fresh Debian root (issue 13), without Docker:
# a minimal root made by debootstrap, entered with chroot, once as root (no sudo installed) and once as
# a user with passwordless sudo.
#
#   sudo bench/fresh-debian.sh [REPO] [COMMIT] [SUITE]
#
#   REPO     git repository to test (default: the one this script sits in)
#   COMMIT   commit to check out (default: HEAD); uncommitted changes are not part of the test
#   SUITE    Debian suite (default: bookworm; e.g. trixie)
#
# Environment:
#   SCENARIOS="root sudo-user"   which scenarios to run
#   COMMANDS="1 2"               which of the README's commands (2 runs the whole test suite: minutes)
#   APT_LISTS=empty|updated      empty (default): the package lists are empty, as in Docker's debian
#                                images, so `apt-get install` only works after an `apt-get update`;
#                                updated: run `apt-get update` before the README's commands
#   MIRROR=http://deb.debian.org/debian   SECURITY_MIRROR=http://deb.debian.org/debian-security
#   CACHE=/var/cache/clnn-fresh  where the pristine root is kept as debian-SUITE-minbase.tar (REFRESH=1 rebuilds it)
#   WORK=/var/tmp/clnn-fresh     where each scenario's copy of the root lives while it runs
#   LOGS=DIR                     where the logs go (default: WORK/logs/DATE-SUITE-COMMIT)
#   KEEP_ROOTS=1                 keep each scenario's root afterwards (unmounted) for inspection
#   HOST_CA=1 (default)          copy the host's local CAs (/usr/local/share/ca-certificates/*.crt) into the
#                                root, where the JDK's ca-certificates(-java) pick them up: needed where TLS goes
#                                through an intercepting proxy (Maven Central otherwise fails with "PKIX path
#                                building failed"); HOST_CA=0 on an open network
#   COMMAND_1=... COMMAND_2=...  try another wording instead of the README's (the summary says so)
#
# Prints one line per scenario and command (exit status, wall time); exits 1 if any command failed.
# Needs root (debootstrap, chroot, mount). Every mount is undone and every process left in a root is
# ended on exit, failure or interrupt.
set -euo pipefail
{  # parsed whole before it runs: editing or checking out another version of this file mid-run is safe

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "${1:-$script_dir/..}" && git rev-parse --show-toplevel)
commit=$(git -C "$repo" rev-parse --verify "${2:-HEAD}^{commit}")
suite=${3:-bookworm}
scenarios=${SCENARIOS:-root sudo-user}
commands=${COMMANDS:-1 2}
apt_lists=${APT_LISTS:-empty}
mirror=${MIRROR:-http://deb.debian.org/debian}
security_mirror=${SECURITY_MIRROR:-http://deb.debian.org/debian-security}
cache=${CACHE:-/var/cache/clnn-fresh}
work=${WORK:-/var/tmp/clnn-fresh}
logs=${LOGS:-$work/logs/$(date +%Y%m%d-%H%M%S)-$suite-${commit:0:10}}
user=clnn

[[ $(id -u) == 0 ]] || { echo "fresh-debian: run as root (debootstrap, chroot and mount need it)" >&2; exit 2; }
case $apt_lists in empty|updated) ;; *) echo "fresh-debian: APT_LISTS is empty or updated, not '$apt_lists'" >&2; exit 2 ;; esac
for s in $scenarios; do case $s in root|sudo-user) ;; *) echo "fresh-debian: unknown scenario '$s' (root, sudo-user)" >&2; exit 2 ;; esac; done
for c in $commands; do case $c in 1|2) ;; *) echo "fresh-debian: unknown command '$c' (1, 2)" >&2; exit 2 ;; esac; done
mkdir -p "$cache" "$work" "$logs"

# --- the two commands, exactly as README.md at that commit writes them -----------------------------------
# The first ```bash block; its first two lines that are neither blank nor comments.
readme=$(git -C "$repo" show "$commit:README.md")
mapfile -t readme_cmds < <(printf '%s\n' "$readme" | awk '
  !inblock && /^```bash[[:space:]]*$/ { inblock = 1; next }
  inblock && /^```/ { exit }
  inblock && !/^[[:space:]]*(#|$)/ { print; if (++n == 2) exit }')
(( ${#readme_cmds[@]} == 2 )) || { echo "fresh-debian: README.md at $commit has no \`\`\`bash block with two commands" >&2; exit 2; }
wording="README.md at $commit"
if [[ -n ${COMMAND_1:-} ]]; then readme_cmds[0]=$COMMAND_1; wording="COMMAND_1 instead of the README's"; fi
if [[ -n ${COMMAND_2:-} ]]; then readme_cmds[1]=$COMMAND_2; wording="$wording, COMMAND_2 instead of the README's"; fi
printf '%s\n' "${readme_cmds[0]}" > "$logs/command-1.sh"
printf '%s\n' "${readme_cmds[1]}" > "$logs/command-2.sh"

# --- the pristine root, made once per suite and kept as a tarball ----------------------------------------
pristine=$cache/debian-$suite-minbase.tar
if [[ ! -s $pristine || ${REFRESH:-0} == 1 ]]; then
  command -v debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap; }
  staging=$(mktemp -d "$work/debootstrap-$suite.XXXXXX")
  chmod 755 "$staging"  # tar records it as the root directory's mode
  echo "fresh-debian: debootstrap --variant=minbase $suite (once; cached as $pristine)"
  debootstrap --variant=minbase "$suite" "$staging" "$mirror" > "$logs/debootstrap-$suite.log" 2>&1 \
    || { echo "fresh-debian: debootstrap failed, see $logs/debootstrap-$suite.log" >&2; rm -rf --one-file-system "$staging"; exit 1; }
  # Like Docker's debian images (debuerreotype): the suite, its updates and security in deb822 form,
  # no daemons started by package scripts, and no package lists left behind.
  rm -f "$staging/etc/apt/sources.list"
  cat > "$staging/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security_mirror
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  printf '#!/bin/sh\nexit 101\n' > "$staging/usr/sbin/policy-rc.d"
  chmod 755 "$staging/usr/sbin/policy-rc.d"
  rm -rf "$staging"/var/lib/apt/lists/* "$staging"/var/cache/apt/archives/*.deb
  tar --numeric-owner --xattrs -C "$staging" -cf "$pristine.tmp" .
  mv "$pristine.tmp" "$pristine"
  rm -rf --one-file-system "$staging"
fi

# --- one root per scenario, with everything undone on exit ----------------------------------------------
root=""
mounts=()

ours_mounted_under() {  # mount points at or below $1, deepest first
  awk -v r="$1" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/self/mounts | sort -r
}

end_root_processes() {  # every process whose root directory is this chroot (java, mvn's forks...)
  local pid link signal
  for signal in TERM KILL; do
    for pid in /proc/[0-9]*; do
      link=$(readlink "$pid/root" 2>/dev/null) || continue
      [[ $link == "$root" ]] && kill -s "$signal" "${pid#/proc/}" 2>/dev/null || true
    done
    if [[ $signal == TERM ]]; then sleep 2; fi
  done
  return 0
}

teardown() {
  [[ -n $root ]] || return 0
  set +e  # undo as much as possible, whatever fails
  end_root_processes
  local m
  while read -r m; do
    [[ -n $m ]] && { umount "$m" 2>/dev/null || umount -l "$m" || true; }
  done < <(ours_mounted_under "$root")
  if [[ -n $(ours_mounted_under "$root") ]]; then
    echo "fresh-debian: still mounted under $root; not deleting it" >&2
  elif [[ ${KEEP_ROOTS:-0} != 1 ]]; then
    rm -rf --one-file-system "$root"
  fi
  root=""
  set -e
}
trap teardown EXIT
trap 'exit 130' INT TERM

enter() {  # mount what a container would have, into a fresh copy of the pristine root
  root=$(mktemp -d "$work/root-$suite-$1.XXXXXX")
  tar --numeric-owner --xattrs -C "$root" -xf "$pristine"
  chmod 755 "$root"  # roots cached before the staging folder was made 755
  mount -t proc proc "$root/proc"
  mount -t sysfs sysfs "$root/sys"
  mount --bind /dev "$root/dev"
  mount --bind /dev/pts "$root/dev/pts"
  mount -t tmpfs -o size=64m,mode=1777 shm "$root/dev/shm"
  cp -L /etc/resolv.conf "$root/etc/resolv.conf"
  # As Docker does: the host name resolves (sudo warns "unable to resolve host" otherwise).
  printf '127.0.1.1\t%s\n' "$(hostname)" >> "$root/etc/hosts"
  if [[ ${HOST_CA:-1} == 1 ]] && compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
    mkdir -p "$root/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
  fi
}

in_root() {  # a command inside the root with a container's bare environment
  chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@" < /dev/null
}

failed=0
summary=$logs/summary.txt
printf 'fresh-debian: %s at %s on Debian %s (apt lists: %s; commands: %s); logs in %s\n' \
  "$repo" "$commit" "$suite" "$apt_lists" "$wording" "$logs" | tee "$summary"
printf '  command %s: %s\n' 1 "${readme_cmds[0]}" 2 "${readme_cmds[1]}" | tee -a "$summary"
for scenario in $scenarios; do
  enter "$scenario"
  setup_log=$logs/$scenario-setup.log
  home=/root
  [[ $scenario == sudo-user ]] && home=/home/$user
  set +e
  (  # a subshell, so that set -e stops the setup at its first failure
    set -e
    echo "# Debian $(in_root cat /etc/debian_version) ($suite), $(uname -m)"
    if [[ $scenario == root ]]; then
      if in_root sh -c 'command -v sudo'; then echo "sudo is installed in the pristine root"; exit 1; fi
      echo "no sudo in the root: good"
    else
      in_root sh -c 'apt-get update && apt-get install -y sudo'
      in_root useradd --create-home --shell /bin/bash "$user"
      echo "$user ALL=(ALL) NOPASSWD:ALL" > "$root/etc/sudoers.d/$user"
      chmod 440 "$root/etc/sudoers.d/$user"
    fi
    # Back to a container's starting point (no lists) unless lists were asked for.
    in_root sh -c 'rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb'
    if [[ $apt_lists == updated ]]; then in_root apt-get update; fi
    git clone --quiet --no-checkout "$repo" "$root$home/clnn"
    git -C "$root$home/clnn" checkout --quiet --detach "$commit"
    if [[ $scenario == sudo-user ]]; then in_root chown -R "$user:$user" "$home/clnn"; fi
  ) > "$setup_log" 2>&1
  setup_status=$?
  set -e
  if (( setup_status != 0 )); then
    echo "$scenario: setup failed (exit $setup_status), see $setup_log" | tee -a "$summary"
    failed=1; teardown; continue
  fi

  for c in $commands; do
    cp "$logs/command-$c.sh" "$root/tmp/readme-command-$c.sh"
    chmod 644 "$root/tmp/readme-command-$c.sh"
    log=$logs/$scenario-command-$c.log
    start=$(date +%s.%N)
    # In the background and waited for, so that a TERM to this script is handled at once (the trap
    # then ends everything running in the root), not after the command.
    if [[ $scenario == root ]]; then
      in_root bash -c "cd /root/clnn && bash /tmp/readme-command-$c.sh" > "$log" 2>&1 &
    else
      # runuser -l: a login shell's environment for the user, as after `su - clnn`.
      in_root runuser -l "$user" -c "cd ~/clnn && bash /tmp/readme-command-$c.sh" > "$log" 2>&1 &
    fi
    status=0
    wait $! || status=$?
    seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
    printf '%-9s command %s: exit %d in %.0f s  (%s)\n' "$scenario" "$c" "$status" "$seconds" "$log" | tee -a "$summary"
    if (( status != 0 )); then
      failed=1
      grep -E 'E: |ERROR|FAIL|Tests run:.*Fail|BUILD' "$log" | tail -n 8 | sed 's/^/    /' | tee -a "$summary"
    fi
  done
  teardown
done
echo "fresh-debian: $( ((failed)) && echo FAILED || echo passed ); logs in $logs" | tee -a "$summary"
exit "$failed"
}
