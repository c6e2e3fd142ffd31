using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dapper;
using StoreSync.Tests.Brands;
using StoreSync.Tests.Campaigns;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Store;

/// <summary>Devices, device clients and live campaigns for the store-side tests.</summary>
public static class StoreTestData
{
    /// <summary>Registers a device through the API as the given manager; answers (id, key).</summary>
    public static async Task<(Guid Id, string Key)> CreateDeviceAsync(this HttpClient manager, Guid brandId, Guid locationId, string name = "Till 1")
    {
        var response = await manager.PostAsJsonAsync($"/api/v1/brands/{brandId}/locations/{locationId}/devices", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.BodyAsync();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("key").GetString()!);
    }

    /// <summary>A client that authenticates as a device: <c>Authorization: Device &lt;key&gt;</c>.</summary>
    public static HttpClient DeviceClient(this StoreSyncApp app, string key)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Device", key);
        return client;
    }

    /// <summary>A campaign at the store in the status, over [start, end); by default live now (active, started an hour ago, ends tomorrow).</summary>
    public static async Task<Guid> CreateStoreCampaignAsync(this StoreSyncApp app, Guid brandId, Guid locationId, string status = "active",
        string name = "Campaign", string content = "content", DateTimeOffset? start = null, DateTimeOffset? end = null, string? offerJson = null,
        string? generated = null)
    {
        var templateId = await app.CreateTemplateAsync(brandId);
        var now = DateTimeOffset.UtcNow;
        var id = await app.CreateCampaignAsync(brandId, locationId, templateId, status, name: name, content: content,
            start: start ?? now.AddHours(-1), end: end ?? now.AddDays(1));
        if (offerJson is not null || generated is not null)
        {
            await using var conn = await app.Db.OpenConnectionAsync();
            await conn.ExecuteAsync("UPDATE campaigns SET offer = @offerJson::jsonb, generated_content = @generated WHERE id = @id",
                new { id, offerJson, generated });
        }
        return id;
    }

    public static async Task<long> RedemptionCountAsync(this StoreSyncApp app, Guid? campaignId = null)
    {
        await using var conn = await app.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM redemptions WHERE @campaignId::uuid IS NULL OR campaign_id = @campaignId",
            new { campaignId });
    }
}
