#!/usr/bin/env bash
# Compiles and lints the Azure templates in infra/ with the real Bicep CLI, which comes from NuGet: the package
# Azure.Bicep.CommandLine.linux-x64 (version in Directory.Packages.props) ships it as a binary, restored by the small
# project infra/bicep/Bicep.csproj (not in StoreSync.sln). Nothing is downloaded from anywhere else.
# Checks: `bicep build infra/main.bicep`, then `bicep lint` on every .bicep file; each passes only with 0 errors and
# 0 warnings. Prints one line per failed check and ends with "bicep: N passed, M failed"; exits 1 when any failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

say() { echo "bicep: $*" >&2; }

if ! dotnet restore infra/bicep/Bicep.csproj --nologo -v q >/tmp/bicep-restore.$$ 2>&1; then
  cat /tmp/bicep-restore.$$ >&2; rm -f /tmp/bicep-restore.$$
  say "restoring the Bicep CLI package failed"
  echo "bicep: 0 passed, 1 failed"
  exit 1
fi
rm -f /tmp/bicep-restore.$$
BICEP="$(dotnet msbuild infra/bicep/Bicep.csproj -nologo -getProperty:BicepCli)"
[ -f "$BICEP" ] || { say "no CLI at '$BICEP'"; echo "bicep: 0 passed, 1 failed"; exit 1; }
[ -x "$BICEP" ] || chmod +x "$BICEP" 2>/dev/null || true  # NuGet extraction may drop the execute bit
export DOTNET_CLI_TELEMETRY_OPTOUT=1 BICEP_TRACING_ENABLED=false

OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
PASSED=0
FAILED=0
# check NAME COMMAND...: passes when the command exits 0 and reports no Error or Warning diagnostic.
check() {
  local name="$1"; shift
  if "$@" >"$OUT/log" 2>&1 && ! grep -qE ': (Error|Warning) ' "$OUT/log"; then
    PASSED=$((PASSED + 1))
  else
    FAILED=$((FAILED + 1))
    say "FAILED $name"
    sed 's/^/  /' "$OUT/log" >&2
  fi
}

check "build infra/main.bicep" "$BICEP" build infra/main.bicep --outfile "$OUT/main.json"
while IFS= read -r file; do
  check "lint $file" "$BICEP" lint "$file"
done < <(find infra -name '*.bicep' | sort)

echo "bicep: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
