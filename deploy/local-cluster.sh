#!/usr/bin/env bash
# A real multi-silo Orleans.Mle cluster on this machine: a backend server and N silo processes on loopback.
#
#   deploy/local-cluster.sh up N [--backend redis|postgres|azure]   start (redis by default); one line per silo:
#                                                                    silo <n> pid <pid> http <url>
#   deploy/local-cluster.sh status                                  the same lines for the silos still running
#   deploy/local-cluster.sh down [--purge]                          SIGTERM every silo (graceful), stop the backend
#                                                                    it started; --purge also deletes the state folder
#
# Everything lives in a state folder (git-ignored): the backend's data, each silo's data directory and log, the
# shared artifact store (Mle__Artifacts__Shared=true), the admin key every silo shares and the cluster secret
# (Mle__Security__ClusterSecret: how silos tell each other's calls from clients'). Registered models survive
# down/up (redis keeps an append-only file, PostgreSQL and Azurite their own files).
#
# Environment:
#   MLE_CLUSTER_STATE      the state folder (default: deploy/.local-cluster)
#   MLE_CLUSTER_FIRST_PORT take every port (backend, then http/silo/gateway of each silo) from here up, skipping
#                          ports in use (default: the backend's usual port, http from 5101, silo from 11111,
#                          gateway from 30000)
#   MLE_CLUSTER_TIMEOUT    seconds to wait for the backend and for every silo to be ready (default 180)
#   MLE_SILO_DLL           a built Orleans.Mle.Silo.dll to run (default: published once into the state folder)
#   Mle__*                 any silo setting, passed to every silo (e.g. Mle__Clustering__ProbeTimeout=00:00:01)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
state=${MLE_CLUSTER_STATE:-$repo/deploy/.local-cluster}
timeout=${MLE_CLUSTER_TIMEOUT:-180}

usage() {
  sed -n '4,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 64
}

fail() {
  echo "local-cluster: $*" >&2
  exit 1
}

# A port nothing listens on, from $1 up.
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || grep -qx "$port" "$state/ports.taken" 2>/dev/null; do
    port=$((port + 1))
  done
  echo "$port" >>"$state/ports.taken"
  echo "$port"
}

# The next free port: from MLE_CLUSTER_FIRST_PORT when set, else from the default base $1.
next_port() {
  free_port "${MLE_CLUSTER_FIRST_PORT:-$1}"
}

backend_port() {
  if [ -n "${MLE_CLUSTER_FIRST_PORT:-}" ]; then
    free_port "$MLE_CLUSTER_FIRST_PORT"
  else
    echo "$1"
  fi
}

listening() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

alive() {
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

wait_listening() {
  local port=$1 what=$2 deadline=$((SECONDS + timeout))
  until listening "$port"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$what did not listen on port $port within $timeout s"
    sleep 0.2
  done
}

# --- backends: each starts its server unless one already answers, and sets the silos' provider settings ---

start_redis() {
  local port=$1 dir=$state/backend/redis
  mkdir -p "$dir"
  if ! listening "$port"; then
    command -v redis-server >/dev/null || fail "redis-server is not installed (apt-get install redis-server)"
    redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --appendonly yes --save "" \
      --daemonize yes --pidfile "$dir/server.pid" --logfile "$dir/server.log"
    echo "$dir/server.pid" >"$state/backend.pidfile"
    wait_listening "$port" redis-server
  fi
  local connection="127.0.0.1:$port"
  backend_settings=(
    "Mle__Clustering__Provider=Redis" "Mle__Clustering__ConnectionString=$connection"
    "Mle__Storage__Provider=Redis" "Mle__Storage__ConnectionString=$connection"
  )
}

start_postgres() {
  local port=$1 dir=$state/backend/postgres bin
  if ! listening "$port"; then
    # Debian keeps the server programs off PATH, in a folder per major version: the newest one.
    bin=$(dirname "$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)")
    [ -x "$bin/initdb" ] || fail "PostgreSQL is not installed (apt-get install postgresql)"
    # PostgreSQL refuses to run as root: then it runs as Debian's postgres user, which owns its folder.
    local as=()
    if [ "$(id -u)" = 0 ]; then
      as=(runuser -u postgres --)
      mkdir -p "$state/backend"
      chmod 755 "$state/backend"
      "${as[@]}" test -x "$state/backend" ||
        fail "PostgreSQL runs as the postgres user, which cannot reach $state (a parent folder is private): set MLE_CLUSTER_STATE to a folder it can reach, e.g. /tmp/mle-cluster"
    fi
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres "$dir"
      "${as[@]}" "$bin/initdb" -D "$dir" -U postgres -A trust -E UTF8 >/dev/null
    fi
    "${as[@]}" "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -o "-p $port -h 127.0.0.1 -k $dir" start >/dev/null
    echo "$dir/postmaster.pid" >"$state/backend.pidfile"
    wait_listening "$port" postgres
  fi
  local connection="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  backend_settings=(
    "Mle__Clustering__Provider=PostgreSql" "Mle__Clustering__ConnectionString=$connection"
    "Mle__Storage__Provider=PostgreSql" "Mle__Storage__ConnectionString=$connection"
  )
}

