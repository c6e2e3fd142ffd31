using System.Net;
using Dapper;
using StoreSync.Tests.Brands;
using StoreSync.Tests.Store;

namespace StoreSync.Tests.Public;

public sealed class PublicStorePageTests(TenantWorld world) : IClassFixture<TenantWorld>
{
    [Fact]
    public async Task AnyoneSeesTheLiveCampaignsCopyAndOfferButNoDraftRejectedOrOtherCampaign()
    {
        var store = await world.CreateLocationAsync(world.BrandA, "P-100", name: "Alpha Pier",
            attributesJson: """{"hours":{"mon":"07:00-19:00"},"internalNote":"secret"}""");
        await world.CreateStoreCampaignAsync(world.BrandA, store, name: "Live one", content: "Rendered copy", generated: "Two for one lattes",
            offerJson: """{"type":"buyXGetY","buyQuantity":1,"getQuantity":1}""");
        foreach (var status in new[] { "draft", "pendingReview", "rejected", "approved", "scheduled", "cancelled", "completed" })
            await world.CreateStoreCampaignAsync(world.BrandA, store, status, name: $"Hidden {status}", content: $"hidden {status} copy");

        var response = await world.CreateClient().GetAsync("/api/v1/public/brands/alpha/locations/P-100");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var body = await response.BodyAsync();
        Assert.Equal("Alpha Pier", body.GetProperty("store").GetProperty("name").GetString());
        Assert.Equal("07:00-19:00", body.GetProperty("store").GetProperty("hours").GetProperty("mon").GetString());
        var campaign = Assert.Single(body.GetProperty("campaigns").EnumerateArray());
        Assert.Equal("Two for one lattes", campaign.GetProperty("content").GetString());
        Assert.Equal("buyXGetY", campaign.GetProperty("offer").GetProperty("type").GetString());
        Assert.DoesNotContain("hidden", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secret", text);
        Assert.DoesNotContain(store.ToString(), text);
        Assert.DoesNotContain(world.BrandA.ToString(), text);
        Assert.DoesNotContain("\"id\"", text);
        Assert.Equal("public, max-age=60", response.Headers.CacheControl!.ToString());
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task CurrentETagGets304()
    {
        await world.CreateLocationAsync(world.BrandA, "P-200");
        var first = await world.CreateClient().GetAsync("/api/v1/public/brands/alpha/locations/P-200");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/public/brands/alpha/locations/P-200");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await world.CreateClient().SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task InactiveStoreUnknownSlugOrStoreOfAnotherBrandIs404()
    {
        var inactive = await world.CreateLocationAsync(world.BrandA, "P-300", isActive: false);
        await world.CreateStoreCampaignAsync(world.BrandA, inactive, name: "Should not show");
        var anonymous = world.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/v1/public/brands/alpha/locations/P-300")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/v1/public/brands/nope/locations/A-001")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/v1/public/brands/beta/locations/A-001")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/v1/public/brands/alpha/locations/A-001")).StatusCode);
    }

    [Fact]
    public async Task APageIsRateLimitedPerClient()
    {
        var app = new TenantWorld();
        app.With("Store:PublicPermitLimit", "2");
        await ((Xunit.IAsyncLifetime)app).InitializeAsync();
        try
        {
            var client = app.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/public/brands/alpha/locations/A-001")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/public/brands/alpha/locations/A-001")).StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/v1/public/brands/alpha/locations/A-001")).StatusCode);
        }
        finally
        {
            await ((Xunit.IAsyncLifetime)app).DisposeAsync();
        }
    }
}
