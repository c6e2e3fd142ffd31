using System.Data.Common;
using Dapper;
using Npgsql;
using StoreSync.Data.Db;

namespace StoreSync.Data.Templates;

/// <summary>A template as stored; <see cref="Variables"/> is the declared-variables JSON array.</summary>
public sealed class TemplateRow
{
    public Guid Id { get; init; }
    public Guid BrandId { get; init; }
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public string CampaignType { get; init; } = "";
    public string Content { get; init; } = "";
    public string Variables { get; init; } = "[]";
    public bool IsActive { get; init; }
    public int Version { get; init; }
    public Guid? CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>The default offer (contract shape JSON), or null.</summary>
    public string? Offer { get; init; }
}

public sealed record TemplateListQuery(BrandScope Scope, Guid? BrandId, string? CampaignType, bool? IsActive, string? Q, string Sort, int Offset, int Limit);

public sealed record TemplateWrite(string Name, string? Description, string CampaignType, string Content, string Variables, bool IsActive,
    string? Offer = null);

public enum TemplateDeleteOutcome { Deleted, NotFound, InUse }

public sealed class TemplateStore(NpgsqlDataSource db)
{
    private const string Columns = """
        t.id, t.brand_id, t.name, t.description, t.campaign_type, t.content, t.variables::text AS variables, t.is_active, t.version,
        t.created_by, t.created_at, t.updated_at, t.offer::text AS offer
        """;

    private const string InScope = "(@AllBrands OR t.brand_id = ANY(@BrandIds))";

    public static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>
    {
        ["name"] = "lower(t.name) ASC, t.id",
        ["-name"] = "lower(t.name) DESC, t.id DESC",
        ["createdAt"] = "t.created_at ASC, t.id",
        ["-createdAt"] = "t.created_at DESC, t.id DESC",
    };

    public async Task<TemplateRow?> FindAsync(Guid id, BrandScope scope, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await FindAsync(conn, null, id, scope, ct);
    }

    public static Task<TemplateRow?> FindAsync(DbConnection conn, DbTransaction? tx, Guid id, BrandScope scope, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<TemplateRow>(new CommandDefinition(
            $"SELECT {Columns} FROM templates t WHERE t.id = @id AND {InScope}",
            new { id, scope.AllBrands, scope.BrandIds }, tx, cancellationToken: ct));

    public async Task<(IReadOnlyList<TemplateRow> Items, int Total)> ListAsync(TemplateListQuery q, CancellationToken ct)
    {
        var where = $"""
            WHERE {InScope}
              AND (@brandId::uuid IS NULL OR t.brand_id = @brandId)
              AND (@campaignType::text IS NULL OR t.campaign_type = @campaignType)
              AND (@isActive::boolean IS NULL OR t.is_active = @isActive)
              AND (@q::text IS NULL OR lower(t.name || ' ' || coalesce(t.description, '')) LIKE @q OR lower(t.name || ' ' || t.content) LIKE @q)
            """;
        var args = new
        {
            q.Scope.AllBrands, q.Scope.BrandIds, brandId = q.BrandId, campaignType = q.CampaignType, isActive = q.IsActive,
            q = Like.Pattern(q.Q), offset = q.Offset, limit = q.Limit,
        };
        await using var conn = await db.OpenConnectionAsync(ct);
        var items = await conn.QueryAsync<TemplateRow>(new CommandDefinition(
            $"SELECT {Columns} FROM templates t {where} ORDER BY {Sorts[q.Sort]} OFFSET @offset LIMIT @limit", args, cancellationToken: ct));
        var total = await conn.ExecuteScalarAsync<int>(new CommandDefinition($"SELECT count(*) FROM templates t {where}", args, cancellationToken: ct));
        return (items.ToList(), total);
    }

    public static Task InsertAsync(DbConnection conn, DbTransaction tx, Guid id, Guid brandId, TemplateWrite w, Guid createdBy, DateTimeOffset at,
        CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO templates (id, brand_id, name, description, campaign_type, content, variables, is_active, created_by, created_at, updated_at, offer)
            VALUES (@id, @brandId, @Name, @Description, @CampaignType, @Content, @Variables::jsonb, @IsActive, @createdBy, @at, @at, @Offer::jsonb)
            """, new { id, brandId, w.Name, w.Description, w.CampaignType, w.Content, w.Variables, w.IsActive, createdBy, at = at.UtcDateTime, w.Offer },
            tx, cancellationToken: ct));

    /// <summary>Conditional on the version read (and If-Match); 0 rows → the caller re-reads to tell 404/412 apart.</summary>
    public static async Task<bool> UpdateAsync(DbConnection conn, DbTransaction tx, Guid id, int readVersion, TemplateWrite w, DateTimeOffset at,
        CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE templates SET name = @Name, description = @Description, campaign_type = @CampaignType, content = @Content,
                   variables = @Variables::jsonb, is_active = @IsActive, offer = @Offer::jsonb, version = version + 1, updated_at = @at
            WHERE id = @id AND version = @readVersion
            """, new { id, readVersion, w.Name, w.Description, w.CampaignType, w.Content, w.Variables, w.IsActive, at = at.UtcDateTime, w.Offer },
            tx, cancellationToken: ct)) == 1;

    /// <summary>Deletes a template nobody uses; one with campaigns stays (deactivate it instead).</summary>
    public static async Task<TemplateDeleteOutcome> DeleteAsync(DbConnection conn, DbTransaction tx, Guid id, CancellationToken ct)
    {
        var outcome = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition("""
            WITH target AS (SELECT id FROM templates WHERE id = @id FOR UPDATE),
                 deleted AS (
                    DELETE FROM templates t USING target
                    WHERE t.id = target.id AND NOT EXISTS (SELECT 1 FROM campaigns c WHERE c.template_id = target.id)
                    RETURNING t.id)
            SELECT CASE WHEN EXISTS (SELECT 1 FROM deleted) THEN 'deleted' WHEN EXISTS (SELECT 1 FROM target) THEN 'inUse' END
            """, new { id }, tx, cancellationToken: ct));
        return outcome switch { "deleted" => TemplateDeleteOutcome.Deleted, "inUse" => TemplateDeleteOutcome.InUse, _ => TemplateDeleteOutcome.NotFound };
    }
}
