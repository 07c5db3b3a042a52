# azd postprovision hook (Windows): renders local.settings.json from the provisioned outputs, like postprovision.sh.
# Your own login (az login) reaches the resources: the deploying user has the app's data roles (infra/rbac.bicep).
$ErrorActionPreference = 'Stop'

$root = Resolve-Path (Join-Path $PSScriptRoot '../..')
$target = Join-Path $root 'local.settings.json'

$required = 'AZURE_STORAGE_BLOB_URI', 'AZURE_STORAGE_QUEUE_URI', 'AZURE_STORAGE_TABLE_URI', 'AZURE_OPENAI_ENDPOINT',
    'AZURE_OPENAI_CHAT_DEPLOYMENT', 'AZURE_OPENAI_EMBEDDING_DEPLOYMENT', 'AZURE_OPENAI_IMAGE_DEPLOYMENT', 'CATALOGFORGE_TASK_HUB', 'AZURE_KEY_VAULT_URI'
foreach ($name in $required) {
    if (-not [Environment]::GetEnvironmentVariable($name)) {
        throw "postprovision: $name is not set; run this hook through azd (azd provision)."
    }
}

$chat = $env:AZURE_OPENAI_CHAT_DEPLOYMENT
$values = [ordered]@{
    'FUNCTIONS_WORKER_RUNTIME'                      = 'dotnet-isolated'
    'AzureWebJobsStorage__blobServiceUri'           = $env:AZURE_STORAGE_BLOB_URI
    'AzureWebJobsStorage__queueServiceUri'          = $env:AZURE_STORAGE_QUEUE_URI
    'AzureWebJobsStorage__tableServiceUri'          = $env:AZURE_STORAGE_TABLE_URI
    'CATALOGFORGE_TASK_HUB'                         = "$($env:CATALOGFORGE_TASK_HUB)local"
    'Storage__BlobServiceUri'                       = $env:AZURE_STORAGE_BLOB_URI
    'Storage__QueueServiceUri'                      = $env:AZURE_STORAGE_QUEUE_URI
    'Storage__TableServiceUri'                      = $env:AZURE_STORAGE_TABLE_URI
    'Storage__InitializeOnStart'                    = 'false'
    'Ingestion__KeyVaultUri'                        = $env:AZURE_KEY_VAULT_URI
    'Ai__Providers__azure__Kind'                    = 'AzureOpenAI'
    'Ai__Providers__azure__Endpoint'                = $env:AZURE_OPENAI_ENDPOINT
}
function Add-Deployment([string] $key, [string] $deployment, [string] $task, [string] $tier, [hashtable] $extra) {
    $prefix = "Ai__Deployments__$key"
    $values["${prefix}__Provider"] = 'azure'
    $values["${prefix}__Deployment"] = $deployment
    $values["${prefix}__Model"] = $deployment
    $values["${prefix}__Task"] = $task
    $values["${prefix}__Tier"] = $tier
    foreach ($name in $extra.Keys) { $values["${prefix}__$name"] = $extra[$name] }
}
$chatPrices = @{ InputPerMillion = '0.15'; OutputPerMillion = '0.6' }
Add-Deployment 'chatstandard' $chat 'Chat' 'standard' $chatPrices
Add-Deployment 'chateconomy' $chat 'Chat' 'economy' $chatPrices
Add-Deployment 'embedding' $env:AZURE_OPENAI_EMBEDDING_DEPLOYMENT 'Embedding' 'standard' @{ Dimensions = '1536'; InputPerMillion = '0.02' }
Add-Deployment 'image' $env:AZURE_OPENAI_IMAGE_DEPLOYMENT 'Image' 'standard' @{ PerImage = '0.04'; ImageSize = '1024x1024' }

[ordered]@{ IsEncrypted = $false; Values = $values } | ConvertTo-Json -Depth 3 | Set-Content -Path $target -Encoding utf8
Write-Host "postprovision: wrote $target"
