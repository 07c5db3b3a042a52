# azd postprovision hook (Windows): renders local.settings.json from the provisioned outputs, like postprovision.sh.
# Your own login (az login) reaches the resources: the deploying user has the app's data roles (infra/rbac.bicep).
$ErrorActionPreference = 'Stop'

$root = Resolve-Path (Join-Path $PSScriptRoot '../..')
$target = Join-Path $root 'local.settings.json'

$required = 'AZURE_STORAGE_BLOB_URI', 'AZURE_STORAGE_QUEUE_URI', 'AZURE_STORAGE_TABLE_URI', 'AZURE_OPENAI_ENDPOINT',
    'AZURE_OPENAI_CHAT_DEPLOYMENT', 'AZURE_OPENAI_EMBEDDING_DEPLOYMENT', 'AZURE_OPENAI_IMAGE_DEPLOYMENT', 'CATALOGFORGE_TASK_HUB'
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
    'Ai__Providers__azure__Kind'                    = 'AzureOpenAI'
    'Ai__Providers__azure__Endpoint'                = $env:AZURE_OPENAI_ENDPOINT
}
foreach ($tier in 'standard', 'economy') {
    $key = "Ai__Deployments__chat$tier"
    $values["${key}__Provider"] = 'azure'
    $values["${key}__Deployment"] = $chat
    $values["${key}__Model"] = $chat
    $values["${key}__Task"] = 'Chat'
    $values["${key}__Tier"] = $tier
    $values["${key}__InputPerMillion"] = '0.15'
    $values["${key}__OutputPerMillion"] = '0.6'
}
$values['Ai__Deployments__embedding__Provider'] = 'azure'
$values['Ai__Deployments__embedding__Deployment'] = $env:AZURE_OPENAI_EMBEDDING_DEPLOYMENT
$values['Ai__Deployments__embedding__Model'] = $env:AZURE_OPENAI_EMBEDDING_DEPLOYMENT
$values['Ai__Deployments__embedding__Task'] = 'Embedding'
$values['Ai__Deployments__embedding__Tier'] = 'standard'
$values['Ai__Deployments__embedding__Dimensions'] = '1536'
$values['Ai__Deployments__embedding__InputPerMillion'] = '0.02'
$values['Ai__Deployments__image__Provider'] = 'azure'
$values['Ai__Deployments__image__Deployment'] = $env:AZURE_OPENAI_IMAGE_DEPLOYMENT
$values['Ai__Deployments__image__Model'] = $env:AZURE_OPENAI_IMAGE_DEPLOYMENT
$values['Ai__Deployments__image__Task'] = 'Image'
$values['Ai__Deployments__image__Tier'] = 'standard'
$values['Ai__Deployments__image__PerImage'] = '0.04'
$values['Ai__Deployments__image__ImageSize'] = '1024x1024'

[ordered]@{ IsEncrypted = $false; Values = $values } | ConvertTo-Json -Depth 3 | Set-Content -Path $target -Encoding utf8
Write-Host "postprovision: wrote $target"
