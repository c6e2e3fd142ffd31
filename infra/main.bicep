// StoreSync on Azure: the isolated-worker Functions app (.NET 10) on Flex Consumption, PostgreSQL Flexible Server with
// pgvector, Azure OpenAI, Key Vault, Storage (host state, Durable task hub, imports container + Event Grid system topic),
// optionally a Durable Task Scheduler, Static Web App, Application Insights.
// Deploy with `azd up` (azure.yaml at the repository root); see docs/deploy.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('azd environment name; prefixes the resource group and seeds the unique resource names.')
param environmentName string

@minLength(1)
@description('Region for all resources except the Static Web App (and Azure OpenAI when openAiLocation is set). Must offer Flex Consumption.')
@metadata({ azd: { type: 'location' } })
param location string

@description('Static Web Apps is offered in a few regions only.')
@allowed(['westus2', 'centralus', 'eastus2', 'westeurope', 'eastasia'])
param staticWebAppLocation string = 'westeurope'

@allowed(['Free', 'Standard'])
param staticWebAppSkuName string = 'Free'

@description('Region of the Azure OpenAI account (model availability differs by region). Empty = location.')
param openAiLocation string = ''

// ---- PostgreSQL ----------------------------------------------------------------------------------------------------
@allowed(['15', '16'])
param postgresVersion string = '16'
param postgresSkuName string = 'Standard_B1ms'
@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param postgresSkuTier string = 'Burstable'
@minValue(32)
param postgresStorageSizeGB int = 32
param postgresAdministratorLogin string = 'storesync'
@secure()
@minLength(12)
@description('PostgreSQL administrator password (upper, lower, digit, symbol; avoid ; \' " which break connection strings).')
param postgresAdministratorPassword string
@minValue(1)
@description('Npgsql connections per Function App instance (B1ms allows about 50 connections in total).')
param postgresMaxPoolSize int = 10

// ---- Function App --------------------------------------------------------------------------------------------------
@description('functionAppConfig.runtime.version of dotnet-isolated (the app targets net10.0). Check: az functionapp list-flexconsumption-runtimes --location <region> --runtime dotnet-isolated')
param functionRuntimeVersion string = '10.0'
@allowed([512, 2048, 4096])
param functionInstanceMemoryMB int = 2048
@minValue(1)
@maxValue(1000)
param functionMaximumInstanceCount int = 40
param bootstrapAdminUsername string = 'admin'
@secure()
@minLength(12)
@description('Password of the first admin, created on an empty database. Change it after the first sign-in.')
param bootstrapAdminPassword string
@secure()
@description('Base64 of 32 random bytes (openssl rand -base64 32): encrypts the Data Protection key ring at rest. Keep it: a new value makes existing keys unreadable unless the old one is kept as a previous key.')
param keyRingEncryptionKey string
@description('SMTP server for mail (any relay; Azure Communication Services: smtp.azurecomm.net). Empty = mail is queued but not sent (health: "mail": "disabled").')
param mailHost string = ''
param mailPort int = 587
@allowed(['None', 'Auto', 'StartTls', 'StartTlsWhenAvailable', 'SslOnConnect'])
param mailSecurity string = 'StartTls'
@description('From address; with Azure Communication Services a MailFrom address of its connected domain.')
param mailFrom string = 'StoreSync <DoNotReply@example.com>'
@description('SMTP AUTH user name (Azure Communication Services: the SMTP username of its Entra application).')
param mailUsername string = ''
@secure()
@description('SMTP AUTH password (Azure Communication Services: the Entra application\'s client secret); stored in Key Vault as smtp-password.')
param smtpPassword string = ''

// ---- Durable Functions (campaign lifecycles) ------------------------------------------------------------------------
@description('Where the Durable task hub lives: the app\'s storage account (Azure Storage backend, identity-based) or a Durable Task Scheduler. DurableTaskScheduler also needs the app changes in docs/deploy.md.')
@allowed(['AzureStorage', 'DurableTaskScheduler'])
param durableTaskBackend string = 'AzureStorage'
@description('Task hub name (3-45 letters and digits, starting with a letter): the app setting DurableTaskHub.')
@minLength(3)
@maxLength(45)
param durableTaskHubName string = 'storesync'
@description('Always-ready instances for the durable trigger group (Microsoft recommends 1 for Durable Functions on Flex Consumption; billed while idle). 0 = scale from zero.')
@minValue(0)
param functionDurableAlwaysReadyInstances int = 0
@allowed(['Dedicated', 'Consumption'])
param durableTaskSchedulerSku string = 'Dedicated'
@minValue(1)
@maxValue(3)
param durableTaskSchedulerCapacity int = 1

// ---- Azure OpenAI --------------------------------------------------------------------------------------------------
param chatModelName string = 'gpt-4o-mini'
param chatModelVersion string = '2024-07-18'
@description('Chat deployment capacity in thousands of tokens per minute.')
param chatCapacity int = 10
param embeddingModelName string = 'text-embedding-3-small'
param embeddingModelVersion string = '1'
@description('Embeddings deployment capacity in thousands of tokens per minute.')
param embeddingCapacity int = 10
@description('Must match the vector(N) column width of the schema.')
param embeddingDimensions int = 1536
@allowed(['GlobalStandard', 'Standard'])
param openAiDeploymentSkuName string = 'GlobalStandard'
param dailyTokenBudgetPerBrand int = 200000

