using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Users;

public sealed class LocationLimitTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    [Fact]
    public async Task ALimitedLocationManagerWhoseOnlyStoreIsDeletedSeesNoStoreRatherThanTheWholeBrand()
    {
        var brand = await app.CreateBrandAsync();
        var mine = await app.CreateLocationAsync(brand, storeNumber: "L-" + Guid.NewGuid().ToString("N")[..6]);
        var other = await app.CreateLocationAsync(brand, storeNumber: "L-" + Guid.NewGuid().ToString("N")[..6]);
        var (_, manager) = await app.SignInAsNewAsync(Roles.LocationManager, [brand], [mine]);
        var (_, admin) = await app.SignInAsNewAsync(Roles.Admin);

        Assert.Equal([mine], await VisibleAsync(manager, brand));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/brands/{brand}/locations/{mine}")).StatusCode);

        Assert.Empty(await VisibleAsync(manager, brand));
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/api/v1/brands/{brand}/locations/{other}")).StatusCode);
    }

    [Fact]
    public async Task AnEmptyLocationListSetByAnAdminLiftsTheLimit()
    {
        var brand = await app.CreateBrandAsync();
        var first = await app.CreateLocationAsync(brand, storeNumber: "L-" + Guid.NewGuid().ToString("N")[..6]);
        var second = await app.CreateLocationAsync(brand, storeNumber: "L-" + Guid.NewGuid().ToString("N")[..6]);
        var (user, manager) = await app.SignInAsNewAsync(Roles.LocationManager, [brand], [first]);
        var (_, admin) = await app.SignInAsNewAsync(Roles.Admin);

        var patch = await admin.PatchAsJsonAsync($"/api/v1/users/{user.Id}", new { locationIds = Array.Empty<Guid>() });

        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal(new[] { first, second }.Order(), (await VisibleAsync(manager, brand)).Order());
    }

    private static async Task<Guid[]> VisibleAsync(HttpClient client, Guid brand)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/brands/{brand}/locations?pageSize=100");
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToArray();
    }
}
