using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using StoreSync.Functions.Ai;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Ai;

/// <summary>Brands, templates and campaigns written straight into the test database (the campaigns API is another feature).</summary>
public static class AiTestData
{
    public static async Task SetBrandVoiceAsync(this StoreSyncApp app, Guid brandId, string voice, string guidelines)
    {
        await using var conn = await app.Db.OpenConnectionAsync();
        await conn.ExecuteAsync("UPDATE brands SET settings = jsonb_build_object('voice', @voice::text, 'guidelines', @guidelines::text) WHERE id = @brandId",
            new { brandId, voice, guidelines });
    }

    public static async Task<Guid> CreateTemplateAsync(this StoreSyncApp app, Guid brandId, string content = "Save {{discount}} at {{storeName}}!")
    {
        var id = Guid.CreateVersion7();
        await using var conn = await app.Db.OpenConnectionAsync();
        await conn.ExecuteAsync("INSERT INTO templates (id, brand_id, name, content) VALUES (@id, @brandId, @name, @content)",
            new { id, brandId, name = "Template " + id.ToString("N")[..6], content });
        return id;
    }

    /// <summary>A campaign with its own brand, location and template unless given.</summary>
    public static async Task<Guid> CreateCampaignAsync(this StoreSyncApp app, Guid brandId, Guid locationId, string name, string content,
        string status = "draft", Guid? templateId = null, string customizationsJson = "{}")
    {
        var id = Guid.CreateVersion7();
        templateId ??= await app.CreateTemplateAsync(brandId);
        await using var conn = await app.Db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO campaigns (id, brand_id, location_id, template_id, name, customizations, rendered_content, status)
            VALUES (@id, @brandId, @locationId, @templateId, @name, @customizations::jsonb, @content, @status)
            """, new { id, brandId, locationId, templateId, name, customizations = customizationsJson, content, status });
        return id;
    }

    public static Task<int> EmbedAllAsync(this StoreSyncApp app) =>
        app.Services.GetRequiredService<EmbeddingBackfill>().RunUntilIdleAsync(100, CancellationToken.None);

    public static async Task<JsonElement> GenerateAsync(this HttpClient client, Guid campaignId, object? body = null)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/campaigns/{campaignId}/generate", body ?? new { useSimilar = true });
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static Guid[] Ids(this JsonElement items) =>
        items.EnumerateArray().Select(i => i.GetProperty("campaignId").GetGuid()).ToArray();
}

/// <summary>The app without an AI provider and without background workers (tests run the backfill themselves).</summary>
public class AiApp : StoreSyncApp
{
    public AiApp()
    {
        With("Ai:BackgroundWorkers", "false");
    }
}

/// <summary>The app talking to a fake OpenAI-compatible server, with short timeouts and retry delays.</summary>
public class AiProviderApp : AiApp
{
    public FakeOpenAiServer Fake { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Fake = await FakeOpenAiServer.StartAsync();
        With("Ai:Endpoint", Fake.Endpoint);
        With("Ai:ApiKey", "sk-test-key");
        With("Ai:ChatModel", "gpt-test");
        With("Ai:EmbeddingModel", "text-embedding-test");
        With("Ai:Timeout", "00:00:01"); // short, but safe for a loopback fake on a busy 2-core machine
        With("Ai:MaxRetries", "2");
        With("Ai:RetryBaseDelay", "00:00:00.010");
        With("Ai:SimilarityThreshold", "0.2");
    }

    // WebApplicationFactory.DisposeAsync ends in Dispose(true); the fixture's IAsyncLifetime path goes through it.
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) Fake?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
