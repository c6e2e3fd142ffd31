using Dapper;
using Npgsql;
using StoreSync.Data.Campaigns;
using StoreSync.Data.Db;

namespace StoreSync.Data.Exports;

public sealed record PeriodFigures(IReadOnlyDictionary<string, int> CreatedByStatus, int Approvals, double? MedianTimeToApprovalSeconds,
    double? P90TimeToApprovalSeconds);

public sealed record RedemptionTotals(int Redemptions, long Quantity, decimal BasketTotal, decimal Discount, int Campaigns, int Stores);

public sealed record CampaignResult(string Name, string StoreNumber, int Redemptions, long Quantity, decimal Discount);

/// <summary>The period figures of the leadership report (the dashboard's own figures come from <see cref="CampaignStats"/>).</summary>
public sealed class ReportQueries(NpgsqlDataSource db)
{
    private const string Scoped = $"{CampaignStore.InScope} AND (@brandId::uuid IS NULL OR c.brand_id = @brandId)";

    private static object Args(CampaignScope scope, Guid? brandId, DateTimeOffset from, DateTimeOffset to) =>
        new { scope.AllBrands, scope.BrandIds, scope.LocationScope, brandId, from = from.UtcDateTime, to = to.UtcDateTime };

    /// <summary>Campaigns created in [from, to) by their status now; approvals in the period and their submit → approve times.</summary>
    public async Task<PeriodFigures> PeriodAsync(CampaignScope scope, Guid? brandId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var args = Args(scope, brandId, from, to);
        await using var conn = await db.OpenConnectionAsync(ct);
        var created = (await conn.QueryAsync<(string Status, int N)>(new CommandDefinition($"""
            SELECT c.status, count(*)::int FROM campaigns c WHERE {Scoped} AND c.created_at >= @from AND c.created_at < @to GROUP BY c.status
            """, args, cancellationToken: ct))).ToDictionary(x => x.Status, x => x.N);
        var approvals = await conn.QuerySingleAsync<(int N, double? Median, double? P90)>(new CommandDefinition($"""
            SELECT count(*)::int,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.at - s.at)),
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM a.at - s.at))
            FROM campaign_history a
            JOIN campaigns c ON c.id = a.campaign_id
            CROSS JOIN LATERAL (
                SELECT h.at FROM campaign_history h
                WHERE h.campaign_id = c.id AND h.action = 'submit' AND h.at <= a.at
                ORDER BY h.at DESC LIMIT 1) s
            WHERE a.action = 'approve' AND a.at >= @from AND a.at < @to AND {Scoped}
            """, args, cancellationToken: ct));
        return new PeriodFigures(created, approvals.N, approvals.Median, approvals.P90);
    }

    /// <summary>Redemptions in [from, to) of campaigns in scope, in total and for the ten campaigns with the most.</summary>
    public async Task<(RedemptionTotals Totals, IReadOnlyList<CampaignResult> Top)> ResultsAsync(CampaignScope scope, Guid? brandId,
        DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var args = Args(scope, brandId, from, to);
        const string matching = "FROM redemptions r JOIN campaigns c ON c.id = r.campaign_id WHERE r.redeemed_at >= @from AND r.redeemed_at < @to";
        await using var conn = await db.OpenConnectionAsync(ct);
        var totals = await conn.QuerySingleAsync<RedemptionTotals>(new CommandDefinition($"""
            SELECT count(*)::int AS redemptions, coalesce(sum(r.quantity), 0)::bigint AS quantity, coalesce(sum(r.basket_total), 0) AS baskettotal,
                   coalesce(sum(r.discount), 0) AS discount, count(DISTINCT r.campaign_id)::int AS campaigns, count(DISTINCT r.location_id)::int AS stores
            {matching} AND {Scoped}
            """, args, cancellationToken: ct));
        if (totals.Redemptions == 0) return (totals, []);
        var top = (await conn.QueryAsync<CampaignResult>(new CommandDefinition($"""
            SELECT c.name, l.store_number AS storenumber, count(*)::int AS redemptions, sum(r.quantity)::bigint AS quantity, sum(r.discount) AS discount
            FROM redemptions r JOIN campaigns c ON c.id = r.campaign_id JOIN locations l ON l.id = c.location_id
            WHERE r.redeemed_at >= @from AND r.redeemed_at < @to AND {Scoped}
            GROUP BY c.id, c.name, l.store_number ORDER BY count(*) DESC, c.name LIMIT 10
            """, args, cancellationToken: ct))).ToList();
        return (totals, top);
    }
}
