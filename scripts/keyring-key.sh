#!/usr/bin/env bash
# Prints this checkout's key for encrypting the Data Protection key ring at rest (Auth__KeyRingEncryptionKey), made once
# from 32 random bytes and kept in .data/keyring.key (mode 600, never committed). Each environment has its own key; on
# Azure it is the Key Vault secret keyring-encryption-key (docs/deploy.md, "Rotating secrets").
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FILE="$REPO/.data/keyring.key"
if [ ! -s "$FILE" ]; then
  mkdir -p "$(dirname "$FILE")"
  (umask 077 && head -c 32 /dev/urandom | base64 >"$FILE")
fi
cat "$FILE"