start_azure() {
  local blob=$1 queue=$2 table=$3 dir=$state/backend/azurite
  mkdir -p "$dir"
  if ! listening "$blob"; then
    command -v azurite >/dev/null || fail "azurite is not installed (npm install -g azurite)"
    setsid azurite --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
      --tableHost 127.0.0.1 --tablePort "$table" --location "$dir" --skipApiVersionCheck --loose --silent \
      >"$dir/server.log" 2>&1 </dev/null &
    echo $! >"$dir/server.pid"
    echo "$dir/server.pid" >"$state/backend.pidfile"
    wait_listening "$blob" "azurite (blob)"
    wait_listening "$queue" "azurite (queue)"
    wait_listening "$table" "azurite (table)"
  fi
  # Azurite's one account and key, as its documentation publishes them: a local emulator's, not a secret.
  local account=devstoreaccount1
  local key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
  local connection="DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/$account;QueueEndpoint=http://127.0.0.1:$queue/$account;TableEndpoint=http://127.0.0.1:$table/$account;"
  backend_settings=(
    "Mle__Clustering__Provider=AzureTables" "Mle__Clustering__ConnectionString=$connection"
    "Mle__Storage__Provider=AzureTables" "Mle__Storage__ConnectionString=$connection"
    "Mle__Streams__Provider=AzureQueue" "Mle__Streams__ConnectionString=$connection"
  )
}

silo_dll() {
  if [ -n "${MLE_SILO_DLL:-}" ]; then
    [ -f "$MLE_SILO_DLL" ] || fail "MLE_SILO_DLL=$MLE_SILO_DLL does not exist"
    echo "$MLE_SILO_DLL"
    return
  fi
  if [ ! -f "$state/bin/Orleans.Mle.Silo.dll" ]; then
    echo "Publishing the silo into $state/bin (once)..." >&2
    dotnet publish "$repo/silo/Orleans.Mle.Silo.csproj" -c Release -o "$state/bin" --nologo -v quiet >&2
  fi
  echo "$state/bin/Orleans.Mle.Silo.dll"
}

admin_key() {
  local file=$state/admin.key
  if [ ! -f "$file" ]; then
    # mle_<64-bit id>_<256-bit secret>, the format the silo generates (grains/Security/ApiKeyToken.cs).
    (umask 077 && echo "mle_$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')_$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" >"$file")
  fi
  cat "$file"
}

