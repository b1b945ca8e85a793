#!/bin/bash
# Lighthouse (mobile) on the demo served like production (docs/performance.md, "Lighthouse").
# usage: bench/lighthouse.sh [workdir]   (LIGHTHOUSE=path/to/lighthouse, CHROME_PATH=/usr/bin/chromium, PORT=8765)
# Builds a fresh SQLite demo in workdir (default /tmp/opop-lighthouse) unless it is there, serves it with gunicorn and
# shop.settings.production over plain http, runs each page 3 times and prints the median of each category.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${1:-/tmp/opop-lighthouse}; PORT=${PORT:-8765}; BASE=http://127.0.0.1:$PORT
LIGHTHOUSE=${LIGHTHOUSE:-lighthouse}; export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
export DJANGO_SETTINGS_MODULE=shop.settings.production ALLOWED_HOSTS=127.0.0.1,localhost
export SECRET_KEY=lighthouse-local-only-0123456789abcdefghijklmnopqrstuvwxyz0123456789
export OPOP_VAR_DIR=$WORK/var STATIC_ROOT=$WORK/static MEDIA_ROOT=$WORK/media CSRF_TRUSTED_ORIGINS=$BASE
export SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0  # plain http on loopback; TLS is nginx's job in production
export TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend
unset DATABASE_URL REDIS_URL
mkdir -p "$WORK/out"
if [ ! -f "$WORK/var/opop.sqlite3" ]; then
  .venv/bin/python manage.py migrate -v0
  DJANGO_SETTINGS_MODULE=shop.settings.dev .venv/bin/python manage.py load_demo  # refuses production settings
  .venv/bin/python manage.py warm_renditions
fi
.venv/bin/python manage.py collectstatic --noinput -v0
PYTHONPATH=bench:. .venv/bin/gunicorn lighthouse_wsgi:application -b "127.0.0.1:$PORT" -w 2 --pid "$WORK/gunicorn.pid" \
  > "$WORK/gunicorn.log" 2>&1 &
trap 'kill "$(cat "$WORK/gunicorn.pid")"' EXIT
sleep 5
STORE=$(curl -s "$BASE/" | grep -o 'href="/[a-z-]*/p/[a-z-]*/"' | head -1 | cut -d'"' -f2)
SID=$(curl -s -D - -o /dev/null -X POST -H "Origin: $BASE" \
  -d "variant=$(curl -s "$BASE$STORE" | grep -o 'name="variant" value="[0-9]*"' | head -1 | grep -o '[0-9]*')&quantity=1" \
  "$BASE/cart/add/" | grep -o 'sessionid=[a-z0-9]*')
run() {  # name path [cookie]
  local extra=(); [ -n "${3:-}" ] && extra=(--extra-headers "{\"Cookie\":\"$3\"}")
  for i in 1 2 3; do
    echo "$1 run $i load $(cut -d' ' -f1-3 /proc/loadavg)"
    for attempt in 1 2 3; do  # a loaded machine sometimes loses the trace (NO_NAVSTART): that run is taken again
      "$LIGHTHOUSE" "$BASE$2" --quiet --output=json --output-path="$WORK/out/$1.$i.json" \
        --only-categories=performance,accessibility,best-practices,seo "${extra[@]}" --chrome-flags="--headless \
--no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
        && break
      [ "$attempt" = 3 ] && exit 1
    done
  done
}
run home /; run storefront "${STORE%%p/*}"; run product "$STORE"; run checkout /checkout/ "$SID"
[ -n "${EXTRA_PAGES:-}" ] && for path in $EXTRA_PAGES; do run "extra$(echo "$path" | tr '/' '_')" "$path"; done
.venv/bin/python - "$WORK/out" <<'PY'
import json, statistics, sys
cats = ["performance", "accessibility", "best-practices", "seo"]
for name in ["home", "storefront", "product", "checkout"]:
    runs = [json.load(open(f"{sys.argv[1]}/{name}.{i}.json")) for i in (1, 2, 3)]
    print(f"{name:<11}", {c: statistics.median(round(r["categories"][c]["score"] * 100) for r in runs) for c in cats})
PY
