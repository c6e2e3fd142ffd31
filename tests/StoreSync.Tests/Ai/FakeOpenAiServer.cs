using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StoreSync.Functions.Ai;

namespace StoreSync.Tests.Ai;

/// <summary>One request the SDK sent, as the server saw it (Azure OpenAI sends its key as <c>api-key</c>).</summary>
public sealed record FakeRequest(string Path, string? Authorization, JsonElement Body, string? ApiKey = null, string? Query = null);

/// <summary>What the fake answers: a status with a JSON body, after an optional delay.</summary>
public sealed record FakeReply(int Status, string Body, TimeSpan Delay = default);

/// <summary>
/// An OpenAI-compatible server on loopback (Kestrel): /v1/chat/completions and /v1/embeddings in the OpenAI wire
/// format, and the same under Azure OpenAI's /openai/deployments/{deployment}/... paths. Embeddings are the local
/// hashing vectors of the inputs, of the requested dimension (so similarities are meaningful); chat answers are set
/// per test. Every request is recorded, so tests assert what the real SDK sent.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    // Like the real services: base64 '+' and '/' unescaped (OpenAI 2.1.0 reads the raw JSON string bytes as base64).
    private static readonly JsonSerializerOptions Wire = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly WebApplication _app;

    public ConcurrentQueue<FakeRequest> Requests { get; } = new();

    /// <summary>The chat answer for a request (default: a fixed JSON copy).</summary>
    public Func<JsonElement, FakeReply> Chat { get; set; } = _ => ChatReply("""{"content":"AI copy","emailSubject":"AI subject","previewText":"AI preview"}""");

    /// <summary>Overrides the embeddings answer (e.g. failures); null = hashing vectors.</summary>
    public Func<JsonElement, FakeReply>? Embeddings { get; set; }

    /// <summary>The OpenAI-compatible base URL (…/v1/).</summary>
    public string Endpoint { get; }

    /// <summary>The server's root, as an Azure OpenAI resource endpoint.</summary>
    public string Root => Endpoint[..^"v1/".Length];

    private FakeOpenAiServer(WebApplication app, string endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeOpenAiServer? self = null;
        app.MapPost("/v1/chat/completions", (HttpContext http) => self!.HandleAsync(http, b => self.Chat(b)));
        app.MapPost("/v1/embeddings", (HttpContext http) => self!.HandleAsync(http, b => self.Embeddings?.Invoke(b) ?? EmbeddingsReply(b)));
        app.MapPost("/openai/deployments/{deployment}/chat/completions", (HttpContext http) => self!.HandleAsync(http, b => self.Chat(b)));
        app.MapPost("/openai/deployments/{deployment}/embeddings", (HttpContext http) =>
            self!.HandleAsync(http, b => self.Embeddings?.Invoke(b) ?? EmbeddingsReply(b, (string)http.Request.RouteValues["deployment"]!)));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new FakeOpenAiServer(app, address + "/v1/");
        return self;
    }

    public IReadOnlyList<FakeRequest> ChatRequests => Requests.Where(r => r.Path.EndsWith("chat/completions")).ToList();
    public IReadOnlyList<FakeRequest> EmbeddingRequests => Requests.Where(r => r.Path.EndsWith("embeddings")).ToList();

    public void Reset()
    {
        Requests.Clear();
        Chat = _ => ChatReply("""{"content":"AI copy","emailSubject":"AI subject","previewText":"AI preview"}""");
        Embeddings = null;
    }

    private async Task HandleAsync(HttpContext http, Func<JsonElement, FakeReply> reply)
    {
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body);
        Requests.Enqueue(new FakeRequest(http.Request.Path, http.Request.Headers.Authorization, body,
            http.Request.Headers["api-key"].FirstOrDefault(), http.Request.QueryString.Value));
        var r = reply(body);
        if (r.Delay > TimeSpan.Zero)
        {
            try { await Task.Delay(r.Delay, http.RequestAborted); }
            catch (OperationCanceledException) { return; }
        }
        http.Response.StatusCode = r.Status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(r.Body);
    }

    public static FakeReply ChatReply(string content, int promptTokens = 120, int completionTokens = 40) => new(200, new JsonObject
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion",
        ["created"] = 1_700_000_000,
        ["model"] = "gpt-test",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject
        {
            ["prompt_tokens"] = promptTokens, ["completion_tokens"] = completionTokens, ["total_tokens"] = promptTokens + completionTokens,
        },
    }.ToJsonString(Wire));

    public static FakeReply Error(int status, string message = "server error") =>
        new(status, new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = "server_error", ["code"] = null } }.ToJsonString());

    private static FakeReply EmbeddingsReply(JsonElement body) => EmbeddingsReply(body, body.GetProperty("model").GetString()!);

    private static FakeReply EmbeddingsReply(JsonElement body, string model)
    {
        var hash = new LocalHashEmbedder(body.TryGetProperty("dimensions", out var d) ? d.GetInt32() : LocalHashEmbedder.DefaultDimensions);
        var inputs = body.GetProperty("input").ValueKind == JsonValueKind.Array
            ? body.GetProperty("input").EnumerateArray().Select(e => e.GetString()!).ToList()
            : [body.GetProperty("input").GetString()!];
        // The SDK asks for base64 (little-endian float32) unless told otherwise; answer in the format asked for.
        var base64 = body.TryGetProperty("encoding_format", out var f) && f.GetString() == "base64";
        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = hash.Embed("model-b " + inputs[i]);
            data.Add(new JsonObject
            {
                ["object"] = "embedding", ["index"] = i,
                ["embedding"] = base64
                    ? Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan()))
                    : new JsonArray(vector.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()),
            });
        }
        var tokens = inputs.Sum(s => s.Length / 4 + 1);
        return new FakeReply(200, new JsonObject
        {
            ["object"] = "list", ["data"] = data, ["model"] = model,
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        }.ToJsonString(Wire));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
