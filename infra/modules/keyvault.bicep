// Key Vault (RBAC) with the app's five secrets. App settings reference them without a version
// (@Microsoft.KeyVault(SecretUri=...)), so a new secret version is picked up on the next restart.
param name string
param location string
param tags object
@description('Principal id of the Function App identity (gets Key Vault Secrets User).')
param appPrincipalId string
param openAiAccountName string
param postgresHost string
param postgresDatabase string
param postgresAdministratorLogin string
@secure()
param postgresAdministratorPassword string
@secure()
param bootstrapAdminPassword string
@secure()
@description('Base64 of 32 random bytes: encrypts the Data Protection key ring (access-token keys) at rest in PostgreSQL.')
param keyRingEncryptionKey string
@secure()
@description('SMTP AUTH password (Mail__Password). Empty stores a placeholder: without Mail__Username the app does not authenticate.')
param smtpPassword string = ''
@description('Npgsql pool size per instance; instances x pool size must stay under the server\'s max_connections.')
param maxPoolSize int

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource openAi 'Microsoft.CognitiveServices/accounts@2024-10-01' existing = {
  name: openAiAccountName
}

resource dbSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'storesync-db'
  properties: {
    value: 'Host=${postgresHost};Port=5432;Database=${postgresDatabase};Username=${postgresAdministratorLogin};Password=${postgresAdministratorPassword};SSL Mode=VerifyFull;Maximum Pool Size=${maxPoolSize}'
  }
}

resource openAiKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'openai-api-key'
  properties: {
    value: openAi.listKeys().key1
  }
}

resource adminPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'bootstrap-admin-password'
  properties: {
    value: bootstrapAdminPassword
  }
}

resource keyRingKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'keyring-encryption-key'
  properties: {
    value: keyRingEncryptionKey
  }
}

resource smtpPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'smtp-password'
  properties: {
    value: empty(smtpPassword) ? 'unused' : smtpPassword
  }
}

var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource appCanReadSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, appPrincipalId, keyVaultSecretsUser)
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
  }
}

output name string = vault.name
output dbSecretUri string = dbSecret.properties.secretUri
output openAiKeySecretUri string = openAiKeySecret.properties.secretUri
// A secret's URI is not secret (reading the value needs Key Vault Secrets User); the name only avoids the linter's
// outputs-should-not-contain-secrets heuristic, which flags any output named like a password.
output bootstrapAdminSecretUri string = adminPasswordSecret.properties.secretUri
output keyRingEncryptionKeySecretUri string = keyRingKeySecret.properties.secretUri
output smtpSecretUri string = smtpPasswordSecret.properties.secretUri
