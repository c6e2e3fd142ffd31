using System.Net;
using System.Net.Http.Json;
using System.Text;
using StoreSync.Tests.Brands;
using StoreSync.Tests.Store;

namespace StoreSync.Tests.Vouchers;

public sealed class VouchersTests(TenantWorld world) : IClassFixture<TenantWorld>
{
    private async Task<Guid> CampaignAsync(Guid? brand = null, Guid? location = null) =>
        await world.CreateStoreCampaignAsync(brand ?? world.BrandA, location ?? world.LocationA1);

    [Fact]
    public async Task GeneratesUniqueUnguessableCodesWithThePrefix()
    {
        var campaign = await CampaignAsync();
        var response = await world.ManagerA.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/vouchers", new { count = 250, prefix = "spring" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(250, (await response.BodyAsync()).GetProperty("created").GetInt32());
        var page = await (await world.ManagerA.GetAsync($"/api/v1/campaigns/{campaign}/vouchers?pageSize=100&page=2")).BodyAsync();
        Assert.Equal(250, page.GetProperty("total").GetInt32());
        var codes = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()!).ToArray();
        Assert.Equal(100, codes.Length);
        Assert.All(codes, c => Assert.Matches("^SPRING-[A-Z2-7]{16}$", c));
        Assert.Equal(codes.Order(StringComparer.Ordinal), codes);
    }

    [Fact]
    public async Task CsvListsEveryCodeWithAHeaderAndFiltersByStatus()
    {
        var campaign = await CampaignAsync();
        await world.ManagerA.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/vouchers", new { count = 150 });
        var csv = await world.ManagerA.GetAsync($"/api/v1/campaigns/{campaign}/vouchers?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("code,createdAt,expiresAt,usedAt", lines[0]);
        Assert.Equal(151, lines.Length);
        var used = await (await world.ManagerA.GetAsync($"/api/v1/campaigns/{campaign}/vouchers?status=used")).BodyAsync();
        Assert.Equal(0, used.GetProperty("total").GetInt32());
        var unused = await (await world.ManagerA.GetAsync($"/api/v1/campaigns/{campaign}/vouchers?status=unused")).BodyAsync();
        Assert.Equal(150, unused.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(100_001, null)]
    [InlineData(5, "=cmd")]
    [InlineData(5, "waytoolongprefix")]
    public async Task BadCountOrPrefixIs400AndNothingIsCreated(int count, string? prefix)
    {
        var campaign = await CampaignAsync();
        var response = await world.ManagerA.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/vouchers", new { count, prefix });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var list = await (await world.ManagerA.GetAsync($"/api/v1/campaigns/{campaign}/vouchers")).BodyAsync();
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task PastExpiryIs400()
    {
        var campaign = await CampaignAsync();
        var response = await world.ManagerA.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/vouchers", new { count = 1, expiresAt = DateTime.UtcNow.AddDays(-1) });
        Assert.Contains("expiresAt", await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task OtherBrandsCampaignsAndCodesAre404()
    {
        var campaignA = await CampaignAsync();
        await world.ManagerA.PostAsJsonAsync($"/api/v1/campaigns/{campaignA}/vouchers", new { count = 1 });
        var code = (await (await world.ManagerA.GetAsync($"/api/v1/campaigns/{campaignA}/vouchers")).BodyAsync()).GetProperty("items")[0].GetProperty("code").GetString();
        Assert.Equal(HttpStatusCode.NotFound, (await world.ManagerB.PostAsJsonAsync($"/api/v1/campaigns/{campaignA}/vouchers", new { count = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.ManagerB.GetAsync($"/api/v1/campaigns/{campaignA}/vouchers")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.ManagerB.GetAsync($"/api/v1/campaigns/{campaignA}/vouchers?format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.ManagerB.GetAsync($"/api/v1/vouchers/{code}/qr.png")).StatusCode);
    }

    [Fact]
    public async Task ViewersMayNotCreateButBrandMembersGetTheQrPng()
    {
        var campaign = await CampaignAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await world.ViewerA.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/vouchers", new { count = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await world.LocationManagerA.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/vouchers", new { count = 1 })).StatusCode);
        await world.ManagerA.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/vouchers", new { count = 1 });
        var code = (await (await world.ViewerA.GetAsync($"/api/v1/campaigns/{campaign}/vouchers")).BodyAsync()).GetProperty("items")[0].GetProperty("code").GetString();
        var png = await world.ViewerA.GetAsync($"/api/v1/vouchers/{code}/qr.png");
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        Assert.Equal(HttpStatusCode.NotFound, (await world.ViewerA.GetAsync("/api/v1/vouchers/NOSUCHCODE/qr.png")).StatusCode);
    }

    [Fact]
    public async Task CreatingVouchersWritesAnAuditRow()
    {
        var campaign = await CampaignAsync();
        await world.ManagerA.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/vouchers", new { count = 3 });
        await using var conn = await world.Db.OpenConnectionAsync();
        Assert.Equal(1, await Dapper.SqlMapper.ExecuteScalarAsync<long>(conn,
            "SELECT count(*) FROM audit_log WHERE entity = 'vouchers' AND entity_id = @campaign AND details ->> 'created' = '3'", new { campaign }));
    }
}
