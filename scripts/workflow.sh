#!/usr/bin/env bash
# The README's contract workflow, typed as a user would with relative paths:
#   new -> build -> the scaffolded harness test -> edit -> rebuild (the code hash changes) -> build the same source
#   from a second directory (the same hash) -> link with the example wallet, faucet
#   and mint script and the auth components -> account new (alice owned by a generated
#   key in the keystore, the faucet public) -> tx exec (mint a note with the new note
#   script) -> tx exec consuming the note (signed from the keystore) -> account show ->
#   a call of the new account's export in a transaction and as a view -> the same call
#   signed by another key, refused -> replay of every transaction.
# Fails (non-zero) at the first step that does not do what it should. Called by
# scripts/test.sh; needs the contract toolchains (scripts/setup.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cargo build --quiet -p rivet-cli
rivet="$root/target/debug/rivet"
# One cache for every contract build (the new_build test uses the same one).
export RIVET_TARGET_DIR="${RIVET_TARGET_DIR:-$root/target/tmp/rivet-new-target}"
work="$root/target/tmp/workflow"
rm -rf "$work"
mkdir -p "$work/a" "$work/b/c"
cd "$work/a"

step() { echo "== $*" >&2; }
fail() { echo "workflow: $*" >&2; exit 1; }
hash_of() { sed -n 's/.*"code_hash":"\([0-9a-f]*\)".*/\1/p'; }

step "rivet new account my-account; rivet new note my-note"
"$rivet" new account my-account >/dev/null
"$rivet" new note my-note >/dev/null

step "rivet build my-account"
h1="$("$rivet" build my-account --json | hash_of)"
[ -n "$h1" ] || fail "no code hash from rivet build"

step "cargo test in my-account/tests-host: the scaffolded rivet-testing test"
harness="$(cd my-account/tests-host && RIVET="$rivet" CARGO_TARGET_DIR="$root/target" \
    cargo test --offline 2>&1)" || fail "the scaffolded harness test failed:
$harness"
echo "$harness" | grep -q '^test bump_then_get \.\.\. ok' \
    || fail "the scaffolded harness test did not run: $harness"

step "edit (bump adds twice the step) and rebuild: the hash changes"
sed -i 's/\.checked_add(by)/.checked_add(by.wrapping_mul(2))/' my-account/src/lib.rs
grep -q 'by.wrapping_mul(2)' my-account/src/lib.rs || fail "the edit did not apply"
h2="$("$rivet" build my-account --json | hash_of)"
[ "$h1" != "$h2" ] || fail "edited source, same code hash $h1 (stale wasm packaged?)"

step "the same source built from a second directory: the same hash"
cp -r my-account ../b/c/
rm -f ../b/c/my-account/my-account.rvp
h3="$(cd ../b && "$rivet" build c/my-account --json | hash_of)"
[ "$h2" = "$h3" ] || fail "same source, different code hash: $h2 here, $h3 in ../b/c"

step "build the note and the examples it works with; link"
"$rivet" build my-note >/dev/null
examples="../../../../examples/contracts"
"$rivet" build "$examples/basic-wallet" -o wallet.rvp >/dev/null
"$rivet" build "$examples/fungible-faucet" -o faucet.rvp >/dev/null
"$rivet" build "$examples/mint-tx" -o mint-tx.rvp >/dev/null
"$rivet" build "$examples/auth-none" -o auth-none.rvp >/dev/null
"$rivet" build "$examples/auth-ed25519" -o auth-ed25519.rvp >/dev/null
"$rivet" link my-account/my-account.rvp my-note/my-note.rvp wallet.rvp faucet.rvp mint-tx.rvp \
    auth-none.rvp auth-ed25519.rvp -o app.manifest >/dev/null

step "rivet account new faucet (public), alice (a new key in .rivet/keys/alice.key)"
"$rivet" account new faucet --manifest app.manifest --component faucet --component auth-none \
    --faucet --slots 2 --storage 0=1000 >/dev/null
"$rivet" account new alice --manifest app.manifest --component wallet --component my-account \
    --component auth-ed25519 --slots 1 2>/dev/null >/dev/null
[ "$(stat -c %a .rivet/keys/alice.key)" = "600" ] || fail "alice's key is not mode 600"

step "rivet tx exec faucet: mint 25 into a my-note note for alice"
minted="$("$rivet" tx exec faucet --script mint-tx run '[25, @hash:my-note, @id:alice]' --json)"
note="$(echo "$minted" | tr -d ' \n' | sed -n 's/.*"created":\["\([0-9a-f]*\)".*/\1/p')"
[ -n "$note" ] || fail "mint created no note: $minted"

step "rivet tx exec alice --consume the note"
"$rivet" tx exec alice --consume "${note:0:12}" >/dev/null
"$rivet" tx exec faucet --consume "${note:0:12}" 2>/dev/null \
    && fail "a consumed note was consumed again"

step "rivet account show alice: 25 tokens"
shown="$("$rivet" account show alice --json | tr -d ' \n')"
echo "$shown" | grep -q '"faucet_name":"faucet"' || fail "alice holds no faucet tokens: $shown"
echo "$shown" | grep -q '"amount":25' || fail "alice does not hold 25: $shown"

step "the edited bump in a transaction, then get as a view"
"$rivet" tx exec alice --script my-account local:my-account/api#bump 5 >/dev/null
got="$("$rivet" account call alice local:my-account/api#get | head -1)"
[ "$got" = "10" ] || fail "get returned '$got', expected 10 (bump 5, doubled by the edit)"

step "the same call signed by another key: refused, nothing committed"
printf '%064d\n' 7 > mallory.key
chmod 600 mallory.key
if refused="$("$rivet" tx exec alice --script my-account local:my-account/api#bump 5 \
    --key mallory.key 2>&1)"; then
    fail "alice's account ran a transaction signed by another key"
fi
echo "$refused" | grep -q "not authorized" || fail "not refused by the auth component: $refused"
got="$("$rivet" account call alice local:my-account/api#get | head -1)"
[ "$got" = "10" ] || fail "the refused transaction changed the counter to $got"

step "rivet tx replay --all"
replayed="$("$rivet" tx replay --all | grep -c 'replayed: results, gas')"
[ "$replayed" = "3" ] || fail "replayed $replayed of 3 transactions"
echo "workflow: ok (code hash $h1 -> $h2, reproduced from a second directory)" >&2
