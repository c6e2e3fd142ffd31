using Microsoft.Extensions.Options;
using StoreSync.Data.Campaigns;
using StoreSync.Data.Exports;
using StoreSync.Functions.Campaigns;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Problems;
using StoreSync.Functions.Common.Validation;
using StoreSync.Functions.Stats;

namespace StoreSync.Functions.Reports;

public sealed class ReportOptions
{
    /// <summary>A folder with DejaVuSans.ttf (and -Bold) or LiberationSans-Regular.ttf (and -Bold); the system folders otherwise.</summary>
    public string? FontDirectory { get; set; }
}

/// <summary>The leadership PDF: the dashboard's figures (GET /stats) plus the period's approvals and results, with charts.</summary>
public static class ReportsApi
{
    public const int MaxPeriodDays = 366;

    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddOptions<ReportOptions>().BindConfiguration("Reports");
        services.AddSingleton<ReportQueries>();
        return services;
    }

    internal static async Task<IResult> CampaignsPdf(HttpContext http, CampaignStats stats, ReportQueries reports, Npgsql.NpgsqlDataSource db,
        TimeProvider time, IOptions<ReportOptions> options, ILoggerFactory logs, Guid? brandId, DateTimeOffset? from, DateTimeOffset? to,
        CancellationToken ct)
    {
        var me = http.CurrentUser();
        var now = time.GetUtcNow();
        var end = to ?? now;
        var start = from ?? end.AddDays(-30);
        var v = new Validator();
        if (start > end) v.Add("from", "from must not be after to.");
        else if (end - start > TimeSpan.FromDays(MaxPeriodDays)) v.Add("from", $"The period is at most {MaxPeriodDays} days.");
        if (!v.IsValid) return v.ToResult();
        string scope = "All brands you can see";
        if (brandId is { } b)
        {
            if (!me.CanSeeBrand(b)) return Problem.NotFound("brand");
            await using var conn = await db.OpenConnectionAsync(ct);
            var name = await Dapper.SqlMapper.ExecuteScalarAsync<string?>(conn, new Dapper.CommandDefinition(
                "SELECT name FROM brands WHERE id = @b", new { b }, cancellationToken: ct));
            if (name is null) return Problem.NotFound("brand");
            scope = name;
        }
        if (ReportFonts.Install(options.Value.FontDirectory) is null)
        {
            logs.CreateLogger(typeof(ReportsApi)).LogError(
                "No TrueType font for PDF reports: install fonts-dejavu-core (or fonts-liberation) or set Reports:FontDirectory.");
            return Results.Problem(statusCode: 503, title: "Reports unavailable",
                detail: "The server has no font to draw PDF reports with (install fonts-dejavu-core or set Reports:FontDirectory).");
        }

        var dashboard = await stats.ComputeAsync(me.CampaignScope, brandId, now, StatsApi.ActivityDays, ct);
        var period = await reports.PeriodAsync(me.CampaignScope, brandId, start, end, ct);
        var (results, top) = await reports.ResultsAsync(me.CampaignScope, brandId, start, end, ct);
        var report = new CampaignReport(scope, start, end, now, me.Username,
            CampaignStatus.All.ToDictionary(s => s, s => dashboard.CountsByStatus.GetValueOrDefault(s)), dashboard, period, results, top);
        var pdf = new MemoryStream();
        CampaignReportPdf.Write(pdf, report, CampaignStatus.All);
        pdf.Position = 0;
        return Results.File(pdf, "application/pdf", $"campaign-report-{start:yyyyMMdd}-{end:yyyyMMdd}.pdf");
    }
}
