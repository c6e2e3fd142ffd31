using System.Net;
using Dapper;
using StoreSync.Functions.Demo;
using StoreSync.Tests.Brands;
using StoreSync.Tests.Infrastructure;
using StoreSync.Tests.Store;

namespace StoreSync.Tests.Devices;

public sealed class DemoDevicesTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    [Fact]
    public async Task EveryDemoStoreHasADeviceAndThePrintedKeyReadsItsStoresLiveCampaign()
    {
        _ = app.Server; // the app has migrated the database
        await DemoData.SeedAsync(app.Db, TimeProvider.System);
        await using (var conn = await app.Db.OpenConnectionAsync())
            Assert.Equal(0, await conn.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM locations l WHERE NOT EXISTS (SELECT 1 FROM devices d WHERE d.location_id = l.id)"));
        var output = new StringWriter();
        DemoData.PrintLogins(DemoData.Logins(_ => true), output);
        Assert.Contains(DemoData.DemoDeviceKey, output.ToString());

        var response = await app.DeviceClient(DemoData.DemoDeviceKey).GetAsync("/api/v1/store/feed");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var feed = await response.BodyAsync();
        Assert.Equal(DemoData.DemoDeviceStore, feed.GetProperty("location").GetProperty("storeNumber").GetString());
        Assert.NotEmpty(feed.GetProperty("live").EnumerateArray());
    }
}
