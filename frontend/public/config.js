// StoreSync front-end runtime configuration.
// apiBaseUrl: origin of the StoreSync API ("" = same origin, the standalone server and the Functions
// host both serve it under /api/v1). For Azure Static Web Apps pointing at a separate Function App,
// set e.g. "https://storesync-func.azurewebsites.net" at deploy time.
window.STORESYNC_CONFIG = window.STORESYNC_CONFIG || { apiBaseUrl: "" };
