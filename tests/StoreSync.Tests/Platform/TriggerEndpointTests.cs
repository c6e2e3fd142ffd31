using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Platform;

/// <summary>The non-HTTP functions, invoked the way the Functions host invokes a custom handler.</summary>
public sealed class TriggerEndpointTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    [Fact]
    public async Task TimerInvocationWithTheHostsPayloadAnswersOutputsLogsReturnValue()
    {
        var payload = """
            {"Data":{"timer":{"Schedule":{"AdjustForDST":true},
              "ScheduleStatus":{"Last":"2026-11-21T09:00:00+00:00","Next":"2026-11-21T09:01:00+00:00","LastUpdated":"2026-11-21T09:00:00+00:00"},
              "IsPastDue":true}},
             "Metadata":{"sys":{"MethodName":"LifecycleSweep","UtcNow":"2026-11-21T09:01:00.12Z","RandGuid":"0c5cb2a1-7c45-4e4b-9b0e-3f2b1a1f2a11"}}}
            """;
        var response = await app.CreateClient().PostAsync("/LifecycleSweep", new StringContent(payload, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Object, body.GetProperty("Outputs").ValueKind);
        Assert.NotEmpty(body.GetProperty("Logs").EnumerateArray());
        Assert.True(body.TryGetProperty("ReturnValue", out _));
    }

    [Fact]
    public async Task TimerWithNullScheduleStatusIsAccepted()
    {
        var payload = """{"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}},"Metadata":{}}""";
        var response = await app.CreateClient().PostAsync("/LifecycleSweep", new StringContent(payload, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task BlobInvocationWithBase64ContentAndMetadataIsAccepted()
    {
        var csv = Convert.ToBase64String(Encoding.UTF8.GetBytes("storeNumber,name\n"));
        var payload = $$"""
            {"Data":{"blob":"{{csv}}"},
             "Metadata":{"brandSlug":"no-such-brand","name":"stores.csv",
               "Uri":"https://acct.blob.core.windows.net/imports/no-such-brand/stores.csv",
               "Properties":{"Length":17,"ContentType":"text/csv"},"Metadata":{} } }
            """;
        var response = await app.CreateClient().PostAsync("/LocationImport", new StringContent(payload, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Array, body.GetProperty("Logs").ValueKind);
    }

    [Theory]
    [InlineData("/LifecycleSweep", "not json")]
    [InlineData("/LifecycleSweep", "{\"Data\":{}}")]
    [InlineData("/LifecycleSweep", "{\"Data\":{\"timer\":\"yesterday\"}}")]
    [InlineData("/LifecycleSweep", "{\"Data\":{\"timer\":{\"IsPastDue\":\"maybe\"}}}")]
    [InlineData("/LifecycleSweep", "[]")]
    [InlineData("/LocationImport", "{\"Data\":{\"blob\":\"***not base64***\"},\"Metadata\":{\"brandSlug\":\"a\",\"name\":\"b.csv\"}}")]
    [InlineData("/LocationImport", "{\"Data\":{\"blob\":42},\"Metadata\":{}}")]
    [InlineData("/LocationImport", "{\"Data\":{\"blob\":\"AAAA\"},\"Metadata\":{}}")]
    [InlineData("/LocationImport", "{}")]
    public async Task MalformedInvocationsAre400ProblemsNot500(string path, string payload)
    {
        var response = await app.CreateClient().PostAsync(path, new StringContent(payload, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
