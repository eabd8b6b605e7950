#!/usr/bin/env bash
# The wasm package (crate taolight-wasm) tested in a real browser: headless Chromium, offline,
# on loopback only.
#
#   tests/bindings/browser/run.sh
#
# 1. installs Debian's chromium when it is missing (apt-get, as root);
# 2. builds the npm package with wasm/build.sh (or takes TAOLIGHT_WASM_PKG_DIR) and uses its
#    wallet-only web build;
# 3. lays out a temp dir: index.html, test.mjs, pkg/ and fixtures/ (the recorded polkadot-js
#    transfer and the spec-218 metadata), serves it with `python3 -m http.server` on 127.0.0.1
#    (a free port chosen by the kernel) and checks that the .wasm is served as application/wasm;
# 4. opens http://127.0.0.1:PORT/index.html in `chromium --headless=new`, driven by cdp.mjs (Node,
#    DevTools protocol over --remote-debugging-pipe), waits in real time for the `<pre id="result">`
#    the page writes ("PASS n/n", then one line per test) and reads it from the page's DOM. Exits
#    non-zero, naming the failing tests, on any failure, and when the page writes no result in time;
# 5. runs tests/bindings/browser/wallet.test.mjs: playwright-core drives the same chromium through
#    examples/browser/ on a devnet (wallet, balance, a signed transfer over WebSocket), keeping a
#    screenshot in tests/artifacts/browser-wallet.png;
# 6. runs the wasm-bindgen tests (wasm/tests-wasm) in headless Chromium through chromedriver.
#
# Environment: TAOLIGHT_CACHE (cache root), CARGO_TARGET_DIR (default $TAOLIGHT_CACHE/target),
# CHROMIUM (the browser binary; default chromium), TAOLIGHT_BROWSER_TIMEOUT (seconds for the page,
# default 120), TAOLIGHT_BROWSER_NACL=1 also runs the $NACL (Argon2i, 512 MiB) keyfile round trip,
# TAOLIGHT_KEEP_TMP=1 keeps the temp dir and prints where.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
cache=${TAOLIGHT_CACHE:-$HOME/.cache/taolight}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$cache/target}
target=wasm32-unknown-unknown
tools=$cache/tools
page_timeout=${TAOLIGHT_BROWSER_TIMEOUT:-120}

work=$(mktemp -d "${TMPDIR:-/tmp}/taolight-bindings-browser.XXXXXX")
server_pid=
cleanup() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ -n "${TAOLIGHT_KEEP_TMP:-}" ]]; then
    echo "kept $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. The browser.
chromium=${CHROMIUM:-chromium}
if ! command -v "$chromium" >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "== apt-get install chromium" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends chromium >&2 ||
      { apt-get update >&2 && apt-get install -y --no-install-recommends chromium >&2; }
  else
    echo "chromium is missing: install Debian's chromium (apt-get install chromium) or set CHROMIUM" >&2
    exit 1
  fi
fi
echo "== $("$chromium" --version 2>/dev/null)" >&2
command -v node >/dev/null || { echo "node is missing (Node 18 or later drives the browser)" >&2; exit 1; }

# 2. The package: wasm/build.sh (wallet-only and full builds, web and node targets, wasm-opt),
# or TAOLIGHT_WASM_PKG_DIR when already built.
cd "$root"
pkgdir=${TAOLIGHT_WASM_PKG_DIR:-}
if [[ -z "$pkgdir" ]]; then
  pkgdir=$work/npm
  wasm/build.sh --out "$pkgdir"
fi
site=$work/site
mkdir -p "$site"
cp -r "$pkgdir/wallet/web" "$site/pkg"
mkdir -p "$site/fixtures"
cp "$here/index.html" "$here/test.mjs" "$site/"
cp tests/bindings/node/fixtures/polkadot-js-transfer-spec218.json core/tests/fixtures/metadata/spec218.scale "$site/fixtures/"

