using System.Net;
using System.Net.Http.Json;
using System.Text;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Platform;

/// <summary>Issue 14 #1 and #2: a body the API cannot read is a 415 (or the endpoint's own 400), never a 404 or a 500.</summary>
public sealed class ContentTypeTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    [Theory]
    [InlineData("/api/v1/auth/refresh")] // anonymous
    [InlineData("/api/v1/auth/token")]
    public async Task AJsonBodyWithAnUnknownCharsetIs415(string path)
    {
        var content = new StringContent("{}", Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=bogus");

        var response = await app.CreateClient().PostAsync(path, content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("bogus", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task ACampaignPostedAsAnythingButJsonIs415(string? contentType)
    {
        var (_, client) = await app.SignInAsNewAsync("admin");
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("name=x"));
        if (contentType is not null) content.Headers.ContentType = new(contentType);

        var response = await client.PostAsync("/api/v1/campaigns", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnImportUploadWithoutATokenIs401WhateverItsBody()
    {
        var response = await app.CreateClient().PostAsJsonAsync($"/api/v1/brands/{Guid.NewGuid()}/locations/import", new { file = "x" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
