using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Brands;

/// <summary>
/// Two brands (A and B) with locations, and a signed-in client per identity: an admin, brand A's brand manager,
/// location manager (unlimited and limited to one store) and viewer, and brand B's brand manager.
/// </summary>
public class TenantWorld : StoreSyncApp
{
    public Guid BrandA { get; private set; }
    public Guid BrandB { get; private set; }
    public Guid LocationA1 { get; private set; }
    public Guid LocationA2 { get; private set; }
    public Guid LocationB1 { get; private set; }

    public HttpClient Admin { get; private set; } = null!;
    public HttpClient ManagerA { get; private set; } = null!;
    public HttpClient LocationManagerA { get; private set; } = null!;
    public HttpClient LimitedLocationManagerA { get; private set; } = null!;
    public HttpClient ViewerA { get; private set; } = null!;
    public HttpClient ManagerB { get; private set; } = null!;

    /// <summary>Identities by the names the permission tables use.</summary>
    public IReadOnlyDictionary<string, HttpClient> As { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        BrandA = await CreateBrandAsync("Alpha Coffee", "alpha");
        BrandB = await CreateBrandAsync("Beta Outdoor", "beta");
        LocationA1 = await CreateLocationAsync(BrandA, "A-001", name: "Alpha Downtown", city: "Chicago", attributesJson: """{"format":"mall","hasPatio":true}""");
        LocationA2 = await CreateLocationAsync(BrandA, "A-002", name: "Alpha Lakeside", city: "Evanston", attributesJson: """{"format":"street","hasPatio":false}""");
        LocationB1 = await CreateLocationAsync(BrandB, "B-001", name: "Beta Basecamp", city: "Denver", timeZone: "America/Denver");
        Admin = (await SignInAsNewAsync(Roles.Admin)).Client;
        ManagerA = (await SignInAsNewAsync(Roles.BrandManager, [BrandA])).Client;
        LocationManagerA = (await SignInAsNewAsync(Roles.LocationManager, [BrandA])).Client;
        LimitedLocationManagerA = (await SignInAsNewAsync(Roles.LocationManager, [BrandA], [LocationA1])).Client;
        ViewerA = (await SignInAsNewAsync(Roles.Viewer, [BrandA])).Client;
        ManagerB = (await SignInAsNewAsync(Roles.BrandManager, [BrandB])).Client;
        As = new Dictionary<string, HttpClient>
        {
            ["admin"] = Admin, ["brandManagerA"] = ManagerA, ["locationManagerA"] = LocationManagerA,
            ["viewerA"] = ViewerA, ["brandManagerB"] = ManagerB,
        };
    }

    /// <summary>A campaign at the location (with its template), so deletes meet the RESTRICT foreign keys.</summary>
    public async Task<Guid> CreateCampaignAsync(Guid brandId, Guid locationId)
    {
        var templateId = Guid.CreateVersion7();
        var id = Guid.CreateVersion7();
        await using var conn = await Db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO templates (id, brand_id, name, content) VALUES (@templateId, @brandId, 'Promo', 'Hello {{locationName}}');
            INSERT INTO campaigns (id, brand_id, location_id, template_id, name, rendered_content)
            VALUES (@id, @brandId, @locationId, @templateId, 'Promo', 'Hello');
            """, new { templateId, id, brandId, locationId });
        return id;
    }
}

public static class Json
{
    public static async Task<JsonElement> BodyAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>The field names of a validation problem's errors.</summary>
    public static async Task<string[]> ErrorFieldsAsync(this HttpResponseMessage response)
    {
        var body = await response.BodyAsync();
        return body.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(e => e.Name).ToArray() : [];
    }

    public static HttpRequestMessage Patch(string url, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }
}
