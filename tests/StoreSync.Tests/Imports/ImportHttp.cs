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
