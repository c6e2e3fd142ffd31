using System.Net.Http.Json;
using System.Text.Json;
using Dapper;

namespace StoreSync.Tests.Ai;

/// <summary>The real OpenAI SDK against a fake OpenAI-compatible server: what is sent, and how failures are handled.</summary>
public sealed class AiProviderTests : IClassFixture<AiProviderApp>
{
    private readonly AiProviderApp _app;

    public AiProviderTests(AiProviderApp app)
    {
        _app = app;
        app.Fake.Reset();
    }

    private async Task<(Guid Brand, Guid Location, HttpClient Client)> BrandAsync()
    {
        var brand = await _app.CreateBrandAsync();
        var location = await _app.CreateLocationAsync(brand, name: "Lakeview");
        var (_, client) = await _app.SignInAsNewAsync("locationManager", [brand]);
        return (brand, location, client);
    }

    private static string AllMessages(FakeRequest chat) =>
        string.Join("\n", chat.Body.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()));

    [Fact]
    public async Task GenerationSendsTheBrandVoiceLocationAndSameBrandExamplesButNoOtherBrandsContent()
    {
        var (brand, location, client) = await BrandAsync();
        await _app.SetBrandVoiceAsync(brand, "Warm, neighbourly, never pushy", "Always mention free parking");
        const string text = "Autumn harvest market: fresh apples, pumpkins and cider at our store this Saturday, 10% off baskets.";
        var target = await _app.CreateCampaignAsync(brand, location, "Autumn harvest market", text);
        var example = await _app.CreateCampaignAsync(brand, location, "Autumn harvest market 2025", text.Replace("10%", "15%") + " Example-marker-A7.", "completed");
        var other = await _app.CreateBrandAsync();
        await _app.CreateCampaignAsync(other, await _app.CreateLocationAsync(other), "Autumn harvest market", text + " OTHER-BRAND-SECRET", "completed");
        await _app.EmbedAllAsync();

        var body = await client.GenerateAsync(target, new { instructions = "Mention the kids' corner", useSimilar = true });

        Assert.True(body.GetProperty("usedAi").GetBoolean());
        Assert.Equal("AI copy", body.GetProperty("content").GetString());
        Assert.Equal("AI subject", body.GetProperty("emailSubject").GetString());
        Assert.Equal("AI preview", body.GetProperty("previewText").GetString());
        Assert.Equal("gpt-test", body.GetProperty("model").GetString());
        Assert.Equal([example], body.GetProperty("examples").EnumerateArray().Select(e => e.GetGuid()));

        var chat = Assert.Single(_app.Fake.ChatRequests);
        Assert.Equal("Bearer sk-test-key", chat.Authorization);
        Assert.Equal("gpt-test", chat.Body.GetProperty("model").GetString());
        Assert.Equal("json_object", chat.Body.GetProperty("response_format").GetProperty("type").GetString());
        var prompt = AllMessages(chat);
        Assert.Contains("Warm, neighbourly, never pushy", prompt);
        Assert.Contains("Always mention free parking", prompt);
        Assert.Contains("Lakeview", prompt);
        Assert.Contains(text, prompt);
        Assert.Contains("Example-marker-A7", prompt);
        Assert.Contains("Mention the kids' corner", prompt);
        Assert.DoesNotContain("OTHER-BRAND-SECRET", prompt);

        await using var conn = await _app.Db.OpenConnectionAsync();
        var generation = JsonDocument.Parse(await conn.ExecuteScalarAsync<string>("SELECT generation::text FROM campaigns WHERE id = @target", new { target })
            ?? "{}").RootElement;
        Assert.True(generation.GetProperty("usedAi").GetBoolean());
        Assert.Equal("gpt-test", generation.GetProperty("model").GetString());
        Assert.Equal(example, generation.GetProperty("exampleIds")[0].GetGuid());
        Assert.Equal(120, generation.GetProperty("usage").GetProperty("promptTokens").GetInt32());
        Assert.Equal(160, await conn.ExecuteScalarAsync<long>("SELECT total_tokens FROM ai_usage WHERE brand_id = @brand", new { brand }));
    }

    [Fact]
    public async Task EmbeddingRequestsCarryTheConfiguredModelAndDimensions()
    {
        var (brand, location, _) = await BrandAsync();
        await _app.CreateCampaignAsync(brand, location, "Embed me", "Some content");
        await _app.EmbedAllAsync();

        var requests = _app.Fake.EmbeddingRequests.Where(r => r.Body.GetProperty("input").ToString().Contains("Embed me")).ToList();
        Assert.NotEmpty(requests);
        Assert.All(requests, request =>
        {
            Assert.Equal("text-embedding-test", request.Body.GetProperty("model").GetString());
            Assert.Equal(1536, request.Body.GetProperty("dimensions").GetInt32());
        });
        await using var conn = await _app.Db.OpenConnectionAsync();
        Assert.Equal("text-embedding-test", await conn.ExecuteScalarAsync<string>(
            "SELECT e.model FROM campaign_embeddings e JOIN campaigns c ON c.id = e.campaign_id WHERE c.name = 'Embed me'"));
    }

    [Fact]
    public async Task ProviderTimeoutsAreRetriedThenTheTemplateIsUsed()
    {
        var (brand, location, client) = await BrandAsync();
        var id = await _app.CreateCampaignAsync(brand, location, "Slow", "Template text");
        _app.Fake.Chat = _ => FakeOpenAiServer.ChatReply("{}") with { Delay = TimeSpan.FromSeconds(4) };

        var body = await client.GenerateAsync(id, new { useSimilar = false });

        Assert.False(body.GetProperty("usedAi").GetBoolean());
        Assert.Equal("Template text", body.GetProperty("content").GetString());
        Assert.Equal("AI provider unavailable: timed out", body.GetProperty("fallbackReason").GetString());
        Assert.Equal(3, _app.Fake.ChatRequests.Count); // the first attempt and Ai:MaxRetries = 2
    }

    [Theory]
    [InlineData(429, "429")]
    [InlineData(500, "500")]
    [InlineData(503, "503")]
    public async Task RateLimitedOrFailingProviderIsRetriedThenTheTemplateIsUsed(int status, string reasonPart)
    {
        var (brand, location, client) = await BrandAsync();
        var id = await _app.CreateCampaignAsync(brand, location, "Failing", "Template text");
        _app.Fake.Chat = _ => FakeOpenAiServer.Error(status);

        var body = await client.GenerateAsync(id, new { useSimilar = false });

        Assert.False(body.GetProperty("usedAi").GetBoolean());
        Assert.StartsWith("AI provider unavailable: ", body.GetProperty("fallbackReason").GetString());
        Assert.Contains(reasonPart, body.GetProperty("fallbackReason").GetString());
        Assert.Equal(3, _app.Fake.ChatRequests.Count);
    }

    [Fact]
    public async Task ClientErrorsOtherThan429AreNotRetried()
    {
        var (brand, location, client) = await BrandAsync();
        var id = await _app.CreateCampaignAsync(brand, location, "Bad request", "Template text");
        _app.Fake.Chat = _ => FakeOpenAiServer.Error(400, "bad model");

        var body = await client.GenerateAsync(id, new { useSimilar = false });

        Assert.False(body.GetProperty("usedAi").GetBoolean());
        Assert.Single(_app.Fake.ChatRequests);
    }

    [Fact]
    public async Task ATransientFailureFollowedBySuccessUsesTheAnswer()
    {
        var (brand, location, client) = await BrandAsync();
        var id = await _app.CreateCampaignAsync(brand, location, "Flaky", "Template text");
        var calls = 0;
        _app.Fake.Chat = _ => Interlocked.Increment(ref calls) == 1
            ? FakeOpenAiServer.Error(502)
            : FakeOpenAiServer.ChatReply("""{"content":"Second time lucky","emailSubject":"S","previewText":"P"}""");

        var body = await client.GenerateAsync(id, new { useSimilar = false });

        Assert.True(body.GetProperty("usedAi").GetBoolean());
        Assert.Equal("Second time lucky", body.GetProperty("content").GetString());
        Assert.Equal(2, _app.Fake.ChatRequests.Count);
    }

    [Theory]
    [InlineData("Sorry, I cannot help with that.", false, null)]
    [InlineData("{\"emailSubject\":\"no content\"}", false, null)]
    [InlineData("```json\n{\"content\":\"Fenced copy\",\"emailSubject\":\"Hi\",\"previewText\":\"Pv\"}\n```", true, "Fenced copy")]
    [InlineData("{\"Content\":\"Only content\"}", true, "Only content")]
    public async Task AnswersAreParsedDefensively(string answer, bool usedAi, string? content)
    {
        var (brand, location, client) = await BrandAsync();
        var id = await _app.CreateCampaignAsync(brand, location, "Parse", "Template text");
        _app.Fake.Chat = _ => FakeOpenAiServer.ChatReply(answer);

        var body = await client.GenerateAsync(id, new { useSimilar = false });

        Assert.Equal(usedAi, body.GetProperty("usedAi").GetBoolean());
        Assert.Equal(content ?? "Template text", body.GetProperty("content").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("emailSubject").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("previewText").GetString()));
    }

    [Fact]
    public async Task SearchEmbedsTheQueryWithTheProvider()
    {
        var (brand, location, client) = await BrandAsync();
        var id = await _app.CreateCampaignAsync(brand, location, "Winter coats", "Warm winter coats and scarves, 30% off.");
        await _app.EmbedAllAsync();

        var response = await client.PostAsJsonAsync("/api/v1/campaigns/search", new { query = "winter coats scarves", limit = 3 });

        var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items");
        Assert.Equal(id, items.Ids()[0]);
        Assert.Contains(_app.Fake.EmbeddingRequests, r => r.Body.GetProperty("input").ToString().Contains("winter coats scarves"));
    }

    [Fact]
    public async Task SearchWhenTheProviderIsDownIs503NotA500()
    {
        var (_, _, client) = await BrandAsync();
        _app.Fake.Embeddings = _ => FakeOpenAiServer.Error(500);
        var response = await client.PostAsJsonAsync("/api/v1/campaigns/search", new { query = "anything" });
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }
}
