using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Imports;

public static class BlobInvocation
{
    /// <summary>POST /LocationImport with the payload the Functions host sends for a blob under imports/{slug}/{name}.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement ReturnValue)> InvokeBlobAsync(this StoreSyncApp app, string slug, string name,
        byte[] content, string? uri = null)
    {
        var payload = JsonSerializer.Serialize(new
        {
            Data = new { blob = Convert.ToBase64String(content) },
            Metadata = new Dictionary<string, object>
            {
                ["Uri"] = uri ?? $"https://acct.blob.core.windows.net/imports/{slug}/{Uri.EscapeDataString(name)}",
                ["brandSlug"] = slug,
                ["name"] = name,
                ["Properties"] = new { Length = content.Length, ContentType = "application/octet-stream" },
                ["Metadata"] = new { },
                ["sys"] = new { MethodName = "LocationImport", UtcNow = DateTime.UtcNow, RandGuid = Guid.NewGuid() },
            },
        });
        var response = await app.CreateClient().PostAsync("/LocationImport", new StringContent(payload, Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode) return (response.StatusCode, default);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEmpty(body.GetProperty("Logs").EnumerateArray());
        return (response.StatusCode, body.GetProperty("ReturnValue"));
    }
}