# 3. The server: port 0, so the kernel picks a free port; http.server prints it.
python3 -u -m http.server --bind 127.0.0.1 --directory "$site" 0 >"$work/server.log" 2>&1 &
server_pid=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's/^Serving HTTP on 127\.0\.0\.1 port \([0-9]*\).*/\1/p' "$work/server.log")
  [[ -n "$port" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; echo "http.server exited" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$port" ]] || { cat "$work/server.log" >&2; echo "http.server did not start" >&2; exit 1; }
base=http://127.0.0.1:$port
echo "== serving $site on $base" >&2
ctype=$(python3 - "$base/pkg/taolight_wasm_bindgen_bg.wasm" <<'PY'
import sys, urllib.request
req = urllib.request.Request(sys.argv[1], method="HEAD")
with urllib.request.urlopen(req, timeout=10) as r:
    print(r.headers.get("Content-Type"))
PY
)
[[ "$ctype" == application/wasm ]] || { echo "the .wasm is served as '$ctype', not application/wasm" >&2; exit 1; }

# 4. The browser run, driven over the DevTools protocol (cdp.mjs) with a real-time deadline.
# (`chromium --dump-dom --virtual-time-budget` is not used: virtual time fast-forwards while wasm
# compiles off the main thread, so the DOM can be dumped before the tests ran.)
url=$base/index.html
[[ -n "${TAOLIGHT_BROWSER_NACL:-}" ]] && url="$url?nacl=1"
echo "== $chromium --headless=new (DevTools protocol over a pipe) $url" >&2
start=$(date +%s%N)
rc=0
timeout -k 5 $((page_timeout + 30)) node "$here/cdp.mjs" "$chromium" "$url" "$page_timeout" "$work/dom.html" "$work/profile" \
  2>"$work/chromium.log" || rc=$?
echo "== browser done (exit $rc) after $(( ($(date +%s%N) - start) / 1000000 )) ms" >&2
touch "$work/dom.html"
status=0
python3 - "$work/dom.html" "$rc" <<'PY' || status=$?
import html, re, sys
dom = open(sys.argv[1], encoding="utf-8", errors="replace").read()
rc = int(sys.argv[2])
m = re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)
if not m:
    log = re.search(r'<pre id="log">(.*?)</pre>', dom, re.S)
    print(html.unescape(log.group(1)) if log else dom[-2000:])
    why = "timed out" if rc == 124 else f"driver exited {rc}"
    sys.exit(f"browser: the page wrote no result ({why})")
text = html.unescape(m.group(1)).strip()
print(text)
lines = text.splitlines()
failed = [l[len("FAIL "):] for l in lines[1:] if l.startswith("FAIL ")]
if not lines[0].startswith("PASS ") or failed:
    sys.exit("browser: failed: " + "; ".join(failed or [lines[0]]))
passed, total = lines[0].split()[1].split("/")
if passed != total or int(total) != len([l for l in lines[1:] if l.startswith("ok ")]):
    sys.exit(f"browser: inconsistent result: {lines[0]}")
if rc != 0:
    sys.exit(f"browser: the driver exited {rc}")
PY
if [[ $status -ne 0 ]]; then
  echo "--- page console and driver (tail)" >&2
  tail -n 30 "$work/chromium.log" >&2 || true
  exit $status
fi

# 5. The browser example (examples/browser) on a devnet, driven by playwright-core: a wallet,
# its balance, a signed transfer over WebSocket; screenshot in tests/artifacts/.
source "$root/wasm/tools.sh"
wasm_tools_install
echo "== playwright-core: examples/browser against a devnet" >&2
CHROMIUM_PATH=$(command -v "$chromium") TAOLIGHT_WASM_PKG_WEB="$pkgdir/full/web" \
  PLAYWRIGHT_CORE="$WASM_NODE_TOOLS/node_modules/playwright-core" \
  node --test --test-concurrency=1 "$here/wallet.test.mjs"

# 6. The wasm-bindgen tests in headless Chromium (chromedriver).
"$root/wasm/tests-wasm/run.sh" chromium
