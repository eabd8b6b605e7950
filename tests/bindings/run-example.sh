#!/usr/bin/env bash
# Runs one program of examples/ (the short story: fund, register, stake, status) against a node
# and checks what it printed, so that a broken example fails its suite.
#
#   tests/bindings/run-example.sh NAME COMMAND [ARGS...]
#
# The node: TAOLIGHT_RPC_URL when set (a fresh devnet's state is expected there: //Alice funded,
# subnet 1 cheap), else a devnet of its own (`tests/devnet/devnet up --port 0 --watch-pid`),
# stopped at the end. The example gets the node as TAOLIGHT_RPC_URL and must print the lines
# every example prints (examples/rust/src/main.rs is the reference):
#   funded in block #N / subnet 1: uid N … / position: subnet 1 alpha X … /
#   coldkey free balance X TAO
set -euo pipefail

name=$1; shift
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
devnet="$root/tests/devnet/devnet"

url=${TAOLIGHT_RPC_URL:-}
port=""
if [[ -z "$url" ]]; then
  url=$("$devnet" up --port 0 --watch-pid $$ | tail -n 1)
  [[ "$url" == ws://* ]] || { echo "devnet up printed no ws:// URL: $url" >&2; exit 3; }
  port=${url##*:}; port=${port%%/*}
  trap '"$devnet" down --port "$port" >/dev/null 2>&1 || true' EXIT
fi

echo "== example $name on $url" >&2
t0=$SECONDS
rc=0
out=$(TAOLIGHT_RPC_URL="$url" "$@") || rc=$?
printf '%s\n' "$out"
[[ $rc -eq 0 ]] || { echo "example $name failed (exit status $rc)" >&2; exit 1; }
echo "   example $name ran in $((SECONDS - t0)) s" >&2

fail() { echo "example $name: no line matching '$1' in its output" >&2; exit 1; }
for pattern in \
  '^coldkey 5[1-9A-HJ-NP-Za-km-z]{47}$' \
  '^funded in block #[1-9][0-9]*$' \
  '^subnet 1: uid [0-9]+ ' \
  '^position: subnet 1 alpha [0-9]+(\.[0-9]+)? ' \
  '^coldkey free balance [0-9]+(\.[0-9]+)? TAO$'; do
  grep -Eq "$pattern" <<<"$out" || fail "$pattern"
done
# The stake bought some alpha.
grep -E '^position: subnet 1 alpha ' <<<"$out" | grep -Eqv 'alpha 0 ' || fail 'a position with alpha above 0'
