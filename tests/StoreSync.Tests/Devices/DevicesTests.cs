using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using StoreSync.Tests.Brands;
using StoreSync.Tests.Store;

namespace StoreSync.Tests.Devices;

public sealed class DevicesTests(TenantWorld world) : IClassFixture<TenantWorld>
{
    private string Devices(Guid brandId, Guid locationId) => $"/api/v1/brands/{brandId}/locations/{locationId}/devices";

    [Fact]
    public async Task CreateShowsTheKeyOnceAndStoresOnlyItsHash()
    {
        var response = await world.ManagerA.PostAsJsonAsync(Devices(world.BrandA, world.LocationA1), new { name = "  Front till " });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.BodyAsync();
        var key = body.GetProperty("key").GetString()!;
        Assert.Equal("Front till", body.GetProperty("name").GetString());
        Assert.True(key.Length >= 50, "a key carries 256 random bits");
        await using var conn = await world.Db.OpenConnectionAsync();
        var stored = await conn.QuerySingleAsync<byte[]>("SELECT key_hash FROM devices WHERE id = @id", new { id = body.GetProperty("id").GetGuid() });
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(key)), stored);
        var list = await world.ManagerA.GetStringAsync(Devices(world.BrandA, world.LocationA1));
        Assert.Contains("Front till", list);
        Assert.DoesNotContain(key, list);
        Assert.DoesNotContain("\"key\"", list);
    }

    [Fact]
    public async Task CreateWritesAnAuditRowAndRevokeAnother()
    {
        var (id, _) = await world.ManagerA.CreateDeviceAsync(world.BrandA, world.LocationA1);
        Assert.Equal(HttpStatusCode.NoContent, (await world.ManagerA.DeleteAsync($"{Devices(world.BrandA, world.LocationA1)}/{id}")).StatusCode);
        await using var conn = await world.Db.OpenConnectionAsync();
        var actions = (await conn.QueryAsync<string>("SELECT action FROM audit_log WHERE entity = 'device' AND entity_id = @id ORDER BY id", new { id })).ToArray();
        Assert.Equal(["create", "revoke"], actions);
    }

    [Fact]
    public async Task RevokedKeyIs401OnTheVeryNextRequest()
    {
        var (id, key) = await world.ManagerA.CreateDeviceAsync(world.BrandA, world.LocationA1);
        var device = world.DeviceClient(key);
        Assert.Equal(HttpStatusCode.OK, (await device.GetAsync("/api/v1/store/feed")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await world.ManagerA.DeleteAsync($"{Devices(world.BrandA, world.LocationA1)}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await device.GetAsync("/api/v1/store/feed")).StatusCode);
        var list = await world.ManagerA.GetStringAsync(Devices(world.BrandA, world.LocationA1));
        Assert.DoesNotContain(id.ToString(), list);
        Assert.Equal(HttpStatusCode.NotFound, (await world.ManagerA.DeleteAsync($"{Devices(world.BrandA, world.LocationA1)}/{id}")).StatusCode);
    }

    [Fact]
    public async Task ListShowsWhenTheDeviceWasLastSeen()
    {
        var (id, key) = await world.ManagerA.CreateDeviceAsync(world.BrandA, world.LocationA2, "Signage");
        var before = await world.ManagerA.GetFromJsonAsync<System.Text.Json.JsonElement>(Devices(world.BrandA, world.LocationA2));
        Assert.Equal(System.Text.Json.JsonValueKind.Null,
            before.GetProperty("items").EnumerateArray().Single(d => d.GetProperty("id").GetGuid() == id).GetProperty("lastSeenAt").ValueKind);
        await world.DeviceClient(key).GetAsync("/api/v1/store/feed");
        var after = await world.ManagerA.GetFromJsonAsync<System.Text.Json.JsonElement>(Devices(world.BrandA, world.LocationA2));
        var seen = after.GetProperty("items").EnumerateArray().Single(d => d.GetProperty("id").GetGuid() == id).GetProperty("lastSeenAt").GetDateTime();
        Assert.True(DateTime.UtcNow - seen < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task DeviceKeyInABearerHeaderIs401OnUserEndpoints()
    {
        var (_, key) = await world.ManagerA.CreateDeviceAsync(world.BrandA, world.LocationA1);
        var client = world.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/campaigns")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/store/feed")).StatusCode);
        var device = world.DeviceClient(key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await device.GetAsync("/api/v1/campaigns")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await device.GetAsync($"/api/v1/brands/{world.BrandA}/locations")).StatusCode);
    }

    [Fact]
    public async Task UserTokenInADeviceHeaderOrAsBearerIs401OnTheStoreApi()
    {
        var token = world.ManagerA.DefaultRequestHeaders.Authorization!.Parameter!;
        Assert.Equal(HttpStatusCode.Unauthorized, (await world.ManagerA.GetAsync("/api/v1/store/feed")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await world.DeviceClient(token).GetAsync("/api/v1/store/feed")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await world.DeviceClient("ssdk_" + new string('A', 52)).GetAsync("/api/v1/store/feed")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await world.CreateClient().GetAsync("/api/v1/store/feed")).StatusCode);
    }

    [Fact]
    public async Task OtherBrandsDevicesAre404AndCrossBrandLocationsToo()
    {
        var (idA, _) = await world.ManagerA.CreateDeviceAsync(world.BrandA, world.LocationA1);
        Assert.Equal(HttpStatusCode.NotFound, (await world.ManagerB.GetAsync(Devices(world.BrandA, world.LocationA1))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.ManagerB.PostAsJsonAsync(Devices(world.BrandA, world.LocationA1), new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.ManagerB.DeleteAsync($"{Devices(world.BrandA, world.LocationA1)}/{idA}")).StatusCode);
        // Brand A's manager naming brand A but brand B's location, or the device under another location: 404 too.
        Assert.Equal(HttpStatusCode.NotFound, (await world.ManagerA.PostAsJsonAsync(Devices(world.BrandA, world.LocationB1), new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.ManagerA.DeleteAsync($"{Devices(world.BrandA, world.LocationA2)}/{idA}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.ManagerB.DeleteAsync($"{Devices(world.BrandB, world.LocationB1)}/{idA}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.Admin.GetAsync(Devices(world.BrandA, world.LocationA1))).StatusCode);
    }

    [Theory]
    [InlineData("locationManagerA")]
    [InlineData("viewerA")]
    public async Task OnlyBrandManagersAndAdminsManageDevices(string who)
    {
        var client = world.As[who];
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync(Devices(world.BrandA, world.LocationA1), new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Devices(world.BrandA, world.LocationA1))).StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task BlankOrLongNameIs400(string name)
    {
        var response = await world.ManagerA.PostAsJsonAsync(Devices(world.BrandA, world.LocationA1), new { name });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("name", await response.ErrorFieldsAsync());
        var tooLong = await world.ManagerA.PostAsJsonAsync(Devices(world.BrandA, world.LocationA1), new { name = new string('x', 101) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }
}
