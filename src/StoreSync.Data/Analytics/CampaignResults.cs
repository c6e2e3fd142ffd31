using System.Data.Common;
using Dapper;
using Npgsql;
using StoreSync.Data.Db;

namespace StoreSync.Data.Analytics;

/// <summary>
/// One campaign's results in the range. A campaign runs at one store, so a row is also that store's results for it.
/// <c>Redemptions</c> is the redeemed quantity, <c>Transactions</c> the number of till lines reporting it; money is the
/// stored <c>numeric</c>. <c>LiveDays</c> counts the store-local days of the range on which it was live at some point
/// (scheduled start to end, now at most); <c>RedemptionsPerStoreDay</c> is null when it was never live in the range.
/// </summary>
public sealed record CampaignResultRow(Guid CampaignId, string CampaignName, Guid LocationId, string LocationName, string StoreNumber,
    Guid TemplateId, string TemplateName, Guid? RolloutId, string Status, long Redemptions, long Transactions, decimal Discount, decimal Revenue,
    int LiveDays, decimal? RedemptionsPerStoreDay);

public sealed record ResultTotals(int Campaigns, int Locations, long Redemptions, long Transactions, decimal Discount, decimal Revenue);

public sealed record ResultDay(DateOnly Date, long Redemptions, long Transactions, decimal Discount, decimal Revenue);

/// <summary>
/// What to read: one brand, store-local calendar days <c>From</c>..<c>To</c> (inclusive), optional filters. A redemption
/// counts on the day it happened at its store (the store's time zone), so "Saturday" is every store's own Saturday.
/// </summary>
public sealed record ResultsQuery(Guid BrandId, DateOnly From, DateOnly To, Guid? TemplateId, Guid? LocationId, Guid? RolloutId, Guid? CampaignId,
    string Sort, DateTimeOffset Now);

/// <summary>
/// Redemption results for the analytics endpoint, set-based: redemptions are read through (brand_id, redeemed_at) over
/// the range widened by a day on each side (every UTC offset fits) and then cut to the store-local days; campaigns that
/// were live in the range without a single redemption are listed too (a store that sold nothing ranks last, it does not
/// vanish). Brand and location scope are inside every predicate.
/// </summary>
public sealed class CampaignResults(NpgsqlDataSource db)
{
    public static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>
    {
        ["-redemptions"] = "redemptions DESC, campaign_id",
        ["redemptions"] = "redemptions ASC, campaign_id",
        ["-redemptionsPerStoreDay"] = "redemptions_per_store_day DESC NULLS LAST, redemptions DESC, campaign_id",
        ["redemptionsPerStoreDay"] = "redemptions_per_store_day ASC NULLS FIRST, redemptions ASC, campaign_id",
        ["-revenue"] = "revenue DESC, campaign_id",
        ["-discount"] = "discount DESC, campaign_id",
        ["campaignName"] = "lower(campaign_name), campaign_id",
        ["locationName"] = "lower(location_name), campaign_id",
        ["storeNumber"] = "store_number, campaign_id",
    };

    private const string CampaignFilter = """
        c.brand_id = @BrandId
          AND (@AllBrands OR c.brand_id = ANY(@BrandIds))
          AND (@LocationScope::uuid[] IS NULL OR c.location_id = ANY(@LocationScope))
          AND (@TemplateId::uuid IS NULL OR c.template_id = @TemplateId)
          AND (@LocationId::uuid IS NULL OR c.location_id = @LocationId)
          AND (@RolloutId::uuid IS NULL OR c.rollout_id = @RolloutId)
          AND (@CampaignId::uuid IS NULL OR c.id = @CampaignId)
        """;

    // Redemptions in the range with the store-local day each belongs to; only campaigns passing the filters.
    private const string InRange = $"""
        in_range AS (
            SELECT r.campaign_id, (r.redeemed_at AT TIME ZONE l.time_zone)::date AS day, r.quantity, r.discount, r.basket_total
            FROM redemptions r
            JOIN campaigns c ON c.id = r.campaign_id
            JOIN locations l ON l.id = r.location_id
            WHERE r.brand_id = @BrandId
              AND r.redeemed_at >= @WideFrom AND r.redeemed_at < @WideTo
              AND (r.redeemed_at AT TIME ZONE l.time_zone)::date BETWEEN @From AND @To
              AND {CampaignFilter})
        """;

    // Each redemption of the range is read, converted to its store's day and aggregated once per request, by campaign and
    // by day in one pass (grouping sets: two small hash tables), into a transaction-local table; items, totals and days
    // are read from that. Measured (AnalyticsBench): reading the redemptions once per result set cost three times as
    // much, and grouping by (campaign, day) spilled its hash table to disk.
    private const string FillDays = $"""
        CREATE TEMP TABLE result_days (campaign_id uuid, day date, redemptions bigint, transactions bigint, discount numeric, revenue numeric)
            ON COMMIT DROP;
        WITH {InRange}
        INSERT INTO result_days
        SELECT campaign_id, day, sum(quantity), count(*), sum(discount), sum(basket_total) FROM in_range GROUP BY GROUPING SETS ((campaign_id), (day));
        """;

