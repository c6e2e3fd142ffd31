// The StoreSync custom handler on the Flex Consumption plan (Linux). The runtime comes from functionAppConfig,
// not from FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_EXTENSION_VERSION (both are rejected on Flex Consumption).
param name string
param planName string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string
param storageBlobEndpoint string
param deploymentContainerName string
param appInsightsName string
@description('Origins allowed to call the API from a browser (the Static Web App).')
param allowedOrigins array
param runtimeVersion string
@allowed([2048, 4096])
param instanceMemoryMB int
param maximumInstanceCount int
param dbSecretUri string
param openAiKeySecretUri string
param bootstrapAdminPasswordSecretUri string
param keyRingEncryptionKeySecretUri string
param bootstrapAdminUsername string
param openAiEndpoint string
param chatDeploymentName string
param embeddingDeploymentName string
param embeddingDimensions int
param dailyTokenBudgetPerBrand int
param importsMaxFileBytes int
param importsMaxRows int
param lifecycleBatchSize int

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux
  }
}

// Every setting the app reads, documented in docs/deploy.md (tests/StoreSync.Tests/Deploy checks both ways).
var appSettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  STORESYNC_DB: '@Microsoft.KeyVault(SecretUri=${dbSecretUri})'
  Auth__AccessTokenLifetime: '00:15:00'
  Auth__RefreshTokenLifetime: '14.00:00:00'
  Auth__LoginPermitLimit: '10'
  Auth__BootstrapAdminUsername: bootstrapAdminUsername
  Auth__BootstrapAdminPassword: '@Microsoft.KeyVault(SecretUri=${bootstrapAdminPasswordSecretUri})'
  Auth__KeyRingEncryptionKey: '@Microsoft.KeyVault(SecretUri=${keyRingEncryptionKeySecretUri})'
  Ai__Endpoint: openAiEndpoint
  Ai__ApiKey: '@Microsoft.KeyVault(SecretUri=${openAiKeySecretUri})'
  Ai__ChatModel: chatDeploymentName
  Ai__EmbeddingModel: embeddingDeploymentName
  Ai__EmbeddingDimensions: string(embeddingDimensions)
  Ai__DailyTokenBudgetPerBrand: string(dailyTokenBudgetPerBrand)
  Imports__MaxFileBytes: string(importsMaxFileBytes)
  Imports__MaxRows: string(importsMaxRows)
  Lifecycle__BatchSize: string(lifecycleBatchSize)
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      cors: {
        allowedOrigins: allowedOrigins
        supportCredentials: false // bearer tokens, no cookies
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
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
        name: 'custom'
        version: runtimeVersion
      }
    }
  }
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: appSettings
}

output name string = site.name
output url string = 'https://${site.properties.defaultHostName}'
