#!/usr/bin/env bash
# azd prepackage hook of the `api` service (project: the repository root).
# Publishes the Functions app layout into artifacts/api, the `dist` of the service in azure.yaml:
#   host.json, Api/ LifecycleSweep/ LocationImport/ (function.json each), and the StoreSync.Functions executable.
# Self-contained for linux-x64: the Flex Consumption custom-handler image does not promise a .NET 10 runtime.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

OUT="artifacts/api"
rm -rf "$OUT"
dotnet publish src/StoreSync.Functions -c Release -r linux-x64 --self-contained true -p:DebugType=none -o "$OUT" --nologo

for required in host.json StoreSync.Functions Api/function.json LifecycleSweep/function.json LocationImport/function.json; do
  [ -e "$OUT/$required" ] || { echo "package-api: $OUT/$required is missing" >&2; exit 1; }
done
chmod +x "$OUT/StoreSync.Functions"
echo "package-api: Functions app ready in $OUT"
