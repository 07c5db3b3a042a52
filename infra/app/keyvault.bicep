// Key Vault in RBAC mode: the tenants' ingest signing secrets (Ingestion:KeyVaultUri) and optional third-party provider
// keys. Reference a secret from an app setting with @Microsoft.KeyVault(SecretUri=...); the app resolves it as its
// managed identity (Key Vault Secrets User). Purge protection: a deleted vault or secret stays recoverable for
// softDeleteRetentionInDays and nobody can purge it earlier.
param name string
param location string
param tags object
@description('Refuse public network access: the app reaches the vault through a private endpoint; only allowedIpAddresses come in from outside.')
param privateNetworking bool = true
@description('Public IPv4 addresses or CIDR ranges let through the firewall (an operator running ingest-key); empty: none.')
param allowedIpAddresses array = []

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
    enablePurgeProtection: true
    publicNetworkAccess: privateNetworking && empty(allowedIpAddresses) ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: privateNetworking ? 'Deny' : 'Allow'
      bypass: 'AzureServices'
      ipRules: [for ip in allowedIpAddresses: { value: ip }]
      virtualNetworkRules: []
    }
  }
}

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
