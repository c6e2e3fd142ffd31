using StoreSync.Functions.Hosting;

namespace StoreSync.Tests.Store;

/// <summary>The policies the request pipeline reads from the function catalog, so the Functions worker applies them as the dev host does.</summary>
public sealed class StorePolicyTests
{
    [Theory]
    [InlineData("Store_Feed")]
    [InlineData("Store_Redeem")]
    public void StoreFunctionsTakeDeviceKeysOnlyAndAreRateLimitedPerDevice(string name)
    {
        var policy = FunctionCatalog.Instance.FindHttp(name)!.Policy;
        Assert.True(policy.Device);
        Assert.False(policy.Anonymous);
        Assert.Equal("store-device", policy.RateLimit);
    }

    [Fact]
    public void OnlyTheStoreApiTakesDeviceKeys()
    {
        var device = FunctionCatalog.Instance.Http.Where(f => f.Policy.Device).Select(f => f.Route).Order().ToArray();
        Assert.Equal(["v1/store/feed", "v1/store/redemptions"], device);
    }

    [Fact]
    public void ThePublicStorePageIsAnonymousAndRateLimited()
    {
        var policy = FunctionCatalog.Instance.FindHttp("Public_StorePage")!.Policy;
        Assert.True(policy.Anonymous);
        Assert.False(policy.Device);
        Assert.Equal("store-public", policy.RateLimit);
    }
}
