using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Ai;

/// <summary>POST /campaigns/{id}/generate with no AI provider configured: the rendered template is the draft.</summary>
public sealed class GenerationWithoutProviderTests(AiApp app) : IClassFixture<AiApp>
{
    private async Task<(Guid Brand, Guid Location, HttpClient Manager)> BrandAsync()
    {
        var brand = await app.CreateBrandAsync();
        var location = await app.CreateLocationAsync(brand);
        var (_, client) = await app.SignInAsNewAsync("brandManager", [brand]);
        return (brand, location, client);
    }

    [Fact]
    public async Task WithoutProviderTheRenderedTemplateIsTheDraftWithUsedAiFalseAndReason()
    {
        var (brand, location, client) = await BrandAsync();
        var id = await app.CreateCampaignAsync(brand, location, "Spring sale", "Save 20% at Store 12 this weekend!");

        var response = await client.PostAsJsonAsync($"/api/v1/campaigns/{id}/generate", new { useSimilar = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Save 20% at Store 12 this weekend!", body.GetProperty("content").GetString());
        Assert.False(body.GetProperty("usedAi").GetBoolean());
        Assert.Equal("AI provider not configured", body.GetProperty("fallbackReason").GetString());
        Assert.Equal("Spring sale", body.GetProperty("emailSubject").GetString());
        Assert.Equal("campaign-draft-v1", body.GetProperty("promptVersion").GetString());
        Assert.Equal(JsonValueKind.Array, body.GetProperty("examples").ValueKind);
        Assert.Equal("W/\"2\"", response.Headers.ETag?.ToString());

        await using var conn = await app.Db.OpenConnectionAsync();
        var row = await conn.QuerySingleAsync<(string Generated, string Generation, int Version)>(
            "SELECT generated_content, generation::text, version FROM campaigns WHERE id = @id", new { id });
        Assert.Equal("Save 20% at Store 12 this weekend!", row.Generated);
        Assert.Equal(2, row.Version);
        var generation = JsonDocument.Parse(row.Generation).RootElement;
        Assert.False(generation.GetProperty("usedAi").GetBoolean());
        Assert.Equal("AI provider not configured", generation.GetProperty("fallbackReason").GetString());
        Assert.Equal("campaign-draft-v1", generation.GetProperty("promptVersion").GetString());
        Assert.True(generation.TryGetProperty("generatedAt", out _));
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM audit_log WHERE entity_id = @id AND action = 'generate' AND entity = 'campaign'", new { id }));
    }

    [Fact]
    public async Task ViewerCannotGenerate()
    {
        var (brand, location, _) = await BrandAsync();
        var id = await app.CreateCampaignAsync(brand, location, "c", "text");
        var (_, viewer) = await app.SignInAsNewAsync("viewer", [brand]);
        var response = await viewer.PostAsJsonAsync($"/api/v1/campaigns/{id}/generate", new { });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task OtherBrandsCampaignIs404()
    {
        var (brand, location, _) = await BrandAsync();
        var id = await app.CreateCampaignAsync(brand, location, "c", "text");
        var (_, _, otherBrandsManager) = await BrandAsync();
        var response = await otherBrandsManager.PostAsJsonAsync($"/api/v1/campaigns/{id}/generate", new { });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task LocationManagerOutsideTheirLocationsGets404()
    {
        var (brand, location, _) = await BrandAsync();
        var otherLocation = await app.CreateLocationAsync(brand);
        var id = await app.CreateCampaignAsync(brand, location, "c", "text");
        var (_, manager) = await app.SignInAsNewAsync("locationManager", [brand], [otherLocation]);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.PostAsJsonAsync($"/api/v1/campaigns/{id}/generate", new { })).StatusCode);
    }

    [Theory]
    [InlineData("draft", HttpStatusCode.OK)]
    [InlineData("rejected", HttpStatusCode.OK)]
    [InlineData("pendingReview", HttpStatusCode.Conflict)]
    [InlineData("approved", HttpStatusCode.Conflict)]
    [InlineData("scheduled", HttpStatusCode.Conflict)]
    [InlineData("active", HttpStatusCode.Conflict)]
    [InlineData("completed", HttpStatusCode.Conflict)]
    [InlineData("cancelled", HttpStatusCode.Conflict)]
    public async Task GenerateOnlyInDraftOrRejected(string status, HttpStatusCode expected)
    {
        var (brand, location, client) = await BrandAsync();
        var id = await app.CreateCampaignAsync(brand, location, "c", "text", status);
        var response = await client.PostAsJsonAsync($"/api/v1/campaigns/{id}/generate", new { });
        Assert.Equal(expected, response.StatusCode);
        await using var conn = await app.Db.OpenConnectionAsync();
        var version = await conn.ExecuteScalarAsync<int>("SELECT version FROM campaigns WHERE id = @id", new { id });
        Assert.Equal(expected == HttpStatusCode.OK ? 2 : 1, version);
    }

    [Fact]
    public async Task InstructionsLongerThan2000CharactersAre400()
    {
        var (brand, location, client) = await BrandAsync();
        var id = await app.CreateCampaignAsync(brand, location, "c", "text");
        var response = await client.PostAsJsonAsync($"/api/v1/campaigns/{id}/generate", new { instructions = new string('x', 2001) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("instructions", out _));
    }

    [Fact]
    public async Task StaleIfMatchIs412AndNothingChanges()
    {
        var (brand, location, client) = await BrandAsync();
        var id = await app.CreateCampaignAsync(brand, location, "c", "text");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/campaigns/{id}/generate") { Content = JsonContent.Create(new { }) };
        request.Headers.TryAddWithoutValidation("If-Match", "W/\"7\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(request)).StatusCode);
        await using var conn = await app.Db.OpenConnectionAsync();
        Assert.Null(await conn.ExecuteScalarAsync<string?>("SELECT generated_content FROM campaigns WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task ExamplesAreSimilarActiveOrCompletedCampaignsOfTheSameBrandOnly()
    {
        var (brand, location, client) = await BrandAsync();
        const string text = "Summer garden sale: 20% off patio furniture, grills and planters at our store this weekend.";
        var target = await app.CreateCampaignAsync(brand, location, "Summer garden sale", text);
        var active = await app.CreateCampaignAsync(brand, location, "Summer garden sale 2025", text.Replace("20%", "15%"), "active");
        var completed = await app.CreateCampaignAsync(brand, location, "Summer garden sale 2024", text.Replace("20%", "10%"), "completed");
        var draftTwin = await app.CreateCampaignAsync(brand, location, "Summer garden sale copy", text, "draft");
        await app.CreateCampaignAsync(brand, location, "Coffee tasting", "Free espresso tasting on Saturday mornings.", "completed");
        var otherBrand = await app.CreateBrandAsync();
        var otherLocation = await app.CreateLocationAsync(otherBrand);
        var otherBrandTwin = await app.CreateCampaignAsync(otherBrand, otherLocation, "Summer garden sale", text, "completed");
        await app.EmbedAllAsync();

        var body = await client.GenerateAsync(target);

        var examples = body.GetProperty("examples").EnumerateArray().Select(e => e.GetGuid()).ToArray();
        Assert.Equal(new[] { active, completed }.Order(), examples.Order());
        Assert.DoesNotContain(otherBrandTwin, examples);
        Assert.DoesNotContain(draftTwin, examples);
    }
}
