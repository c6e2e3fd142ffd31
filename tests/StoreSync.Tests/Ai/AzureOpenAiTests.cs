using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Core;
using Azure.Identity;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using StoreSync.Functions.Ai;

namespace StoreSync.Tests.Ai;

/// <summary>The app talking to the fake server as an Azure OpenAI resource (AzureOpenAIClient, deployments by name) with a key.</summary>
public class AzureOpenAiApp : AiApp
{
    public FakeOpenAiServer Fake { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Fake = await FakeOpenAiServer.StartAsync();
        With("Ai:Provider", "AzureOpenAI"); // a loopback URL is not an *.openai.azure.com host, so say it
        With("Ai:Endpoint", Fake.Root);
        With("Ai:ApiKey", ApiKey);
        With("Ai:ChatModel", "chat-deployment");
        With("Ai:EmbeddingModel", "embedding-deployment");
        With("Ai:EmbeddingDimensions", "512");
        With("Ai:Timeout", "00:00:01");
        With("Ai:MaxRetries", "1");
        With("Ai:RetryBaseDelay", "00:00:00.010");
        With("Ai:SimilarityThreshold", "0.2");
    }

    protected virtual string? ApiKey => "azure-test-key";

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) Fake?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

/// <summary>No key: the app authenticates with an Entra ID token (managed identity in Azure; a fake credential here).</summary>
public sealed class AzureManagedIdentityApp : AzureOpenAiApp
{
    public FakeTokenCredential Credential { get; } = new();

    protected override string? ApiKey => "";

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton(new AiCredential(Credential));
}

public sealed class FakeTokenCredential : TokenCredential
{
    public ConcurrentQueue<string[]> Scopes { get; } = new();

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Scopes.Enqueue(requestContext.Scopes);
        return new AccessToken("entra-token-for-test", DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}

public sealed class AzureOpenAiKeyTests : IClassFixture<AzureOpenAiApp>
{
    private readonly AzureOpenAiApp _app;

    public AzureOpenAiKeyTests(AzureOpenAiApp app)
    {
        _app = app;
        app.Fake.Reset();
    }

    [Fact]
    public async Task AzureOpenAIClientCallsTheDeploymentsWithTheKeyInTheApiKeyHeader()
    {
        var brand = await _app.CreateBrandAsync();
        var location = await _app.CreateLocationAsync(brand);
        var id = await _app.CreateCampaignAsync(brand, location, "Harvest market", "Apples and cider this Saturday");
        var (_, client) = await _app.SignInAsNewAsync("locationManager", [brand]);
        Assert.IsType<Azure.AI.OpenAI.AzureOpenAIClient>(_app.Services.GetRequiredService<OpenAIClient>());

        var body = await client.GenerateAsync(id, new { useSimilar = false });
        await _app.EmbedAllAsync();

        Assert.True(body.GetProperty("usedAi").GetBoolean(), body.ToString());
        var chat = Assert.Single(_app.Fake.ChatRequests);
        Assert.Equal("/openai/deployments/chat-deployment/chat/completions", chat.Path);
        Assert.Contains("api-version=", chat.Query);
        Assert.Equal("azure-test-key", chat.ApiKey);
        Assert.Null(chat.Authorization);
        var embeddings = Assert.Single(_app.Fake.EmbeddingRequests, r => r.Body.GetProperty("input").ToString().Contains("Harvest market"));
        Assert.Equal("/openai/deployments/embedding-deployment/embeddings", embeddings.Path);
        Assert.Equal(512, embeddings.Body.GetProperty("dimensions").GetInt32());
        await using var conn = await _app.Db.OpenConnectionAsync();
        Assert.Equal(("embedding-deployment", 512), await conn.QuerySingleAsync<(string, int)>(
            "SELECT model, dimensions FROM campaign_embeddings WHERE campaign_id = @id", new { id }));
    }

