using Dapper;
using Npgsql;

namespace StoreSync.Data.Audit;

/// <summary>One audit row as the viewer shows it (the actor's name joined; null when the user is gone or it was the system).</summary>
public sealed class AuditEntryRow
{
    public long Id { get; init; }
    public DateTimeOffset At { get; init; }
    public Guid? ActorId { get; init; }
    public string? ActorName { get; init; }
    public Guid? BrandId { get; init; }
    public string Action { get; init; } = "";
    public string EntityType { get; init; } = "";
    public Guid? EntityId { get; init; }
    public string Details { get; init; } = "{}";
}

/// <summary>
/// Filters of the audit viewer. <c>AllBrands</c> (admins) sees every row, brand-less ones (users, sign-ins) included; otherwise
/// only rows of <c>BrandIds</c>.
/// </summary>
public sealed record AuditQuery(bool AllBrands, Guid[] BrandIds, Guid? BrandId, string? EntityType, Guid? EntityId, Guid? ActorId, string? Action,
    DateTimeOffset? From, DateTimeOffset? To);

/// <summary>The read side of <see cref="AuditLog"/>: newest first, (at DESC, id DESC), served by the audit_log_*_at indexes.</summary>
public sealed class AuditQueries(NpgsqlDataSource db)
{
    private const string Columns = """
        SELECT a.id, a.at, a.actor_id, coalesce(u.display_name, u.username) AS actor_name, a.brand_id, a.action, a.entity AS entity_type,
               a.entity_id, a.details::text AS details
        FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
        """;

    public async Task<(IReadOnlyList<AuditEntryRow> Items, int Total)> PageAsync(AuditQuery q, int offset, int limit, CancellationToken ct)
    {
        var (where, args) = Where(q);
        args.Add("offset", offset);
        args.Add("limit", limit);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition($"""
            {Columns} {where} ORDER BY a.at DESC, a.id DESC OFFSET @offset LIMIT @limit;
            SELECT count(*)::int FROM audit_log a {where}
            """, args, cancellationToken: ct));
        var items = (await results.ReadAsync<AuditEntryRow>()).ToList();
        return (items, await results.ReadSingleAsync<int>());
    }

    /// <summary>Every matching row, newest first, read as the caller consumes it (never the whole log in memory).</summary>
    public async IAsyncEnumerable<AuditEntryRow> StreamAsync(AuditQuery q, int maxRows,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var (where, args) = Where(q);
        args.Add("limit", maxRows);
        await using var conn = await db.OpenConnectionAsync(ct);
        await foreach (var row in conn.QueryUnbufferedAsync<AuditEntryRow>($"{Columns} {where} ORDER BY a.at DESC, a.id DESC LIMIT @limit", args)
                           .WithCancellation(ct))
            yield return row;
    }

    // Only the predicates in use, so each combination gets the plan of its own index (as CampaignStore.ListSql does).
    private static (string Where, DynamicParameters Args) Where(AuditQuery q)
    {
        var args = new DynamicParameters();
        var filters = new List<string>();
        void Filter(string predicate, string name, object value)
        {
            filters.Add(predicate);
            args.Add(name, value);
        }
        if (!q.AllBrands) Filter("a.brand_id = ANY(@brandIds)", "brandIds", q.BrandIds);
        if (q.BrandId is { } brandId) Filter("a.brand_id = @brandId", "brandId", brandId);
        if (q.EntityType is { } entity) Filter("a.entity = @entityType", "entityType", entity);
        if (q.EntityId is { } entityId) Filter("a.entity_id = @entityId", "entityId", entityId);
        if (q.ActorId is { } actorId) Filter("a.actor_id = @actorId", "actorId", actorId);
        if (q.Action is { } action) Filter("a.action = @action", "action", action);
        if (q.From is { } from) Filter("a.at >= @from", "from", from.UtcDateTime);
        if (q.To is { } to) Filter("a.at < @to", "to", to.UtcDateTime);
        return (filters.Count == 0 ? "" : "WHERE " + string.Join(" AND ", filters), args);
    }
}
