#!/usr/bin/env bash
# Install and seed the Oscar test store (django-oscar, from PyPI) once; later runs reuse it.
# Everything it makes lives in .oscar/: its own virtual environment, the SQLite database, media.
# Serve it with:  .oscar/venv/bin/python scripts/oscar_store/manage.py runserver 127.0.0.1:8811 --noreload --insecure
set -euo pipefail
cd "$(dirname "$0")/../.."
say() { printf '[oscar] %s\n' "$*" >&2; }
HERE=scripts/oscar_store
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
mkdir -p .oscar
want=$(cat "$HERE"/setup.sh "$HERE"/seed.py "$HERE"/shop/settings.py | sha1sum | cut -d' ' -f1)
if [ "$(cat .oscar/ready 2>/dev/null)" = "$want" ]; then exit 0; fi
if [ ! -x .oscar/venv/bin/python ]; then
  say "creating .oscar/venv"
  "$PYTHON" -m venv .oscar/venv
fi
say "installing django-oscar"
.oscar/venv/bin/python -m pip install -q --disable-pip-version-check 'django-oscar[sorl-thumbnail]==4.2.1' 'whoosh-reloaded==2.7.5'
rm -rf .oscar/store.sqlite3 .oscar/whoosh_index
say "creating the database and seeding the catalogue"
.oscar/venv/bin/python "$HERE"/manage.py migrate -v0
.oscar/venv/bin/python -W ignore "$HERE"/seed.py >/dev/null
.oscar/venv/bin/python -W ignore "$HERE"/manage.py rebuild_index --noinput -v0
echo "$want" > .oscar/ready
say "ready"
