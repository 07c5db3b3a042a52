// Key Vault in RBAC mode for optional third-party provider keys (OpenAI-compatible endpoints). Reference a secret from
// an app setting with @Microsoft.KeyVault(SecretUri=...); the app resolves it as its managed identity (Key Vault Secrets User).
param name string
param location string
param tags object

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
