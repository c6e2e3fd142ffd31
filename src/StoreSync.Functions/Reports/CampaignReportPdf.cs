using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using StoreSync.Data.Campaigns;
using StoreSync.Data.Exports;

namespace StoreSync.Functions.Reports;

/// <summary>Everything the leadership report shows; the dashboard's figures (<see cref="Dashboard"/>) are those of GET /stats.</summary>
public sealed record CampaignReport(string Scope, DateTimeOffset From, DateTimeOffset To, DateTimeOffset GeneratedAt, string GeneratedBy,
    IReadOnlyDictionary<string, int> CountsByStatus, CampaignStatsRow Dashboard, PeriodFigures Period, RedemptionTotals Results,
    IReadOnlyList<CampaignResult> TopCampaigns);

/// <summary>Draws the report on A4 pages with XGraphics: headline figures, bars by status, 30 days of activity, results.</summary>
public static class CampaignReportPdf
{
    private const double Margin = 50;
    private static readonly XColor Accent = XColor.FromArgb(0x2B, 0x6C, 0xB0);
    private static readonly XColor Second = XColor.FromArgb(0x38, 0xA1, 0x69);
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(Stream target, CampaignReport r, IReadOnlyList<string> statuses)
    {
        using var doc = new PdfDocument();
        doc.Info.Title = $"Campaign report · {r.Scope}";
        doc.Info.Author = "StoreSync";
        var title = new XFont(ReportFonts.Family, 18, XFontStyleEx.Bold);
        var heading = new XFont(ReportFonts.Family, 12, XFontStyleEx.Bold);
        var text = new XFont(ReportFonts.Family, 9.5, XFontStyleEx.Regular);
        var small = new XFont(ReportFonts.Family, 7.5, XFontStyleEx.Regular);

        var page = doc.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        var gfx = XGraphics.FromPdfPage(page);
        var width = page.Width.Point - 2 * Margin;
        var y = Margin;
        gfx.DrawString("Campaign report", title, XBrushes.Black, Margin, y + 18);
        y += 30;
        gfx.DrawString($"{r.Scope} · {Day(r.From)} to {Day(r.To)} (UTC)", text, XBrushes.DimGray, Margin, y + 10);
        y += 14;
        gfx.DrawString($"Generated {r.GeneratedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC for {r.GeneratedBy}", small, XBrushes.Gray, Margin, y + 8);
        y += 26;

        // Headline figures: the dashboard's and the period's.
        var total = r.CountsByStatus.Values.Sum();
        var created = r.Period.CreatedByStatus.Values.Sum();
        string[][] figures =
        [
            ["Campaigns (all time)", total.ToString("N0", Invariant)],
            ["Waiting for approval", r.Dashboard.ApprovalsWaiting.ToString("N0", Invariant)],
            ["Going live in 7 days", r.Dashboard.GoingLiveThisWeek.ToString("N0", Invariant)],
            ["Median time to approval (all time)", Duration(r.Dashboard.MedianTimeToApprovalSeconds)],
            ["Created in the period", created.ToString("N0", Invariant)],
            ["Approved in the period", r.Period.Approvals.ToString("N0", Invariant)],
            ["Time to approval in the period (median / 90th percentile)",
                $"{Duration(r.Period.MedianTimeToApprovalSeconds)} / {Duration(r.Period.P90TimeToApprovalSeconds)}"],
        ];
        gfx.DrawString("Headline", heading, XBrushes.Black, Margin, y + 12);
        y += 20;
        foreach (var f in figures)
        {
            gfx.DrawString(f[0], text, XBrushes.Black, Margin, y + 10);
            gfx.DrawString(f[1], text, XBrushes.Black, new XRect(Margin, y, width, 12), XStringFormats.TopRight);
            y += 14;
        }
        y += 14;

        gfx.DrawString("Campaigns by status (now)", heading, XBrushes.Black, Margin, y + 12);
        y += 20;
        y = HorizontalBars(gfx, text, statuses.Select(s => (s, r.CountsByStatus.GetValueOrDefault(s))).ToList(), Margin, y, width, Accent) + 14;

        gfx.DrawString($"Activity, last {r.Dashboard.Activity.Count} days (created and approved per day)", heading, XBrushes.Black, Margin, y + 12);
        y += 20;
        y = ActivityChart(gfx, small, r.Dashboard.Activity, Margin, y, width, 150) + 10;
        gfx.Dispose();

        page = doc.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        gfx = XGraphics.FromPdfPage(page);
        y = Margin;
        gfx.DrawString("Results", heading, XBrushes.Black, Margin, y + 12);
        y += 22;
        if (r.Results.Redemptions == 0)
            gfx.DrawString("No redemptions were reported in the period.", text, XBrushes.DimGray, Margin, y + 10);
        else
        {
            string[][] results =
            [
                ["Redemptions", r.Results.Redemptions.ToString("N0", Invariant)],
                ["Items", r.Results.Quantity.ToString("N0", Invariant)],
                ["Basket total", r.Results.BasketTotal.ToString("N2", Invariant)],
                ["Discount given", r.Results.Discount.ToString("N2", Invariant)],
                ["Campaigns with redemptions", r.Results.Campaigns.ToString("N0", Invariant)],
                ["Stores with redemptions", r.Results.Stores.ToString("N0", Invariant)],
            ];
            foreach (var f in results)
            {
                gfx.DrawString(f[0], text, XBrushes.Black, Margin, y + 10);
                gfx.DrawString(f[1], text, XBrushes.Black, new XRect(Margin, y, width, 12), XStringFormats.TopRight);
                y += 14;
            }
            y += 14;
            gfx.DrawString("Top campaigns by redemptions", heading, XBrushes.Black, Margin, y + 12);
            y += 20;
            HorizontalBars(gfx, text, r.TopCampaigns.Select(t => ($"{Clip(t.Name, 30)} (#{t.StoreNumber})", t.Redemptions)).ToList(), Margin, y, width,
                Second, labelWidth: 200);
        }
        gfx.Dispose();
        doc.Save(target, closeStream: false);
    }

