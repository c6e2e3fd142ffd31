// The StoreSync Functions app (isolated worker, .NET 10) on the Flex Consumption plan (Linux). The runtime comes from
// functionAppConfig.runtime, not from FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_EXTENSION_VERSION (Flex Consumption rejects
// both). Every connection that can use the user-assigned identity does: host storage (blobs, queues, tables: the blob
// trigger and the Durable task hub), the deployment package, Key Vault references, Application Insights.
param name string
param planName string
param location string
param tags object
param identityId string
param identityClientId string
param storageBlobEndpoint string
param storageQueueEndpoint string
param storageTableEndpoint string
param deploymentContainerName string
param importsContainerName string
param appInsightsName string
@description('Origins allowed to call the API from a browser (the Static Web App).')
param allowedOrigins array
@description('functionAppConfig.runtime.version of dotnet-isolated.')
param runtimeVersion string
@allowed([512, 2048, 4096])
param instanceMemoryMB int
param maximumInstanceCount int
@description('Always-ready instances of the Durable trigger group (orchestrations and activities); 0 = scale from zero.')
param durableAlwaysReadyInstances int
@description('Durable task hub name (host.json: durableTask.hubName = %DurableTaskHub%).')
param durableTaskHubName string
@description('Endpoint of the Durable Task Scheduler; empty = the task hub lives in the storage account (Azure Storage backend).')
param durableTaskSchedulerEndpoint string
param dbSecretUri string
param openAiKeySecretUri string
param bootstrapAdminSecretUri string
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
@description('The front end\'s URL: links in mails point here (App__BaseUrl).')
param appBaseUrl string
@description('SMTP server (Mail__Host); empty = mail is queued but not sent.')
param mailHost string
param mailPort int
param mailSecurity string
param mailFrom string
param mailUsername string
@description('Key Vault secret URI of the SMTP password (smtp-password).')
param smtpSecretUri string

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
  // Host storage, identity-based: the three service URIs (right in every cloud, unlike __accountName) with the
  // user-assigned identity. Read by the Functions host, the blob trigger (Connection = "AzureWebJobsStorage"), the
  // Durable extension's Azure Storage backend and the app's own BlobServiceClient (Hosting/Storage.cs).
  AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
  AzureWebJobsStorage__queueServiceUri: storageQueueEndpoint
  AzureWebJobsStorage__tableServiceUri: storageTableEndpoint
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  ImportsContainer: importsContainerName
  DurableTaskHub: durableTaskHubName
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  // Entra ID authentication to Application Insights (local authentication is disabled on the component).
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  STORESYNC_DB: '@Microsoft.KeyVault(SecretUri=${dbSecretUri})'
  Auth__AccessTokenLifetime: '00:15:00'
  Auth__RefreshTokenLifetime: '14.00:00:00'
  Auth__LoginPermitLimit: '10'
  Auth__BootstrapAdminUsername: bootstrapAdminUsername
  Auth__BootstrapAdminPassword: '@Microsoft.KeyVault(SecretUri=${bootstrapAdminSecretUri})'
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
  App__BaseUrl: appBaseUrl
  Mail__Host: mailHost
  Mail__Port: string(mailPort)
  Mail__Security: mailSecurity
  Mail__From: mailFrom
  Mail__Username: mailUsername
  Mail__Password: '@Microsoft.KeyVault(SecretUri=${smtpSecretUri})'
}

// Only with the Durable Task Scheduler backend (host.json storageProvider.type = azureManaged, see docs/deploy.md).
var durableTaskSchedulerSettings = {
  DURABLE_TASK_SCHEDULER_CONNECTION_STRING: 'Endpoint=${durableTaskSchedulerEndpoint};Authentication=ManagedIdentity;ClientID=${identityClientId}'
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
        alwaysReady: durableAlwaysReadyInstances > 0 ? [{ name: 'durable', instanceCount: durableAlwaysReadyInstances }] : []
      }
      runtime: {
        name: 'dotnet-isolated'
        version: runtimeVersion
      }
    }
  }
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, empty(durableTaskSchedulerEndpoint) ? {} : durableTaskSchedulerSettings)
}

output name string = site.name
output url string = 'https://${site.properties.defaultHostName}'
