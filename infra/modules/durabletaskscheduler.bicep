// Optional Durable backend: a Durable Task Scheduler with one task hub (main.bicep deploys it when
// durableTaskBackend = 'DurableTaskScheduler'). The app reaches it with its managed identity only (the scheduler has no
// keys): Durable Task Data Contributor on the task hub. Switching also needs the app changes in docs/deploy.md.
param name string
param location string
param tags object
param taskHubName string
@allowed(['Dedicated', 'Consumption'])
param skuName string
@description('Capacity units of the Dedicated SKU (each about 2,000 actions per second); ignored for Consumption.')
@minValue(1)
@maxValue(3)
param capacity int
@description('Principal id of the Function App identity.')
param appPrincipalId string

resource scheduler 'Microsoft.DurableTask/schedulers@2025-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    // The Function App has no fixed outbound address on Flex Consumption without a virtual network.
    ipAllowlist: ['0.0.0.0/0']
    sku: skuName == 'Dedicated' ? { name: skuName, capacity: capacity } : { name: skuName }
  }
}

resource taskHub 'Microsoft.DurableTask/schedulers/taskHubs@2025-11-01' = {
  parent: scheduler
  name: taskHubName
  properties: {}
}

var durableTaskDataContributor = '0ad04412-c4d5-4796-b79c-f76d14c8d402'

resource appCanUseTaskHub 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: taskHub
  name: guid(taskHub.id, appPrincipalId, durableTaskDataContributor)
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', durableTaskDataContributor)
  }
}

output endpoint string = scheduler.properties.endpoint
output taskHubName string = taskHub.name
