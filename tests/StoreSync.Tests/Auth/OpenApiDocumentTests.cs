using System.Net;
using System.Text.Json;
using StoreSync.Tests.Brands;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Auth;

public sealed class OpenApiDocumentTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private static readonly string[] Anonymous = ["/api/v1/auth/token", "/api/v1/auth/refresh", "/api/v1/auth/register",
        "/api/v1/calendar/{token}.ics", "/api/v1/public/brands/{brandSlug}/locations/{storeNumber}"];

    private async Task<JsonElement> DocumentAsync()
    {
        var response = await app.CreateClient().GetAsync("/api/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.BodyAsync();
    }

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement doc) =>
        from path in doc.GetProperty("paths").EnumerateObject()
        where path.Name.StartsWith("/api/v1/", StringComparison.Ordinal)
        from op in path.Value.EnumerateObject()
        where op.Name is "get" or "post" or "put" or "patch" or "delete"
        select (path.Name, op.Name, op.Value);

    [Fact]
    public async Task EveryApiOperationHasASummaryAndDocumentsItsProblems()
    {
        var doc = await DocumentAsync();
        var operations = Operations(doc).ToList();
        Assert.True(operations.Count >= 20, $"only {operations.Count} operations documented");
        foreach (var (path, method, op) in operations)
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            Assert.False(string.IsNullOrWhiteSpace(op.TryGetProperty("summary", out var s) ? s.GetString() : null), $"{where}: no summary");
            var responses = op.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
            Assert.True(responses.Any(r => r.StartsWith('2')), $"{where}: no success response");
            Assert.True(responses.Any(r => r.StartsWith('4')), $"{where}: no 4xx problem documented");
            var secured = op.TryGetProperty("security", out var security) && security.EnumerateArray().Any(r => r.EnumerateObject().Any());
            if (Anonymous.Contains(path))
            {
                Assert.False(secured, $"{where}: anonymous endpoint marked as needing a token");
            }
            else
            {
                Assert.True(secured, $"{where}: no Bearer requirement");
                Assert.Contains("401", responses);
            }
            if (method is "post" or "patch" && !path.EndsWith("/logout", StringComparison.Ordinal))
                Assert.True(responses.Contains("400") || !op.TryGetProperty("requestBody", out _), $"{where}: takes a body but documents no 400");
        }
    }

    [Theory]
    [InlineData("/api/v1/brands", "get", "200,401,413,415")]
    [InlineData("/api/v1/brands", "post", "201,400,401,403,409,413,415")]
    [InlineData("/api/v1/brands/{brandId}", "patch", "200,400,401,403,404,409,413,415")]
    [InlineData("/api/v1/brands/{brandId}", "delete", "204,401,403,404,409,413,415")]
    [InlineData("/api/v1/brands/{brandId}/locations", "post", "201,400,401,403,404,409,413,415")]
    [InlineData("/api/v1/brands/{brandId}/locations/{locationId}", "patch", "200,400,401,403,404,409,412,413,415")]
    [InlineData("/api/v1/brands/{brandId}/locations/{locationId}", "delete", "204,401,403,404,409,412,413,415")]
    [InlineData("/api/v1/locations", "get", "200,400,401,413,415")]
    [InlineData("/api/v1/users", "post", "201,400,401,403,409,413,415")]
    [InlineData("/api/v1/auth/token", "post", "200,400,401,429,413,415")]
    public async Task BrandsLocationsUsersAndAuthDocumentTheirStatuses(string path, string method, string statuses)
    {
        var op = (await DocumentAsync()).GetProperty("paths").GetProperty(path).GetProperty(method);
        var documented = op.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
        Assert.Superset(statuses.Split(',').ToHashSet(), documented);
    }

    [Theory]
    [InlineData("patch")]
    [InlineData("delete")]
    public async Task LocationWritesDocumentIfMatch(string method)
    {
        var op = (await DocumentAsync()).GetProperty("paths").GetProperty("/api/v1/brands/{brandId}/locations/{locationId}").GetProperty(method);
        Assert.Contains(op.GetProperty("parameters").EnumerateArray(),
            p => p.GetProperty("name").GetString() == "If-Match" && p.GetProperty("in").GetString() == "header");
    }

    [Fact]
    public async Task RequestAndResponseSchemasAreNamed()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");
        foreach (var name in new[] { "LocationRequest", "LocationResponse", "Address", "BrandResponse", "BrandSettings", "CreateBrandRequest", "UserResponse", "TokenResponse" })
            Assert.True(schemas.TryGetProperty(name, out _), $"schema {name} missing");
        var location = schemas.GetProperty("LocationResponse").GetProperty("properties");
        Assert.True(location.TryGetProperty("fullAddress", out _));
        Assert.True(location.TryGetProperty("version", out _));
    }

    [Fact]
    public async Task EveryTagIsDescribedAndEveryOperationDocumentsA4xx()
    {
        var doc = await DocumentAsync();
        var tags = doc.GetProperty("tags").EnumerateArray().ToList();
        Assert.True(tags.Count >= 10, $"only {tags.Count} tags");
        foreach (var tag in tags)
            Assert.False(string.IsNullOrWhiteSpace(tag.TryGetProperty("description", out var d) ? d.GetString() : null),
                $"tag {tag.GetProperty("name")} has no description");
        Assert.True(doc.GetProperty("info").GetProperty("license").TryGetProperty("identifier", out _), "info.license has no identifier");
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        foreach (var op in path.Value.EnumerateObject())
        {
            var responses = op.Value.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
            Assert.True(responses.Any(r => r.StartsWith('4')), $"{op.Name} {path.Name}: no 4xx documented");
            Assert.Contains("413", responses);
            Assert.Contains("415", responses);
        }
    }

    [Fact]
    public async Task ThePipelineRefusalsDocumentedOnEveryOperationAreRealEvenOnTheHealthCheck()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health") { Content = new StringContent("{}") };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=bogus");
        var response = await app.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SwaggerUiIsServedAsHtml()
    {
        var client = app.CreateClient();
        var response = await client.GetAsync("/api/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("swagger", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var root = await client.GetAsync("/api/docs");
        Assert.True(root.StatusCode is HttpStatusCode.OK or HttpStatusCode.MovedPermanently or HttpStatusCode.Redirect, $"/api/docs: {(int)root.StatusCode}");
    }
}