# The secret every silo shares, from which they stamp their calls to each other; a client never sees it.
cluster_secret() {
  local file=$state/cluster.secret
  if [ ! -f "$file" ]; then
    (umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$file")
  fi
  cat "$file"
}

print_silo() {
  local n=$1
  echo "silo $n pid $(cat "$state/silos/$n/pid") http $(cat "$state/silos/$n/url")"
}

up() {
  local count=${1:-}
  shift || true
  local backend=redis
  while [ $# -gt 0 ]; do
    case $1 in
      --backend) backend=${2:-}; shift 2 ;;
      --backend=*) backend=${1#--backend=}; shift ;;
      *) usage ;;
    esac
  done
  [[ $count =~ ^[1-9][0-9]*$ ]] || usage
  mkdir -p "$state/silos" "$state/artifacts"
  for pidfile in "$state"/silos/*/pid; do
    if alive "$pidfile"; then
      fail "a cluster is already running from $state (deploy/local-cluster.sh down first)"
    fi
  done
  # Ports this start handed out, so two silos never get the same one before either listens.
  rm -f "$state/ports.taken"
  touch "$state/ports.taken"

  local dll key secret
  dll=$(silo_dll)
  key=$(admin_key)
  secret=$(cluster_secret)
  case $backend in
    # The usual port of each server (one already running there is used), or fresh ones from MLE_CLUSTER_FIRST_PORT.
    redis) start_redis "$(backend_port 6379)" ;;
    postgres) start_postgres "$(backend_port 5432)" ;;
    azure) start_azure "$(backend_port 10000)" "$(backend_port 10001)" "$(backend_port 10002)" ;;
    *) usage ;;
  esac
  echo "$backend" >"$state/backend.kind"

  for n in $(seq 1 "$count"); do
    local dir=$state/silos/$n http silo gateway
    mkdir -p "$dir"
    http=$(next_port 5101)
    silo=$(next_port 11111)
    gateway=$(next_port 30000)
    echo "http://127.0.0.1:$http" >"$dir/url"
    # The content root is the silo's folder (its appsettings.json); every setting comes from the environment.
    (
      cd "$(dirname "$dll")"
      export ASPNETCORE_URLS="http://127.0.0.1:$http" ASPNETCORE_ENVIRONMENT=Production
      export Mle__DataDirectory="$dir"
      export Mle__Clustering__ClusterId=local Mle__Clustering__AdvertisedAddress=127.0.0.1
      export Mle__Clustering__SiloPort="$silo" Mle__Clustering__GatewayPort="$gateway"
      export Mle__Artifacts__Root="$state/artifacts" Mle__Artifacts__Shared=true
      export Mle__Security__BootstrapKey="$key" Mle__Security__ClusterSecret="$secret"
      for setting in "${backend_settings[@]}"; do
        export "${setting?}"
      done
      exec setsid dotnet "$dll" >"$dir/silo.log" 2>&1 </dev/null
    ) &
    echo $! >"$dir/pid"
  done

  local deadline=$((SECONDS + timeout)) pending
  while :; do
    pending=0
    for n in $(seq 1 "$count"); do
      if ! alive "$state/silos/$n/pid"; then
        echo "silo $n exited while starting; its log ($state/silos/$n/silo.log) ends:" >&2
        tail -n 20 "$state/silos/$n/silo.log" >&2
        down >/dev/null
        exit 1
      fi
      curl -fsS -m 2 -o /dev/null "$(cat "$state/silos/$n/url")/healthz/ready" 2>/dev/null || pending=$((pending + 1))
    done
    [ "$pending" -gt 0 ] || break
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "$pending silos not ready within $timeout s; logs under $state/silos" >&2
      down >/dev/null
      exit 1
    fi
    sleep 0.5
  done

  echo "# backend $backend; admin key in $state/admin.key (Authorization: Bearer ...)"
  for n in $(seq 1 "$count"); do
    print_silo "$n"
  done
}

status() {
  for dir in "$state"/silos/*/; do
    [ -d "$dir" ] || continue
    local n
    n=$(basename "$dir")
    if alive "$dir/pid"; then
      print_silo "$n"
    fi
  done
}

down() {
  local purge=false
  [ "${1:-}" = --purge ] && purge=true
  [ -d "$state" ] || return 0
  local pids=()
  for pidfile in "$state"/silos/*/pid; do
    if alive "$pidfile"; then
      pids+=("$(cat "$pidfile")")
    fi
  done
  # SIGTERM: each silo finishes its requests, deactivates its grains and leaves the cluster (Mle:Shutdown:Timeout).
  [ ${#pids[@]} -eq 0 ] || kill -TERM "${pids[@]}" 2>/dev/null || true
  local deadline=$((SECONDS + 60))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "silo pid $pid did not stop within 60 s: killed" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  rm -f "$state"/silos/*/pid

  # The backend server, only if this script started it.
  if [ -f "$state/backend.pidfile" ]; then
    local pidfile pid
    pidfile=$(cat "$state/backend.pidfile")
    if [ -f "$pidfile" ]; then
      pid=$(head -n 1 "$pidfile")
      # PostgreSQL's SIGTERM waits for every client to disconnect; SIGINT (its fast shutdown) disconnects them.
      local signal=TERM
      [ "$(cat "$state/backend.kind" 2>/dev/null)" = postgres ] && signal=INT
      kill -"$signal" "$pid" 2>/dev/null || true
      deadline=$((SECONDS + 30))
      while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
        sleep 0.2
      done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$state/backend.pidfile"
  fi
  if [ "$purge" = true ]; then
    rm -rf "$state"
  fi
  echo "stopped ${#pids[@]} silos"
}

case ${1:-} in
  up) shift; up "$@" ;;
  status) status ;;
  down) shift; down "$@" ;;
  *) usage ;;
esac
