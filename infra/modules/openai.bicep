// Azure OpenAI: one chat and one embeddings deployment. The app calls the OpenAI v1 endpoint
// (https://<name>.openai.azure.com/openai/v1/) with the official OpenAI SDK and a key kept in Key Vault.
param name string
param location string
param tags object
param chatDeploymentName string
param chatModelName string
param chatModelVersion string
param chatCapacity int
param embeddingDeploymentName string
param embeddingModelName string
param embeddingModelVersion string
param embeddingCapacity int
param deploymentSkuName string

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: { name: 'S0' }
  properties: {
    customSubDomainName: name
    publicNetworkAccess: 'Enabled'
  }
}

resource chat 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: account
  name: chatDeploymentName
  sku: {
    name: deploymentSkuName
    capacity: chatCapacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: chatModelName
      version: chatModelVersion
    }
  }
}

// Deployments on one account must not be created concurrently.
resource embeddings 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: account
  name: embeddingDeploymentName
  sku: {
    name: deploymentSkuName
    capacity: embeddingCapacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: embeddingModelName
      version: embeddingModelVersion
    }
  }
  dependsOn: [chat]
}

output name string = account.name
output v1Endpoint string = '${account.properties.endpoint}openai/v1/'
output chatDeploymentName string = chat.name
output embeddingDeploymentName string = embeddings.name
