#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running IN-CSE: installs what is missing,
# builds in Release mode and starts the CSE in the foreground: HTTP on 127.0.0.1:8080, CoAP on
# 127.0.0.1:5683, MQTT through a broker on 127.0.0.1:1883, RocksDB in ./data. When MQTT is on
# and nothing listens on the broker's loopback port, a Mosquitto is started for the CSE's
# lifetime (its PID only is stopped at exit). Extra arguments go to the server and win:
#   tools/run.sh --http.port=9090 --mqtt.enabled=false
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install_deps.sh
tools/build.sh citadel

# Defaults of this script (not of the binary): every binding on. A key set in a --config file
# or on the command line is left to it.
config_file=""
for arg in "$@"; do
  case "$arg" in --config=*) config_file="${arg#--config=}" ;; esac
done
setting() {  # the value of key $1 from the command line, else the config file, else ""
  local value="" arg
  if [ -n "$config_file" ] && [ -r "$config_file" ]; then
    value=$(sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\([^#[:space:]]*\).*/\1/p" \
      "$config_file" | tail -n 1)
  fi
  for arg in "$@"; do
    case "$arg" in "--$1="*) value="${arg#--$1=}" ;; esac
  done
  printf '%s' "$value"
}
args=(--storage.path=./data)
[ -n "$(setting coap.enabled "$@")" ] || args+=(--coap.enabled=true)
[ -n "$(setting mqtt.enabled "$@")" ] || args+=(--mqtt.enabled=true)
args+=("$@")
mqtt_enabled=$(setting mqtt.enabled "${args[@]}")
broker=$(setting mqtt.broker "${args[@]}")
broker=${broker:-tcp://127.0.0.1:1883}

mosquitto_pid=""
cleanup() {
  if [ -n "$mosquitto_pid" ]; then
    kill "$mosquitto_pid" 2>/dev/null || true
    wait "$mosquitto_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

if [ "$mqtt_enabled" = "true" ]; then
  hostport=${broker#*://}
  host=${hostport%:*}
  port=${hostport##*:}
  [ "$port" != "$hostport" ] || port=1883
  if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
    echo "run: using the MQTT broker already listening on $host:$port"
  elif [ "$host" = "127.0.0.1" ] || [ "$host" = "localhost" ]; then
    conf=$(mktemp -d)/mosquitto.conf
    printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$port" >"$conf"
    /usr/sbin/mosquitto -c "$conf" >"${conf%.conf}.log" 2>&1 &
    mosquitto_pid=$!
    for _ in $(seq 50); do
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
      sleep 0.1
    done
    echo "run: started Mosquitto (pid $mosquitto_pid) on 127.0.0.1:$port"
  else
    echo "run: no MQTT broker reachable at $host:$port; the CSE keeps retrying" >&2
  fi
fi

build/bin/citadel "${args[@]}" &
citadel_pid=$!
trap 'kill -TERM "$citadel_pid" 2>/dev/null || true' INT TERM
status=0
wait "$citadel_pid" || status=$?
# A signal interrupts the first wait; wait again for the CSE's own orderly exit.
if kill -0 "$citadel_pid" 2>/dev/null; then
  wait "$citadel_pid" || status=$?
fi
exit "$status"
