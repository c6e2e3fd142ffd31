// The front end (frontend/dist). It calls the Function App cross-origin; config.js carries the API origin.
param name string
param location string
param tags object
param skuName string

resource site 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'web' })
  sku: {
    name: skuName
    tier: skuName
  }
  properties: {}
}

output name string = site.name
output url string = 'https://${site.properties.defaultHostname}'
