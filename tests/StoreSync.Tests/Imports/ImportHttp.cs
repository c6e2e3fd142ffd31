using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Imports;

/// <summary>Uploading a spreadsheet and waiting for its job, the way a client does (POST, then poll the Location).</summary>
public static class ImportHttp
{
    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, Guid brandId, string fileName, byte[] content, bool dryRun = false)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return client.PostAsync($"/api/v1/brands/{brandId}/locations/import{(dryRun ? "?dryRun=true" : "")}", form);
    }

    /// <summary>Uploads and returns the finished job (succeeded or failed).</summary>
    public static async Task<JsonElement> ImportAsync(this HttpClient client, Guid brandId, string fileName, byte[] content, bool dryRun = false)
    {
        var response = await client.UploadAsync(brandId, fileName, content, dryRun);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return await client.WaitForAsync(response.Headers.Location!.OriginalString);
    }

    public static async Task<JsonElement> WaitForAsync(this HttpClient client, string jobUrl)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var job = await client.GetFromJsonAsync<JsonElement>(jobUrl);
            if (job.GetProperty("status").GetString() is "succeeded" or "failed") return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Import still {job.GetProperty("status")} after 60 s: {job}");
            await Task.Delay(50);
        }
    }

    /// <summary>Writes a blob straight into the app's imports container (as any storage tool would).</summary>
    public static async Task WriteBlobAsync(this StoreSyncApp app, string blobName, byte[] content)
    {
        var container = new Azure.Storage.Blobs.BlobContainerClient(StoreSyncApp.StorageConnectionString, app.ImportsContainer);
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient(blobName).UploadAsync(new BinaryData(content), overwrite: true);
    }

    /// <summary>The finished job the blob listener made for a blob written by another tool (newest job of that file name).</summary>
    public static async Task<JsonElement> WaitForBlobJobAsync(this StoreSyncApp app, string fileName, int timeoutSeconds = 60)
    {
        _ = app.Server; // the listener runs in the app: start it if no request has yet
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var id = await app.ScalarAsync<Guid?>("""
                SELECT id FROM import_jobs WHERE file_name = @fileName AND source = 'blob' AND status IN ('succeeded', 'failed')
                ORDER BY created_at DESC LIMIT 1
                """, new { fileName });
            if (id is { } jobId)
            {
                var (_, admin) = await app.SignInAsNewAsync("admin");
                return await admin.GetFromJsonAsync<JsonElement>($"/api/v1/imports/{jobId}");
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No finished job for the blob '{fileName}' after {timeoutSeconds} s");
            await Task.Delay(100);
        }
    }

    /// <summary>A brand of its own (tests share one database per class) and a brand manager's client for it.</summary>
    public static async Task<(Guid BrandId, string Slug, HttpClient Client)> BrandWithManagerAsync(this StoreSyncApp app, string prefix = "b")
    {
        var slug = $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
        var brandId = await app.CreateBrandAsync("Brand " + slug, slug);
        var (_, client) = await app.SignInAsNewAsync("brandManager", [brandId]);
        return (brandId, slug, client);
    }

    public static int Int(this JsonElement e, string name) => e.GetProperty(name).GetInt32();
    public static string? Str(this JsonElement e, string name) => e.GetProperty(name).GetString();

    public static async Task<T?> ScalarAsync<T>(this StoreSyncApp app, string sql, object? args = null)
    {
        await using var conn = await app.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<T>(sql, args);
    }
}
