using System.Data.Common;
using Dapper;
using Npgsql;
using StoreSync.Data.Users;
using StoreSync.Data.Db;

namespace StoreSync.Data.Campaigns;

public sealed class CampaignStore(NpgsqlDataSource db)
{
    private const string ViewColumns = """
        SELECT c.id, c.brand_id, c.location_id, l.name AS location_name, l.store_number, l.time_zone, c.template_id, t.name AS template_name,
               c.name, c.customizations::text AS customizations, c.rendered_content, c.generated_content, c.status, c.scheduled_start, c.scheduled_end,
               c.created_by, coalesce(u.display_name, u.username) AS created_by_name, c.submitted_by, c.submitted_at, c.created_at, c.updated_at, c.version,
               c.rollout_id, c.offer::text AS offer
        """;

    private const string ViewJoins = """
        JOIN locations l ON l.id = c.location_id
        JOIN templates t ON t.id = c.template_id
        LEFT JOIN users u ON u.id = c.created_by
        """;

    private const string ViewSelect = $"{ViewColumns} FROM campaigns c {ViewJoins}";


    /// <summary>Brand scope plus, for limited location managers, location scope: the predicate of every campaign query.</summary>
    public const string InScope = "(@AllBrands OR c.brand_id = ANY(@BrandIds)) AND (@LocationScope::uuid[] IS NULL OR c.location_id = ANY(@LocationScope))";

    public static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>
    {
        ["createdAt"] = "c.created_at ASC, c.id ASC",
        ["-createdAt"] = "c.created_at DESC, c.id DESC",
        ["name"] = "lower(c.name) ASC, c.id ASC",
        ["-name"] = "lower(c.name) DESC, c.id DESC",
        ["scheduledStart"] = "c.scheduled_start ASC NULLS LAST, c.id ASC",
        ["-scheduledStart"] = "c.scheduled_start DESC NULLS LAST, c.id DESC",
        ["status"] = "c.status ASC, c.created_at DESC, c.id DESC",
        ["-status"] = "c.status DESC, c.created_at ASC, c.id ASC", // the exact reverse, so the same index serves it backwards
    };

    public async Task<CampaignView?> FindAsync(Guid id, CampaignScope scope, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await FindAsync(conn, null, id, scope, ct);
    }