    private static double HorizontalBars(XGraphics gfx, XFont font, IReadOnlyList<(string Label, int Value)> bars, double x, double y, double width,
        XColor color, double labelWidth = 110)
    {
        var max = Math.Max(1, bars.Count == 0 ? 0 : bars.Max(b => b.Value));
        var barArea = width - labelWidth - 50;
        var brush = new XSolidBrush(color);
        foreach (var (label, value) in bars)
        {
            gfx.DrawString(label, font, XBrushes.Black, x, y + 10);
            var w = barArea * value / max;
            if (w > 0) gfx.DrawRectangle(brush, x + labelWidth, y + 2, Math.Max(w, 1), 10);
            gfx.DrawString(value.ToString("N0", Invariant), font, XBrushes.Black, x + labelWidth + w + 4, y + 10);
            y += 15;
        }
        return y;
    }

    private static double ActivityChart(XGraphics gfx, XFont font, IReadOnlyList<ActivityDay> days, double x, double y, double width, double height)
    {
        if (days.Count == 0) return y;
        var max = Math.Max(1, days.Max(d => Math.Max(d.Created, d.Approved)));
        var slot = width / days.Count;
        var bar = Math.Max(1, slot / 2 - 1);
        var baseLine = y + height;
        gfx.DrawLine(XPens.Gray, x, baseLine, x + width, baseLine);
        var created = new XSolidBrush(Accent);
        var approved = new XSolidBrush(Second);
        for (var i = 0; i < days.Count; i++)
        {
            var d = days[i];
            var left = x + i * slot;
            var hc = height * d.Created / max;
            var ha = height * d.Approved / max;
            if (hc > 0) gfx.DrawRectangle(created, left, baseLine - hc, bar, hc);
            if (ha > 0) gfx.DrawRectangle(approved, left + bar, baseLine - ha, bar, ha);
            if (i % 7 == 0) gfx.DrawString(d.Date.ToString("MM-dd", Invariant), font, XBrushes.DimGray, left, baseLine + 10);
        }
        gfx.DrawString($"max {max:N0}/day", font, XBrushes.DimGray, x, y - 2);
        gfx.DrawRectangle(created, x + width - 150, y - 9, 8, 8);
        gfx.DrawString("created", font, XBrushes.Black, x + width - 138, y - 2);
        gfx.DrawRectangle(approved, x + width - 80, y - 9, 8, 8);
        gfx.DrawString("approved", font, XBrushes.Black, x + width - 68, y - 2);
        return baseLine + 14;
    }

    private static string Day(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd", Invariant);

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    public static string Duration(double? seconds) => seconds switch
    {
        null => "n/a",
        < 3600 => $"{seconds.Value / 60:0} min",
        < 172_800 => $"{seconds.Value / 3600:0.#} h",
        _ => $"{seconds.Value / 86_400:0.#} days",
    };
}