    [Fact]
    public async Task SearchEmbedsTheQueryThroughTheEmbeddingsDeployment()
    {
        var brand = await _app.CreateBrandAsync();
        var location = await _app.CreateLocationAsync(brand);
        var id = await _app.CreateCampaignAsync(brand, location, "Winter coats", "Warm winter coats and scarves, 30% off.");
        await _app.EmbedAllAsync();
        var (_, client) = await _app.SignInAsNewAsync("viewer", [brand]);

        var response = await client.PostAsJsonAsync("/api/v1/campaigns/search", new { query = "winter coats scarves", limit = 3 });

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(id, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").Ids()[0]);
        Assert.Contains(_app.Fake.EmbeddingRequests, r => r.Path == "/openai/deployments/embedding-deployment/embeddings"
                                                         && r.Body.GetProperty("input").ToString().Contains("winter coats scarves"));
    }
}

public sealed class AzureOpenAiManagedIdentityTests(AzureManagedIdentityApp app) : IClassFixture<AzureManagedIdentityApp>
{
    [Fact]
    public async Task WithoutAKeyTheAppSendsAnEntraIdTokenForCognitiveServices()
    {
        app.Fake.Reset();
        var brand = await app.CreateBrandAsync();
        var id = await app.CreateCampaignAsync(brand, await app.CreateLocationAsync(brand), "Spring clean", "Mops and buckets 20% off");
        var (_, client) = await app.SignInAsNewAsync("locationManager", [brand]);

        var body = await client.GenerateAsync(id, new { useSimilar = false });

        Assert.True(body.GetProperty("usedAi").GetBoolean(), body.ToString());
        var chat = Assert.Single(app.Fake.ChatRequests);
        Assert.Equal("Bearer entra-token-for-test", chat.Authorization);
        Assert.Null(chat.ApiKey);
        Assert.Contains(app.Credential.Scopes, s => s.Contains("https://cognitiveservices.azure.com/.default"));
    }
}

/// <summary>Which client the settings choose, without a server.</summary>
public sealed class AiProviderChoiceTests
{
    private static AiOptions Options(string? endpoint, AiProviderKind kind = AiProviderKind.Auto, string? key = null) =>
        new() { Endpoint = endpoint, Provider = kind, ApiKey = key, ChatModel = "chat" };

    [Theory]
    [InlineData("https://contoso.openai.azure.com/openai/v1/", true)]
    [InlineData("https://contoso.openai.azure.com/", true)]
    [InlineData("https://contoso.cognitiveservices.azure.com/", true)]
    [InlineData("https://contoso.services.ai.azure.com/", true)]
    [InlineData("http://127.0.0.1:11434/v1/", false)]
    [InlineData("https://llm.example.test/v1/", false)]
    [InlineData(null, false)]
    public void AzureOpenAIResourcesAreRecognisedByTheirHost(string? endpoint, bool azure)
    {
        Assert.Equal(azure, Options(endpoint).UsesAzureOpenAI);
        Assert.False(Options(endpoint, AiProviderKind.OpenAI).UsesAzureOpenAI);
        Assert.True(Options(endpoint, AiProviderKind.AzureOpenAI).UsesAzureOpenAI);
    }

    [Theory]
    [InlineData("https://contoso.openai.azure.com/openai/v1/", "https://contoso.openai.azure.com/")]
    [InlineData("https://contoso.openai.azure.com/openai/v1", "https://contoso.openai.azure.com/")]
    [InlineData("https://contoso.openai.azure.com", "https://contoso.openai.azure.com/")]
    [InlineData("http://127.0.0.1:5000/", "http://127.0.0.1:5000/")]
    public void TheV1EndpointIsAcceptedForAzureOpenAIClient(string endpoint, string resource)
    {
        Assert.Equal(new Uri(resource), OpenAiProvider.AzureResourceEndpoint(endpoint));
    }

    [Fact]
    public void AzureWithoutAKeyUsesTheEntraIdCredentialAndWithAKeyDoesNot()
    {
        var asked = 0;
        AiCredential Credential()
        {
            asked++;
            return new AiCredential(new DefaultAzureCredential());
        }
        Assert.IsType<Azure.AI.OpenAI.AzureOpenAIClient>(OpenAiProvider.CreateClient(Options("https://contoso.openai.azure.com/"), Credential));
        Assert.Equal(1, asked);
        Assert.IsType<Azure.AI.OpenAI.AzureOpenAIClient>(OpenAiProvider.CreateClient(Options("https://contoso.openai.azure.com/", key: "k"), Credential));
        Assert.Equal(1, asked);
        Assert.IsType<OpenAIClient>(OpenAiProvider.CreateClient(Options("https://llm.example.test/v1/", key: "k"), Credential));
        Assert.Equal(1, asked);
    }
}
