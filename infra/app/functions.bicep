// Flex Consumption plan and the Function app. Every connection is identity-based: AzureWebJobsStorage__* for the host
// (triggers, Durable task hub), Storage__* for CatalogForge's own clients, Azure OpenAI by endpoint only; the app's
// user-assigned identity is the credential everywhere (AZURE_CLIENT_ID for DefaultAzureCredential). No key anywhere.
param name string
param planName string
param location string
param tags object
param runtimeVersion string
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param openAiEndpoint string
param chatDeployment string
param embeddingDeployment string
param embeddingDimensions int
param imageDeployment string
param keyVaultUri string
param taskHubName string
@description('Subnet (delegated to Microsoft.App/environments) the app is integrated with, so it reaches storage, Key Vault and Azure OpenAI over their private endpoints; empty: no VNet integration.')
param appSubnetId string = ''
@description('Ai:Budgets:DefaultDailyUsd: a tenant\'s daily AI budget in USD unless it has its own; 0 = unlimited.')
param defaultDailyBudgetUsd string
param instanceMemoryMB int = 2048
param maximumInstanceCount int = 40

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

var storageSettings = {
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
  Storage__BlobServiceUri: storage.properties.primaryEndpoints.blob
  Storage__QueueServiceUri: storage.properties.primaryEndpoints.queue
  Storage__TableServiceUri: storage.properties.primaryEndpoints.table
  Storage__InitializeOnStart: 'false'
}

// App setting names on Linux allow letters, digits, '_' and '.', so the gateway's deployment keys have no dashes.
// Both content tiers use the one chat deployment; prices are per million tokens (USD) and feed the cost ledger.
var aiSettings = {
  Ai__Providers__azure__Kind: 'AzureOpenAI'
  Ai__Providers__azure__Endpoint: openAiEndpoint
  Ai__Deployments__chatstandard__Provider: 'azure'
  Ai__Deployments__chatstandard__Deployment: chatDeployment
  Ai__Deployments__chatstandard__Model: chatDeployment
  Ai__Deployments__chatstandard__Task: 'Chat'
  Ai__Deployments__chatstandard__Tier: 'standard'
  Ai__Deployments__chatstandard__InputPerMillion: '0.15'
  Ai__Deployments__chatstandard__OutputPerMillion: '0.6'
  Ai__Deployments__chateconomy__Provider: 'azure'
  Ai__Deployments__chateconomy__Deployment: chatDeployment
  Ai__Deployments__chateconomy__Model: chatDeployment
  Ai__Deployments__chateconomy__Task: 'Chat'
  Ai__Deployments__chateconomy__Tier: 'economy'
  Ai__Deployments__chateconomy__InputPerMillion: '0.15'
  Ai__Deployments__chateconomy__OutputPerMillion: '0.6'
  Ai__Deployments__embedding__Provider: 'azure'
  Ai__Deployments__embedding__Deployment: embeddingDeployment
  Ai__Deployments__embedding__Model: embeddingDeployment
  Ai__Deployments__embedding__Task: 'Embedding'
  Ai__Deployments__embedding__Tier: 'standard'
  Ai__Deployments__embedding__Dimensions: string(embeddingDimensions)
  Ai__Deployments__embedding__InputPerMillion: '0.02'
  Ai__Deployments__image__Provider: 'azure'
  Ai__Deployments__image__Deployment: imageDeployment
  Ai__Deployments__image__Model: imageDeployment
  Ai__Deployments__image__Task: 'Image'
  Ai__Deployments__image__Tier: 'standard'
  Ai__Deployments__image__PerImage: '0.04'
  Ai__Deployments__image__ImageSize: '1024x1024'
  Ai__Budgets__DefaultDailyUsd: defaultDailyBudgetUsd
}

var hostSettings = {
  AZURE_CLIENT_ID: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  // Entra ID ingestion: Application Insights has local auth disabled.
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  CATALOGFORGE_TASK_HUB: taskHubName
  CATALOGFORGE_KEY_VAULT_URI: keyVaultUri
  // The tenants' ingest signing secrets live in this vault (required when storage is reached by identity).
  Ingestion__KeyVaultUri: keyVaultUri
  // The pending-job sweep's timer (six-field cron); the host resolves %PendingJobSweepSchedule% from it.
  PendingJobSweepSchedule: '0 */5 * * * *'
  // The nightly runs' timer (six-field cron, UTC); the host resolves %NightlySchedule% from it.
  NightlySchedule: '0 0 2 * * *'
}

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    virtualNetworkSubnetId: empty(appSubnetId) ? null : appSubnetId
    // Key Vault references in app settings resolve as the user-assigned identity.
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: runtimeVersion
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
    }
  }

  resource appSettings 'config' = {
    name: 'appsettings'
    properties: union(storageSettings, aiSettings, hostSettings)
  }
}

output name string = app.name
output uri string = 'https://${app.properties.defaultHostName}'
