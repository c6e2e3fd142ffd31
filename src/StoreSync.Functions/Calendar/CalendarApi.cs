using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using StoreSync.Data.Audit;
using StoreSync.Data.Calendar;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Problems;

namespace StoreSync.Functions.Calendar;

public sealed record CalendarTokenResponse(string Url, DateTimeOffset ExpiresAt);

public sealed class CalendarOptions
{
    /// <summary>How long a feed URL works; subscribing again issues a new one.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Feed requests per client address per <see cref="FeedWindow"/> (calendar apps poll every few hours).</summary>
    public int FeedPermitLimit { get; set; } = 60;
    public TimeSpan FeedWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Events one feed carries at most, soonest first.</summary>
    public int MaxEvents { get; set; } = 2_000;
}

/// <summary>
/// The personal iCalendar feed: a secret URL (the token, stored hashed) that calendar apps poll without signing in. It shows
/// the scheduled and active campaigns its owner can see now, in each store's own time zone.
/// </summary>
public static class CalendarApi
{
    public const string FeedRateLimit = "calendar-feed";

    public static IServiceCollection AddCalendar(this IServiceCollection services)
    {
        services.AddOptions<CalendarOptions>().BindConfiguration("Calendar");
        services.AddSingleton<CalendarFeeds>();
        services.AddKeyedSingleton<IRateLimiterPolicy<string>, FeedRateLimitPolicy>(FeedRateLimit);
        return services;
    }

    internal static async Task<IResult> IssueToken(HttpContext http, CalendarFeeds feeds, Npgsql.NpgsqlDataSource db, TimeProvider time,
        IOptions<CalendarOptions> options, CancellationToken ct)
    {
        var me = http.CurrentUser();
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var expires = now + options.Value.TokenLifetime;
        await feeds.IssueAsync(me.Id, Hash(token), now, expires, ct);
        await using (var conn = await db.OpenConnectionAsync(ct))
            await AuditLog.WriteAsync(conn, null, me.Id, null, "issue", "calendarToken", me.Id, new { expiresAt = expires }, ct);
        var request = http.Request;
        return Results.Ok(new CalendarTokenResponse($"{request.Scheme}://{request.Host}{request.PathBase}/api/v1/calendar/{token}.ics", expires));
    }

    internal static async Task<IResult> Feed(string token, HttpContext http, CalendarFeeds feeds, TimeProvider time, IOptions<CalendarOptions> options,
        Guid? brandId, Guid? locationId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Unknown, replaced and expired tokens answer alike, so a URL tells nothing about whether it ever worked.
        if (token.Length is < 20 or > 100 || await feeds.FindOwnerAsync(Hash(token), now, ct) is not { } owner) return Problem.NotFound("calendar");
        var user = new CurrentUser(owner.UserId, owner.Username, owner.Role, owner.BrandIds, owner.LocationIds, Guid.Empty, owner.LimitedToLocations);
        if (brandId is { } b && !user.CanSeeBrand(b)) return Problem.NotFound("calendar");
        var events = await feeds.EventsAsync(user.CampaignScope, brandId, locationId, now.AddDays(-30), options.Value.MaxEvents, ct);
        var ics = Render(events);
        http.Response.Headers.CacheControl = "private, max-age=300";
        return Results.Text(ics, "text/calendar; charset=utf-8");
    }

    public static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));

    /// <summary>One VEVENT per campaign, its times in the store's zone (TZID plus a VTIMEZONE per zone); UIDs stay with the campaign.</summary>
    public static string Render(IReadOnlyList<CalendarEventRow> events)
    {
        var calendar = new Ical.Net.Calendar { ProductId = "-//StoreSync//Campaigns//EN" };
        calendar.AddProperty("X-WR-CALNAME", "StoreSync campaigns");
        foreach (var zone in events.Select(e => e.TimeZone).Distinct(StringComparer.Ordinal))
            calendar.AddTimeZone(VTimeZone.FromDateTimeZone(zone));
        foreach (var e in events)
        {
            var tz = Campaigns.LocalTimes.Zone(e.TimeZone);
            var content = e.RenderedContent.Length > 2_000 ? e.RenderedContent[..2_000] + "…" : e.RenderedContent;
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"campaign-{e.Id}@storesync",
                Summary = $"{e.Name} · {e.LocationName} (#{e.StoreNumber})",
                Description = $"Status: {e.Status}\n\n{content}",
                Location = e.FullAddress ?? e.LocationName,
                Start = new CalDateTime(TimeZoneInfo.ConvertTime(e.ScheduledStart, tz).DateTime, e.TimeZone),
                End = new CalDateTime(TimeZoneInfo.ConvertTime(e.ScheduledEnd, tz).DateTime, e.TimeZone),
                DtStamp = new CalDateTime(e.UpdatedAt.UtcDateTime, "UTC"),
                Sequence = e.Version,
            });
        }
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    private sealed class FeedRateLimitPolicy(IOptions<CalendarOptions> options) : IRateLimiterPolicy<string>
    {
        public RateLimitPartition<string> GetPartition(HttpContext http) =>
            RateLimitPartition.GetFixedWindowLimiter(AuthSetup.ClientAddress(http),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.Value.FeedPermitLimit, Window = options.Value.FeedWindow, QueueLimit = 0 });

        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (ctx, _) =>
        {
            var retry = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var r) ? r : options.Value.FeedWindow;
            await Problem.TooManyRequests("Too many calendar requests. Wait before trying again.", retry).ExecuteAsync(ctx.HttpContext);
        };
    }
}
