using System.Globalization;
using System.Text.Json;
using StoreSync.Data.Campaigns;
using StoreSync.Data.Exports;
using StoreSync.Data.Imports;
using StoreSync.Functions.Audit;
using StoreSync.Functions.Calendar;
using StoreSync.Functions.Campaigns;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Problems;
using StoreSync.Functions.Common.Validation;
using StoreSync.Functions.Imports;
using StoreSync.Functions.Reports;

namespace StoreSync.Functions.Exports;

/// <summary>Campaigns and locations as spreadsheets, inside the caller's scope, streamed.</summary>
public static class ExportsApi
{
    /// <summary>Rows one campaign export carries at most: a wider export is refused (400) before anything is written.</summary>
    public const int MaxCampaignRows = 250_000;

    /// <summary>The audit viewer, exports, the PDF report and the calendar feed: one registration for all of them.</summary>
    public static IServiceCollection AddExports(this IServiceCollection services)
    {
        services.AddSingleton<ExportQueries>();
        services.AddAudit();
        services.AddCalendar();
        services.AddReports();
        return services;
    }

    private static readonly string[] CampaignHeader =
    [
        "id", "name", "status", "brandId", "storeNumber", "locationName", "timeZone", "template", "scheduledStart", "scheduledEnd",
        "scheduledStartLocal", "scheduledEndLocal", "createdBy", "createdAt", "submittedAt", "updatedAt", "version",
    ];

    internal static async Task<IResult> Campaigns(HttpContext http, ExportQueries exports, string? format, string? status, Guid? brandId,
        Guid? locationId, Guid? templateId, string? q, DateTimeOffset? startsFrom, DateTimeOffset? startsTo, string? sort, CancellationToken ct)
    {
        var me = http.CurrentUser();
        sort ??= "-createdAt";
        format ??= "csv";
        var v = new Validator().OneOf("format", format, SpreadsheetExport.Formats).OneOf("status", status, CampaignStatus.All, required: false)
            .OneOf("sort", sort, CampaignStore.Sorts.Keys.ToArray()).MaxLength("q", q, 200);
        if (startsFrom is not null && startsTo is not null && startsFrom > startsTo) v.Add("startsFrom", "startsFrom must not be after startsTo.");
        if (!v.IsValid) return v.ToResult();
        if (brandId is { } b && !me.CanSeeBrand(b)) return Problem.NotFound("brand");

        var query = new CampaignListQuery(me.CampaignScope, status, brandId, locationId, templateId, q, startsFrom, startsTo, sort, 0, MaxCampaignRows);
        var matches = await exports.CountCampaignsAsync(query, ct);
        if (matches > MaxCampaignRows)
            return Problem.Validation("brandId", $"The filters match {matches:N0} campaigns; an export carries at most {MaxCampaignRows:N0}. " +
                "Narrow them (brand, status, dates) and export again.");

        return SpreadsheetExport.Result(format, $"campaigns-{DateTime.UtcNow:yyyyMMdd-HHmmss}", CampaignHeader,
            token => CampaignRows(exports.CampaignsAsync(query, token)));
    }

    private static async IAsyncEnumerable<object?[]> CampaignRows(IAsyncEnumerable<CampaignView> campaigns)
    {
        await foreach (var c in campaigns)
            yield return
            [
                c.Id, c.Name, c.Status, c.BrandId, c.StoreNumber, c.LocationName, c.TimeZone, c.TemplateName, c.ScheduledStart, c.ScheduledEnd,
                LocalTimes.ToLocalText(c.ScheduledStart, c.TimeZone), LocalTimes.ToLocalText(c.ScheduledEnd, c.TimeZone), c.CreatedByName,
                c.CreatedAt, c.SubmittedAt, c.UpdatedAt, c.Version,
            ];
    }

    /// <summary>The import template's columns, in its order and spelling; attributes follow, one column per key.</summary>
    public static readonly string[] LocationColumns =
        ["Store Number", "Name", "Street", "City", "State", "Postal Code", "Country", "Time Zone", "Latitude", "Longitude", "Active"];

    internal static async Task<IResult> Locations(Guid brandId, HttpContext http, ExportQueries exports, ImportBrands brands, string? format,
        CancellationToken ct)
    {
        var me = http.CurrentUser();
        format ??= "csv";
        var v = new Validator().OneOf("format", format, SpreadsheetExport.Formats);
        if (!v.IsValid) return v.ToResult();
        var brand = me.CanSeeBrand(brandId) ? await brands.FindAsync(brandId, ct) : null;
        if (brand is null) return Problem.NotFound("brand");

        var keys = (await exports.ScalarAttributeKeysAsync(brandId, me.LocationScope, ct)).Where(ReadsBackAsItself).ToArray();
        string[] header = [.. LocationColumns, .. keys];
        return SpreadsheetExport.Result(format, $"{brand.Slug}-locations", header,
            token => LocationRows(exports.LocationsAsync(brandId, me.LocationScope, token), keys));
    }

    /// <summary>An attribute key that, as a header, the import maps back to the same attribute (not to a field, not renamed).</summary>
    private static bool ReadsBackAsItself(string key)
    {
        try
        {
            var columns = ImportColumns.Map([.. LocationColumns, key]);
            return columns[^1] is { Field: ImportField.Attribute } c && c.AttributeKey == key;
        }
        catch (ImportFailedException)
        {
            return false;
        }
    }

    private static async IAsyncEnumerable<object?[]> LocationRows(IAsyncEnumerable<LocationExportRow> locations, string[] keys)
    {
        await foreach (var l in locations)
        {
            var row = new object?[LocationColumns.Length + keys.Length];
            (row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7]) =
                (l.StoreNumber, l.Name, l.Street, l.City, l.State, l.PostalCode, l.Country, l.TimeZone);
            (row[8], row[9], row[10]) = (l.Latitude, l.Longitude, l.IsActive ? "yes" : "no");
            if (keys.Length > 0)
            {
                using var attributes = JsonDocument.Parse(l.Attributes);
                for (var i = 0; i < keys.Length; i++)
                    if (attributes.RootElement.TryGetProperty(keys[i], out var value))
                        row[LocationColumns.Length + i] = value.ValueKind switch
                        {
                            JsonValueKind.Number => value.GetDouble(),
                            JsonValueKind.True => true,
                            JsonValueKind.False => false,
                            _ => value.GetString(),
                        };
            }
            yield return row;
        }
    }
}
