using System.Net;
using System.Text;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Brands;
using StoreSync.Tests.Campaigns;

namespace StoreSync.Tests.Platform;

/// <summary>Brand A's world plus a template, a draft campaign and a user to aim malformed requests at.</summary>
public sealed class BadInputWorld : TenantWorld
{
    public Guid TemplateA { get; private set; }
    public Guid CampaignA { get; private set; }
    public Guid UserId { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        TemplateA = await this.CreateTemplateAsync(BrandA);
        CampaignA = await this.CreateCampaignAsync(BrandA, LocationA1, TemplateA);
        UserId = (await CreateUserAsync(Roles.Viewer, [BrandA])).Id;
    }

    public string Url(string template) => template.Replace("{brand}", BrandA.ToString()).Replace("{location}", LocationA1.ToString())
        .Replace("{template}", TemplateA.ToString()).Replace("{campaign}", CampaignA.ToString()).Replace("{user}", UserId.ToString());
}

/// <summary>
/// Malformed or extreme input through the real pipeline: always a 4xx problem (never a 500), and nothing written.
/// Sent as an admin, so every check the role would short-circuit is reached.
/// </summary>
public sealed class BadInputTests(BadInputWorld world) : IClassFixture<BadInputWorld>
{
    private static readonly string[] JsonWrites =
    [
        "POST /api/v1/brands", "PATCH /api/v1/brands/{brand}", "POST /api/v1/brands/{brand}/locations",
        "PATCH /api/v1/brands/{brand}/locations/{location}", "POST /api/v1/templates", "PATCH /api/v1/templates/{template}",
        "POST /api/v1/templates/preview", "POST /api/v1/campaigns", "PATCH /api/v1/campaigns/{campaign}", "POST /api/v1/campaigns/bulk",
        "POST /api/v1/campaigns/bulk/approve", "POST /api/v1/users", "PATCH /api/v1/users/{user}", "PATCH /api/v1/auth/me",
        "POST /api/v1/auth/change-password", "POST /api/v1/auth/refresh", "POST /api/v1/auth/token", "POST /api/v1/auth/register",
    ];

    /// <summary>Well-formed JSON with fields of the wrong type; a PATCH that does not know a field ignores it.</summary>
    private static readonly string[] WrongOnlyForCreates =
    [
        "{\"brandId\":\"not-a-guid\",\"templateId\":\"x\",\"locationId\":\"y\",\"campaignIds\":[\"z\"],\"locationIds\":[\"w\"]}",
        "{\"latitude\":1e400,\"longitude\":1,\"isActive\":\"yes\",\"variables\":{}, \"customizations\":[]}",
    ];

    private static readonly string[] MalformedBodies =
    [
        "", "null", "[]", "42", "\"text\"", "{", "{\"name\": }", new string('[', 300) + new string(']', 300),
        "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 201),
        .. WrongOnlyForCreates,
    ];

