using System.Globalization;
using Npgsql;
using StoreSync.Data.Analytics;
using StoreSync.Data.Brands;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Paging;
using StoreSync.Functions.Common.Problems;
using StoreSync.Functions.Common.Validation;
using StoreSync.Functions.Exports;

namespace StoreSync.Functions.Analytics;

/// <summary>
/// One campaign's results (a campaign runs at one store). Money is a decimal string with two decimals, as elsewhere in
/// the API; <c>redemptions</c> is the redeemed quantity, <c>transactions</c> the till lines that reported it.
/// </summary>
public sealed record CampaignResultItem(Guid CampaignId, string CampaignName, Guid LocationId, string LocationName, string StoreNumber,
    Guid TemplateId, string TemplateName, Guid? RolloutId, string Status, long Redemptions, long Transactions, string Discount, string Revenue,
    int LiveDays, decimal? RedemptionsPerStoreDay)
{
    public static CampaignResultItem From(CampaignResultRow r) =>
        new(r.CampaignId, r.CampaignName, r.LocationId, r.LocationName, r.StoreNumber, r.TemplateId, r.TemplateName, r.RolloutId, r.Status,
            r.Redemptions, r.Transactions, AnalyticsApi.Money(r.Discount), AnalyticsApi.Money(r.Revenue), r.LiveDays, r.RedemptionsPerStoreDay);
}

public sealed record ResultTotalsResponse(int Campaigns, int Locations, long Redemptions, long Transactions, string Discount, string Revenue);

public sealed record ResultDayResponse(DateOnly Date, long Redemptions, long Transactions, string Discount, string Revenue);

/// <summary>
/// Items are one page (<c>page</c>, <c>pageSize</c>, <c>total</c> as in every list); <c>totals</c> and <c>byDay</c> cover every
/// row of the range. Days are store-local calendar days (<c>dayBasis: "storeLocal"</c>).
/// </summary>
public sealed record CampaignResultsResponse(IReadOnlyList<CampaignResultItem> Items, ResultTotalsResponse Totals,
    IReadOnlyList<ResultDayResponse> ByDay, DateOnly From, DateOnly To, string DayBasis, int Page, int PageSize, int Total);

/// <summary>GET /analytics/campaigns: redemptions, discount and revenue per campaign and per day, for one brand.</summary>
public static class AnalyticsApi
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366;
    private static readonly string[] Formats = ["json", "csv"];

    public static IServiceCollection AddAnalytics(this IServiceCollection services) => services.AddSingleton<CampaignResults>();

    internal static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    internal static async Task<IResult> Campaigns(HttpContext http, CampaignResults results, NpgsqlDataSource db, TimeProvider time,
        Guid? brandId, string? from, string? to, Guid? templateId, Guid? locationId, Guid? rolloutId, Guid? campaignId, string? sort,
        string? format, int? page, int? pageSize, CancellationToken ct)
    {
        var me = http.CurrentUser();
        var now = time.GetUtcNow();
        var v = new Validator().OneOf("sort", sort, CampaignResults.Sorts.Keys.ToArray(), required: false).OneOf("format", format, Formats, required: false);
        if (brandId is null) v.Add("brandId", "brandId is required.");
        var (first, last) = Range(from, to, DateOnly.FromDateTime(now.UtcDateTime), v);
        if (!v.IsValid) return v.ToResult();
        if (!me.CanSeeBrand(brandId!.Value) || (me.AllBrands && await new BrandStore(db).FindAsync(brandId.Value, me.BrandScope, ct) is null))
            return Problem.NotFound("brand");

        var query = new ResultsQuery(brandId.Value, first, last, templateId, locationId, rolloutId, campaignId, sort ?? "-redemptions", now);
        if (format == "csv") return Csv(results, query, me, first, last, http.RequestAborted);

        var p = PageRequest.From(page, pageSize);
        var (items, total, totals, byDay) = await results.ReadAsync(query, me.CampaignScope, p.Offset, p.PageSize, ct);
        return Results.Ok(new CampaignResultsResponse(
            items.Select(CampaignResultItem.From).ToList(),
            new ResultTotalsResponse(totals.Campaigns, totals.Locations, totals.Redemptions, totals.Transactions, Money(totals.Discount), Money(totals.Revenue)),
            byDay.Select(d => new ResultDayResponse(d.Date, d.Redemptions, d.Transactions, Money(d.Discount), Money(d.Revenue))).ToList(),
            first, last, "storeLocal", p.Page, p.PageSize, total));
    }

    /// <summary>The same rows as the JSON items, every one (no paging), streamed; formula-like cells are escaped.</summary>
    private static IResult Csv(CampaignResults results, ResultsQuery query, CurrentUser me, DateOnly first, DateOnly last, CancellationToken ct) =>
        Results.Stream(body => SpreadsheetExport.WriteCsvAsync(body, CsvHeader, CsvRows(results.StreamAsync(query, me.CampaignScope, ct)), ct),
            SpreadsheetExport.CsvContentType, $"results-{first:yyyy-MM-dd}-{last:yyyy-MM-dd}.csv");

    private static async IAsyncEnumerable<object?[]> CsvRows(IAsyncEnumerable<CampaignResultRow> rows)
    {
        await foreach (var r in rows)
        {
            var i = CampaignResultItem.From(r);
            yield return
            [
                i.CampaignId.ToString(), i.CampaignName, i.LocationId.ToString(), i.LocationName, i.StoreNumber, i.TemplateId.ToString(),
                i.TemplateName, i.RolloutId?.ToString() ?? "", i.Status, Invariant(i.Redemptions), Invariant(i.Transactions), i.Discount, i.Revenue,
                Invariant(i.LiveDays), i.RedemptionsPerStoreDay is { } d ? Invariant(d) : "",
            ];
        }
    }

    public static readonly string[] CsvHeader =
    [
        "campaignId", "campaignName", "locationId", "locationName", "storeNumber", "templateId", "templateName", "rolloutId", "status",
        "redemptions", "transactions", "discount", "revenue", "liveDays", "redemptionsPerStoreDay",
    ];

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    /// <summary>
    /// from/to as yyyy-MM-dd, both inclusive. Without either: the 30 days ending today (UTC) or ending at <c>to</c> /
    /// starting at <c>from</c>. More than 366 days, or from after to, is a 400.
    /// </summary>
    private static (DateOnly From, DateOnly To) Range(string? from, string? to, DateOnly today, Validator v)
    {
        DateOnly? f = Date("from", from, v), t = Date("to", to, v);
        var last = t ?? (f is { } ff ? ff.AddDays(DefaultDays - 1) : today);
        var first = f ?? last.AddDays(1 - DefaultDays);
        if (first > last) v.Add("from", "from must not be after to.");
        else if (last.DayNumber - first.DayNumber + 1 > MaxDays) v.Add("to", $"The range may cover at most {MaxDays} days.");
        return (first, last);
    }

    private static DateOnly? Date(string field, string? value, Validator v)
    {
        if (value is null) return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            && d.Year is >= 2000 and <= 2100) return d;
        v.Add(field, $"{field} must be a date (yyyy-MM-dd) between 2000 and 2100.");
        return null;
    }
}