// ---- Imports and lifecycle ----------------------------------------------------------------------------------------
@description('Largest spreadsheet accepted (bytes). The whole blob travels in one host request; keep it well under 100 MB.')
param importsMaxFileBytes int = 20971520
param importsMaxRows int = 200000
param lifecycleBatchSize int = 500

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var importsContainerName = 'imports'
var deploymentContainerName = 'app-package'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-func-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    appInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
    appPrincipalId: identity.outputs.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    importsContainerName: importsContainerName
    systemTopicName: 'evgt-${resourceToken}'
    appPrincipalId: identity.outputs.principalId
  }
}

module database 'modules/database.bicep' = {
  name: 'database'
  scope: rg
  params: {
    name: 'psql-${resourceToken}'
    location: location
    tags: tags
    databaseName: 'storesync'
    version: postgresVersion
    skuName: postgresSkuName
    skuTier: postgresSkuTier
    storageSizeGB: postgresStorageSizeGB
    administratorLogin: postgresAdministratorLogin
    administratorPassword: postgresAdministratorPassword
  }
}

module openAi 'modules/openai.bicep' = {
  name: 'openai'
  scope: rg
  params: {
    name: 'oai-${resourceToken}'
    location: empty(openAiLocation) ? location : openAiLocation
    tags: tags
    chatDeploymentName: chatModelName
    chatModelName: chatModelName
    chatModelVersion: chatModelVersion
    chatCapacity: chatCapacity
    embeddingDeploymentName: embeddingModelName
    embeddingModelName: embeddingModelName
    embeddingModelVersion: embeddingModelVersion
    embeddingCapacity: embeddingCapacity
    deploymentSkuName: openAiDeploymentSkuName
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    appPrincipalId: identity.outputs.principalId
    openAiAccountName: openAi.outputs.name
    postgresHost: database.outputs.host
    postgresDatabase: database.outputs.databaseName
    postgresAdministratorLogin: postgresAdministratorLogin
    postgresAdministratorPassword: postgresAdministratorPassword
    bootstrapAdminPassword: bootstrapAdminPassword
    keyRingEncryptionKey: keyRingEncryptionKey
    smtpPassword: smtpPassword
    maxPoolSize: postgresMaxPoolSize
  }
}

module durableTaskScheduler 'modules/durabletaskscheduler.bicep' = if (durableTaskBackend == 'DurableTaskScheduler') {
  name: 'durabletaskscheduler'
  scope: rg
  params: {
    name: 'dts-${resourceToken}'
    location: location
    tags: tags
    taskHubName: durableTaskHubName
    skuName: durableTaskSchedulerSku
    capacity: durableTaskSchedulerCapacity
    appPrincipalId: identity.outputs.principalId
  }
}

module web 'modules/staticwebapp.bicep' = {
  name: 'staticwebapp'
  scope: rg
  params: {
    name: 'swa-${resourceToken}'
    location: staticWebAppLocation
    tags: tags
    skuName: staticWebAppSkuName
  }
}

module api 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    name: 'func-${resourceToken}'
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    importsContainerName: importsContainerName
    appInsightsName: monitoring.outputs.appInsightsName
    allowedOrigins: [web.outputs.url]
    runtimeVersion: functionRuntimeVersion
    instanceMemoryMB: functionInstanceMemoryMB
    maximumInstanceCount: functionMaximumInstanceCount
    durableAlwaysReadyInstances: functionDurableAlwaysReadyInstances
    durableTaskHubName: durableTaskHubName
    durableTaskSchedulerEndpoint: durableTaskBackend == 'DurableTaskScheduler' ? durableTaskScheduler!.outputs.endpoint : ''
    dbSecretUri: keyVault.outputs.dbSecretUri
    openAiKeySecretUri: keyVault.outputs.openAiKeySecretUri
    bootstrapAdminSecretUri: keyVault.outputs.bootstrapAdminSecretUri
    keyRingEncryptionKeySecretUri: keyVault.outputs.keyRingEncryptionKeySecretUri
    bootstrapAdminUsername: bootstrapAdminUsername
    openAiEndpoint: openAi.outputs.v1Endpoint
    chatDeploymentName: openAi.outputs.chatDeploymentName
    embeddingDeploymentName: openAi.outputs.embeddingDeploymentName
    embeddingDimensions: embeddingDimensions
    dailyTokenBudgetPerBrand: dailyTokenBudgetPerBrand
    importsMaxFileBytes: importsMaxFileBytes
    importsMaxRows: importsMaxRows
    lifecycleBatchSize: lifecycleBatchSize
    appBaseUrl: web.outputs.url
    mailHost: mailHost
    mailPort: mailPort
    mailSecurity: mailSecurity
    mailFrom: mailFrom
    mailUsername: mailUsername
    smtpSecretUri: keyVault.outputs.smtpSecretUri
  }
}

// azd stores these in the environment; the hooks in infra/hooks read them.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output API_BASE_URL string = api.outputs.url
output STATIC_WEB_APP_URL string = web.outputs.url
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output IMPORTS_CONTAINER_NAME string = importsContainerName
output AZURE_EVENTGRID_SYSTEM_TOPIC_NAME string = storage.outputs.systemTopicName
output DURABLE_TASK_HUB_NAME string = durableTaskHubName
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_POSTGRES_SERVER_NAME string = database.outputs.name
output AZURE_POSTGRES_HOST string = database.outputs.host
output AZURE_OPENAI_NAME string = openAi.outputs.name
