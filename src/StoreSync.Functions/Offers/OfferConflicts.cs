using System.Data.Common;
using StoreSync.Data.Offers;

namespace StoreSync.Functions.Offers;

/// <summary>Something that will run an offer at a store: an existing campaign, or one a rollout would create.</summary>
public sealed record ConflictSubject(Guid LocationId, string TimeZone, DateTimeOffset? Start, DateTimeOffset? End, Offer Offer, Guid? CampaignId = null);

public sealed record OfferConflict(Guid CampaignId, string Name, string Status, DateTimeOffset? ScheduledStart, DateTimeOffset? ScheduledEnd, string Reason);

/// <summary>
/// Two offers at one store conflict when their dates overlap, their hours overlap on a day both run (store-local), they
/// cover a common item (a shared sku or category; a basket-wide offer covers everything) and at least one is not stackable
/// (the price engine would then apply only one of them). A sku-only offer and a category-only offer are not known to
/// overlap: nothing here knows a sku's category. Competitors are campaigns in review, approved, scheduled or active.
/// </summary>
public static class OfferConflicts
{
    /// <summary>The conflicts of every subject, found with one query for all of them.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<OfferConflict>>> FindAsync(DbConnection conn, DbTransaction? tx,
        IReadOnlyList<ConflictSubject> subjects, CancellationToken ct)
    {
        var found = subjects.Select(_ => (IReadOnlyList<OfferConflict>)[]).ToArray();
        if (subjects.Count == 0) return found;
        var from = subjects.Any(s => s.Start is null) ? null : subjects.Min(s => s.Start);
        var to = subjects.Any(s => s.End is null) ? null : subjects.Max(s => s.End);
        var rows = await OfferStore.CompetitorsAsync(conn, tx, subjects.Select(s => s.LocationId).Distinct().ToArray(), from, to, ct);
        var byLocation = rows.ToLookup(r => r.LocationId);
        var offers = new Dictionary<Guid, Offer?>();
        for (var k = 0; k < subjects.Count; k++)
        {
            var s = subjects[k];
            var list = new List<OfferConflict>();
            foreach (var r in byLocation[s.LocationId])
            {
                if (r.Id == s.CampaignId) continue;
                if (!offers.TryGetValue(r.Id, out var other)) offers[r.Id] = other = OfferRules.FromStored(r.Offer, Currency.FromSettings(r.BrandSettings));
                if (other is null) continue;
                if (Explain(s.Offer, s.Start, s.End, other, r.ScheduledStart, r.ScheduledEnd, TimeZoneInfo.FindSystemTimeZoneById(s.TimeZone)) is { } reason)
                    list.Add(new OfferConflict(r.Id, r.Name, r.Status, r.ScheduledStart, r.ScheduledEnd, reason));
            }
            found[k] = list;
        }
        return found;
    }

    /// <summary>Why two offers at one store conflict, or null when they do not.</summary>
    public static string? Explain(Offer a, DateTimeOffset? aStart, DateTimeOffset? aEnd, Offer b, DateTimeOffset? bStart, DateTimeOffset? bEnd,
        TimeZoneInfo timeZone)
    {
        if (a.Stackable && b.Stackable) return null;
        var start = Max(aStart, bStart);
        var end = Min(aEnd, bEnd);
        if (start is { } s0 && end is { } e0 && s0 >= e0) return null;
        var items = SharedItems(a, b);
        if (items is null) return null;
        var days = DaysIn(start, end, timeZone);
        var when = Overlap(a.Hours, b.Hours, days);
        if (when is null) return null;
        var dates = start is null && end is null ? "with open dates" : $"from {Text(start)} to {Text(end)}";
        return $"Both run {dates} {when} on {items}, and {(a.Stackable ? "the other offer" : b.Stackable ? "this offer" : "neither offer")} is not stackable.";
    }

    private static string? SharedItems(Offer a, Offer b)
    {
        if (a.IsBasketWide || b.IsBasketWide) return "the whole basket";
        var skus = a.Skus.Intersect(b.Skus, StringComparer.OrdinalIgnoreCase).ToList();
        var categories = a.Categories.Intersect(b.Categories, StringComparer.OrdinalIgnoreCase).ToList();
        if (skus.Count == 0 && categories.Count == 0) return null;
        var parts = new List<string>();
        if (skus.Count > 0) parts.Add("skus " + string.Join(", ", skus.Take(5)));
        if (categories.Count > 0) parts.Add("categories " + string.Join(", ", categories.Take(5)));
        return string.Join(" and ", parts);
    }

    /// <summary>The store-local weekdays in [start, end); every day when the span is open or a week or longer.</summary>
    private static HashSet<DayOfWeek> DaysIn(DateTimeOffset? start, DateTimeOffset? end, TimeZoneInfo tz)
    {
        if (start is null || end is null || end.Value - start.Value >= TimeSpan.FromDays(7)) return [.. Enum.GetValues<DayOfWeek>()];
        var days = new HashSet<DayOfWeek>();
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start.Value, tz).DateTime);
        var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(end.Value.AddTicks(-1), tz).DateTime);
        for (var d = first; d <= last; d = d.AddDays(1)) days.Add(d.DayOfWeek);
        return days;
    }

    private static readonly HoursWindow AllDay = new(Enum.GetValues<DayOfWeek>().ToHashSet(), 0, 24 * 60);

    private static string? Overlap(IReadOnlyList<HoursWindow> a, IReadOnlyList<HoursWindow> b, HashSet<DayOfWeek> days)
    {
        foreach (var x in a.Count == 0 ? [AllDay] : a)
        foreach (var y in b.Count == 0 ? [AllDay] : b)
        {
            var from = Math.Max(x.Start, y.Start);
            var to = Math.Min(x.End, y.End);
            if (from >= to) continue;
            var common = days.Where(d => x.Days.Contains(d) && y.Days.Contains(d)).ToList();
            if (common.Count == 0) continue;
            var dayText = common.Count == 7 ? "every day" : string.Join(", ", common.OrderBy(d => ((int)d + 6) % 7).Select(d => OfferRules.Days[((int)d + 6) % 7]));
            return from == 0 && to == 24 * 60 ? $"({dayText}, all day)" : $"({dayText}, {from / 60:00}:{from % 60:00}–{to / 60:00}:{to % 60:00} store time)";
        }
        return null;
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
    private static string Text(DateTimeOffset? t) => t is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm") + "Z" : "open";
}
