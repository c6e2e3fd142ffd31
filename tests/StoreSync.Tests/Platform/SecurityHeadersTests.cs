using System.Net;
using StoreSync.LocalHost;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Platform;

/// <summary>A host serving a (tiny) built front end next to the API.</summary>
public sealed class FrontendApp : StoreSyncApp
{
    public string Dist { get; } = Directory.CreateTempSubdirectory("storesync-dist").FullName;

    public FrontendApp()
    {
        File.WriteAllText(Path.Combine(Dist, "index.html"), "<!doctype html><title>StoreSync</title>");
        With("LocalHost:FrontendPath", Dist);
    }
}

public sealed class SecurityHeadersTests(FrontendApp app) : IClassFixture<FrontendApp>
{
    [Theory]
    [InlineData("/api/health")]
    [InlineData("/api/v1/campaigns")] // 401
    [InlineData("/api/openapi/v1.json")]
    public async Task EveryApiAnswerForbidsSniffingFramingAndReferrers(string path)
    {
        var response = await app.CreateClient().GetAsync(path);

        Assert.Equal("nosniff", string.Join("", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", string.Join("", response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("frame-ancestors 'none'", string.Join("", response.Headers.GetValues("Content-Security-Policy")));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/campaigns/123")] // the SPA fallback
    public async Task TheFrontEndHasAStrictContentSecurityPolicy(string path)
    {
        var response = await app.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join("", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(FrontendHeaders.ContentSecurityPolicy, csp);
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", string.Join("", response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public void TheFrontEndPolicyIsTheOneAzureStaticWebAppsServes()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "StoreSync.sln"))) dir = dir.Parent;
        var swa = File.ReadAllText(Path.Combine(dir.FullName, "frontend", "public", "staticwebapp.config.json"));
        // The same directives, except that Azure's also lets the front end call the Functions app's own host.
        Assert.Contains(FrontendHeaders.ContentSecurityPolicy.Replace("connect-src 'self'", "connect-src 'self' https://*.azurewebsites.net"), swa);
    }
}
