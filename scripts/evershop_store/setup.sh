#!/usr/bin/env bash
# Install, build and seed the EverShop test store (a React storefront, from the npm registry) once;
# later runs reuse it. tests/evershop_store.py serves a copy of its database and the store on 127.0.0.1.
#   - EverShop installed by `npm ci` and its storefront built by webpack (about 8 minutes on 2 cores)
#     go to ${SHOPAGENT_CACHE:-~/.cache/shopagent}/evershop-HASH, named by the hash of package.json
#     and package-lock.json, so other clones on this machine (CI's among them) reuse them;
#     .evershop/app links there.
#   - .evershop/pg/data (ignored by git through .evershop/.gitignore) is a stopped PostgreSQL cluster
#     whose database `evershop` is migrated and seeded by seed.mjs (about a minute).
# Needs Node.js >= 20 with npm and PostgreSQL's server binaries; as root with apt it installs
# Debian's postgresql (and nodejs, npm) when they are missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
say() { printf '[evershop] %s\n' "$*" >&2; }
HERE=scripts/evershop_store
DIR=$PWD/.evershop
APP=$DIR/app
LOOPBACK=$PWD/$HERE/loopback.cjs # its server would listen on every interface: this binds it to 127.0.0.1
mkdir -p "$DIR"
[ -f "$DIR/.gitignore" ] || echo '*' > "$DIR/.gitignore"
want=$(cat "$HERE"/setup.sh "$HERE"/package.json "$HERE"/package-lock.json "$HERE"/seed.mjs "$HERE"/config/default.json | sha1sum | cut -d' ' -f1)
ready() { [ "$(cat "$DIR/ready" 2>/dev/null)" = "$want" ] && [ -d "$APP/.evershop/build/frontStore" ] && [ -d "$DIR/pg/data" ]; }
if ready; then exit 0; fi
exec 9>"$DIR/setup.lock"
flock 9 # one set-up at a time; a second waits, then finds it done
if ready; then exit 0; fi

# 1. Node.js and PostgreSQL ----------------------------------------------------
apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's $*"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "$@" >/dev/null
  else
    say "missing: $* (sudo apt-get install -y $*), then run this again"
    exit 1
  fi
}
node_ok() { command -v npm >/dev/null 2>&1 && node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' 2>/dev/null; }
node_ok || apt_install nodejs npm
node_ok || { say "EverShop needs Node.js 20 or newer with npm; found $(node --version 2>/dev/null || echo none)"; exit 1; }
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
[ -n "$(pg_bin)" ] || apt_install postgresql
PGBIN=$(pg_bin)
[ -x "$PGBIN/initdb" ] || { say "no PostgreSQL server binaries under /usr/lib/postgresql"; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# 2. A PostgreSQL cluster, started for the set-up ------------------------------
export NODE_CONFIG_DIR=$PWD/$HERE/config SUPPRESS_NO_CONFIG_WARNING=1 NODE_NO_WARNINGS=1
NEW=$DIR/pg.new
rm -rf "$NEW"
mkdir -p "$NEW"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$NEW"; fi
as_pg "$PGBIN/initdb" -D "$NEW/data" -U postgres --auth=trust -E UTF8 --locale=C --wal-segsize=1 >/dev/null
PORT=$(free_port)
as_pg "$PGBIN/pg_ctl" -D "$NEW/data" -s -w -l "$NEW/log" \
  -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories='' -c fsync=off" start
trap 'as_pg "$PGBIN/pg_ctl" -D "$NEW/data" -s -m immediate stop || true' EXIT
"$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres evershop
export DB_HOST=127.0.0.1 DB_PORT=$PORT DB_NAME=evershop DB_USER=postgres DB_PASSWORD='' DB_SSLMODE=disable

# 3. EverShop from the npm registry, its storefront built (cached by the lock file's hash)
deps=$(cat "$HERE"/package.json "$HERE"/package-lock.json | sha1sum | cut -c1-16)
CACHE=${SHOPAGENT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/shopagent}/evershop-$deps
mkdir -p "$CACHE"
exec 8>"$CACHE.lock"
flock 8 # one build of a version at a time, across clones
if [ ! -f "$CACHE/.installed" ]; then
  say "installing @evershop/evershop with npm ci into $CACHE (about 2 minutes)"
  cp "$HERE"/package.json "$HERE"/package-lock.json "$CACHE"/
  (cd "$CACHE" && npm ci --no-audit --no-fund --loglevel=error)
  touch "$CACHE/.installed"
fi
if [ ! -f "$CACHE/.built" ]; then
  say "migrating the database"
  cp "$HERE"/seed.mjs "$CACHE"/seed.mjs
  (cd "$CACHE" && NODE_ENV=production node seed.mjs)
  say "building the storefront and admin with webpack (about 5 minutes on 2 cores)"
  rm -rf "$CACHE/.evershop/build"
  (cd "$CACHE" && ./node_modules/.bin/evershop build) # its bootstraps read the store's settings
  # evershop logs a failed build and may still exit 0: look for what the server serves
  [ -d "$CACHE/.evershop/build/frontStore" ] || { say "the EverShop build failed (no $CACHE/.evershop/build/frontStore)"; exit 1; }
  touch "$CACHE/.built"
fi
flock -u 8
[ -L "$APP" ] || rm -rf "$APP"
ln -sfn "$CACHE" "$APP"

# 4. The seeded database --------------------------------------------------------
# The store's event worker gives each new category and product its page address (a product's is
# its category's and its own): after each pass of the seed, start the store once and wait until
# the worker has drained the events.
SQL="$PGBIN/psql -h 127.0.0.1 -p $PORT -U postgres -d evershop -Atc"
pending() { $SQL "SELECT count(*) FROM event WHERE status IN ('pending', 'processing')" 2>/dev/null || echo failed; }
drain() {
  (
    cd "$APP"
    PORT=$(free_port) NODE_OPTIONS="--require $LOOPBACK" NODE_ENV=production \
      exec setsid ./node_modules/.bin/evershop start >>"$NEW/first-start.log" 2>&1
  ) &
  local store=$! # setsid: its own process group, which holds its event and cron workers too
  for _ in $(seq 1 300); do [ "$(pending)" = 0 ] && break; sleep 1; done
  kill -TERM -- "-$store" 2>/dev/null || true
  wait "$store" 2>/dev/null || true
  [ "$(pending)" = 0 ] || { say "the store did not process the seed's events (see $NEW/first-start.log)"; exit 1; }
}
cp "$HERE"/seed.mjs "$APP"/seed.mjs
for pass in structure catalogue; do
  say "seeding the database: $pass"
  (cd "$APP" && NODE_ENV=production node seed.mjs --$pass)
  drain
done
count=$($SQL 'SELECT count(*) FROM product' 2>/dev/null || echo 0)
[ "$count" -gt 0 ] || { say "seeding failed: no products in the database"; exit 1; }
as_pg "$PGBIN/pg_ctl" -D "$NEW/data" -s -m fast stop
trap - EXIT
rm -rf "$DIR/pg"
mv "$NEW" "$DIR/pg"
echo "$want" > "$DIR/ready"
say "ready: $count products"
