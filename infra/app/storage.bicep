// Keyless storage account and everything CatalogForge keeps in it. The names mirror
// src/CatalogForge.Core/Storage/StorageNames.cs (a Functions test checks they stay in step): declaring them here is the
// project's schema migration, so the app never creates tables, containers or queues in Azure (Storage:InitializeOnStart=false).
param name string
param location string
param tags object
param deploymentContainerName string
@description('Refuse public network access: the app reaches the account through private endpoints (network.bicep); only allowedIpAddresses come in from outside.')
param privateNetworking bool = true
@description('Public IPv4 addresses or CIDR ranges let through the firewall (an operator, an exporting system); empty: none.')
param allowedIpAddresses array = []
@description('Days a deleted blob or container can be restored.')
@minValue(1)
@maxValue(365)
param softDeleteDays int = 7

var tables = [
  'Tenants'
  'ApiKeys'
  'Jobs'
  'JobItems'
  'JobIdempotency'
  'Products'
  'Embeddings'
  'Usage'
  'Budgets'
  'AiCache'
  'CircuitBreakers'
  'CatalogVersions'
  'BrandProfiles'
  'Webhooks'
  'NightlyRuns'
  'NightlySnapshots'
  'NightlyAlerts'
  'NightlyLeases'
]
var containers = [
  'products'
  'ingest'
  'ai-cache'
  'nightly'
]
var queues = [
  'ingest'
  'ingest-poison'
  'alerts'
  'alerts-poison'
]

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // Private: no public endpoint at all, unless addresses are allowed, and then only those. AzureServices lets trusted
    // Azure services (e.g. diagnostics) through.
    publicNetworkAccess: privateNetworking && empty(allowedIpAddresses) ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: privateNetworking ? 'Deny' : 'Allow'
      bypass: 'AzureServices'
      ipRules: [for ip in allowedIpAddresses: { value: ip, action: 'Allow' }]
      virtualNetworkRules: []
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    // A deleted (or overwritten) blob and a deleted container can be restored for softDeleteDays; kept data is billed.
    deleteRetentionPolicy: { enabled: true, days: softDeleteDays }
    containerDeleteRetentionPolicy: { enabled: true, days: softDeleteDays }
  }
}

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for container in concat(containers, [deploymentContainerName]): {
  parent: blobService
  name: container
  properties: { publicAccess: 'None' }
}]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource storageQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for queue in queues: {
  parent: queueService
  name: queue
}]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource storageTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for table in tables: {
  parent: tableService
  name: table
}]

output name string = account.name
output id string = account.id
output blobUri string = account.properties.primaryEndpoints.blob
output queueUri string = account.properties.primaryEndpoints.queue
output tableUri string = account.properties.primaryEndpoints.table
