// CatalogForge on Azure: Flex Consumption Function app (Durable Functions) with a user-assigned identity, keyless
// storage, Azure OpenAI, monitoring and Key Vault. Deployed by `azd up` (see azure.yaml and the README).
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; feeds the resource token and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Region of every resource. It must offer Flex Consumption and the Azure OpenAI models below.')
@metadata({ azd: { type: 'location' } })
param location string

@description('Object id of the deploying user (azd sets AZURE_PRINCIPAL_ID); gets the same data roles, to run the app locally against Azure. Empty to skip.')
param principalId string = ''

@description('Kind of the principal above: User for a person, ServicePrincipal for a CI identity.')
@allowed(['User', 'ServicePrincipal'])
param principalType string = 'User'

@description('Function runtime version (dotnet-isolated) for Flex Consumption; the app targets .NET 10.')
param functionRuntimeVersion string = '10.0'

@description('Chat model deployed for both content tiers (standard and economy).')
param chatModel object = { name: 'gpt-4o-mini', version: '2024-07-18', sku: 'GlobalStandard', capacity: 50 }

@description('Embedding model; its dimensions must match Ai:Deployments:embedding:Dimensions.')
param embeddingModel object = { name: 'text-embedding-3-small', version: '1', sku: 'Standard', capacity: 50, dimensions: 1536 }

@description('Image model.')
param imageModel object = { name: 'dall-e-3', version: '3.0', sku: 'Standard', capacity: 1 }

// ---- Network and access (infra/README.md, "Network and access") ----
@description('Storage, Key Vault and Azure OpenAI refuse public network access; the app reaches them over private endpoints in a VNet it is integrated with. false: public endpoints open to any caller with a valid Entra ID token (cheaper, for throwaway environments).')
param privateNetworking bool = true

@description('Public IPv4 addresses or CIDR ranges let through the firewalls of storage, Key Vault and Azure OpenAI: a developer running the app or ingest-key locally, an exporting system that enqueues. Empty: none.')
param allowedIpAddresses array = []

@description('Object id of the identity that sends ingest messages and uploads ingest files; it gets Queue Data Message Sender on the ingest queue and Blob Data Contributor on the ingest container only. Empty to skip.')
param ingestSenderPrincipalId string = ''
// ---- end network and access ----
@description('What a tenant without its own budget may spend on AI per UTC day, in USD (Ai:Budgets:DefaultDailyUsd); 0 = unlimited.')
param defaultDailyBudgetUsd string = '25'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = 'func-catalogforge-${resourceToken}'
// Flex Consumption deploys the app package from this blob container.
var deploymentContainerName = 'app-package-${take(resourceToken, 12)}'
// One task hub per environment, so two environments sharing nothing else never share Durable state either.
var taskHubName = 'catalogforge${take(resourceToken, 8)}'

resource rg 'Microsoft.Resources/resourceGroups@2021-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-catalogforge-${resourceToken}'
    location: location
    tags: tags
  }
}

// ---- Network and access ----
module network 'app/network.bicep' = if (privateNetworking) {
  name: 'network'
  scope: rg
  params: {
    name: 'vnet-catalogforge-${resourceToken}'
    location: location
    tags: tags
  }
}

// name = the private DNS zone key in network.bicep; service picks the target below (a loop's array must be known at start).
var privateEndpoints = [
  { name: 'blob', groupId: 'blob', service: 'storage' }
  { name: 'queue', groupId: 'queue', service: 'storage' }
  { name: 'table', groupId: 'table', service: 'storage' }
  { name: 'vault', groupId: 'vault', service: 'vault' }
  { name: 'openai', groupId: 'account', service: 'openai' }
]

module endpoints 'app/private-endpoint.bicep' = [for endpoint in privateEndpoints: if (privateNetworking) {
  name: 'pe-${endpoint.name}'
  scope: rg
  params: {
    name: 'pe-${endpoint.name}-${resourceToken}'
    location: location
    tags: tags
    subnetId: network!.outputs.privateEndpointSubnetId
    targetId: endpoint.service == 'storage' ? storage.outputs.id : endpoint.service == 'vault' ? keyVault.outputs.id : openai.outputs.id
    groupId: endpoint.groupId
    dnsZoneId: network!.outputs.dnsZoneIds[endpoint.name]
  }
}]
// ---- end network and access ----

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'stcf${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    privateNetworking: privateNetworking
    allowedIpAddresses: allowedIpAddresses
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-catalogforge-${resourceToken}'
    applicationInsightsName: 'appi-catalogforge-${resourceToken}'
    location: location
    tags: tags
  }
}

module openai 'app/openai.bicep' = {
  name: 'openai'
  scope: rg
  params: {
    name: 'oai-catalogforge-${resourceToken}'
    location: location
    tags: tags
    chatModel: chatModel
    embeddingModel: embeddingModel
    imageModel: imageModel
    privateNetworking: privateNetworking
    allowedIpAddresses: allowedIpAddresses
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: 'kv-cf-${take(resourceToken, 13)}'
    location: location
    tags: tags
    privateNetworking: privateNetworking
    allowedIpAddresses: allowedIpAddresses
  }
}

module functions 'app/functions.bicep' = {
  name: 'functions'
  scope: rg
  params: {
    name: functionAppName
    planName: 'plan-catalogforge-${resourceToken}'
    location: location
    tags: tags
    runtimeVersion: functionRuntimeVersion
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    openAiEndpoint: openai.outputs.endpoint
    chatDeployment: openai.outputs.chatDeployment
    embeddingDeployment: openai.outputs.embeddingDeployment
    embeddingDimensions: embeddingModel.dimensions
    imageDeployment: openai.outputs.imageDeployment
    keyVaultUri: keyVault.outputs.uri
    taskHubName: taskHubName
    appSubnetId: privateNetworking ? network!.outputs.appSubnetId : ''
    defaultDailyBudgetUsd: defaultDailyBudgetUsd
  }
  // The app starts talking to storage as soon as it exists: let its private endpoints be there first.
  dependsOn: [endpoints]
}

module rbac 'rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    openAiName: openai.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    appPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
    ingestSenderPrincipalId: ingestSenderPrincipalId
  }
}

// Read by azd (environment values) and by the postprovision hooks that render local.settings.json.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_NAME string = functions.outputs.name
output AZURE_FUNCTION_URI string = functions.outputs.uri
output AZURE_STORAGE_BLOB_URI string = storage.outputs.blobUri
output AZURE_STORAGE_QUEUE_URI string = storage.outputs.queueUri
output AZURE_STORAGE_TABLE_URI string = storage.outputs.tableUri
output AZURE_OPENAI_ENDPOINT string = openai.outputs.endpoint
output AZURE_OPENAI_CHAT_DEPLOYMENT string = openai.outputs.chatDeployment
output AZURE_OPENAI_EMBEDDING_DEPLOYMENT string = openai.outputs.embeddingDeployment
output AZURE_OPENAI_IMAGE_DEPLOYMENT string = openai.outputs.imageDeployment
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri
output CATALOGFORGE_TASK_HUB string = taskHubName
