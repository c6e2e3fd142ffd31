using System.Net;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Templates;
using StoreSync.Tests.Campaigns;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Templates;

/// <summary>Templates render only their data, HTML-escaped; anything that could reach further is refused with its position.</summary>
public sealed class TemplateRenderingTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private static readonly TemplateEngine Engine = new();

    private static string Render(string content, Dictionary<string, object> data) => Engine.Compile(content).Render(data);

    [Theory]
    [InlineData("{{{headline}}}", 1, 1)]
    [InlineData("Hi\n  {{&headline}}", 2, 3)]
    [InlineData("{{> footer}}", 1, 1)]
    [InlineData("{{#> layout}}x{{/layout}}", 1, 1)]
    [InlineData("{{../secret}}", 1, 1)]
    [InlineData("{{@root.secret}}", 1, 1)]
    [InlineData("{{this}}", 1, 1)]
    [InlineData("{{a.b}}", 1, 1)]
    [InlineData("{{lookup . 'x'}}", 1, 1)]
    [InlineData("{{log 'x'}}", 1, 1)]
    [InlineData("ab {{#each items}}{{this}}{{/each}}", 1, 4)]
    [InlineData("{{#with brand}}{{name}}{{/with}}", 1, 1)]
    [InlineData("{{headline arg}}", 1, 1)]
    [InlineData("{{#if a}}x", 1, 1)]
    [InlineData("x\n{{/if}}", 2, 1)]
    [InlineData("{{#if a}}x{{/unless}}", 1, 11)]
    [InlineData("line1\nline2 {{name", 2, 7)]
    public void TagsThatReachBeyondTheDataAreRejectedWithTheirPosition(string content, int line, int column)
    {
        var e = Assert.Throws<TemplateSyntaxException>(() => Engine.Compile(content));
        Assert.Equal((line, column), (e.Line, e.Column));
    }

    [Fact]
    public void ValuesAreHtmlEscaped()
    {
        var rendered = Render("<p>{{headline}}</p>", new() { ["headline"] = "<script>alert('x')</script> & \"more\"" });
        Assert.DoesNotContain("<script>", rendered);
        Assert.Contains("&lt;script&gt;", rendered);
        Assert.StartsWith("<p>", rendered);
    }

    [Fact]
    public void IfUnlessElseAndCommentsWork()
    {
        const string content = "{{! note }}{{#if discount}}{{discount}}% off{{else}}Full price{{/if}}{{#unless city}} online{{/unless}}{{!-- {{x}} --}}";
        Assert.Equal("20% off", Render(content, new() { ["discount"] = "20", ["city"] = "Chicago" }));
        Assert.Equal("Full price online", Render(content, new()));
    }

    [Fact]
    public void UnknownVariablesRenderEmpty() => Assert.Equal("Hi !", Render("Hi {{nobody}}!", new()));

    [Fact]
    public void ScanListsVariablesInOrderOfFirstUse() =>
        Assert.Equal(["a", "b", "c"], TemplateEngine.Scan("{{a}} {{#if b}}{{a}}{{/if}} {{c}}"));

    [Fact]
    public async Task PreviewReportsVariablesUsedAndMissing()
    {
        var (_, client) = await app.SignInAsNewAsync(Roles.Viewer);
        var response = await client.PostJsonAsync("/api/v1/templates/preview", new
        {
            content = "{{headline}} at {{locationName}}, {{discount}}%",
            variables = new[] { new { name = "discount", label = "Discount", type = "percent", required = true, @default = 15 } },
            sampleData = new { headline = "<b>Sale</b>" },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("&lt;b&gt;Sale&lt;/b&gt; at , 15%", body.GetProperty("rendered").GetString());
        Assert.Equal(["headline", "locationName", "discount"], body.GetProperty("variablesUsed").Strings());
        Assert.Equal(["locationName"], body.GetProperty("missing").Strings());
    }

    [Fact]
    public async Task PreviewWithALocationUsesItsBuiltInsAndAttributes()
    {
        var brand = await app.CreateBrandAsync("Acme Coffee");
        var store = await app.CreateLocationAsync(brand, name: "Loop Store", storeNumber: "0042", attributesJson: """{"parking":"free garage","seats":40}""");
        var (_, client) = await app.SignInAsNewAsync(Roles.LocationManager, [brand]);
        var response = await client.PostJsonAsync("/api/v1/templates/preview", new
        {
            content = "{{brandName}} {{locationName}} #{{storeNumber}} in {{city}}, {{state}} ({{timeZone}}) - {{fullAddress}} - {{parking}}, {{seats}} seats",
            locationId = store,
        });
        var body = await response.JsonAsync();
        Assert.Equal("Acme Coffee Loop Store #0042 in Chicago, IL (America/Chicago) - 1 Main St, Chicago, IL 60601, US - free garage, 40 seats",
            body.GetProperty("rendered").GetString());
        Assert.Empty(body.GetProperty("missing").EnumerateArray());
    }

    [Fact]
    public async Task PreviewOfAnotherBrandsLocationIs404()
    {
        var other = await app.CreateBrandAsync();
        var store = await app.CreateLocationAsync(other);
        var (_, client) = await app.SignInAsNewAsync(Roles.BrandManager, [await app.CreateBrandAsync()]);
        var response = await client.PostJsonAsync("/api/v1/templates/preview", new { content = "{{city}}", locationId = store });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PreviewSyntaxErrorIs400WithPositionInDetailAndErrorsContent()
    {
        var (_, client) = await app.SignInAsNewAsync(Roles.Viewer);
        var response = await client.PostJsonAsync("/api/v1/templates/preview", new { content = "Hello\n  {{#if x}}open" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Contains("Line 2, column 3", body.GetProperty("detail").GetString());
        Assert.Contains("Line 2, column 3", body.GetProperty("errors").GetProperty("content")[0].GetString());
    }

    [Theory]
    [InlineData("percent", "150")]
    [InlineData("percent", "\"ten\"")]
    [InlineData("number", "\"12abc\"")]
    [InlineData("date", "\"2026-02-30\"")]
    [InlineData("date", "\"12/01/2026\"")]
    [InlineData("url", "\"javascript:alert(1)\"")]
    [InlineData("url", "\"/relative\"")]
    [InlineData("text", "42")]
    public async Task PreviewSampleValuesAreTyped(string type, string json)
    {
        var (_, client) = await app.SignInAsNewAsync(Roles.Viewer);
        var body = $$$"""{"content":"{{v}}","variables":[{"name":"v","label":"V","type":"{{{type}}}","required":false}],"sampleData":{"v":{{{json}}}}}""";
        var response = await client.PostAsync("/api/v1/templates/preview", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("sampleData.v", out _));
    }
}