    public static TheoryData<string, string> MalformedWrites()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in JsonWrites)
        foreach (var body in MalformedBodies)
            if (!(endpoint.StartsWith("PATCH") && WrongOnlyForCreates.Contains(body)))
                data.Add(endpoint, body);
        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedWrites))]
    public async Task MalformedJsonBodyIsA400Problem(string endpoint, string body)
    {
        var response = await SendAsync(endpoint, body);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    /// <summary>Workflow actions take an optional body: absent or null is fine; anything else malformed is 400, never 500.</summary>
    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("{\"comment\": 5}")]
    [InlineData("{\"scheduledStart\": \"abc\", \"scheduledEnd\": \"def\"}")]
    public async Task MalformedWorkflowActionBodyIsA400Problem(string body) =>
        await AssertProblemAsync(await SendAsync("POST /api/v1/campaigns/{campaign}/schedule", body), HttpStatusCode.BadRequest);

    [Theory]
    [InlineData("/api/v1/campaigns?startsFrom=abc")]
    [InlineData("/api/v1/campaigns?startsTo=2026-13-45")]
    [InlineData("/api/v1/campaigns?page=99999999999")]
    [InlineData("/api/v1/campaigns?pageSize=1e3")]
    [InlineData("/api/v1/campaigns?sort=name;DROP TABLE campaigns")]
    [InlineData("/api/v1/campaigns?status=live")]
    [InlineData("/api/v1/campaigns?brandId=not-a-guid")]
    [InlineData("/api/v1/templates?sort=content")]
    [InlineData("/api/v1/templates?isActive=maybe")]
    [InlineData("/api/v1/locations?sort=id")]
    [InlineData("/api/v1/locations?q=" + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("/api/v1/approvals?page=abc")]
    [InlineData("/api/v1/stats?brandId=abc")]
    [InlineData("/api/v1/imports?brandId=abc")]
    [InlineData("/api/v1/notifications?unreadOnly=2")]
    public async Task MalformedQueryIsA400Problem(string url) =>
        await AssertProblemAsync(await world.Admin.GetAsync(url), HttpStatusCode.BadRequest);

    /// <summary>Odd but well-formed query values: answered (200), never a 500.</summary>
    [Theory]
    [InlineData("/api/v1/campaigns?startsFrom=0001-01-01T00:00:00Z&startsTo=9999-12-31T23:59:59Z")]
    [InlineData("/api/v1/campaigns?page=2147483647&pageSize=2147483647")]
    [InlineData("/api/v1/campaigns?page=-5&pageSize=-5")]
    [InlineData("/api/v1/campaigns?q=%25_%5C")]
    [InlineData("/api/v1/brands?sort=nonsense&page=2147483647")]
    [InlineData("/api/v1/users?sort=password_hash&role=x")]
    [InlineData("/api/v1/imports?status=x&sort=y")]
    [InlineData("/api/v1/templates?campaignType=%27%3B")]
    [InlineData("/api/v1/locations?attribute.format=mall&attribute.x=%27")]
    public async Task OddButWellFormedQueryIsAnswered(string url) =>
        Assert.Equal(HttpStatusCode.OK, (await world.Admin.GetAsync(url)).StatusCode);

    /// <summary>Well-formed JSON whose values PostgreSQL or the calendar cannot hold (NUL characters, dates beyond year 9999).</summary>
    [Theory]
    [InlineData("POST /api/v1/brands", """{"name":"N\u0000","slug":"nul-brand"}""")]
    [InlineData("PATCH /api/v1/brands/{brand}", """{"settings":{"voice":"warm\u0000"}}""")]
    [InlineData("POST /api/v1/brands/{brand}/locations", """{"storeNumber":"NUL-1","name":"N","timeZone":"America/Chicago","attributes":{"k":"\u0000"}}""")]
    [InlineData("PATCH /api/v1/brands/{brand}/locations/{location}", """{"name":"Nul\u0000"}""")]
    [InlineData("POST /api/v1/templates", """{"brandId":"{brand}","name":"N\u0000","content":"x"}""")]
    [InlineData("POST /api/v1/campaigns", """{"templateId":"{template}","locationId":"{location}","name":"N\u0000","customizations":{"headline":"Hi"}}""")]
    [InlineData("POST /api/v1/campaigns", """{"templateId":"{template}","locationId":"{location}","customizations":{"headline":"Hi\u0000"}}""")]
    [InlineData("POST /api/v1/campaigns", """{"templateId":"{template}","locationId":"{location}","customizations":{"headline":"Hi"},"scheduledStartLocal":"9999-12-31T23:00","scheduledEndLocal":"9999-12-31T23:59"}""")]
    [InlineData("POST /api/v1/campaigns", """{"templateId":"{template}","locationId":"{location}","customizations":{"headline":"Hi"},"scheduledStart":"0001-01-01T00:00:00Z","scheduledEnd":"2100-01-01T00:00:00Z"}""")]
    [InlineData("PATCH /api/v1/campaigns/{campaign}", """{"scheduledStartLocal":"2030-01-01T00:00","scheduledEndLocal":"9999-12-31T23:59"}""")]
    [InlineData("POST /api/v1/campaigns/{campaign}/submit", """{"comment":"ok\u0000"}""")]
    [InlineData("POST /api/v1/users", """{"username":"nul-user","password":"Correct-Horse-9","role":"viewer","displayName":"N\u0000"}""")]
    [InlineData("PATCH /api/v1/auth/me", """{"displayName":"N\u0000"}""")]
    public async Task ValuesTheDatabaseCannotHoldAreA400Problem(string endpoint, string body)
    {
        var response = await SendAsync(endpoint, world.Url(body));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/api/v1/campaigns?q=%00")]
    [InlineData("/api/v1/templates?q=a%00")]
    [InlineData("/api/v1/locations?q=%00")]
    [InlineData("/api/v1/locations?city=%00")]
    [InlineData("/api/v1/brands?q=%00")]
    [InlineData("/api/v1/users?q=%00")]
    [InlineData("/api/v1/imports?status=%00")]
    public async Task NulCharacterInAQueryIsA400Problem(string url) =>
        await AssertProblemAsync(await world.Admin.GetAsync(url), HttpStatusCode.BadRequest);

    [Fact]
    public async Task OverlongIdempotencyKeyIsA400Problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/templates")
        {
            Content = new StringContent($$"""{"brandId":"{{world.BrandA}}","name":"N","content":"x"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", new string('k', 10_000));
        await AssertProblemAsync(await world.Admin.SendAsync(request), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("W/\"99999999999999\"")]
    [InlineData("\"-1\", W/")]
    public async Task GarbageIfMatchIs412(string ifMatch)
    {
        var response = await world.Admin.PatchJsonAsync(world.Url("/api/v1/campaigns/{campaign}"), new { name = "Changed" }, ifMatch);
        await AssertProblemAsync(response, HttpStatusCode.PreconditionFailed);
    }

    private async Task<HttpResponseMessage> SendAsync(string endpoint, string body)
    {
        var (method, path) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
        using var request = new HttpRequestMessage(new HttpMethod(method), world.Url(path))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        return await world.Admin.SendAsync(request);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