    private const string Rows = $"""
        WITH per_campaign AS (
            SELECT campaign_id, sum(redemptions)::bigint AS redemptions, sum(transactions)::bigint AS transactions,
                   sum(discount) AS discount, sum(revenue) AS revenue
            FROM result_days WHERE campaign_id IS NOT NULL GROUP BY campaign_id),
        live AS (
            SELECT c.id FROM campaigns c
            WHERE {CampaignFilter}
              AND c.status IN ('active', 'completed')
              AND c.scheduled_start < @WideTo AND c.scheduled_end > @WideFrom),
        ids AS (SELECT campaign_id AS id FROM per_campaign UNION SELECT id FROM live),
        measured AS (
            SELECT c.id AS campaign_id, c.name AS campaign_name, c.location_id, l.name AS location_name, l.store_number,
                   c.template_id, t.name AS template_name, c.rollout_id, c.status,
                   coalesce(p.redemptions, 0) AS redemptions, coalesce(p.transactions, 0) AS transactions,
                   coalesce(p.discount, 0) AS discount, coalesce(p.revenue, 0) AS revenue,
                   -- Store-days: the store-local dates in the range on which it was live at some point (start to end, now at most).
                   CASE WHEN c.scheduled_start IS NULL OR c.scheduled_start >= @Now THEN 0 ELSE greatest(0,
                       least(@To, ((least(coalesce(c.scheduled_end, @Now), @Now) - interval '1 microsecond') AT TIME ZONE l.time_zone)::date)
                       - greatest(@From, (c.scheduled_start AT TIME ZONE l.time_zone)::date) + 1) END AS live_days
            FROM ids
            JOIN campaigns c ON c.id = ids.id
            JOIN locations l ON l.id = c.location_id
            JOIN templates t ON t.id = c.template_id
            LEFT JOIN per_campaign p ON p.campaign_id = c.id),
        result_rows AS (
            SELECT m.*, CASE WHEN m.live_days > 0 THEN round(m.redemptions::numeric / m.live_days, 2) END AS redemptions_per_store_day
            FROM measured m
            WHERE m.redemptions > 0 OR m.live_days > 0)
        """;

    private static object Args(ResultsQuery q, CampaignScope scope, int offset = 0, int limit = 0) => new
    {
        q.BrandId, q.From, q.To, q.TemplateId, q.LocationId, q.RolloutId, q.CampaignId, Now = q.Now.UtcDateTime,
        WideFrom = q.From.AddDays(-1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        WideTo = q.To.AddDays(2).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        scope.AllBrands, scope.BrandIds, scope.LocationScope, offset, limit,
    };

    /// <summary>One page of rows, the totals over all rows and every day of the range (days without redemptions as zeros).</summary>
    public async Task<(IReadOnlyList<CampaignResultRow> Items, int Total, ResultTotals Totals, IReadOnlyList<ResultDay> ByDay)> ReadAsync(
        ResultsQuery q, CampaignScope scope, int offset, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var args = Args(q, scope, offset, limit);
        await conn.ExecuteAsync(new CommandDefinition(FillDays, args, tx, cancellationToken: ct));
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition($"""
            {Rows}
            SELECT * FROM result_rows ORDER BY {Sorts[q.Sort]} OFFSET @offset LIMIT @limit;

            {Rows}
            SELECT count(*)::int AS campaigns, count(DISTINCT location_id)::int AS locations,
                   coalesce(sum(redemptions), 0)::bigint AS redemptions, coalesce(sum(transactions), 0)::bigint AS transactions,
                   coalesce(sum(discount), 0) AS discount, coalesce(sum(revenue), 0) AS revenue
            FROM result_rows;

            WITH per_day AS (
                SELECT day, sum(redemptions)::bigint AS redemptions, sum(transactions)::bigint AS transactions,
                       sum(discount) AS discount, sum(revenue) AS revenue
                FROM result_days WHERE day IS NOT NULL GROUP BY day)
            SELECT d::date AS date, coalesce(p.redemptions, 0) AS redemptions, coalesce(p.transactions, 0) AS transactions,
                   coalesce(p.discount, 0) AS discount, coalesce(p.revenue, 0) AS revenue
            FROM generate_series(@From::timestamp, @To::timestamp, interval '1 day') d
            LEFT JOIN per_day p ON p.day = d::date
            ORDER BY d;
            """, args, tx, cancellationToken: ct));
        var items = (await results.ReadAsync<CampaignResultRow>()).ToList();
        var totals = await results.ReadSingleAsync<ResultTotals>();
        var byDay = (await results.ReadAsync<ResultDay>()).ToList();
        return (items, totals.Campaigns, totals, byDay);
    }

    /// <summary>Every row in the sort order, streamed from the server (for CSV); the connection stays open while enumerating.</summary>
    public async IAsyncEnumerable<CampaignResultRow> StreamAsync(ResultsQuery q, CampaignScope scope,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var args = Args(q, scope);
        await conn.ExecuteAsync(new CommandDefinition(FillDays, args, tx, cancellationToken: ct));
        var rows = conn.QueryUnbufferedAsync<CampaignResultRow>($"{Rows} SELECT * FROM result_rows ORDER BY {Sorts[q.Sort]}", args, tx);
        await foreach (var row in rows.WithCancellation(ct)) yield return row;
    }

    /// <summary>
    /// How well each of the given campaigns of the brand performed while live: redeemed quantity per store-day (a
    /// campaign is one store, so per day live, from its start to its end or now). Campaigns without redemptions are absent.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, decimal>> PerformanceAsync(DbConnection conn, Guid brandId, Guid[] campaignIds,
        DateTimeOffset now, CancellationToken ct) =>
        (await conn.QueryAsync<(Guid Id, decimal PerDay)>(new CommandDefinition("""
            SELECT c.id, sum(r.quantity) / greatest(1.0, extract(epoch FROM
                       least(coalesce(c.scheduled_end, @now), @now) - coalesce(c.scheduled_start, min(r.redeemed_at))) / 86400)::numeric AS per_day
            FROM campaigns c
            JOIN redemptions r ON r.campaign_id = c.id
            WHERE c.brand_id = @brandId AND c.id = ANY(@campaignIds)
            GROUP BY c.id
            """, new { brandId, campaignIds, now = now.UtcDateTime }, cancellationToken: ct)))
        .ToDictionary(x => x.Id, x => x.PerDay);
}
