// Every role assignment. Names are guid(scope, principal, role): deterministic, so re-provisioning is idempotent.
//
// - The app's identity: blob, queue and table data roles on the whole account. Durable Functions' task hub (Azure
//   Storage provider) creates and uses its own queues ({hub}-control-NN, {hub}-workitems), tables ({hub}History,
//   {hub}Instances) and containers ({hub}-leases, {hub}-largemessages) at start, and the Functions host keeps its own
//   containers (azure-webjobs-hosts, azure-webjobs-secrets); creating them needs account-scope roles, so scoping the
//   app's roles to CatalogForge's own containers would break the host. Blob Data Contributor, not Owner: nothing here
//   sets ACLs or ownership.
// - A person deploying (principalType User): the app's roles, so the app runs locally against Azure, plus Key Vault
//   Secrets Officer to manage ingest signing keys (ingest-key add|revoke).
// - A CI identity (principalType ServicePrincipal): no data role at all; deploying needs only control-plane rights.
// - An ingest sender (optional): send to the ingest queue and write to the ingest container, nothing else.
param storageAccountName string
param openAiName string
param keyVaultName string
param applicationInsightsName string
param appPrincipalId string
param userPrincipalId string = ''
@allowed(['User', 'ServicePrincipal'])
param userPrincipalType string = 'User'
@description('Object id of the identity that puts messages on the ingest queue and files in the ingest container; empty to skip.')
param ingestSenderPrincipalId string = ''
@allowed(['User', 'ServicePrincipal', 'Group'])
param ingestSenderPrincipalType string = 'ServicePrincipal'

var roles = {
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe' // Storage Blob Data Contributor
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
  storageQueueDataMessageSender: 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a' // Storage Queue Data Message Sender
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
  cognitiveServicesOpenAIUser: '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd' // Cognitive Services OpenAI User
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6' // Key Vault Secrets User
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7' // Key Vault Secrets Officer
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb' // Monitoring Metrics Publisher
}

// The principals that get the app's data roles: the app, and a person deploying (never a CI identity).
var principals = concat(
  [{ id: appPrincipalId, type: 'ServicePrincipal' }],
  empty(userPrincipalId) || userPrincipalType != 'User' ? [] : [{ id: userPrincipalId, type: userPrincipalType }])

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource ingestContainer 'containers' existing = {
      name: 'ingest'
    }
  }

  resource queueService 'queueServices' existing = {
    name: 'default'

    resource ingestQueue 'queues' existing = {
      name: 'ingest'
    }
  }
}

resource openAi 'Microsoft.CognitiveServices/accounts@2023-05-01' existing = {
  name: openAiName
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource blobContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principal in principals: {
  name: guid(storage.id, principal.id, roles.storageBlobDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: principal.id
    principalType: principal.type
  }
}]

resource queueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principal in principals: {
  name: guid(storage.id, principal.id, roles.storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: principal.id
    principalType: principal.type
  }
}]

resource tableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principal in principals: {
  name: guid(storage.id, principal.id, roles.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: principal.id
    principalType: principal.type
  }
}]

resource openAiUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principal in principals: {
  name: guid(openAi.id, principal.id, roles.cognitiveServicesOpenAIUser)
  scope: openAi
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.cognitiveServicesOpenAIUser)
    principalId: principal.id
    principalType: principal.type
  }
}]

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principal in principals: {
  name: guid(keyVault.id, principal.id, roles.keyVaultSecretsUser)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: principal.id
    principalType: principal.type
  }
}]

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principal in principals: {
  name: guid(applicationInsights.id, principal.id, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: principal.id
    principalType: principal.type
  }
}]

// The person deploying manages the ingest signing secrets; the app only reads them.
resource secretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(userPrincipalId) && userPrincipalType == 'User') {
  name: guid(keyVault.id, userPrincipalId, roles.keyVaultSecretsOfficer)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
    principalId: userPrincipalId
    principalType: userPrincipalType
  }
}

resource senderQueue 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(ingestSenderPrincipalId)) {
  name: guid(storage::queueService::ingestQueue.id, ingestSenderPrincipalId, roles.storageQueueDataMessageSender)
  scope: storage::queueService::ingestQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataMessageSender)
    principalId: ingestSenderPrincipalId
    principalType: ingestSenderPrincipalType
  }
}

resource senderContainer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(ingestSenderPrincipalId)) {
  name: guid(storage::blobService::ingestContainer.id, ingestSenderPrincipalId, roles.storageBlobDataContributor)
  scope: storage::blobService::ingestContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: ingestSenderPrincipalId
    principalType: ingestSenderPrincipalType
  }
}
