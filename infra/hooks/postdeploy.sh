#!/usr/bin/env bash
# azd postdeploy hook (cwd: repository root), after both services are deployed. Needs the Azure CLI, signed in.
#  1. Subscribes the LocationImport blob trigger (Source = EventGrid, as Flex Consumption requires) to BlobCreated
#     events of the imports container. This cannot be in Bicep: the webhook URL carries the host's blobs_extension
#     system key, which the host creates only once the deployed app runs with the blob extension loaded, and Event Grid
#     validates the webhook against that running host when the subscription is created (at provision time the app
#     has no code yet, so the handshake would fail).
#  2. Checks /api/health.
# Idempotent: azd deploy can run it again.
set -euo pipefail

: "${AZURE_RESOURCE_GROUP:?}" "${AZURE_FUNCTION_APP_NAME:?}" "${AZURE_EVENTGRID_SYSTEM_TOPIC_NAME:?}"
: "${IMPORTS_CONTAINER_NAME:?}" "${API_BASE_URL:?}"

say() { echo "postdeploy: $*" >&2; }

# The host creates the blobs_extension key when it first loads a blob trigger; wait for it (cold start included).
key=""
for attempt in $(seq 1 30); do
  curl -fsS -o /dev/null --max-time 30 "$API_BASE_URL/api/health" || true
  key=$(az functionapp keys list --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" \
          --query "systemKeys.blobs_extension" --output tsv 2>/dev/null || true)
  [ -n "$key" ] && break
  say "waiting for the blobs_extension key (attempt $attempt of 30)"
  sleep 10
done
[ -n "$key" ] || { say "error: no blobs_extension system key; is the LocationImport function loaded? Check the app's logs."; exit 1; }

webhook="$API_BASE_URL/runtime/webhooks/blobs?functionName=Host.Functions.LocationImport&code=$key"
az eventgrid system-topic event-subscription create \
  --name location-import \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --system-topic-name "$AZURE_EVENTGRID_SYSTEM_TOPIC_NAME" \
  --endpoint-type webhook \
  --endpoint "$webhook" \
  --included-event-types Microsoft.Storage.BlobCreated \
  --subject-begins-with "/blobServices/default/containers/$IMPORTS_CONTAINER_NAME/" \
  --output none
say "blob trigger subscribed to $IMPORTS_CONTAINER_NAME"

if health=$(curl -fsS --max-time 30 "$API_BASE_URL/api/health"); then
  say "health: $health"
else
  say "warning: $API_BASE_URL/api/health did not answer 200 yet (the database may still be starting); retry in a minute"
fi
