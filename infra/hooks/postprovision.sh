#!/bin/sh
# azd postprovision hook: renders local.settings.json from the provisioned outputs (azd exports them as environment
# variables), so `func start` runs the app locally against Azure with your own login (`az login`): the deploying user
# has the same data roles as the app (infra/rbac.bicep). No key or secret is written. A separate task hub keeps local
# runs out of the deployed app's Durable state.
set -eu

root="$(cd "$(dirname "$0")/../.." && pwd)"
target="$root/local.settings.json"

for name in AZURE_STORAGE_BLOB_URI AZURE_STORAGE_QUEUE_URI AZURE_STORAGE_TABLE_URI AZURE_OPENAI_ENDPOINT \
    AZURE_OPENAI_CHAT_DEPLOYMENT AZURE_OPENAI_EMBEDDING_DEPLOYMENT AZURE_OPENAI_IMAGE_DEPLOYMENT CATALOGFORGE_TASK_HUB AZURE_KEY_VAULT_URI; do
    eval "value=\${$name:-}"
    if [ -z "$value" ]; then
        echo "postprovision: $name is not set; run this hook through azd (azd provision)." >&2
        exit 1
    fi
done

cat > "$target" <<JSON
{
  "IsEncrypted": false,
  "Values": {
    "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
    "AzureWebJobsStorage__blobServiceUri": "$AZURE_STORAGE_BLOB_URI",
    "AzureWebJobsStorage__queueServiceUri": "$AZURE_STORAGE_QUEUE_URI",
    "AzureWebJobsStorage__tableServiceUri": "$AZURE_STORAGE_TABLE_URI",
    "CATALOGFORGE_TASK_HUB": "${CATALOGFORGE_TASK_HUB}local",
    "PendingJobSweepSchedule": "0 */5 * * * *",
    "NightlySchedule": "0 0 2 * * *",
    "Storage__BlobServiceUri": "$AZURE_STORAGE_BLOB_URI",
    "Storage__QueueServiceUri": "$AZURE_STORAGE_QUEUE_URI",
    "Storage__TableServiceUri": "$AZURE_STORAGE_TABLE_URI",
    "Storage__InitializeOnStart": "false",
    "Ingestion__KeyVaultUri": "$AZURE_KEY_VAULT_URI",
    "Ai__Providers__azure__Kind": "AzureOpenAI",
    "Ai__Providers__azure__Endpoint": "$AZURE_OPENAI_ENDPOINT",
    "Ai__Deployments__chatstandard__Provider": "azure",
    "Ai__Deployments__chatstandard__Deployment": "$AZURE_OPENAI_CHAT_DEPLOYMENT",
    "Ai__Deployments__chatstandard__Model": "$AZURE_OPENAI_CHAT_DEPLOYMENT",
    "Ai__Deployments__chatstandard__Task": "Chat",
    "Ai__Deployments__chatstandard__Tier": "standard",
    "Ai__Deployments__chatstandard__InputPerMillion": "0.15",
    "Ai__Deployments__chatstandard__OutputPerMillion": "0.6",
    "Ai__Deployments__chateconomy__Provider": "azure",
    "Ai__Deployments__chateconomy__Deployment": "$AZURE_OPENAI_CHAT_DEPLOYMENT",
    "Ai__Deployments__chateconomy__Model": "$AZURE_OPENAI_CHAT_DEPLOYMENT",
    "Ai__Deployments__chateconomy__Task": "Chat",
    "Ai__Deployments__chateconomy__Tier": "economy",
    "Ai__Deployments__chateconomy__InputPerMillion": "0.15",
    "Ai__Deployments__chateconomy__OutputPerMillion": "0.6",
    "Ai__Deployments__embedding__Provider": "azure",
    "Ai__Deployments__embedding__Deployment": "$AZURE_OPENAI_EMBEDDING_DEPLOYMENT",
    "Ai__Deployments__embedding__Model": "$AZURE_OPENAI_EMBEDDING_DEPLOYMENT",
    "Ai__Deployments__embedding__Task": "Embedding",
    "Ai__Deployments__embedding__Tier": "standard",
    "Ai__Deployments__embedding__Dimensions": "1536",
    "Ai__Deployments__embedding__InputPerMillion": "0.02",
    "Ai__Deployments__image__Provider": "azure",
    "Ai__Deployments__image__Deployment": "$AZURE_OPENAI_IMAGE_DEPLOYMENT",
    "Ai__Deployments__image__Model": "$AZURE_OPENAI_IMAGE_DEPLOYMENT",
    "Ai__Deployments__image__Task": "Image",
    "Ai__Deployments__image__Tier": "standard",
    "Ai__Deployments__image__PerImage": "0.04",
    "Ai__Deployments__image__ImageSize": "1024x1024"
  }
}
JSON
echo "postprovision: wrote $target"
