using Dapper;
using StoreSync.Functions.Demo;
using StoreSync.Functions.Offers;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Offers;

public sealed class DemoOffersTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    [Fact]
    public async Task EveryDemoTemplateHasAValidOfferAndItsCampaignsCarryIt()
    {
        _ = app.Server;
        await DemoData.SeedAsync(app.Db, TimeProvider.System);
        await using var conn = await app.Db.OpenConnectionAsync();
        var templates = (await conn.QueryAsync<(string Name, string? Offer)>("SELECT name, offer::text FROM templates")).ToList();
        Assert.Equal(5, templates.Count);
        Assert.All(templates, t => Assert.True(OfferRules.FromStored(t.Offer, Currency.Default) is not null, t.Name));
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM campaigns c JOIN templates t ON t.id = c.template_id WHERE c.offer IS DISTINCT FROM t.offer"));
    }
}
