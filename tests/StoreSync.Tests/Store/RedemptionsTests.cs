using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using StoreSync.Tests.Brands;

namespace StoreSync.Tests.Store;

public sealed class RedemptionsTests(TenantWorld world) : IClassFixture<TenantWorld>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private async Task<(Guid Store, HttpClient Device, Guid Campaign)> StoreWithLiveCampaignAsync(string? offerJson = null)
    {
        var store = await world.CreateLocationAsync(world.BrandA);
        var (_, key) = await world.ManagerA.CreateDeviceAsync(world.BrandA, store);
        var campaign = await world.CreateStoreCampaignAsync(world.BrandA, store, start: Now.AddDays(-2), end: Now.AddDays(2), offerJson: offerJson);
        return (store, world.DeviceClient(key), campaign);
    }

    private static object Item(Guid campaignId, DateTimeOffset? at = null, int quantity = 1, object? basketTotal = null, object? discount = null,
        string? voucherCode = null) =>
        new { campaignId, at = at ?? Now.AddMinutes(-5), quantity, basketTotal = basketTotal ?? "25.00", discount = discount ?? "5.00", voucherCode };

    private static Task<HttpResponseMessage> SendAsync(HttpClient device, string batchId, params object[] items) =>
        device.PostAsJsonAsync("/api/v1/store/redemptions", new { batchId, items });

    private static int[] RejectedIndexes(JsonElement body) => body.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("index").GetInt32()).ToArray();

    [Fact]
    public async Task TheSameBatchTwiceCountsOnceAndGetsTheSameAnswer()
    {
        var (_, device, campaign) = await StoreWithLiveCampaignAsync();
        var items = new[] { Item(campaign), Item(campaign, quantity: 3, basketTotal: 40.5m, discount: 0), Item(Guid.NewGuid()) };
        var first = await SendAsync(device, "batch-1", items);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var firstBody = await first.BodyAsync();
        Assert.Equal(2, firstBody.GetProperty("accepted").GetInt32());
        Assert.Equal([2], RejectedIndexes(firstBody));
        Assert.Equal("campaignNotLive", firstBody.GetProperty("rejected")[0].GetProperty("reason").GetString());

        var second = await SendAsync(device, "batch-1", items);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(firstBody.GetRawText(), (await second.BodyAsync()).GetRawText());
        Assert.Equal(2, await world.RedemptionCountAsync(campaign));
        await using var conn = await world.Db.OpenConnectionAsync();
        Assert.Equal(40.5m, await conn.ExecuteScalarAsync<decimal>(
            "SELECT basket_total FROM redemptions WHERE campaign_id = @campaign AND quantity = 3", new { campaign }));
    }

    [Fact]
    public async Task TheSameBatchIdWithAnotherBodyIs422AndNothingMoreIsCounted()
    {
        var (_, device, campaign) = await StoreWithLiveCampaignAsync();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(device, "b-422", Item(campaign))).StatusCode);
        var other = await SendAsync(device, "b-422", Item(campaign, quantity: 2));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(1, await world.RedemptionCountAsync(campaign));
    }

    [Fact]
    public async Task BatchIdsAreScopedPerDevice()
    {
        var (store, device, campaign) = await StoreWithLiveCampaignAsync();
        var (_, key2) = await world.ManagerA.CreateDeviceAsync(world.BrandA, store, "Till 2");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(device, "shared-id", Item(campaign))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(world.DeviceClient(key2), "shared-id", Item(campaign, quantity: 2))).StatusCode);
        Assert.Equal(2, await world.RedemptionCountAsync(campaign));
    }

    [Fact]
    public async Task ItemsOutsideTheLiveWindowOrOfAnotherStoreAreRejectedAndTheRestAccepted()
    {
        var (_, device, campaign) = await StoreWithLiveCampaignAsync();
        var otherStore = await world.CreateStoreCampaignAsync(world.BrandA, world.LocationA1);
        var otherBrand = await world.CreateStoreCampaignAsync(world.BrandB, world.LocationB1);
        var draft = await world.CreateStoreCampaignAsync(world.BrandA, world.LocationA1, "draft");
        var response = await SendAsync(device, "window",
            Item(campaign),                                  // 0 ok
            Item(campaign, at: Now.AddDays(-3)),             // 1 before start
            Item(campaign, at: Now.AddDays(3)),              // 2 after end (and in the future)
            Item(otherStore),                                // 3 another store's campaign
            Item(otherBrand),                                // 4 another brand's
            Item(draft),                                     // 5 not live
            Item(campaign, at: Now.AddMinutes(-1)));         // 6 ok
        var body = await response.BodyAsync();
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal([1, 2, 3, 4, 5], RejectedIndexes(body));
        Assert.Equal(2, await world.RedemptionCountAsync(campaign));
        Assert.Equal(0, await world.RedemptionCountAsync(otherStore));
        Assert.Equal(0, await world.RedemptionCountAsync(otherBrand));
    }

    [Fact]
    public async Task MoreThan1000ItemsIs413AndNothingIsStored()
    {
        var (_, device, campaign) = await StoreWithLiveCampaignAsync();
        var items = Enumerable.Range(0, 1001).Select(_ => Item(campaign)).ToArray();
        var response = await SendAsync(device, "too-big", items);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await world.RedemptionCountAsync(campaign));
        // Exactly 1,000 is fine, and the batch id was not used up by the refused one.
        var ok = await SendAsync(device, "too-big", items[..1000]);
        Assert.Equal(1000, (await ok.BodyAsync()).GetProperty("accepted").GetInt32());
    }

    [Theory]
    [InlineData(0, "1.00", "0", "items[1].quantity")]
    [InlineData(-2, "1.00", "0", "items[1].quantity")]
    [InlineData(1, "-1.00", "0", "items[1].basketTotal")]
    [InlineData(1, "1.00", "-0.5", "items[1].discount")]
    [InlineData(1, "abc", "0", "items[1].basketTotal")]
    [InlineData(1, "1.123456", "0", "items[1].basketTotal")]
    public async Task BadItemsAre400ForTheWholeBatchAndNothingIsStored(int quantity, string total, string discount, string field)
    {
        var (_, device, campaign) = await StoreWithLiveCampaignAsync();
        var response = await SendAsync(device, "bad-" + Guid.NewGuid(), Item(campaign), Item(campaign, quantity: quantity, basketTotal: total, discount: discount));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.ErrorFieldsAsync());
        Assert.Equal(0, await world.RedemptionCountAsync(campaign));
    }

    [Fact]
    public async Task MissingBatchIdOrItemsIs400()
    {
        var (_, device, campaign) = await StoreWithLiveCampaignAsync();
        Assert.Contains("batchId", await (await device.PostAsJsonAsync("/api/v1/store/redemptions", new { items = new[] { Item(campaign) } })).ErrorFieldsAsync());
        Assert.Contains("items", await (await device.PostAsJsonAsync("/api/v1/store/redemptions", new { batchId = "x", items = Array.Empty<object>() })).ErrorFieldsAsync());
    }

    [Fact]
    public async Task TwentyConcurrentBatchesUsingOneVoucherRedeemItOnce()
    {
        var (store, device, campaign) = await StoreWithLiveCampaignAsync();
        var create = await world.ManagerA.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/vouchers", new { count = 1 });
        Assert.Equal(HttpStatusCode.OK, create.StatusCode);
        var code = (await (await world.ManagerA.GetAsync($"/api/v1/campaigns/{campaign}/vouchers")).BodyAsync()).GetProperty("items")[0].GetProperty("code").GetString()!;
        var devices = new List<HttpClient>();
        for (var i = 0; i < 20; i++) devices.Add(world.DeviceClient((await world.ManagerA.CreateDeviceAsync(world.BrandA, store, $"Till {i}")).Key));

        var answers = await Task.WhenAll(devices.Select((d, i) => SendAsync(d, $"voucher-{i}", Item(campaign, voucherCode: code.ToLowerInvariant()))));
        var bodies = await Task.WhenAll(answers.Select(a => a.BodyAsync()));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(1, bodies.Sum(b => b.GetProperty("accepted").GetInt32()));
        Assert.Equal(19, bodies.Count(b => b.GetProperty("rejected").GetArrayLength() == 1
                                         && b.GetProperty("rejected")[0].GetProperty("reason").GetString() == "voucherUsed"));
        await using var conn = await world.Db.OpenConnectionAsync();
        Assert.Equal(1, await conn.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM redemptions r JOIN vouchers v ON v.id = r.voucher_id WHERE v.code = @code", new { code }));
        Assert.NotNull(await conn.ExecuteScalarAsync<DateTime?>("SELECT used_at FROM vouchers WHERE code = @code", new { code }));
    }

    [Fact]
    public async Task VoucherOfAnotherCampaignUnknownOrTwiceInOneBatchIsRejected()
    {
        var (store, device, campaign) = await StoreWithLiveCampaignAsync(offerJson: """{"type":"percentOff","value":10,"requiresVoucher":true}""");
        var other = await world.CreateStoreCampaignAsync(world.BrandA, store);
        await world.ManagerA.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/vouchers", new { count = 1 });
        await world.ManagerA.PostAsJsonAsync($"/api/v1/campaigns/{other}/vouchers", new { count = 1 });
        string CodeOf(JsonElement list) => list.GetProperty("items")[0].GetProperty("code").GetString()!;
        var mine = CodeOf(await (await world.ManagerA.GetAsync($"/api/v1/campaigns/{campaign}/vouchers")).BodyAsync());
        var theirs = CodeOf(await (await world.ManagerA.GetAsync($"/api/v1/campaigns/{other}/vouchers")).BodyAsync());

        var body = await (await SendAsync(device, "vouchers",
            Item(campaign, voucherCode: theirs),      // 0 another campaign's
            Item(campaign, voucherCode: "NOPE1234"),  // 1 unknown
            Item(campaign),                           // 2 required but missing
            Item(campaign, voucherCode: mine),        // 3 ok
            Item(campaign, voucherCode: mine)))       // 4 the same code again
            .BodyAsync();
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        var reasons = body.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("reason").GetString()!).ToArray();
        Assert.Equal(["voucherOfAnotherCampaign", "voucherUnknown", "voucherRequired", "voucherUsed"], reasons);
        Assert.Equal([0, 1, 2, 4], RejectedIndexes(body));
    }

    [Fact]
    public async Task AnExpiredVoucherIsRejectedAndLateReportsOfACompletedCampaignCount()
    {
        var (store, device, campaign) = await StoreWithLiveCampaignAsync();
        await world.ManagerA.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/vouchers", new { count = 1, expiresAt = Now.AddMinutes(30) });
        var code = (await (await world.ManagerA.GetAsync($"/api/v1/campaigns/{campaign}/vouchers")).BodyAsync()).GetProperty("items")[0].GetProperty("code").GetString();
        var ended = await world.CreateStoreCampaignAsync(world.BrandA, store, "completed", start: Now.AddDays(-5), end: Now.AddDays(-1));
        var body = await (await SendAsync(device, "late",
            Item(campaign, at: Now.AddMinutes(10), voucherCode: code), // beyond the 5 minutes a till's clock may run ahead
            Item(ended, at: Now.AddDays(-2)))).BodyAsync();
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        Assert.Equal("atInTheFuture", body.GetProperty("rejected")[0].GetProperty("reason").GetString());
        Assert.Equal(1, await world.RedemptionCountAsync(ended));

        await using (var conn = await world.Db.OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE vouchers SET expires_at = now() - interval '1 hour' WHERE code = @code", new { code });
        var expired = await (await SendAsync(device, "expired", Item(campaign, voucherCode: code))).BodyAsync();
        Assert.Equal("voucherExpired", expired.GetProperty("rejected")[0].GetProperty("reason").GetString());
        Assert.Equal(0, await world.RedemptionCountAsync(campaign));
    }
}
