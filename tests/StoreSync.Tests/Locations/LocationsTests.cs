using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using StoreSync.Tests.Brands;

namespace StoreSync.Tests.Locations;

public sealed class LocationsTests(TenantWorld world) : IClassFixture<TenantWorld>
{
    private string Locations => $"/api/v1/brands/{world.BrandA}/locations";

    private static object NewStore(string storeNumber, object? extra = null) => new Dictionary<string, object?>
    {
        ["storeNumber"] = storeNumber, ["name"] = "Store " + storeNumber, ["timeZone"] = "America/Chicago",
        ["address"] = new { street = "1 Main St", city = "Chicago", state = "IL", postalCode = "60601", country = "US" },
        ["latitude"] = 41.88, ["longitude"] = -87.63, ["attributes"] = new { format = "drive-thru", seats = 40, hasPatio = true },
    }.Concat(extra is null ? [] : JsonSerializer.SerializeToElement(extra).EnumerateObject().Select(p => KeyValuePair.Create(p.Name, (object?)p.Value)))
     .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);

    private async Task<JsonElement> CreateAsync(string storeNumber, object? extra = null)
    {
        var response = await world.ManagerA.PostAsJsonAsync(Locations, NewStore(storeNumber, extra));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.BodyAsync();
    }

    [Fact]
    public async Task CreateAnswers201WithETagLocationHeaderAndComposedFullAddress()
    {
        var response = await world.ManagerA.PostAsJsonAsync(Locations, NewStore("C-100"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("W/\"1\"", response.Headers.ETag?.ToString());
        var body = await response.BodyAsync();
        Assert.Equal($"{Locations}/{body.GetProperty("id").GetGuid()}", response.Headers.Location?.ToString());
        Assert.Equal("1 Main St, Chicago, IL 60601, US", body.GetProperty("fullAddress").GetString());
        Assert.Equal(world.BrandA, body.GetProperty("brandId").GetGuid());
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.True(body.GetProperty("isActive").GetBoolean());
        Assert.Equal(40, body.GetProperty("attributes").GetProperty("seats").GetInt32());
        Assert.EndsWith("Z", body.GetProperty("createdAt").GetString());
    }

    [Fact]
    public async Task FullAddressSkipsBlankParts()
    {
        var body = await CreateAsync("C-101", new { address = new { city = "Berlin", country = "DE" }, timeZone = "Europe/Berlin" });
        Assert.Equal("Berlin, DE", body.GetProperty("fullAddress").GetString());
    }

    [Fact]
    public async Task DuplicateStoreNumberInTheSameBrandIs409ButAnotherBrandMayUseIt()
    {
        var again = await world.ManagerA.PostAsJsonAsync(Locations, NewStore("A-001"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("A-001", (await again.BodyAsync()).GetProperty("detail").GetString());
        var otherBrand = await world.ManagerB.PostAsJsonAsync($"/api/v1/brands/{world.BrandB}/locations", NewStore("A-001"));
        Assert.Equal(HttpStatusCode.Created, otherBrand.StatusCode);
    }

    [Fact]
    public async Task RenamingToATakenStoreNumberIs409AndChangesNothing()
    {
        var created = await CreateAsync("C-102");
        var id = created.GetProperty("id").GetGuid();
        var response = await world.ManagerA.SendAsync(Json.Patch($"{Locations}/{id}", new { storeNumber = "A-002" }));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        await using var conn = await world.Db.OpenConnectionAsync();
        Assert.Equal("C-102", await conn.ExecuteScalarAsync<string>("SELECT store_number FROM locations WHERE id = @id", new { id }));
    }

    [Theory]
    [InlineData("""{"name":"x","timeZone":"America/Chicago"}""", "storeNumber")]
    [InlineData("""{"storeNumber":"V1","timeZone":"America/Chicago"}""", "name")]
    [InlineData("""{"storeNumber":"V1","name":"x"}""", "timeZone")]
    [InlineData("""{"storeNumber":"V1","name":"x","timeZone":"Mars/Olympus_Mons"}""", "timeZone")]
    [InlineData("""{"storeNumber":"V1","name":"x","timeZone":"Central Standard Time"}""", "timeZone")]
    [InlineData("""{"storeNumber":"V1","name":"x","timeZone":"America/Chicago","latitude":41.0}""", "longitude")]
    [InlineData("""{"storeNumber":"V1","name":"x","timeZone":"America/Chicago","latitude":91,"longitude":0}""", "latitude")]
    [InlineData("""{"storeNumber":"V1","name":"x","timeZone":"America/Chicago","latitude":0,"longitude":-181}""", "longitude")]
    [InlineData("""{"storeNumber":"V1","name":"x","timeZone":"America/Chicago","attributes":{"nested":{"a":1}}}""", "attributes.nested")]
    [InlineData("""{"storeNumber":"V1","name":"x","timeZone":"America/Chicago","attributes":{"list":[1,2]}}""", "attributes.list")]
    [InlineData("""{"storeNumber":"V1","name":"x","timeZone":"America/Chicago","attributes":[1]}""", "attributes")]
    [InlineData("""{"storeNumber":"V1","name":"x","timeZone":"America/Chicago","attributes":"mall"}""", "attributes")]
    [InlineData("""{"storeNumber":"V1","name":"x","timeZone":"America/Chicago","address":{"postalCode":"123456789012345678901"}}""", "address.postalCode")]
    public async Task InvalidLocationIs400NamingTheField(string json, string field)
    {
        var response = await world.ManagerA.PostAsync(Locations, new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, await response.ErrorFieldsAsync());
        await using var conn = await world.Db.OpenConnectionAsync();
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM locations WHERE store_number = 'V1'"));
    }

    [Fact]
    public async Task AttributesAreLimitedTo50KeysOf64Characters()
    {
        var tooMany = Enumerable.Range(0, 51).ToDictionary(i => $"k{i}", i => (object)i);
        var many = await world.ManagerA.PostAsJsonAsync(Locations, NewStore("V2", new { attributes = tooMany }));
        Assert.Equal(HttpStatusCode.BadRequest, many.StatusCode);
        Assert.Contains("attributes", await many.ErrorFieldsAsync());
        var longKey = await world.ManagerA.PostAsJsonAsync(Locations, NewStore("V2", new { attributes = new Dictionary<string, object> { [new string('k', 65)] = 1 } }));
        Assert.Equal(HttpStatusCode.BadRequest, longKey.StatusCode);
        var fifty = await world.ManagerA.PostAsJsonAsync(Locations, NewStore("V2", new { attributes = tooMany.Take(50).ToDictionary() }));
        Assert.Equal(HttpStatusCode.Created, fifty.StatusCode);
    }

    [Theory]
    [InlineData("""{"storeNumber":"V3","name":"x","timeZone":"America/Chicago","latitude":"abc","longitude":1}""")]
    [InlineData("""{"storeNumber":"V3","name":"x","timeZone":"America/Chicago","isActive":"yes"}""")]
    [InlineData("""{"storeNumber":42,"name":"x","timeZone":"America/Chicago"}""")]
    [InlineData("""{"storeNumber":"V3","name":"x",""")]
    [InlineData("""not json at all""")]
    [InlineData("""[]""")]
    public async Task MalformedJsonOrWrongTypesAre400Problems(string json)
    {
        var response = await world.ManagerA.PostAsync(Locations, new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(400, (await response.BodyAsync()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task PatchChangesOnlyTheFieldsPresentIncludingSingleAddressFields()
    {
        var created = await CreateAsync("P-100");
        var id = created.GetProperty("id").GetGuid();
        var response = await world.ManagerA.SendAsync(Json.Patch($"{Locations}/{id}", new { address = new { city = "Evanston" }, isActive = false }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Equal("Evanston", body.GetProperty("address").GetProperty("city").GetString());
        Assert.Equal("1 Main St", body.GetProperty("address").GetProperty("street").GetString());
        Assert.Equal("Store P-100", body.GetProperty("name").GetString());
        Assert.Equal(41.88, body.GetProperty("latitude").GetDouble());
        Assert.False(body.GetProperty("isActive").GetBoolean());
        Assert.Equal("drive-thru", body.GetProperty("attributes").GetProperty("format").GetString());
        Assert.Equal(2, body.GetProperty("version").GetInt32());
        Assert.Equal("W/\"2\"", response.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task PatchCannotMoveALocationOrRewriteItsIdentityVersionOrCreation()
    {
        var created = await CreateAsync("M-100");
        var id = created.GetProperty("id").GetGuid();
        var response = await world.ManagerA.SendAsync(Json.Patch($"{Locations}/{id}", new
        {
            id = Guid.NewGuid(), brandId = world.BrandB, createdAt = "2000-01-01T00:00:00Z", updatedAt = "2000-01-01T00:00:00Z",
            version = 99, fullAddress = "nowhere", name = "Renamed",
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var conn = await world.Db.OpenConnectionAsync();
        var row = await conn.QuerySingleAsync<(Guid BrandId, string Name, int Version, DateTime CreatedAt)>(
            "SELECT brand_id, name, version, created_at FROM locations WHERE id = @id", new { id });
        Assert.Equal(world.BrandA, row.BrandId);
        Assert.Equal("Renamed", row.Name);
        Assert.Equal(2, row.Version);
        Assert.Equal(created.GetProperty("createdAt").GetDateTimeOffset().UtcDateTime, row.CreatedAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM locations WHERE brand_id = @b AND store_number = 'M-100'", new { b = world.BrandB }));
    }

    [Fact]
    public async Task StaleIfMatchIs412AndCurrentIfMatchSucceeds()
    {
        var created = await CreateAsync("E-100");
        var url = $"{Locations}/{created.GetProperty("id").GetGuid()}";
        var get = await world.ViewerA.GetAsync(url);
        Assert.Equal("W/\"1\"", get.Headers.ETag?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await world.ManagerA.SendAsync(Json.Patch(url, new { name = "First" }, "W/\"1\""))).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await world.ManagerA.SendAsync(Json.Patch(url, new { name = "Second" }, "W/\"1\""))).StatusCode);
        var stale = new HttpRequestMessage(HttpMethod.Delete, url);
        stale.Headers.TryAddWithoutValidation("If-Match", "W/\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await world.ManagerA.SendAsync(stale)).StatusCode);
        Assert.Equal("First", (await (await world.ViewerA.GetAsync(url)).BodyAsync()).GetProperty("name").GetString());
        var current = new HttpRequestMessage(HttpMethod.Delete, url);
        current.Headers.TryAddWithoutValidation("If-Match", "W/\"2\"");
        Assert.Equal(HttpStatusCode.NoContent, (await world.ManagerA.SendAsync(current)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.ViewerA.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task DeletingALocationWithCampaignsIs409AndKeepsIt()
    {
        var created = await CreateAsync("D-100");
        var id = created.GetProperty("id").GetGuid();
        await world.CreateCampaignAsync(world.BrandA, id);
        var response = await world.ManagerA.DeleteAsync($"{Locations}/{id}");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("campaign", (await response.BodyAsync()).GetProperty("detail").GetString());
        await using var conn = await world.Db.OpenConnectionAsync();
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM locations WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task ChangesAreAudited()
    {
        var created = await CreateAsync("AU-1");
        var id = created.GetProperty("id").GetGuid();
        await world.ManagerA.SendAsync(Json.Patch($"{Locations}/{id}", new { name = "Audited" }));
        await world.ManagerA.DeleteAsync($"{Locations}/{id}");
        await using var conn = await world.Db.OpenConnectionAsync();
        var actions = await conn.QueryAsync<string>("SELECT action FROM audit_log WHERE entity = 'location' AND entity_id = @id AND brand_id = @b ORDER BY id",
            new { id, b = world.BrandA });
        Assert.Equal(["create", "update", "delete"], actions);
    }

    [Fact]
    public async Task PageSizeIsClampedTo100AndPageStartsAt1()
    {
        var big = await (await world.Admin.GetAsync("/api/v1/locations?pageSize=1000&page=0")).BodyAsync();
        Assert.Equal(100, big.GetProperty("pageSize").GetInt32());
        Assert.Equal(1, big.GetProperty("page").GetInt32());
        var small = await (await world.Admin.GetAsync($"{Locations}?pageSize=1&page=2&sort=storeNumber")).BodyAsync();
        Assert.Single(small.GetProperty("items").EnumerateArray());
        Assert.True(small.GetProperty("total").GetInt32() >= 2);
        var past = await (await world.Admin.GetAsync($"{Locations}?pageSize=100&page=50")).BodyAsync();
        Assert.Empty(past.GetProperty("items").EnumerateArray());
        Assert.Equal(small.GetProperty("total").GetInt32(), past.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("q=lakeside", "A-002")]
    [InlineData("q=LAKESIDE", "A-002")]
    [InlineData("q=a-00&sort=-storeNumber", "A-002,A-001")]
    [InlineData("q=evanston", "A-002")]
    [InlineData("city=chicago&q=alpha", "A-001")]
    [InlineData("attribute.format=mall", "A-001")]
    [InlineData("attribute.hasPatio=false", "A-002")]
    [InlineData("attribute.hasPatio=true&attribute.format=street", "")]
    [InlineData("q=100%25", "")]
    [InlineData("q=_", "")]
    public async Task ListFiltersBySearchCityAndAttributes(string query, string expected)
    {
        var body = await (await world.ViewerA.GetAsync($"{Locations}?{query}&timeZone=America/Chicago&sort=storeNumber".Replace("&sort=storeNumber", query.Contains("sort") ? "" : "&sort=storeNumber"))).BodyAsync();
        var numbers = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("storeNumber").GetString())
            .Where(n => n is "A-001" or "A-002");
        Assert.Equal(expected, string.Join(",", numbers));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("-name")]
    [InlineData("storeNumber")]
    [InlineData("-storeNumber")]
    [InlineData("city")]
    [InlineData("-city")]
    [InlineData("createdAt")]
    [InlineData("-createdAt")]
    public async Task EverySortOrdersTheList(string sort)
    {
        var body = await (await world.Admin.GetAsync($"/api/v1/locations?sort={sort}&pageSize=100")).BodyAsync();
        var field = sort.TrimStart('-');
        var values = body.GetProperty("items").EnumerateArray().Select(i => field switch
        {
            "city" => i.GetProperty("address").GetProperty("city").GetString()?.ToLowerInvariant() ?? "",
            "name" => i.GetProperty("name").GetString()!.ToLowerInvariant(),
            _ => i.GetProperty(field).ToString(),
        }).ToList();
        var sorted = sort.StartsWith('-') ? values.OrderDescending(StringComparer.Ordinal).ToList() : values.Order(StringComparer.Ordinal).ToList();
        if (field != "createdAt") Assert.Equal(sorted, values);
        Assert.True(values.Count >= 3);
    }

    [Fact]
    public async Task UnknownSortIs400()
    {
        var response = await world.Admin.GetAsync($"{Locations}?sort=password");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("sort", await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task FlatListShowsOnlyVisibleBrandsAndFiltersByBrandAndActivity()
    {
        var admin = await (await world.Admin.GetAsync("/api/v1/locations?pageSize=100")).BodyAsync();
        var brands = admin.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("brandId").GetGuid()).ToHashSet();
        Assert.Contains(world.BrandA, brands);
        Assert.Contains(world.BrandB, brands);

        var mine = await (await world.ManagerA.GetAsync("/api/v1/locations?pageSize=100")).BodyAsync();
        Assert.All(mine.GetProperty("items").EnumerateArray(), i => Assert.Equal(world.BrandA, i.GetProperty("brandId").GetGuid()));

        var foreign = await (await world.ManagerA.GetAsync($"/api/v1/locations?brandId={world.BrandB}")).BodyAsync();
        Assert.Equal(0, foreign.GetProperty("total").GetInt32());

        var inactive = await (await world.Admin.GetAsync($"/api/v1/locations?brandId={world.BrandB}&isActive=false")).BodyAsync();
        Assert.All(inactive.GetProperty("items").EnumerateArray(), i => Assert.False(i.GetProperty("isActive").GetBoolean()));
    }

    [Fact]
    public async Task LocationManagerLimitedToStoresSeesOnlyThose()
    {
        var list = await (await world.LimitedLocationManagerA.GetAsync($"{Locations}?pageSize=100")).BodyAsync();
        Assert.Equal([world.LocationA1], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await world.LimitedLocationManagerA.GetAsync($"{Locations}/{world.LocationA1}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.LimitedLocationManagerA.GetAsync($"{Locations}/{world.LocationA2}")).StatusCode);
        var unlimited = await (await world.LocationManagerA.GetAsync($"{Locations}?pageSize=100")).BodyAsync();
        Assert.True(unlimited.GetProperty("total").GetInt32() >= 2);
    }

    [Fact]
    public async Task ALocationAskedForUnderTheWrongBrandIs404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await world.Admin.GetAsync($"/api/v1/brands/{world.BrandA}/locations/{world.LocationB1}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Admin.GetAsync($"/api/v1/brands/{Guid.NewGuid()}/locations")).StatusCode);
    }
}
