# shellcheck shell=bash
# The small court run-app.sh keeps when no configuration is named: a court
# server on the embedded store, enrolled terminals, a clerk and a party on
# file, all in one state folder that the next run reuses. Sourced by
# run-app.sh after lib.sh (it uses $BIN and say); not run.

# The ids the court and the hall are known by; see README.md for the rules.
DEMO_COURT=court-1
DEMO_SITE=hall-a
DEMO_CLERK=clerk
# The standard's own example resident ID number (check character X), and a
# phone whose one-time codes land in the server's development outbox.
DEMO_PARTY_ID=11010519491231002X
DEMO_PARTY_PHONE=13912345678
DEMO_PARTY_NAME=王小明
# The processes to stop on the way out; the password shown once.
DEMO_PIDS=()
SERVER_PID=""
RELAY_PID=""
CLERK_PASSWORD=""
# Written into the state folder so --reset never wipes a folder it did not make.
DEMO_MARK=.courtdesk-demo

central() {
  "$BIN/courtdesk-central" --data-dir "$STATE/central" "$@"
}

# Wipes the state folder, if it is one this script made.
demo_wipe() {
  local dir="$1"
  [ -e "$dir" ] || return 0
  if [ ! -e "$dir/$DEMO_MARK" ]; then
    echo "run-app.sh: $dir was not made by run-app.sh; not wiping it" >&2
    exit 1
  fi
  exec 9>"$dir/.lock"
  if ! flock -n 9; then
    echo "run-app.sh: another run-app.sh is using $dir; close it before --reset" >&2
    exit 1
  fi
  say "wiping $dir"
  rm -rf -- "$dir"
}

# Makes (or reuses) the state folder and holds it, so two runs never share
# one server.
demo_claim() {
  local dir="$1"
  if [ -d "$dir" ] && [ ! -e "$dir/$DEMO_MARK" ] && [ -n "$(ls -A "$dir")" ]; then
    echo "run-app.sh: $dir holds something else; set COURTDESK_DEMO_DIR to another folder" >&2
    exit 1
  fi
  mkdir -p "$dir/central"
  chmod 700 "$dir"
  touch "$dir/$DEMO_MARK"
  exec 9>"$dir/.lock"
  if ! flock -n 9; then
    echo "run-app.sh: another run-app.sh is using $dir; close it first" >&2
    exit 1
  fi
}

# Stops the windows, the code relay and the server (the EXIT trap).
demo_stop() {
  local pid
  for pid in "${DEMO_PIDS[@]}" $RELAY_PID; do
    kill "$pid" 2>/dev/null || true
  done
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    # The server finishes its requests on Ctrl-C; give it a moment to.
    kill -INT "$SERVER_PID" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.5
    done
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    echo "court server stopped" >&2
  fi
}

# Starts the server on the port it had last time (terminals are enrolled
# with its address), or on a free one the first time; sets SERVER_URL and
# SERVER_FINGERPRINT.
demo_start_server() {
  local port_file="$STATE/central/port" port=0 out="$STATE/central/serve.out"
  [ -s "$port_file" ] && port="$(cat "$port_file")"
  : >"$out"
  # Started directly, not through central(), so that $! is the server itself
  # and not a subshell that would not pass the signal on.
  "$BIN/courtdesk-central" --data-dir "$STATE/central" serve --listen "127.0.0.1:$port" \
    >"$out" 2>>"$STATE/central/central.log" &
  SERVER_PID=$!
  local waited=0
  until grep -q '^certificate SHA-256 fingerprint' "$out"; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      SERVER_PID=""
      echo "run-app.sh: the court server did not start; the end of its log:" >&2
      tail -n 5 "$STATE/central/central.log" >&2
      if [ "$port" != 0 ]; then
        echo "If port $port is taken, free it, or start afresh with --reset." >&2
      fi
      exit 1
    fi
    waited=$((waited + 1))
    if [ "$waited" -gt 300 ]; then
      echo "run-app.sh: the court server did not answer within 30 s" >&2
      exit 1
    fi
    sleep 0.1
  done
  SERVER_URL="$(sed -n 's/^listening on //p' "$out")"
  SERVER_FINGERPRINT="$(sed -n 's/^certificate SHA-256 fingerprint: //p' "$out")"
  echo "${SERVER_URL##*:}" >"$port_file"
}

# A password the policy accepts (letters, digits and dashes), without the
# characters people misread.
demo_password() {
  local raw
  raw="$(head -c 1024 /dev/urandom | LC_ALL=C tr -dc 'a-km-zA-HJ-NP-Z2-9')"
  printf '%s-%s-%s' "${raw:0:4}" "${raw:4:4}" "${raw:8:4}"
}

