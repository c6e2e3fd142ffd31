using System.Net;
using Dapper;
using StoreSync.Tests.Imports;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Exports;

/// <summary>GET /brands/{id}/locations/export: the import template's columns, so the file imports back as it is.</summary>
public sealed class LocationExportTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private async Task SeedAsync(Guid brandId)
    {
        await using var conn = await app.Db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO locations (id, brand_id, store_number, name, street, city, state, postal_code, country, time_zone, latitude, longitude,
                                   attributes, is_active)
            VALUES
              (gen_random_uuid(), @brandId, '1001', 'Downtown Chicago', '233 S Wacker Dr', 'Chicago', 'IL', '60606', 'US', 'America/Chicago',
               41.8789, -87.6359, '{"region":"Midwest","seats":40,"driveThru":false,"code":"00123"}', true),
              (gen_random_uuid(), @brandId, '1002', '=Danger "quoted", name', NULL, 'Austin', 'TX', '78704', 'US', 'America/Chicago',
               30.2489, -97.7501, '{"region":"South","seats":12.5,"driveThru":true}', false),
              (gen_random_uuid(), @brandId, '-17', '@home', '+1 Plus St', NULL, NULL, NULL, NULL, 'Europe/Berlin',
               NULL, NULL, '{"notes":"-not a number","nested":{"a":1}}', true),
              (gen_random_uuid(), @brandId, '0042', 'Zürich Bahnhof', 'Bahnhofplatz 1', 'Zürich', NULL, '8001', 'CH', 'Europe/Zurich',
               47.378, 8.54, '{}', true)
            """, new { brandId });
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task ExportedLocationsReimportAsAllUnchanged(string format)
    {
        var (brandId, _, manager) = await app.BrandWithManagerAsync("exp");
        await SeedAsync(brandId);
        var before = await app.ScalarAsync<string>(
            "SELECT string_agg(l::text, '|' ORDER BY store_number) FROM locations l WHERE brand_id = @brandId", new { brandId });

        var response = await manager.GetAsync($"/api/v1/brands/{brandId}/locations/export?format={format}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var file = await response.Content.ReadAsByteArrayAsync();
        var job = await manager.ImportAsync(brandId, "export." + format, file);

        Assert.Equal("succeeded", job.Str("status"));
        Assert.Equal((4, 0, 0, 4, 0), (job.Int("totalRows"), job.Int("created"), job.Int("updated"), job.Int("unchanged"), job.Int("failed")));
        var after = await app.ScalarAsync<string>(
            "SELECT string_agg(l::text, '|' ORDER BY store_number) FROM locations l WHERE brand_id = @brandId", new { brandId });
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task ExportHasTheImportTemplatesColumnsThenScalarAttributes()
    {
        var (brandId, _, manager) = await app.BrandWithManagerAsync("exp");
        await SeedAsync(brandId);

        var rows = ExportSheets.ParseCsv(await manager.GetByteArrayAsync($"/api/v1/brands/{brandId}/locations/export?format=csv"));

        Assert.Equal(["Store Number", "Name", "Street", "City", "State", "Postal Code", "Country", "Time Zone", "Latitude", "Longitude", "Active",
            "code", "driveThru", "notes", "region", "seats"], rows[0]);
        var danger = rows.Single(r => r[0] == "1002");
        Assert.Equal("'=Danger \"quoted\", name", danger[1]);
        Assert.Equal("-97.7501", danger[9]);
        Assert.Equal("no", danger[10]);
        Assert.Equal("'-17", rows.Single(r => r[1] == "'@home")[0]);
    }

    [Fact]
    public async Task FormulaLikeCellsAreEscapedInTheXlsx()
    {
        var (brandId, _, manager) = await app.BrandWithManagerAsync("exp");
        await SeedAsync(brandId);

        var (rows, hasFormula, _) = ExportSheets.ParseXlsx(await manager.GetByteArrayAsync($"/api/v1/brands/{brandId}/locations/export?format=xlsx"));

        Assert.False(hasFormula);
        Assert.Contains(rows, r => r[1] == "'=Danger \"quoted\", name");
        Assert.Contains(rows, r => r[2] == "'+1 Plus St");
        Assert.Contains(rows, r => r[9] == "-87.6359"); // a number cell, not escaped text
    }

    [Fact]
    public async Task AnotherBrandsLocationsAre404()
    {
        var (other, _, _) = await app.BrandWithManagerAsync("exp");
        var (_, _, manager) = await app.BrandWithManagerAsync("exp");

        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/api/v1/brands/{other}/locations/export")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/api/v1/brands/{Guid.NewGuid()}/locations/export")).StatusCode);
    }

    [Fact]
    public async Task UnknownFormatIs400()
    {
        var (brandId, _, manager) = await app.BrandWithManagerAsync("exp");

        Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync($"/api/v1/brands/{brandId}/locations/export?format=ods")).StatusCode);
    }
}
