#!/usr/bin/env bash
# Installs the central server's package on this machine (as root), checks
# what its maintainer scripts did, runs the server as its user with the
# shipped configuration, then purges it and checks what stays. For a
# throwaway machine or container: it adds and then removes the courtdesk
# user. Under a running systemd the package also starts the service; in a
# container without one the unit is enabled only, and the server is run
# directly as its user instead.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
deb="$(ls -t "$TARGET"/debian/courtdesk-central_*.deb 2>/dev/null | head -1)"
[ -n "$deb" ] || { echo "no package in $TARGET/debian: run scripts/package.sh first" >&2; exit 1; }
fail() { echo "FAILED: $*" >&2; exit 1; }
if getent passwd courtdesk >/dev/null; then
  fail "a courtdesk user exists already; run this on a throwaway machine"
fi

printf '\n== installing %s\n' "$deb"
dpkg -i "$deb"
getent passwd courtdesk | grep -q ':/usr/sbin/nologin$' || fail "no courtdesk system user"
[ "$(stat -c '%U:%G %a' /etc/courtdesk/central.toml)" = "root:courtdesk 640" ] ||
  fail "central.toml is not root:courtdesk 0640"
[ -L /etc/systemd/system/multi-user.target.wants/courtdesk-central.service ] ||
  fail "the unit is not enabled"

if [ -d /run/systemd/system ]; then
  printf '\n== the service under systemd\n'
  systemctl is-active --quiet courtdesk-central || fail "the service did not start"
  [ "$(stat -c '%U %a' /var/lib/courtdesk)" = "courtdesk 700" ] || fail "state folder not 0700"
else
  printf '\n== no systemd here: the server as its user, with the shipped file\n'
  install -d -m 0700 -o courtdesk -g courtdesk /var/lib/courtdesk
  setpriv --reuid=courtdesk --regid=courtdesk --init-groups \
    /usr/bin/courtdesk-central --config /etc/courtdesk/central.toml serve --listen 127.0.0.1:18443 &
  server=$!
fi
for _ in $(seq 50); do
  if { exec 3<>/dev/tcp/127.0.0.1/9464; } 2>/dev/null; then
    printf 'GET /readyz HTTP/1.0\r\n\r\n' >&3
    answer="$(cat <&3)"; exec 3<&-
    break
  fi
  sleep 0.2
done
[[ "${answer:-}" == *'"ready"'* ]] || fail "/readyz on the metrics listener did not answer ready"
[ -n "${server:-}" ] && { kill -TERM "$server"; wait "$server" || fail "SIGTERM was not a clean stop"; }

printf '\n== purging\n'
dpkg --purge courtdesk-central
[ ! -e /etc/courtdesk ] || fail "/etc/courtdesk is left after a purge"
[ -d /var/lib/courtdesk ] || fail "a purge must keep the court's data"
getent passwd courtdesk >/dev/null || fail "a purge must keep the user owning the data"

printf '\n== cleaning up this machine\n'
rm -rf /var/lib/courtdesk
deluser --quiet courtdesk 2>/dev/null || userdel courtdesk
getent group courtdesk >/dev/null && groupdel courtdesk
echo "package check passed"
