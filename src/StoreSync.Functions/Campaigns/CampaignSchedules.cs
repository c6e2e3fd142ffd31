using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using StoreSync.Functions.Common.Validation;

namespace StoreSync.Functions.Campaigns;

/// <summary>
/// Start and end as sent: either UTC instants (<c>scheduledStart</c>/<c>scheduledEnd</c>, with Z or an offset) or
/// wall-clock times of the location (<c>scheduledStartLocal</c>/<c>scheduledEndLocal</c>, "2026-12-01T09:00").
/// </summary>
public sealed record ScheduleInput(string? ScheduledStart, string? ScheduledEnd, string? ScheduledStartLocal, string? ScheduledEndLocal)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => ScheduledStart is null && ScheduledEnd is null && ScheduledStartLocal is null && ScheduledEndLocal is null;
}

/// <summary>A parsed schedule, not yet placed in a time zone (local times need the location's).</summary>
public sealed record ParsedSchedule(DateTimeOffset? StartUtc, DateTimeOffset? EndUtc, DateTime? StartLocal, DateTime? EndLocal)
{
    public (DateTimeOffset Start, DateTimeOffset End) In(string timeZone) =>
        (StartUtc ?? LocalTimes.ToUtc(StartLocal!.Value, timeZone), EndUtc ?? LocalTimes.ToUtc(EndLocal!.Value, timeZone));
}

public static partial class CampaignSchedules
{
    [GeneratedRegex(@"(Z|[+-]\d{2}:\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex HasOffset();

    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];

    // Campaign dates live in this window: year 1 or 9999 parses, but overflows once shifted into a time zone (a 500)
    // and would reach the lifecycle sweep as PostgreSQL's ±infinity.
    private const int FirstYear = 2000, LastYear = 2999;

    /// <summary>Syntax only: each bound given once (UTC or local), both bounds or neither. Null when nothing was sent.</summary>
    public static ParsedSchedule? Parse(Validator v, ScheduleInput input)
    {
        if (input.IsEmpty) return null;
        var startUtc = Utc(v, "scheduledStart", input.ScheduledStart);
        var endUtc = Utc(v, "scheduledEnd", input.ScheduledEnd);
        var startLocal = Local(v, "scheduledStartLocal", input.ScheduledStartLocal);
        var endLocal = Local(v, "scheduledEndLocal", input.ScheduledEndLocal);
        if (input.ScheduledStart is not null && input.ScheduledStartLocal is not null)
            v.Add("scheduledStart", "Give scheduledStart (UTC) or scheduledStartLocal, not both.");
        if (input.ScheduledEnd is not null && input.ScheduledEndLocal is not null)
            v.Add("scheduledEnd", "Give scheduledEnd (UTC) or scheduledEndLocal, not both.");
        if (input.ScheduledStart is null && input.ScheduledStartLocal is null)
            v.Add("scheduledStart", "A start is required with an end (scheduledStart or scheduledStartLocal).");
        if (input.ScheduledEnd is null && input.ScheduledEndLocal is null)
            v.Add("scheduledEnd", "An end is required with a start (scheduledEnd or scheduledEndLocal).");
        return v.IsValid ? new ParsedSchedule(startUtc, endUtc, startLocal, endLocal) : null;
    }

    /// <summary>Start before end, end still ahead. Null when fine, else the message.</summary>
    public static string? Check(DateTimeOffset start, DateTimeOffset end, DateTimeOffset now) =>
        start >= end ? "The start must be before the end."
        : end <= now ? "The end must be in the future."
        : null;

    private static DateTimeOffset? Utc(Validator v, string field, string? value)
    {
        if (value is null) return null;
        if (HasOffset().IsMatch(value.Trim()) &&
            DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var parsed))
            return InWindow(v, field, parsed.UtcDateTime) ? parsed.ToUniversalTime() : null;
        v.Add(field, $"{field} must be an ISO-8601 instant with Z or an offset, e.g. 2026-12-01T15:00:00Z.");
        return null;
    }

    private static DateTime? Local(Validator v, string field, string? value)
    {
        if (value is null) return null;
        if (DateTime.TryParseExact(value.Trim(), LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            return InWindow(v, field, parsed) ? DateTime.SpecifyKind(parsed, DateTimeKind.Unspecified) : null;
        v.Add(field, $"{field} must be a local date and time without offset, e.g. 2026-12-01T09:00.");
        return null;
    }

    private static bool InWindow(Validator v, string field, DateTime value)
    {
        if (value.Year is >= FirstYear and <= LastYear) return true;
        v.Add(field, $"{field} must fall in the years {FirstYear} to {LastYear}.");
        return false;
    }
}

/// <summary>
/// Wall-clock times of a location ↔ UTC, DST-correct. A local time that does not exist (spring-forward gap) moves
/// forward to the first valid instant after the gap (Chicago 2026-03-08 02:30 → 03:00 CDT = 08:00Z); a local time that
/// occurs twice (fall-back overlap) is the first, daylight occurrence (Chicago 2026-11-01 01:30 → 01:30 CDT = 06:30Z).
/// </summary>
public static class LocalTimes
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss";
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new();

    public static TimeZoneInfo Zone(string id) => Zones.GetOrAdd(id, static z =>
        TimeZoneInfo.TryFindSystemTimeZoneById(z, out var tz) ? tz : TimeZoneInfo.Utc);

    public static DateTimeOffset ToUtc(DateTime local, string timeZone)
    {
        var tz = Zone(timeZone);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (tz.IsInvalidTime(local))
        {
            // Transitions fall on whole minutes: walk to the first minute that exists.
            var t = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified);
            do t = t.AddMinutes(1); while (tz.IsInvalidTime(t));
            local = t;
        }
        var offset = tz.IsAmbiguousTime(local) ? tz.GetAmbiguousTimeOffsets(local).Max() : tz.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    public static string? ToLocalText(DateTimeOffset? utc, string timeZone) =>
        utc is { } u ? TimeZoneInfo.ConvertTime(u, Zone(timeZone)).ToString(Format, CultureInfo.InvariantCulture) : null;
}
