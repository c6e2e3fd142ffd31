using System.Net;
using System.Text;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Brands;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Locations;

/// <summary>The app behind real Kestrel on a loopback port: the in-memory test server enforces no body size limit.</summary>
public sealed class KestrelApp : StoreSyncApp
{
    public KestrelApp() => UseKestrel(0);
}

public sealed class RequestLimitTests(KestrelApp app) : IClassFixture<KestrelApp>
{
    [Fact]
    public async Task BodiesOverOneMegabyteAre413Problems()
    {
        var brand = await app.CreateBrandAsync();
        var (_, client) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);
        var huge = $$"""{"storeNumber":"X1","name":"{{new string('x', 1_100_000)}}","timeZone":"America/Chicago"}""";
        // Expect: 100-continue lets the server refuse before the body is sent; otherwise the client may still be writing
        // when the server answers and closes, and see a broken pipe instead of the 413.
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/brands/{brand}/locations")
        {
            Content = new StringContent(huge, Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(413, (await response.BodyAsync()).GetProperty("status").GetInt32());
    }
}
