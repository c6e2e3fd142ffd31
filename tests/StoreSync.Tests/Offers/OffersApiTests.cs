using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Campaigns;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Offers;

public sealed class OffersApiTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private static readonly object TwentyOffShampoo = new { type = "percentOff", value = "20", appliesTo = new { skus = new[] { "SH-1" } } };

    private async Task<(Guid Brand, Guid Store, Guid Template, HttpClient Client)> BrandAsync(string role = Roles.BrandManager)
    {
        var brand = await app.CreateBrandAsync();
        var store = await app.CreateLocationAsync(brand);
        var template = await app.CreateTemplateAsync(brand, content: "{{headline}}: {{offer.summary}} ({{offer.percentOff}}%)");
        var (_, client) = await app.SignInAsNewAsync(role, [brand]);
        return (brand, store, template, client);
    }

    private async Task SetOfferAsync(Guid campaignId, object offer)
    {
        await using var conn = await app.Db.OpenConnectionAsync();
        await conn.ExecuteAsync("UPDATE campaigns SET offer = @offer::jsonb WHERE id = @campaignId", new { campaignId, offer = JsonSerializer.Serialize(offer) });
    }

    [Fact]
    public async Task PreviewPricesTheBasketTheWayATillWould()
    {
        var (_, store, _, client) = await BrandAsync(Roles.Viewer);
        var response = await client.PostJsonAsync("/api/v1/offers/preview", new
        {
            locationId = store, offers = new[] { TwentyOffShampoo },
            basket = new { lines = new object[] { new { sku = "SH-1", unitPrice = "4.99", quantity = 2 }, new { sku = "X", unitPrice = 1.5, quantity = 1 } } },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(("11.48", "2.00", "9.48", "USD"), (body.GetProperty("subtotal").GetString(), body.GetProperty("discount").GetString(),
            body.GetProperty("total").GetString(), body.GetProperty("currency").GetString()));
        Assert.Equal(["2.00", "0.00"], body.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("discount").GetString()));
        Assert.Equal("20% off 2 qualifying items.", body.GetProperty("applied")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task PreviewUsesTheBrandsCurrencyAndCampaignsAtTheirStore()
    {
        var (brand, store, template, client) = await BrandAsync();
        await using (var conn = await app.Db.OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE brands SET settings = '{\"currency\":\"JPY\"}' WHERE id = @brand", new { brand });
        var campaign = await app.CreateCampaignAsync(brand, store, template, "active", start: DateTimeOffset.UtcNow.AddDays(-1));
        await SetOfferAsync(campaign, new { type = "amountOff", value = "100", appliesTo = new { categories = new[] { "tea" } } });
        var body = await (await client.PostJsonAsync("/api/v1/offers/preview", new
        {
            locationId = store, campaignIds = new[] { campaign },
            basket = new { lines = new[] { new { sku = "T", category = "tea", unitPrice = "350", quantity = 1 } } },
        })).JsonAsync();
        Assert.Equal(("JPY", "250"), (body.GetProperty("currency").GetString(), body.GetProperty("total").GetString()));
        Assert.Equal(campaign, body.GetProperty("applied")[0].GetProperty("campaignId").GetGuid());
    }

    [Fact]
    public async Task PreviewAtAStoreLocalTimeAppliesHoursInTheStoresTimeZoneAndRefusesATimeTheClocksSkip()
    {
        var (_, store, _, client) = await BrandAsync();
        var morning = new { type = "percentOff", value = "10", appliesTo = new { skus = new[] { "A" } }, hours = new[] { new { days = new[] { "sun" }, start = "09:00", end = "10:00" } } };
        async Task<HttpResponseMessage> At(string at) => await client.PostJsonAsync("/api/v1/offers/preview", new
        {
            locationId = store, at, offers = new[] { morning }, basket = new { lines = new[] { new { sku = "A", unitPrice = "10.00", quantity = 1 } } },
        });
        // The DST change day in Chicago: 09:30 local is 14:30Z (CDT), not 15:30Z.
        var local = await (await At("2026-03-08T09:30")).JsonAsync();
        Assert.Equal(("9.00", "2026-03-08T09:30"), (local.GetProperty("total").GetString(), local.GetProperty("localTime").GetString()));
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 14, 30, 0, TimeSpan.Zero), local.GetProperty("at").GetDateTimeOffset());
        var instant = await (await At("2026-03-08T15:30:00Z")).JsonAsync();
        Assert.Equal("10.00", instant.GetProperty("total").GetString());
        Assert.Contains("Outside its hours", instant.GetProperty("skipped")[0].GetProperty("reason").GetString());
        var skipped = await At("2026-03-08T02:30");
        Assert.Equal(HttpStatusCode.BadRequest, skipped.StatusCode);
        Assert.True((await skipped.JsonAsync()).GetProperty("errors").TryGetProperty("at", out var _));
    }

    [Fact]
    public async Task TemplatePreviewRendersTheOfferVariablesAndSummary()
    {
        var (brand, _, _, client) = await BrandAsync();
        var r = await (await client.PostJsonAsync("/api/v1/templates/preview", new
        {
            brandId = brand, content = "{{offer.summary}} on {{offer.buyQuantity}}+{{offer.getQuantity}}",
            offer = new { type = "buyXGetY", buyQuantity = 2, getQuantity = 1, appliesTo = new { categories = new[] { "snacks" } } },
        })).JsonAsync();
        Assert.Equal(("Buy 2, get 1 free on 2+1", "Buy 2, get 1 free"), (r.GetProperty("rendered").GetString(), r.GetProperty("offerSummary").GetString()));
        Assert.Equal(0, r.GetProperty("missing").GetArrayLength());
    }

    [Fact]
    public async Task AnotherBrandsCampaignOrLocationIs404()
    {
        var (_, store, _, client) = await BrandAsync();
        var other = await app.CreateBrandAsync();
        var otherStore = await app.CreateLocationAsync(other);
        var otherCampaign = await app.CreateCampaignAsync(other, otherStore, await app.CreateTemplateAsync(other));
        var basket = new { lines = new[] { new { sku = "A", unitPrice = "1", quantity = 1 } } };

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostJsonAsync("/api/v1/offers/preview", new { locationId = store, campaignIds = new[] { otherCampaign }, basket })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostJsonAsync("/api/v1/offers/preview", new { locationId = otherStore, offers = new[] { TwentyOffShampoo }, basket })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/campaigns/{otherCampaign}/conflicts")).StatusCode);
    }

    public static TheoryData<string, object, string> BadOffers => new()
    {
        { "unknown type", new { type = "halfPriceTuesday", value = "50", appliesTo = new { skus = new[] { "A" } } }, "offer.type" },
        { "percent 0", new { type = "percentOff", value = "0", appliesTo = new { skus = new[] { "A" } } }, "offer.value" },
        { "percent 150", new { type = "percentOff", value = 150, appliesTo = new { skus = new[] { "A" } } }, "offer.value" },
        { "negative money", new { type = "amountOff", value = "-5.00", appliesTo = new { skus = new[] { "A" } } }, "offer.value" },
        { "too many decimals", new { type = "amountOff", value = "5.001", appliesTo = new { skus = new[] { "A" } } }, "offer.value" },
        { "tiers out of order", new { type = "tiered", tiers = new[] { new { minSpend = "100", percentOff = 20 }, new { minSpend = "50", percentOff = 25 } } }, "offer.tiers[1].minSpend" },
        { "hours 25:00", new { type = "percentOff", value = "10", appliesTo = new { skus = new[] { "A" } }, hours = new[] { new { days = new[] { "mon" }, start = "09:00", end = "25:00" } } }, "offer.hours[0].end" },
        { "unknown day", new { type = "percentOff", value = "10", appliesTo = new { skus = new[] { "A" } }, hours = new[] { new { days = new[] { "funday" }, start = "09:00", end = "10:00" } } }, "offer.hours[0].days" },
        { "appliesTo empty", new { type = "percentOff", value = "10", appliesTo = new { skus = Array.Empty<string>() } }, "offer.appliesTo" },
    };

    [Theory]
    [MemberData(nameof(BadOffers))]
    public async Task AnInvalidOfferIsA400WithTheFieldAndNothingIsStored(string _, object offer, string field)
    {
        var (brand, store, template, client) = await BrandAsync();
        var create = await client.PostJsonAsync("/api/v1/campaigns", new { templateId = template, locationId = store, customizations = new { headline = "Hi" }, offer });
        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.True((await create.JsonAsync()).GetProperty("errors").TryGetProperty(field, out var _), field);
        var onTemplate = await client.PatchJsonAsync($"/api/v1/templates/{template}", new { offer });
        Assert.Equal(HttpStatusCode.BadRequest, onTemplate.StatusCode);
        var preview = await client.PostJsonAsync("/api/v1/offers/preview", new { locationId = store, offers = new[] { offer }, basket = new { lines = new[] { new { sku = "A", unitPrice = "1", quantity = 1 } } } });
        Assert.Equal(HttpStatusCode.BadRequest, preview.StatusCode);
        await using var conn = await app.Db.OpenConnectionAsync();
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM campaigns WHERE brand_id = @brand", new { brand }));
        Assert.Null(await conn.ExecuteScalarAsync<string?>("SELECT offer::text FROM templates WHERE id = @template", new { template }));
    }

    [Fact]
    public async Task BadBasketsAreA400()
    {
        var (_, store, _, client) = await BrandAsync();
        async Task<JsonElement> Bad(object lines)
        {
            var r = await client.PostJsonAsync("/api/v1/offers/preview", new { locationId = store, offers = new[] { TwentyOffShampoo }, basket = new { lines } });
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            return (await r.JsonAsync()).GetProperty("errors");
        }
        var huge = Enumerable.Range(0, 10_000).Select(i => new { sku = "A", unitPrice = "1", quantity = 1 }).ToArray();
        Assert.Contains("at most 500 lines", (await Bad(huge)).GetProperty("basket.lines")[0].GetString());
        Assert.True((await Bad(new[] { new { sku = "A", unitPrice = "1", quantity = -2 } })).TryGetProperty("basket.lines[0].quantity", out var _));
        Assert.True((await Bad(new[] { new { sku = "A", unitPrice = "-1", quantity = 1 } })).TryGetProperty("basket.lines[0].unitPrice", out var _));
    }

    [Fact]
    public async Task CampaignsStoreTheTemplatesDefaultsOverlaidByTheirOwnValuesAndRenderOfferVariables()
    {
        var (_, store, template, client) = await BrandAsync();
        var set = await client.PatchJsonAsync($"/api/v1/templates/{template}", new { offer = new { type = "percentOff", value = 15, appliesTo = new { categories = new[] { "snacks" } }, priority = 3 } });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("15", (await set.JsonAsync()).GetProperty("offer").GetProperty("value").GetString());

        var created = await (await client.PostJsonAsync("/api/v1/campaigns", new { templateId = template, locationId = store, customizations = new { headline = "Hi" }, offer = new { value = "25" } })).JsonAsync();
        var offer = created.GetProperty("offer");
        Assert.Equal(("25", 3, "snacks"), (offer.GetProperty("value").GetString(), offer.GetProperty("priority").GetInt32(), offer.GetProperty("appliesTo").GetProperty("categories")[0].GetString()));
        Assert.Equal("Hi: 25% off (25%)", created.GetProperty("renderedContent").GetString());

        var id = created.GetProperty("id").GetGuid();
        var edited = await (await client.PatchJsonAsync($"/api/v1/campaigns/{id}", new { offer = new { value = "30" } })).JsonAsync();
        Assert.Equal(("30", "Hi: 30% off (30%)"), (edited.GetProperty("offer").GetProperty("value").GetString(), edited.GetProperty("renderedContent").GetString()));
    }

    [Fact]
    public async Task AnOfferCannotBeEditedOnceTheCampaignIsInReview()
    {
        var (brand, store, template, client) = await BrandAsync();
        var id = await app.CreateCampaignAsync(brand, store, template, "pendingReview");
        var r = await client.PatchJsonAsync($"/api/v1/campaigns/{id}", new { offer = TwentyOffShampoo });
        Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        await using var conn = await app.Db.OpenConnectionAsync();
        Assert.Null(await conn.ExecuteScalarAsync<string?>("SELECT offer::text FROM campaigns WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task OverlappingNonStackableOffersAtOneStoreConflictEverywhereTheyAreShown()
    {
        var (brand, store, template, client) = await BrandAsync();
        var start = DateTimeOffset.UtcNow.AddDays(2);
        var live = await app.CreateCampaignAsync(brand, store, template, "scheduled", name: "Weekend snacks", start: start, end: start.AddDays(3));
        await SetOfferAsync(live, new { type = "percentOff", value = "10", appliesTo = new { categories = new[] { "snacks" } } });
        var elsewhere = await app.CreateCampaignAsync(brand, await app.CreateLocationAsync(brand), template, "scheduled", start: start, end: start.AddDays(3));
        await SetOfferAsync(elsewhere, new { type = "percentOff", value = "10", appliesTo = new { categories = new[] { "snacks" } } });
        var stackable = await app.CreateCampaignAsync(brand, store, template, "scheduled", start: start, end: start.AddDays(3));
        await SetOfferAsync(stackable, new { type = "percentOff", value = "10", appliesTo = new { categories = new[] { "drinks" } }, stackable = true });
        var draft = await app.CreateCampaignAsync(brand, store, template, "draft", start: start.AddDays(1), end: start.AddDays(2));
        await SetOfferAsync(draft, new { type = "threshold", value = "5", minSpend = "50", stackable = true });

        var conflicts = (await (await client.GetAsync($"/api/v1/campaigns/{draft}/conflicts")).JsonAsync()).GetProperty("conflicts");
        Assert.Equal([live], conflicts.EnumerateArray().Select(c => c.GetProperty("campaignId").GetGuid()));
        Assert.Contains("the whole basket", conflicts[0].GetProperty("reason").GetString());

        var submitted = await (await client.PostJsonAsync($"/api/v1/campaigns/{draft}/submit", new { })).JsonAsync();
        Assert.Equal("pendingReview", submitted.GetProperty("status").GetString());
        Assert.Equal(1, submitted.GetProperty("conflicts").GetArrayLength());

        var (_, reviewer) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);
        var queue = await (await reviewer.GetAsync($"/api/v1/approvals?brandId={brand}")).JsonAsync();
        Assert.Equal(1, queue.GetProperty("items")[0].GetProperty("conflictCount").GetInt32());

        // Outside the hours of the other offer there is no conflict.
        await SetOfferAsync(live, new { type = "percentOff", value = "10", appliesTo = new { categories = new[] { "snacks" } }, hours = new[] { new { days = new[] { "mon", "tue", "wed", "thu", "fri", "sat", "sun" }, start = "09:00", end = "10:00" } } });
        await SetOfferAsync(draft, new { type = "threshold", value = "5", minSpend = "50", stackable = true, hours = new[] { new { days = new[] { "mon", "tue", "wed", "thu", "fri", "sat", "sun" }, start = "10:00", end = "12:00" } } });
        Assert.Equal(0, (await (await client.GetAsync($"/api/v1/campaigns/{draft}/conflicts")).JsonAsync()).GetProperty("conflicts").GetArrayLength());
    }

    [Fact]
    public async Task ABulkDryRunReportsConflictsPerStoreAndCreatesNothing()
    {
        var (brand, store, template, client) = await BrandAsync();
        var quiet = await app.CreateLocationAsync(brand);
        var start = DateTimeOffset.UtcNow.AddDays(2);
        var live = await app.CreateCampaignAsync(brand, store, template, "approved", start: start, end: start.AddDays(3));
        await SetOfferAsync(live, new { type = "buyXGetY", buyQuantity = 2, getQuantity = 1, appliesTo = new { skus = new[] { "SH-1" } } });

        var r = await client.PostJsonAsync("/api/v1/campaigns/bulk", new
        {
            templateId = template, locationIds = new[] { store, quiet }, customizations = new { headline = "Hi" }, dryRun = true, offer = TwentyOffShampoo,
            scheduledStart = start.AddDays(1).ToString("O"), scheduledEnd = start.AddDays(5).ToString("O"),
        });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var body = await r.JsonAsync();
        Assert.True(body.GetProperty("dryRun").GetBoolean());
        var results = body.GetProperty("results").EnumerateArray().ToDictionary(x => x.GetProperty("locationId").GetGuid());
        Assert.Equal("planned", results[store].GetProperty("status").GetString());
        Assert.Equal(live, results[store].GetProperty("conflicts")[0].GetProperty("campaignId").GetGuid());
        Assert.Equal(0, results[quiet].GetProperty("conflicts").GetArrayLength());
        await using var conn = await app.Db.OpenConnectionAsync();
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM campaigns WHERE brand_id = @brand", new { brand }));
    }
}
