using System.Net;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Campaigns;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Templates;

public sealed class TemplatesApiTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private static object NewTemplate(Guid brandId, string content = "Hi {{headline}} at {{locationName}}", string name = "Holiday") => new
    {
        brandId, name, description = "Seasonal", campaignType = "seasonal", content,
        variables = new object[]
        {
            new { name = "headline", label = "Headline", type = "text", required = true },
            new { name = "discount", label = "Discount", type = "percent", required = false, @default = 10 },
        },
    };

    [Fact]
    public async Task BrandManagerCreatesReadsUpdatesAndDeletesATemplate()
    {
        var brand = await app.CreateBrandAsync();
        var (_, client) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);

        var created = await client.PostJsonAsync("/api/v1/templates", NewTemplate(brand));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/templates/{id}", created.Headers.Location?.ToString());
        Assert.Equal("percent", body.GetProperty("variables")[1].GetProperty("type").GetString());
        Assert.Equal(10, body.GetProperty("variables")[1].GetProperty("default").GetInt32());

        var get = await client.GetAsync($"/api/v1/templates/{id}");
        Assert.Equal("W/\"1\"", get.Headers.ETag?.ToString());

        var patched = await client.PatchJsonAsync($"/api/v1/templates/{id}", new { name = "Holiday 2", isActive = false, brandId = Guid.NewGuid() }, "W/\"1\"");
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var p = await patched.JsonAsync();
        Assert.Equal(("Holiday 2", false, brand, 2), (p.GetProperty("name").GetString(), p.GetProperty("isActive").GetBoolean(),
            p.GetProperty("brandId").GetGuid(), p.GetProperty("version").GetInt32()));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.PatchJsonAsync($"/api/v1/templates/{id}", new { name = "x" }, "W/\"1\"")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/templates/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/templates/{id}")).StatusCode);
    }

    [Theory]
    [InlineData(Roles.LocationManager)]
    [InlineData(Roles.Viewer)]
    public async Task MembersWhoAreNotManagersReadButCannotWrite(string role)
    {
        var brand = await app.CreateBrandAsync();
        var template = await app.CreateTemplateAsync(brand);
        var (_, client) = await app.SignInAsNewAsync(role, [brand]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/templates/{template}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync("/api/v1/templates", NewTemplate(brand))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PatchJsonAsync($"/api/v1/templates/{template}", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync($"/api/v1/templates/{template}")).StatusCode);
    }

    [Fact]
    public async Task AnotherBrandsTemplatesAre404AndNeverListed()
    {
        var mine = await app.CreateBrandAsync();
        var theirs = await app.CreateBrandAsync();
        var theirTemplate = await app.CreateTemplateAsync(theirs, name: "Secret plan");
        var (_, client) = await app.SignInAsNewAsync(Roles.BrandManager, [mine]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/templates/{theirTemplate}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PatchJsonAsync($"/api/v1/templates/{theirTemplate}", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/v1/templates/{theirTemplate}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostJsonAsync("/api/v1/templates", NewTemplate(theirs))).StatusCode);
        var list = await (await client.GetAsync("/api/v1/templates?q=secret")).JsonAsync();
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("Deal: {{{headline}}}", "content")]
    [InlineData("{{#each items}}{{/each}}", "content")]
    [InlineData("", "content")]
    public async Task UnsafeOrEmptyContentIsRejectedAtSave(string content, string field)
    {
        var brand = await app.CreateBrandAsync();
        var (_, client) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);
        var response = await client.PostJsonAsync("/api/v1/templates", NewTemplate(brand, content));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task TripleStashIsRejectedOnUpdateToo()
    {
        var brand = await app.CreateBrandAsync();
        var template = await app.CreateTemplateAsync(brand);
        var (_, client) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);
        var response = await client.PatchJsonAsync($"/api/v1/templates/{template}", new { content = "Hi\n{{{headline}}}" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Line 2, column 1", (await response.JsonAsync()).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("""{"name":"city","label":"City","type":"text"}""", "variables[0].name")]
    [InlineData("""{"name":"2fast","label":"x","type":"text"}""", "variables[0].name")]
    [InlineData("""{"name":"a-b","label":"x","type":"text"}""", "variables[0].name")]
    [InlineData("""{"name":"x","label":"x","type":"color"}""", "variables[0].type")]
    [InlineData("""{"name":"x","label":"x","type":"percent","default":101}""", "variables[0].default")]
    [InlineData("""{"name":"x","label":"x","type":"date","default":"tomorrow"}""", "variables[0].default")]
    [InlineData("""{"name":"x","label":"x","type":"url","default":"ftp://a.b"}""", "variables[0].default")]
    public async Task VariableDeclarationsAreValidated(string declaration, string field)
    {
        var brand = await app.CreateBrandAsync();
        var (_, client) = await app.SignInAsNewAsync(Roles.Admin);
        var json = $$"""{"brandId":"{{brand}}","name":"T","content":"Hi","variables":[{{declaration}}]}""";
        var response = await client.PostAsync("/api/v1/templates", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task DeletingATemplateWithCampaignsIs409()
    {
        var brand = await app.CreateBrandAsync();
        var template = await app.CreateTemplateAsync(brand);
        await app.CreateCampaignAsync(brand, await app.CreateLocationAsync(brand), template);
        var (_, client) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);
        var response = await client.DeleteAsync($"/api/v1/templates/{template}");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/templates/{template}")).StatusCode);
    }

    [Fact]
    public async Task ListFiltersSearchesSortsAndPages()
    {
        var brand = await app.CreateBrandAsync();
        var (_, client) = await app.SignInAsNewAsync(Roles.Viewer, [brand]);
        await app.CreateTemplateAsync(brand, name: "Beta promo", content: "Coffee {{x}}");
        await app.CreateTemplateAsync(brand, name: "Alpha promo", content: "Tea {{x}}");
        await app.CreateTemplateAsync(brand, name: "Gamma old", content: "Coffee", isActive: false);

        var all = await (await client.GetAsync($"/api/v1/templates?brandId={brand}&sort=name&pageSize=2")).JsonAsync();
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        Assert.Equal(["Alpha promo", "Beta promo"], all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));

        var active = await (await client.GetAsync($"/api/v1/templates?brandId={brand}&isActive=true&q=coffee")).JsonAsync();
        Assert.Equal(["Beta promo"], active.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));

        var desc = await (await client.GetAsync($"/api/v1/templates?brandId={brand}&sort=-name")).JsonAsync();
        Assert.Equal("Gamma old", desc.GetProperty("items")[0].GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/templates?sort=bogus")).StatusCode);
    }

    [Fact]
    public async Task CreateWithTheSameIdempotencyKeyCreatesOnce()
    {
        var brand = await app.CreateBrandAsync();
        var (_, client) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);
        var first = await client.PostJsonAsync("/api/v1/templates", NewTemplate(brand, name: "Once"), "tmpl-key-1");
        var second = await client.PostJsonAsync("/api/v1/templates", NewTemplate(brand, name: "Once"), "tmpl-key-1");
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, second.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        var list = await (await client.GetAsync($"/api/v1/templates?brandId={brand}&q=once")).JsonAsync();
        Assert.Equal(1, list.GetProperty("total").GetInt32());
    }
}
