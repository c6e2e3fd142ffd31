using System.Net;
using System.Net.Http.Json;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Brands;

namespace StoreSync.Tests.Auth;

/// <summary>
/// Every role against every brands, locations and users endpoint. Targets are brand A's objects; "brandManagerB"
/// manages only brand B, so brand A's objects are invisible to them (404, never 403).
/// </summary>
public sealed class PermissionMatrixTests(TenantWorld world) : IClassFixture<TenantWorld>
{
    private static readonly string[] Identities = ["admin", "brandManagerA", "locationManagerA", "viewerA", "brandManagerB"];

    // Expected status per identity, in the order of Identities.
    private static readonly (string Endpoint, int[] Expected)[] Table =
    [
        ("GET /brands",                       [200, 200, 200, 200, 200]),
        ("POST /brands",                      [201, 403, 403, 403, 403]),
        ("GET /brands/A",                     [200, 200, 200, 200, 404]),
        ("PATCH /brands/A",                   [200, 200, 403, 403, 404]),
        ("DELETE /brands/fresh",              [204, 403, 403, 403, 403]),
        ("GET /brands/A/locations",           [200, 200, 200, 200, 404]),
        ("POST /brands/A/locations",          [201, 201, 403, 403, 404]),
        ("GET /brands/A/locations/A1",        [200, 200, 200, 200, 404]),
        ("PATCH /brands/A/locations/A1",      [200, 200, 403, 403, 404]),
        ("DELETE /brands/A/locations/fresh",  [204, 204, 403, 403, 404]),
        ("GET /locations",                    [200, 200, 200, 200, 200]),
        ("GET /users",                        [200, 403, 403, 403, 403]),
        ("POST /users",                       [201, 403, 403, 403, 403]),
        ("GET /users/someone",                [200, 403, 403, 403, 403]),
        ("PATCH /users/someone",              [200, 403, 403, 403, 403]),
        ("DELETE /users/fresh",               [204, 403, 403, 403, 403]),
    ];

    public static IEnumerable<object[]> Cases() =>
        from row in Table from i in Enumerable.Range(0, Identities.Length) select new object[] { row.Endpoint, Identities[i], row.Expected[i] };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task RoleIsAllowedOrDenied(string endpoint, string identity, int expected)
    {
        var client = world.As[identity];
        var request = await RequestForAsync(endpoint);
        var response = await client.SendAsync(request);
        Assert.True(expected == (int)response.StatusCode, $"{identity} {endpoint}: expected {expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (expected >= 400) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task NoTokenIs401Everywhere()
    {
        using var anonymous = world.CreateClient();
        foreach (var (endpoint, _) in Table)
        {
            var response = await anonymous.SendAsync(await RequestForAsync(endpoint));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{endpoint}: {(int)response.StatusCode}");
        }
    }

    private async Task<HttpRequestMessage> RequestForAsync(string endpoint)
    {
        var unique = Guid.NewGuid().ToString("N")[..10];
        var a = $"/api/v1/brands/{world.BrandA}";
        return endpoint switch
        {
            "GET /brands" => Get("/api/v1/brands"),
            "POST /brands" => Send(HttpMethod.Post, "/api/v1/brands", new { name = "New " + unique, slug = "new-" + unique }),
            "GET /brands/A" => Get(a),
            "PATCH /brands/A" => Send(HttpMethod.Patch, a, new { settings = new { voice = "Warm " + unique } }),
            "DELETE /brands/fresh" => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/brands/{await world.CreateBrandAsync()}"),
            "GET /brands/A/locations" => Get($"{a}/locations"),
            "POST /brands/A/locations" => Send(HttpMethod.Post, $"{a}/locations", new { storeNumber = unique, name = "Store", timeZone = "America/Chicago" }),
            "GET /brands/A/locations/A1" => Get($"{a}/locations/{world.LocationA1}"),
            "PATCH /brands/A/locations/A1" => Send(HttpMethod.Patch, $"{a}/locations/{world.LocationA1}", new { attributes = new { touched = unique } }),
            "DELETE /brands/A/locations/fresh" => new HttpRequestMessage(HttpMethod.Delete, $"{a}/locations/{await world.CreateLocationAsync(world.BrandA)}"),
            "GET /locations" => Get("/api/v1/locations"),
            "GET /users" => Get("/api/v1/users"),
            "POST /users" => Send(HttpMethod.Post, "/api/v1/users", new { username = "u" + unique, password = "Plenty-long-Quokka-8", role = Roles.Viewer }),
            "GET /users/someone" => Get($"/api/v1/users/{(await Someone()).Id}"),
            "PATCH /users/someone" => Send(HttpMethod.Patch, $"/api/v1/users/{(await Someone()).Id}", new { displayName = "Renamed " + unique }),
            "DELETE /users/fresh" => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/users/{(await world.CreateUserAsync(Roles.Viewer)).Id}"),
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint),
        };
    }

    private Task<Infrastructure.StoreSyncApp.TestUser> Someone() => world.CreateUserAsync(Roles.Viewer, [world.BrandA]);

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    private static HttpRequestMessage Send(HttpMethod method, string url, object body) => new(method, url) { Content = JsonContent.Create(body) };
}