    public static Task<CampaignView?> FindAsync(DbConnection conn, DbTransaction? tx, Guid id, CampaignScope scope, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<CampaignView>(new CommandDefinition($"{ViewSelect} WHERE c.id = @id AND {InScope}",
            new { id, scope.AllBrands, scope.BrandIds, scope.LocationScope }, tx, cancellationToken: ct));

    /// <summary>
    /// One page and the total. A caller of a single brand gets <c>brand_id = @brand</c> as well as the scope predicate, so
    /// the (brand_id, …) indexes deliver rows already in page order (PostgreSQL 15 cannot do that through <c>= ANY(array)</c>).
    /// Without a text search, page and total go in one round trip. With one, the total comes first (a trigram bitmap
    /// scan): few matches are collected through that index and sorted; many matches are found fast by walking the
    /// sort index, which is what the planner does anyway (its LIKE estimates cannot tell the two apart).
    /// </summary>
    public async Task<(IReadOnlyList<CampaignView> Items, int Total)> ListAsync(CampaignListQuery q, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        if (q.Q is null)
        {
            var (page, count, args) = ListSql(q);
            await using var results = await conn.QueryMultipleAsync(new CommandDefinition($"{page};\n{count}", args, cancellationToken: ct));
            var items = (await results.ReadAsync<CampaignView>()).ToList();
            return (items, await results.ReadSingleAsync<int>());
        }
        var (_, searchCount, searchArgs) = ListSql(q);
        var total = await conn.ExecuteScalarAsync<int>(new CommandDefinition(searchCount, searchArgs, cancellationToken: ct));
        if (total == 0) return ([], 0);
        var (searchPage, _, _) = ListSql(q, collectMatchesFirst: total <= FewMatches);
        return ((await conn.QueryAsync<CampaignView>(new CommandDefinition(searchPage, searchArgs, cancellationToken: ct))).ToList(), total);
    }

    /// <summary>Up to this many search matches are collected and sorted; beyond it, walking the sort index finds a page sooner.</summary>
    public const int FewMatches = 5_000;

    /// <summary>The page and count statements of a list query with their parameters (the benchmark EXPLAINs exactly these).</summary>
    public static (string Page, string Count, object Args) ListSql(CampaignListQuery q, bool collectMatchesFirst = false)
    {
        // Only the predicates in use, each a plain comparison: cheap to plan, and a prepared statement's generic plan
        // stays as good as a custom one (no "@x IS NULL OR ..." for the planner to fold on every execution).
        var singleBrand = q.BrandId ?? (!q.Scope.AllBrands && q.Scope.BrandIds.Length == 1 ? q.Scope.BrandIds[0] : null);
        var args = new DynamicParameters(new { offset = q.Offset, limit = q.Limit });
        var filters = new List<string>();
        var counters = new List<string>();
        void Filter(string predicate, string name, object value, string? counterPredicate = null)
        {
            filters.Add(predicate);
            if (counterPredicate is not null) counters.Add(counterPredicate);
            args.Add(name, value);
        }
        if (!q.Scope.AllBrands) Filter("c.brand_id = ANY(@brandIds)", "brandIds", q.Scope.BrandIds, "s.brand_id = ANY(@brandIds)");
        if (q.Scope.LocationScope is { } locationScope) Filter("c.location_id = ANY(@locationScope)", "locationScope", locationScope);
        if (singleBrand is { } brandId) Filter("c.brand_id = @brandId", "brandId", brandId, "s.brand_id = @brandId");
        if (q.Status is { } status) Filter("c.status = @status", "status", status, "s.status = @status");
        if (q.LocationId is { } locationId) Filter("c.location_id = @locationId", "locationId", locationId);
        if (q.TemplateId is { } templateId) Filter("c.template_id = @templateId", "templateId", templateId);
        if (Like.Pattern(q.Q) is { } like) Filter("lower(c.name || ' ' || c.rendered_content) LIKE @q", "q", like);
        if (q.StartsFrom is { } from) Filter("c.scheduled_start >= @startsFrom", "startsFrom", from.UtcDateTime);
        if (q.StartsTo is { } to) Filter("c.scheduled_start < @startsTo", "startsTo", to.UtcDateTime);
        var where = filters.Count == 0 ? "" : "WHERE " + string.Join(" AND ", filters);

        // OFFSET 0 fences the subquery: the planner must collect the matches before sorting them.
        var page = collectMatchesFirst
            ? $"{ViewColumns} FROM (SELECT * FROM campaigns c {where} OFFSET 0) c {ViewJoins} ORDER BY {Sorts[q.Sort]} OFFSET @offset LIMIT @limit"
            : $"{ViewSelect} {where} ORDER BY {Sorts[q.Sort]} OFFSET @offset LIMIT @limit";
        // Brand and status filters alone (the common page): the trigger-kept counters answer without counting rows.
        var count = counters.Count == filters.Count
            ? "SELECT coalesce(sum(s.n), 0)::int FROM campaign_status_counts s" + (counters.Count == 0 ? "" : " WHERE " + string.Join(" AND ", counters))
            : $"SELECT count(*)::int FROM campaigns c {where}";
        return (page, count, args);
    }

    /// <summary>
    /// Waiting for review in the given brands (null = all), oldest submission first; the caller's own submissions are
    /// left out (they may not review them). Served by the partial pendingReview indexes.
    /// </summary>
    public async Task<(IReadOnlyList<CampaignView> Items, int Total)> ReviewQueueAsync(bool allBrands, Guid[] brandIds, Guid? brandId, Guid reviewerId,
        int offset, int limit, CancellationToken ct)
    {
        const string where = """
            WHERE c.status = 'pendingReview' AND (@allBrands OR c.brand_id = ANY(@brandIds))
              AND (@brandId::uuid IS NULL OR c.brand_id = @brandId) AND c.submitted_by IS DISTINCT FROM @reviewerId
            """;
        var args = new { allBrands, brandIds, brandId, reviewerId, offset, limit };
        await using var conn = await db.OpenConnectionAsync(ct);
        var items = await conn.QueryAsync<CampaignView>(new CommandDefinition(
            $"{ViewSelect} {where} ORDER BY c.submitted_at, c.id OFFSET @offset LIMIT @limit", args, cancellationToken: ct));
        var total = await conn.ExecuteScalarAsync<int>(new CommandDefinition($"SELECT count(*) FROM campaigns c {where}", args, cancellationToken: ct));
        return (items.ToList(), total);
    }

    public static Task<CampaignStateRow?> FindStateAsync(DbConnection conn, DbTransaction? tx, Guid id, CampaignScope scope, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<CampaignStateRow>(new CommandDefinition(
            $"SELECT c.id, c.brand_id, c.status, c.submitted_by, c.version FROM campaigns c WHERE c.id = @id AND {InScope}",
            new { id, scope.AllBrands, scope.BrandIds, scope.LocationScope }, tx, cancellationToken: ct));

    /// <summary>The listed campaigns the caller can see (others simply do not come back).</summary>
    public static async Task<IReadOnlyList<CampaignStateRow>> FindStatesAsync(DbConnection conn, DbTransaction tx, Guid[] ids, CampaignScope scope,
        CancellationToken ct) =>
        (await conn.QueryAsync<CampaignStateRow>(new CommandDefinition(
            $"SELECT c.id, c.brand_id, c.status, c.submitted_by, c.version FROM campaigns c WHERE c.id = ANY(@ids) AND {InScope}",
            new { ids, scope.AllBrands, scope.BrandIds, scope.LocationScope }, tx, cancellationToken: ct))).ToList();

    /// <summary>
    /// Many campaigns of one template in one statement (unnest arrays), each with its own audit row. The customizations
    /// are shared by every row of a rollout.
    /// </summary>
    public static Task InsertManyAsync(DbConnection conn, DbTransaction tx, Guid brandId, Guid templateId, string customizationsJson,
        IReadOnlyList<NewCampaign> rows, Guid createdBy, DateTimeOffset at, string auditAction, CancellationToken ct, Guid? rolloutId = null,
        string? offerJson = null) =>
        conn.ExecuteAsync(new CommandDefinition("""
            WITH input AS (
                SELECT * FROM unnest(@ids, @locationIds, @names, @contents, @starts, @ends)
                    AS x(id, location_id, name, rendered_content, scheduled_start, scheduled_end)
            ), inserted AS (
                INSERT INTO campaigns (id, brand_id, location_id, template_id, name, customizations, rendered_content, status,
                                       scheduled_start, scheduled_end, created_by, created_at, updated_at, rollout_id, offer)
                SELECT id, @brandId, location_id, @templateId, name, @customizations::jsonb, rendered_content, 'draft',
                       scheduled_start, scheduled_end, @createdBy, @at, @at, @rolloutId, @offerJson::jsonb
                FROM input
                RETURNING id, location_id
            )
            INSERT INTO audit_log (at, actor_id, brand_id, action, entity, entity_id, details)
            SELECT @at, @createdBy, @brandId, @auditAction, 'campaign', id, jsonb_build_object('templateId', @templateId, 'locationId', location_id)
            FROM inserted
            """, new
        {
            ids = rows.Select(r => r.Id).ToArray(),
            locationIds = rows.Select(r => r.LocationId).ToArray(),
            names = rows.Select(r => r.Name).ToArray(),
            contents = rows.Select(r => r.RenderedContent).ToArray(),
            starts = rows.Select(r => r.ScheduledStart?.UtcDateTime).ToArray(),
            ends = rows.Select(r => r.ScheduledEnd?.UtcDateTime).ToArray(),
            brandId, templateId, customizations = customizationsJson, createdBy, at = at.UtcDateTime, auditAction, rolloutId, offerJson,
        }, tx, cancellationToken: ct, commandTimeout: 120));

    /// <summary>One audit row per campaign, in one statement (bulk actions).</summary>
    public static Task AuditManyAsync(DbConnection conn, DbTransaction tx, IReadOnlyList<(Guid Id, Guid BrandId)> campaigns, Guid actorId,
        string action, string? comment, DateTimeOffset at, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO audit_log (at, actor_id, brand_id, action, entity, entity_id, details)
            SELECT @at, @actorId, x.brand_id, @action, 'campaign', x.id, jsonb_build_object('comment', @comment::text, 'bulk', true)
            FROM unnest(@ids, @brandIds) AS x(id, brand_id)
            """, new
        {
            ids = campaigns.Select(c => c.Id).ToArray(), brandIds = campaigns.Select(c => c.BrandId).ToArray(), actorId, action, comment,
            at = at.UtcDateTime,
        }, tx, cancellationToken: ct));

    /// <summary>Content and dates of an editable campaign; conditional on the version read, so a concurrent change wins (0 rows).</summary>
    public static async Task<bool> UpdateContentAsync(DbConnection conn, DbTransaction tx, Guid id, int readVersion, string name,
        string customizationsJson, string renderedContent, DateTimeOffset? start, DateTimeOffset? end, string[] editableStatuses, DateTimeOffset at,
        CancellationToken ct, string? generatedContent = null, string? offerJson = null) =>
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE campaigns SET name = @name, customizations = @customizationsJson::jsonb, rendered_content = @renderedContent,
                   generated_content = CASE WHEN @generatedContent::text IS NULL THEN generated_content ELSE nullif(@generatedContent, '') END,
                   scheduled_start = @start, scheduled_end = @end, offer = coalesce(@offerJson::jsonb, offer), version = version + 1, updated_at = @at
            WHERE id = @id AND version = @readVersion AND status = ANY(@editableStatuses)
            """, new
        {
            id, readVersion, name, customizationsJson, renderedContent, start = start?.UtcDateTime, end = end?.UtcDateTime,
            editableStatuses, at = at.UtcDateTime, generatedContent, offerJson,
        }, tx, cancellationToken: ct)) == 1;

    public static async Task<bool> DeleteAsync(DbConnection conn, DbTransaction tx, Guid id, int readVersion, string status, CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition(
            "DELETE FROM campaigns WHERE id = @id AND version = @readVersion AND status = @status",
            new { id, readVersion, status }, tx, cancellationToken: ct)) == 1;

    /// <summary>Newest first; the sweep's transitions have no actor.</summary>
    public async Task<IReadOnlyList<CampaignHistoryRow>> HistoryAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<CampaignHistoryRow>(new CommandDefinition("""
            SELECT h.from_status, h.to_status, h.action, h.actor_id AS actor, coalesce(u.display_name, u.username) AS actor_name, h.comment, h.at
            FROM campaign_history h LEFT JOIN users u ON u.id = h.actor_id
            WHERE h.campaign_id = @id
            ORDER BY h.at DESC, h.id DESC
            """, new { id }, cancellationToken: ct))).ToList();
    }

    // ---- locations as render input ----------------------------------------------------------------------------

    private const string LocationSelect = """
        SELECT l.id, l.brand_id, b.name AS brand_name, l.name, l.store_number, l.street, l.city, l.state, l.postal_code, l.country,
               l.time_zone, l.attributes::text AS attributes, l.is_active
        FROM locations l JOIN brands b ON b.id = l.brand_id
        """;

    private const string LocationInScope =
        "(@AllBrands OR l.brand_id = ANY(@BrandIds)) AND (@LocationScope::uuid[] IS NULL OR l.id = ANY(@LocationScope))";

    /// <summary>A location of the brand that the caller can see, or null (→ 404).</summary>
    public static Task<LocationRenderRow?> FindLocationAsync(DbConnection conn, DbTransaction? tx, Guid id, Guid? brandId, CampaignScope scope,
        CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<LocationRenderRow>(new CommandDefinition(
            $"{LocationSelect} WHERE l.id = @id AND (@brandId::uuid IS NULL OR l.brand_id = @brandId) AND {LocationInScope}",
            new { id, brandId, scope.AllBrands, scope.BrandIds, scope.LocationScope }, tx, cancellationToken: ct));

    public static async Task<IReadOnlyList<LocationRenderRow>> FindLocationsAsync(DbConnection conn, DbTransaction tx, Guid[] ids, Guid brandId,
        CampaignScope scope, CancellationToken ct) =>
        (await conn.QueryAsync<LocationRenderRow>(new CommandDefinition(
            $"{LocationSelect} WHERE l.id = ANY(@ids) AND l.brand_id = @brandId AND {LocationInScope}",
            new { ids, brandId, scope.AllBrands, scope.BrandIds, scope.LocationScope }, tx, cancellationToken: ct))).ToList();

    /// <summary>Visible locations of the brand matching the filter, at most <paramref name="limit"/> (the caller asks for one more than it allows).</summary>
    public static async Task<IReadOnlyList<LocationRenderRow>> FilterLocationsAsync(DbConnection conn, DbTransaction tx, Guid brandId, LocationFilter f,
        CampaignScope scope, int limit, CancellationToken ct) =>
        (await conn.QueryAsync<LocationRenderRow>(new CommandDefinition($"""
            {LocationSelect}
            WHERE l.brand_id = @brandId AND {LocationInScope}
              AND (@isActive::boolean IS NULL OR l.is_active = @isActive)
              AND (@q::text IS NULL OR l.search_text LIKE @q)
              AND (@city::text IS NULL OR lower(l.city) = lower(@city))
              AND (@state::text IS NULL OR lower(l.state) = lower(@state))
              AND (@timeZone::text IS NULL OR l.time_zone = @timeZone)
              AND (@attributes::jsonb IS NULL OR l.attributes @> @attributes::jsonb)
            ORDER BY l.store_number, l.id
            LIMIT @limit
            """, new
        {
            brandId, scope.AllBrands, scope.BrandIds, scope.LocationScope, isActive = f.IsActive, q = Like.Pattern(f.Q), city = f.City,
            state = f.State, timeZone = f.TimeZone, attributes = f.AttributesJson, limit,
        }, tx, cancellationToken: ct, commandTimeout: 60))).ToList();
}