# The clerk and the party on file, once per state folder.
demo_prepare_court() {
  # grep reads the whole list (no -q), so the server's tool never meets a
  # closed pipe, which pipefail would take for "no such clerk".
  if ! central staff list | grep "^$DEMO_CLERK " >/dev/null; then
    CLERK_PASSWORD="$(demo_password)"
    printf '%s\n' "$CLERK_PASSWORD" |
      central staff add --username "$DEMO_CLERK" --name 示例书记员 --role clerk >/dev/null
  fi
  if [ ! -e "$STATE/central/party-on-file" ]; then
    central party add --resident-id "$DEMO_PARTY_ID" --phone "$DEMO_PARTY_PHONE" \
      --name "$DEMO_PARTY_NAME" --court "$DEMO_COURT" --site "$DEMO_SITE" >/dev/null
    touch "$STATE/central/party-on-file"
  fi
}

# Enrolls the terminal for $1 (once) and writes its configuration (once, so
# edits to it survive the next run).
demo_terminal() {
  local mode="$1" dir="$STATE/$1"
  mkdir -p "$dir"
  if [ ! -e "$dir/enrolled" ]; then
    local code
    code="$(central enroll-code --court "$DEMO_COURT" --site "$DEMO_SITE" --mode "$mode" | tail -n 1)"
    "$BIN/courtdesk-terminal-cli" --data-dir "$dir" enroll --server "$SERVER_URL" \
      --fingerprint "$SERVER_FINGERPRINT" --code "$code" --mode "$mode" >/dev/null
    touch "$dir/enrolled"
    echo "enrolled the $mode terminal in $dir"
  fi
  [ -e "$dir/courtdesk.toml" ] || demo_config "$mode" >"$dir/courtdesk.toml"
}

# A terminal's configuration: the same [queue] services on every terminal of
# the hall, and what only this mode reads.
demo_config() {
  local mode="$1"
  cat <<EOF
# CourtDesk $mode terminal, written by scripts/run-app.sh; edit it freely,
# the next run keeps it. Enrolled with the court server in ../central.
mode = "$mode"
language = "zh-CN"
log_level = "info"

[queue]
site_name = "诉讼服务中心"
utc_offset_minutes = 480
# A desk: its window number, and the services it calls (all when empty).
window = 1
window_services = []
closed_days = []
# A display: announce each call aloud (espeak-ng).
speak = true

[[queue.services]]
id = "filing"
prefix = "A"
name_zh = "立案登记"
name_en = "Case filing"
minutes = 10

[[queue.services]]
id = "enquiry"
prefix = "B"
name_zh = "诉讼咨询"
name_en = "Legal enquiries"
minutes = 6

[[queue.services]]
id = "materials"
prefix = "C"
name_zh = "材料收转"
name_en = "Submitting materials"
minutes = 5

[[queue.services]]
id = "enforcement"
prefix = "D"
name_zh = "执行事务"
name_en = "Enforcement matters"
minutes = 12

[identity]
idle_seconds = 90
countdown_seconds = 15
staff_idle_minutes = 10
EOF
  if [ "$mode" = kiosk ]; then
    cat <<'EOF'

[intake]
scan_resolution_dpi = 300
retention_days = 30
draft_keep_days = 7

# A simulated locker: its doors and sensors are locker.json beside this file.
[locker]
driver = "simulated"
simulator_state = "locker.json"
EOF
    cat >"$STATE/kiosk/locker.json" <<'EOF'
{"compartments": [
  {"id": 1, "size": "small", "door_closed": true, "occupied": false},
  {"id": 2, "size": "medium", "door_closed": true, "occupied": false},
  {"id": 3, "size": "large", "door_closed": true, "occupied": false}
]}
EOF
  fi
}

# Prints each one-time code as the server's development outbox receives it,
# so whoever tries the kiosk need not open the file.
demo_relay_codes() {
  local outbox="$STATE/central/sms-outbox.jsonl" seen=0 lines code
  [ -e "$outbox" ] && seen="$(wc -l <"$outbox")"
  while sleep 1; do
    [ -e "$outbox" ] || continue
    lines="$(wc -l <"$outbox")"
    if [ "$lines" -gt "$seen" ]; then
      tail -n "+$((seen + 1))" "$outbox" | sed -n 's/.*"code":"\([0-9]*\)".*/one-time code sent to the party: \1/p' >&2
      seen="$lines"
    fi
  done
}

demo_summary() {
  say "CourtDesk runs against a court server of its own"
  cat <<EOF
   court server   $SERVER_URL  (court $DEMO_COURT, site $DEMO_SITE)
   state folder   $STATE
                  kept for the next run; --reset starts afresh
EOF
  if [ -n "$CLERK_PASSWORD" ]; then
    cat <<EOF
   desk sign-in   user $DEMO_CLERK, password $CLERK_PASSWORD
                  shown only this once: note it down
EOF
  else
    cat <<EOF
   desk sign-in   user $DEMO_CLERK, with the password shown on the first run; a new one:
                  printf '%s\n' NEW-PASSWORD | $BIN/courtdesk-central --data-dir $STATE/central staff set-password $DEMO_CLERK
EOF
  fi
  cat <<EOF
   kiosk identity resident ID $DEMO_PARTY_ID; the one-time code is printed
                  here (and kept in $STATE/central/sms-outbox.jsonl)
EOF
  demo_relay_codes &
  RELAY_PID=$!
}
