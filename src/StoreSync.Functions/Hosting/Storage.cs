using Azure.Identity;
using Azure.Storage.Blobs;

namespace StoreSync.Functions.Hosting;

/// <summary>
/// The storage account of the Functions app (setting <c>AzureWebJobsStorage</c>, the one the blob trigger reads too):
/// a connection string locally (Azurite), or identity-based in Azure (<c>AzureWebJobsStorage__blobServiceUri</c> or
/// <c>AzureWebJobsStorage__accountName</c>, with <c>AzureWebJobsStorage__clientId</c> for a user-assigned identity).
/// </summary>
public static class Storage
{
    public const string Setting = "AzureWebJobsStorage";

    public static IServiceCollection AddStoreSyncStorage(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(_ => CreateBlobServiceClient(config));
        return services;
    }

    public static BlobServiceClient CreateBlobServiceClient(IConfiguration config)
    {
        // Azurite lags the SDK's default service version: scripts/azurite.sh starts it with --skipApiVersionCheck.
        var options = new BlobClientOptions();
        var connectionString = config[Setting];
        if (!string.IsNullOrWhiteSpace(connectionString)) return new BlobServiceClient(connectionString, options);
        var section = config.GetSection(Setting);
        var uri = section["blobServiceUri"] ?? (section["accountName"] is { Length: > 0 } account ? $"https://{account}.blob.core.windows.net" : null);
        if (uri is null)
            throw new InvalidOperationException(
                $"Missing setting {Setting}: a storage connection string (locally: Azurite's, printed by scripts/azurite.sh), " +
                $"or {Setting}__blobServiceUri / {Setting}__accountName for an identity-based connection in Azure.");
        var credential = section["clientId"] is { Length: > 0 } clientId
            ? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId })
            : new DefaultAzureCredential();
        return new BlobServiceClient(new Uri(uri), credential, options);
    }
}
