using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Campaigns;

/// <summary>Direct-SQL seeding of templates and campaigns (fast, any status), and small HTTP helpers.</summary>
public static class CampaignTestData
{
    public const string DefaultContent = "Hello {{locationName}} (#{{storeNumber}}): {{headline}} {{discount}}% off!";

    public const string DefaultVariables = """
        [{"name":"headline","label":"Headline","type":"text","required":true,"default":null},
         {"name":"discount","label":"Discount","type":"percent","required":false,"default":10}]
        """;

    public static async Task<Guid> CreateTemplateAsync(this StoreSyncApp app, Guid brandId, string content = DefaultContent,
        string variables = DefaultVariables, string name = "Spring sale", bool isActive = true)
    {
        var id = Guid.CreateVersion7();
        await using var conn = await app.Db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO templates (id, brand_id, name, content, variables, is_active)
            VALUES (@id, @brandId, @name, @content, @variables::jsonb, @isActive)
            """, new { id, brandId, name, content, variables, isActive });
        return id;
    }

    /// <summary>A campaign straight into any status; dates tomorrow..day after unless given.</summary>
    public static async Task<Guid> CreateCampaignAsync(this StoreSyncApp app, Guid brandId, Guid locationId, Guid templateId, string status = "draft",
        Guid? submittedBy = null, Guid? createdBy = null, string name = "Campaign", string content = "content",
        DateTimeOffset? start = null, DateTimeOffset? end = null, DateTimeOffset? createdAt = null)
    {
        var id = Guid.CreateVersion7();
        var now = DateTimeOffset.UtcNow;
        await using var conn = await app.Db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO campaigns (id, brand_id, location_id, template_id, name, customizations, rendered_content, status,
                                   scheduled_start, scheduled_end, submitted_by, submitted_at, created_by, created_at, updated_at)
            VALUES (@id, @brandId, @locationId, @templateId, @name, '{"headline":"Hi"}', @content, @status,
                    @start, @end, @submittedBy, CASE WHEN @submittedBy::uuid IS NULL THEN NULL ELSE now() END, @createdBy, @createdAt, @createdAt)
            """, new
        {
            id, brandId, locationId, templateId, name, content, status, submittedBy, createdBy,
            start = (start ?? now.AddDays(1)).UtcDateTime, end = (end ?? now.AddDays(2)).UtcDateTime, createdAt = (createdAt ?? now).UtcDateTime,
        });
        return id;
    }

    public static async Task<(string Status, int Version, int HistoryRows)> CampaignStateAsync(this StoreSyncApp app, Guid id)
    {
        await using var conn = await app.Db.OpenConnectionAsync();
        return await conn.QuerySingleAsync<(string, int, int)>(
            "SELECT status, version, (SELECT count(*)::int FROM campaign_history WHERE campaign_id = c.id) FROM campaigns c WHERE id = @id", new { id });
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static async Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body, string? idempotencyKey = null,
        string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, object body, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }

    public static string[] Strings(this JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
