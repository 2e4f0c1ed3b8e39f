#!/bin/sh
# Makes an example's TEST keys: a private key per person (examples/NAME/keys, marked
# TEST KEY — NOT FOR USE) and its public key (examples/NAME/docroute/keys), for each
# person of examples/NAME/people.txt. usage: scripts/make-test-keys.sh [NAME] (default
# zhangdian). Run once by hand; the keys are committed so the tests and demos repeat.
set -eu
ex=$(cd "$(dirname "$0")/../examples/${1:-zhangdian}" && pwd)
mkdir -p "$ex/keys" "$ex/docroute/keys"
grep -v '^#' "$ex/people.txt" | while read -r person alg; do
  [ -n "$person" ] || continue
  priv="$ex/keys/$person-1.TEST-KEY.pem"
  case "$alg" in
    ed25519) key=$(openssl genpkey -algorithm ed25519) ;;
    sm2) key=$(openssl genpkey -algorithm SM2) ;;
  esac
  { echo "TEST KEY — NOT FOR USE: $person/1 ($alg), the docroute example's test key."
    echo "$key"; } > "$priv"
  chmod 600 "$priv"
  echo "$key" | openssl pkey -pubout > "$ex/docroute/keys/$person-1.pem"
done
