using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Imports;

/// <summary>POST /brands/{id}/locations/import end to end: formats, columns, row errors, upserts, dry runs, failures, access.</summary>
public sealed class LocationImportTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private static readonly object?[] Header = ["Store Number", "Name", "City", "Time Zone", "Latitude", "Longitude", "Region", "Seats"];

    private async Task<Dictionary<string, dynamic>> LocationsAsync(Guid brandId)
    {
        await using var conn = await app.Db.OpenConnectionAsync();
        var rows = await conn.QueryAsync("""
            SELECT store_number, name, street, city, state, postal_code, country, time_zone, latitude, longitude, attributes::text AS attributes,
                   is_active, version
            FROM locations WHERE brand_id = @brandId
            """, new { brandId });
        return rows.ToDictionary(r => (string)r.store_number, r => r);
    }

    private static byte[] File(string extension, params object?[]?[] rows) => extension switch
    {
        ".csv" => Sheets.Csv(rows),
        ".xlsx" => Sheets.Xlsx(rows),
        ".xls" => Sheets.Xls(rows),
        _ => throw new ArgumentException(extension),
    };

    [Theory]
    [InlineData(".csv")]
    [InlineData(".xlsx")]
    [InlineData(".xls")]
    public async Task CsvXlsxAndXlsFilesImportTheSameStores(string extension)
    {
        var (brandId, _, client) = await app.BrandWithManagerAsync();
        var content = File(extension, Header,
            ["101", "Downtown", "Chicago", "America/Chicago", 41.8789, -87.6359, "Midwest", 40],
            ["102", "Uptown", "Denver", "America/Denver", "39.74", "-104.99", "West", "12"]);

        var job = await client.ImportAsync(brandId, "stores" + extension, content);

        Assert.Equal("succeeded", job.Str("status"));
        Assert.Equal((2, 2, 0, 0, 0), (job.Int("totalRows"), job.Int("created"), job.Int("updated"), job.Int("unchanged"), job.Int("failed")));
        Assert.Equal(2, job.Int("processedRows"));
        Assert.Equal("upload", job.Str("source"));
        Assert.NotNull(job.Str("startedAt"));
        Assert.NotNull(job.Str("finishedAt"));
        var stored = await LocationsAsync(brandId);
        Assert.Equal("Downtown", stored["101"].name);
        Assert.Equal("America/Chicago", stored["101"].time_zone);
        Assert.Equal(41.8789, (double)stored["101"].latitude, 6);
        Assert.Equal(-104.99, (double)stored["102"].longitude, 6);
        var attributes = JsonDocument.Parse((string)stored["102"].attributes).RootElement;
        Assert.Equal("West", attributes.GetProperty("region").GetString());
        Assert.Equal(12, attributes.GetProperty("seats").GetDouble());
    }

    [Theory]
    [InlineData(';', true)]
    [InlineData(';', false)]
    [InlineData(',', true)]
    [InlineData('\t', false)]
    public async Task CsvWithOrWithoutBomAndCommaSemicolonOrTabImports(char separator, bool bom)
    {
        var (brandId, _, client) = await app.BrandWithManagerAsync();
        var content = Sheets.Csv([["Store #", "Store Name", "City"], ["7", "Zürich Bahnhof", "Zürich"], ["8", "Köln, Dom", "Köln"]], separator, bom);

        var job = await client.ImportAsync(brandId, "stores.csv", content);

        Assert.Equal(2, job.Int("created"));
        var stored = await LocationsAsync(brandId);
        Assert.Equal("Zürich Bahnhof", stored["7"].name);
        Assert.Equal("Köln, Dom", stored["8"].name);
    }

    [Fact]
    public async Task HeaderAliasesAreMatchedIgnoringCaseAndPunctuationAndOtherColumnsBecomeTypedAttributes()
    {
        var (brandId, _, client) = await app.BrandWithManagerAsync();
        var content = Sheets.Xlsx([
            ["STORE_NO.", "Location Name", "Street Address", "town", "Province", "Zip-Code", "Country", "TZ", "Lat", "Lng", "Status",
             "Drive Thru", "Sq Ft", "Store Code", "Opened", "Region"],
            ["A-1", "Harbour", "1 Quay St", "Halifax", "NS", "B3J 1S9", "CA", "America/Halifax", 44.65, -63.57, "inactive",
             "yes", 1850, "00123", "2019", "Atlantic"],
        ]);

        var job = await client.ImportAsync(brandId, "stores.xlsx", content);

        Assert.Equal(1, job.Int("created"));
        var s = (await LocationsAsync(brandId))["A-1"];
        Assert.Equal(("Harbour", "1 Quay St", "Halifax", "NS", "B3J 1S9", "CA", "America/Halifax"),
            ((string)s.name, (string)s.street, (string)s.city, (string)s.state, (string)s.postal_code, (string)s.country, (string)s.time_zone));
        Assert.False((bool)s.is_active);
        var a = JsonDocument.Parse((string)s.attributes).RootElement;
        Assert.True(a.GetProperty("driveThru").GetBoolean());
        Assert.Equal(1850, a.GetProperty("sqFt").GetDouble());
        Assert.Equal("00123", a.GetProperty("storeCode").GetString());
        Assert.Equal(2019, a.GetProperty("opened").GetDouble());
        Assert.Equal("Atlantic", a.GetProperty("region").GetString());
    }

    [Fact]
    public async Task RowErrorsNameTheSheetRowAsTheUserSeesItAndTheColumnHeader()
    {
        var (brandId, _, client) = await app.BrandWithManagerAsync();
        var content = Sheets.Xlsx([
            null,                                                                   // row 1: empty, skipped
            ["Store #", "Name", "TZ", "Lat", "Active", "Lng"],                    // row 2: header
            ["1", null, "America/Chicago", 41, "yes", -87],                       // row 3: name missing
            ["2", "Two", "Mars/Olympus", 41, "yes", -87],                         // row 4: bad time zone
            ["3", "Three", "America/Chicago", 91, "maybe", -87],                  // row 5: latitude and active invalid
            ["4", "Four", "Europe/Berlin", 52.5, "no", 13.4],                     // row 6: ok
            null,                                                                   // row 7: empty
            ["4", "Four again", "UTC", 1, "yes", 1],                              // row 8: duplicate of row 6
            ["5", "Five", "Eastern Standard Time", "north", "true", 2],           // row 9: Windows zone name, lat not a number
            ["6", "Six", null, null, null, null],                                   // row 10: ok
        ]);

        var job = await client.ImportAsync(brandId, "stores.xlsx", content);

        Assert.Equal("succeeded", job.Str("status"));
        Assert.Equal((7, 2, 5), (job.Int("totalRows"), job.Int("created"), job.Int("failed")));
        var errors = job.GetProperty("errors").EnumerateArray().Select(e => (e.Int("row"), e.Str("column"))).ToList();
        Assert.Equal([(3, "Name"), (4, "TZ"), (5, "Lat"), (5, "Active"), (8, "Store #"), (9, "TZ"), (9, "Lat")], errors);
        var dup = job.GetProperty("errors")[4];
        Assert.Contains("row 6", dup.Str("message"));
        Assert.Equal("4", dup.Str("value"));
        Assert.Equal(["4", "6"], (await LocationsAsync(brandId)).Keys.Order());
    }

    [Fact]
    public async Task ANulCharacterInACsvCellIsThatRowsErrorNamingTheColumnAndTheOtherRowsImport()
    {
        var (brandId, _, client) = await app.BrandWithManagerAsync();
        var content = Encoding.UTF8.GetBytes("Store Number,Name,City,Region\n1,One,Chicago,Midwest\n2,Tw\0o,Denver,West\n3,Three,Austin,So\0uth\n4,Four,Boston,East\n");

        var job = await client.ImportAsync(brandId, "stores.csv", content);

        Assert.True(job.Str("status") == "succeeded", job.Str("message"));
        Assert.Equal((4, 2, 2), (job.Int("totalRows"), job.Int("created"), job.Int("failed")));
        var errors = job.GetProperty("errors").EnumerateArray().Select(e => (e.Int("row"), e.Str("column"))).ToList();
        Assert.Equal([(3, "Name"), (4, "Region")], errors);
        Assert.Contains("NUL", job.GetProperty("errors")[0].Str("message"));
        Assert.Equal(@"Tw\0o", job.GetProperty("errors")[0].Str("value"));
        Assert.Equal(["1", "4"], (await LocationsAsync(brandId)).Keys.Order());
    }

    [Fact]
    public async Task ALatitudeWithoutALongitudeIsARowError()
    {
        var (brandId, _, client) = await app.BrandWithManagerAsync();
        var content = Sheets.Csv([["Store", "Name", "Lat", "Lng"], ["1", "One", "41.8", ""], ["2", "Two", "41.8", "-87.6"]]);

        var job = await client.ImportAsync(brandId, "coords.csv", content);

        Assert.Equal((1, 1), (job.Int("created"), job.Int("failed")));
        var error = job.GetProperty("errors")[0];
        Assert.Equal((2, "Lat"), (error.Int("row"), error.Str("column")));
        Assert.Contains("together", error.Str("message"));
    }

    [Fact]
    public async Task NewRowsWithoutTimeZoneGetTheBrandDefaultOrNewYork()
    {
        var (brandId, _, client) = await app.BrandWithManagerAsync();
        var (otherId, _, otherClient) = await app.BrandWithManagerAsync();
        await using (var conn = await app.Db.OpenConnectionAsync())
            await conn.ExecuteAsync("""UPDATE brands SET settings = '{"defaultTimeZone":"America/Denver"}' WHERE id = @brandId""", new { brandId });
        var content = Sheets.Csv([["store", "name"], ["1", "One"]]);

        await client.ImportAsync(brandId, "a.csv", content);
        await otherClient.ImportAsync(otherId, "a.csv", content);

        Assert.Equal("America/Denver", (await LocationsAsync(brandId))["1"].time_zone);
        Assert.Equal("America/New_York", (await LocationsAsync(otherId))["1"].time_zone);
    }

    [Fact]
    public async Task ReimportingTheSameFileIsRecognisedAndNothingIsApplied()
    {
        var (brandId, _, client) = await app.BrandWithManagerAsync();
        var content = Sheets.Csv([Header, ["1", "One", "Chicago", "America/Chicago", 1, 1, "x", 1], ["2", null, "Chicago", null, null, null, null, null]]);
        var first = await client.ImportAsync(brandId, "stores.csv", content);

        var again = await client.ImportAsync(brandId, "stores-copy.csv", content);

        Assert.Equal("succeeded", again.Str("status"));
        Assert.StartsWith($"identical to import {first.Str("id")} of ", again.Str("message"));
        Assert.EndsWith("nothing applied", again.Str("message"));
        Assert.Equal(first.Str("id"), again.Str("duplicateOf"));
        Assert.Equal((0, 0, 1, 1), (again.Int("created"), again.Int("updated"), again.Int("unchanged"), again.Int("failed")));
        Assert.Single(again.GetProperty("errors").EnumerateArray());
        Assert.Equal(1, (int)(await LocationsAsync(brandId))["1"].version);
    }

    [Fact]
    public async Task AChangedFileUpdatesOnlyTheChangedRowsAndAddsNewOnes()
    {
        var (brandId, _, client) = await app.BrandWithManagerAsync();
        object?[] one = ["1", "One", "Chicago", "America/Chicago", 41.1, -87.1, "Midwest", 10];
        object?[] two = ["2", "Two", "Chicago", "America/Chicago", 41.2, -87.2, "Midwest", 20];
        object?[] three = ["3", "Three", "Chicago", "America/Chicago", 41.3, -87.3, "Midwest", 30];
        await client.ImportAsync(brandId, "v1.xlsx", Sheets.Xlsx([Header, one, two, three]));

        object?[] twoMoved = ["2", "Two", "Evanston", "America/Chicago", 42.0, -87.7, "Midwest", 20];
        object?[] four = ["4", "Four", "Gary", "America/Chicago", 41.6, -87.3, "Midwest", 40];
        var job = await client.ImportAsync(brandId, "v2.xlsx", Sheets.Xlsx([Header, one, twoMoved, three, four]));

        Assert.Equal((4, 1, 1, 2), (job.Int("totalRows"), job.Int("created"), job.Int("updated"), job.Int("unchanged")));
        var stored = await LocationsAsync(brandId);
        Assert.Equal((1, 2, 1, 1), ((int)stored["1"].version, (int)stored["2"].version, (int)stored["3"].version, (int)stored["4"].version));
        Assert.Equal("Evanston", stored["2"].city);
    }

    [Fact]
    public async Task ColumnsMissingFromTheFileKeepStoredValuesAndEmptyCellsClearThem()
    {
        var (brandId, _, client) = await app.BrandWithManagerAsync();
        await app.CreateLocationAsync(brandId, "9", timeZone: "America/Chicago", name: "Nine", city: "Chicago",
            attributesJson: """{"region":"Midwest","seats":12}""", isActive: false);

        var job = await client.ImportAsync(brandId, "s.csv", Sheets.Csv([["Store", "Name", "City", "Time Zone", "Region"], ["9", "Nine", "", "", ""]]));

        Assert.Equal(1, job.Int("updated"));
        var s = (await LocationsAsync(brandId))["9"];
        Assert.Null(s.city);                                  // present and empty: cleared
        Assert.Equal("1 Main St", s.street);                  // absent: kept
        Assert.Equal("America/Chicago", s.time_zone);         // empty time zone: kept
        Assert.False((bool)s.is_active);                      // absent: kept
        Assert.Equal("""{"seats": 12}""", (string)s.attributes); // empty attribute cell removes the key, others stay
    }

    [Fact]
    public async Task DryRunReportsWhatWouldChangeAndWritesNothing()
    {
        var (brandId, _, client) = await app.BrandWithManagerAsync();
        await app.CreateLocationAsync(brandId, "1", name: "Store 1", city: "Chicago");
        await app.CreateLocationAsync(brandId, "2", name: "Store 2", city: "Chicago");
        var before = await LocationsAsync(brandId);
        var content = Sheets.Csv([["Store", "Name", "City"], ["1", "Store 1", "Chicago"], ["2", "Renamed", "Chicago"], ["3", "New", "Gary"], ["4", null, "x"]]);

        var job = await client.ImportAsync(brandId, "s.csv", content, dryRun: true);

        Assert.True(job.GetProperty("dryRun").GetBoolean());
        Assert.Equal((1, 1, 1, 1), (job.Int("created"), job.Int("updated"), job.Int("unchanged"), job.Int("failed")));
        var after = await LocationsAsync(brandId);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.Equal("Store 2", after["2"].name);
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT count(*) FROM audit_log WHERE entity_id = @id", new { id = Guid.Parse(job.Str("id")!) }));

        var real = await client.ImportAsync(brandId, "s.csv", content);
        Assert.Null(real.Str("duplicateOf"));
        Assert.Equal((1, 1, 1), (real.Int("created"), real.Int("updated"), real.Int("unchanged")));
    }

    [Fact]
    public async Task RowsNamingAnotherBrandAreRowErrorsAndTheBrandComesFromThePath()
    {
        var (brandId, slug, client) = await app.BrandWithManagerAsync();
        var (otherId, otherSlug, _) = await app.BrandWithManagerAsync();
        var content = Sheets.Csv([
            ["Brand", "Store", "Name"],
            [slug, "1", "Mine by slug"],
            [$"BRAND {slug.ToUpperInvariant()}", "2", "Mine by name"],
            ["", "3", "No brand given"],
            [otherSlug, "4", "Someone else's"],
        ]);

        var job = await client.ImportAsync(brandId, "s.csv", content);

        Assert.Equal((3, 1), (job.Int("created"), job.Int("failed")));
        var error = job.GetProperty("errors")[0];
        Assert.Equal((5, "Brand"), (error.Int("row"), error.Str("column")));
        Assert.Contains(otherSlug, error.Str("message"));
        Assert.Equal(["1", "2", "3"], (await LocationsAsync(brandId)).Keys.Order());
        Assert.Empty(await LocationsAsync(otherId));
    }

    [Fact]
    public async Task FormulaLookingCellsAreStoredAsTextAndEscapedInErrorsCsv()
    {
        var (brandId, _, client) = await app.BrandWithManagerAsync();
        var content = Sheets.Csv([
            ["Store", "Name", "Note", "TZ", "Lat", "Lng"],
            ["1", "=HYPERLINK(\"http://evil.test\",\"x\")", "+1-555-0100", "America/Chicago", "-41.5", "-70"],
            ["2", "@SUM(A1)", "-not a number", "=cmd|' /C calc'!A0", "-12", "-70"],
        ]);

        var job = await client.ImportAsync(brandId, "s.csv", content);

        Assert.Equal((1, 1), (job.Int("created"), job.Int("failed")));
        var s = (await LocationsAsync(brandId))["1"];
        Assert.Equal("=HYPERLINK(\"http://evil.test\",\"x\")", s.name);
        Assert.Equal(-41.5, (double)s.latitude);
        Assert.Equal("+1-555-0100", JsonDocument.Parse((string)s.attributes).RootElement.GetProperty("note").GetString());

        var csv = await client.GetAsync($"/api/v1/imports/{job.Str("id")}/errors.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains("errors.csv", csv.Content.Headers.ContentDisposition?.FileName ?? "");
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("row,column,message,value", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("3,TZ,", lines[1]);
        Assert.EndsWith(",\"'=cmd|' /C calc'!A0\"", lines[1]);
    }

    public static TheoryData<string, byte[], string> BadFiles => new()
    {
        { "stores.xlsx", Encoding.UTF8.GetBytes("this is not a zip file at all, just text"), "not a readable .xlsx" },
        { "stores.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 1, 2, 3, 4, 5, 6, 7, 8], "not a readable .xls" },
        { "stores.xlsx", Sheets.Csv([["Store", "Name"], ["1", "x"]]), "not a readable .xlsx" },
        { "stores.csv", [], "is empty (0 bytes)" },
        { "stores.csv", Encoding.UTF8.GetBytes("\r\n\r\n ;; \r\n"), "has no rows" },
        { "stores.csv", Sheets.Csv([["Store Number", "Name", "City"]]), "header row but no data rows" },
        { "stores.csv", Sheets.Csv([["Number", "Title"], ["1", "x"]]), "has no storeNumber or name column" },
        { "stores.csv", Sheets.Csv([["Zip", "Postal Code", "Store", "Name"], ["1", "2", "3", "4"]]), "both mean postalCode" },
        { "stores.pdf", Encoding.UTF8.GetBytes("%PDF-1.7"), "Only .xlsx, .xls and .csv" },
        { "stores", Sheets.Csv([["Store", "Name"], ["1", "x"]]), "Only .xlsx, .xls and .csv" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task UnusableFilesFailTheJobWithAClearMessageAndApplyNothing(string fileName, byte[] content, string message)
    {
        var (brandId, _, client) = await app.BrandWithManagerAsync();

        var job = await client.ImportAsync(brandId, fileName, content);

        Assert.Equal("failed", job.Str("status"));
        Assert.Contains(message, job.Str("message"));
        Assert.Equal((0, 0, 0), (job.Int("created"), job.Int("updated"), job.Int("unchanged")));
        Assert.Empty(await LocationsAsync(brandId));
    }

    [Fact]
    public async Task UploadAnswers202WithTheJobsLocationAndBody()
    {
        var (brandId, _, client) = await app.BrandWithManagerAsync();

        var response = await client.UploadAsync(brandId, "stores.csv", Sheets.Csv([["Store", "Name"], ["1", "One"]]));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/v1/imports/{body.Str("id")}", response.Headers.Location?.OriginalString);
        Assert.Equal(brandId.ToString(), body.Str("brandId"));
        Assert.Contains(body.Str("status"), new[] { "queued", "running", "succeeded" });
        Assert.Equal("stores.csv", body.Str("fileName"));
        Assert.Equal("upload", body.Str("source"));
        Assert.False(body.GetProperty("dryRun").GetBoolean());
        var done = await client.WaitForAsync(response.Headers.Location!.OriginalString);
        Assert.Equal("succeeded", done.Str("status"));
    }

    [Fact]
    public async Task AnUploadWithoutAFileFieldOrNotMultipartIs400SayingHowToSendIt()
    {
        var (brandId, _, client) = await app.BrandWithManagerAsync();
        var form = new MultipartFormDataContent { { new StringContent("x"), "notFile" } };

        var missing = await client.PostAsync($"/api/v1/brands/{brandId}/locations/import", form);
        var notMultipart = await client.PostAsJsonAsync($"/api/v1/brands/{brandId}/locations/import", new { file = "x" });
        var signedOut = await app.CreateClient().PostAsJsonAsync($"/api/v1/brands/{brandId}/locations/import", new { file = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, notMultipart.StatusCode);
        Assert.Contains("multipart/form-data", await notMultipart.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("locationManager")]
    public async Task OnlyBrandManagersAndAdminsMayImport(string role)
    {
        var (brandId, _, _) = await app.BrandWithManagerAsync();
        var (_, client) = await app.SignInAsNewAsync(role, [brandId]);
        var (_, admin) = await app.SignInAsNewAsync("admin");
        var content = Sheets.Csv([["Store", "Name"], ["1", "One"]]);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.UploadAsync(brandId, "s.csv", content)).StatusCode);
        Assert.Equal("succeeded", (await admin.ImportAsync(brandId, "s.csv", content)).Str("status"));
    }

    [Fact]
    public async Task AnotherBrandsImportsAreNotFoundAndNeverListed()
    {
        var (brandId, _, client) = await app.BrandWithManagerAsync();
        var (otherId, _, other) = await app.BrandWithManagerAsync();
        var job = await client.ImportAsync(brandId, "s.csv", Sheets.Csv([["Store", "Name"], ["1", "One"]]));
        var id = job.Str("id");

        Assert.Equal(HttpStatusCode.NotFound, (await other.UploadAsync(brandId, "s.csv", Sheets.Csv([["Store", "Name"], ["1", "x"]]))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/imports/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/imports/{id}/errors.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/brands/{brandId}/locations/import-template")).StatusCode);
        var theirs = await other.GetFromJsonAsync<JsonElement>($"/api/v1/imports?brandId={brandId}");
        Assert.Equal(0, theirs.Int("total"));

        var mine = await client.GetFromJsonAsync<JsonElement>($"/api/v1/imports?brandId={brandId}&pageSize=500");
        Assert.Equal(1, mine.Int("total"));
        Assert.Equal(100, mine.Int("pageSize"));
        Assert.Equal(id, mine.GetProperty("items")[0].Str("id"));
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"/api/v1/imports?brandId={otherId}")).Int("total"));
    }

    [Fact]
    public async Task TheTemplateIsAnXlsxThatImportsAsIs()
    {
        var (brandId, slug, client) = await app.BrandWithManagerAsync();

        var response = await client.GetAsync($"/api/v1/brands/{brandId}/locations/import-template");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{slug}-locations-import-template.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var job = await client.ImportAsync(brandId, "template.xlsx", await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((2, 0), (job.Int("created"), job.Int("failed")));
        var stored = await LocationsAsync(brandId);
        Assert.Equal("Midwest", JsonDocument.Parse((string)stored["1001"].attributes).RootElement.GetProperty("region").GetString());
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheImportEndpoints()
    {
        var doc = await app.CreateClient().GetStringAsync("/api/openapi/v1.json");

        Assert.Contains("/api/v1/brands/{brandId}/locations/import", doc);
        Assert.Contains("/api/v1/imports/{id}/errors.csv", doc);
        Assert.Contains("multipart/form-data", doc);
    }
}
