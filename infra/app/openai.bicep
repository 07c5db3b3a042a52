// Azure OpenAI with the chat, embedding and image deployments the AI gateway routes to; keys are disabled, callers use
// Entra ID (Cognitive Services OpenAI User, see rbac.bicep).
param name string
param location string
param tags object
param chatModel object
param embeddingModel object
param imageModel object
@description('Refuse public network access: the app reaches the account through a private endpoint; only allowedIpAddresses come in from outside.')
param privateNetworking bool = true
@description('Public IPv4 addresses or CIDR ranges let through the firewall (a developer running the app locally); empty: none.')
param allowedIpAddresses array = []

var deployments = [
  { name: chatModel.name, model: chatModel }
  { name: embeddingModel.name, model: embeddingModel }
  { name: imageModel.name, model: imageModel }
]

resource account 'Microsoft.CognitiveServices/accounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: { name: 'S0' }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: privateNetworking && empty(allowedIpAddresses) ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: privateNetworking ? 'Deny' : 'Allow'
      ipRules: [for ip in allowedIpAddresses: { value: ip }]
      virtualNetworkRules: []
    }
  }
}

// One at a time: Azure OpenAI refuses concurrent deployment changes on one account.
@batchSize(1)
resource modelDeployments 'Microsoft.CognitiveServices/accounts/deployments@2023-05-01' = [for deployment in deployments: {
  parent: account
  name: deployment.name
  sku: {
    name: deployment.model.sku
    capacity: deployment.model.capacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: deployment.model.name
      version: deployment.model.version
    }
  }
}]

output name string = account.name
output id string = account.id
output endpoint string = account.properties.endpoint
output chatDeployment string = chatModel.name
output embeddingDeployment string = embeddingModel.name
output imageDeployment string = imageModel.name
