using StoreSync.Functions.Imports;

namespace StoreSync.Tests.Imports;

/// <summary>Header matching: aliases, case and punctuation ignored, unknown headers become attributes, unusable headers fail the file.</summary>
public sealed class ImportColumnsTests
{
    [Theory]
    [InlineData("Store #", ImportField.StoreNumber)]
    [InlineData("store_number", ImportField.StoreNumber)]
    [InlineData("Store No", ImportField.StoreNumber)]
    [InlineData("STORE NUMBER", ImportField.StoreNumber)]
    [InlineData("store", ImportField.StoreNumber)]
    [InlineData("Store Name", ImportField.Name)]
    [InlineData("Location Name", ImportField.Name)]
    [InlineData("Zip", ImportField.PostalCode)]
    [InlineData("Zip Code", ImportField.PostalCode)]
    [InlineData("Postal Code", ImportField.PostalCode)]
    [InlineData("Postcode", ImportField.PostalCode)]
    [InlineData("Address", ImportField.Street)]
    [InlineData("Street Address", ImportField.Street)]
    [InlineData("Address 1", ImportField.Street)]
    [InlineData("Time Zone", ImportField.TimeZone)]
    [InlineData("TZ", ImportField.TimeZone)]
    [InlineData("Lat", ImportField.Latitude)]
    [InlineData("Lng", ImportField.Longitude)]
    [InlineData("Lon", ImportField.Longitude)]
    [InlineData("Long", ImportField.Longitude)]
    [InlineData("Active", ImportField.IsActive)]
    [InlineData("Is Active", ImportField.IsActive)]
    [InlineData("Status", ImportField.IsActive)]
    [InlineData("Brand Slug", ImportField.Brand)]
    [InlineData("Region", ImportField.Attribute)]
    public void HeaderAliasesMapToTheirField(string header, ImportField field)
    {
        string?[] headers = field switch
        {
            ImportField.StoreNumber => [header, "Name"],
            ImportField.Name => ["Store #", header],
            _ => ["Store #", "Name", header],
        };
        var columns = ImportColumns.Map(headers);

        Assert.Contains(columns, c => c.Header == header && c.Field == field);
    }

    [Theory]
    [InlineData("Drive Thru", "driveThru")]
    [InlineData("sq_ft", "sqFt")]
    [InlineData("Region", "region")]
    [InlineData("  Opening hours (Mon) ", "openingHoursMon")]
    public void OtherHeadersBecomeCamelCaseAttributeKeys(string header, string key) =>
        Assert.Equal(key, ImportColumns.AttributeKey(header));

    [Fact]
    public void TwoColumnsWithTheSameMeaningFailTheFile()
    {
        var e = Assert.Throws<ImportFailedException>(() => ImportColumns.Map(["Store #", "Name", "Lng", "Longitude"]));
        Assert.Contains("'Lng' and 'Longitude' both mean longitude", e.Message);
    }

    [Fact]
    public void AMissingRequiredColumnNamesItAndTheHeadersFound()
    {
        var e = Assert.Throws<ImportFailedException>(() => ImportColumns.Map(["Name", "City"]));
        Assert.Contains("no storeNumber column", e.Message);
        Assert.Contains("'City'", e.Message);
    }

    [Theory]
    [InlineData("America/Chicago", "America/Chicago")]
    [InlineData("UTC", "UTC")]
    [InlineData("Eastern Standard Time", null)]
    [InlineData("Mars/Olympus", null)]
    [InlineData("=cmd", null)]
    public void OnlyIanaTimeZonesAreAccepted(string id, string? expected) =>
        Assert.Equal(expected, LocationRowParser.CanonicalTimeZone(id));
}
