using System.Text.Json;
using Dapper;
using Npgsql;
using StoreSync.Data.Analytics;
using StoreSync.Data.Audit;
using StoreSync.Data.Db;

namespace StoreSync.Data.Ai;

/// <summary>Everything a prompt is built from: the campaign, its brand's voice and its location's facts.</summary>
public sealed record GenerationSource(Guid Id, Guid BrandId, Guid LocationId, string Name, string Status, int Version,
    string RenderedContent, string? GeneratedContent, string Customizations, string BrandName, string? BrandVoice, string? BrandGuidelines,
    string LocationName, string StoreNumber, string? City, string? State, string? Country, string LocationAttributes, string? TemplateName,
    string? CampaignType);

public sealed record ExampleContent(Guid CampaignId, string Name, string Content);

public sealed class GenerationStore(NpgsqlDataSource db)
{
    /// <summary>The campaign with its brand and location, or null when it does not exist or is outside the scope.</summary>
    public async Task<GenerationSource?> LoadAsync(Guid id, CampaignScope scope, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<GenerationSource>(new CommandDefinition("""
            SELECT c.id, c.brand_id, c.location_id, c.name, c.status, c.version, c.rendered_content, c.generated_content,
                   c.customizations::text AS customizations, b.name AS brand_name,
                   b.settings->>'voice' AS brand_voice, b.settings->>'guidelines' AS brand_guidelines,
                   l.name AS location_name, l.store_number, l.city, l.state, l.country, l.attributes::text AS location_attributes,
                   t.name AS template_name, t.campaign_type
            FROM campaigns c
            JOIN brands b ON b.id = c.brand_id
            JOIN locations l ON l.id = c.location_id
            LEFT JOIN templates t ON t.id = c.template_id
            WHERE c.id = @id
              AND (@AllBrands OR c.brand_id = ANY(@BrandIds))
              AND (@LocationScope::uuid[] IS NULL OR c.location_id = ANY(@LocationScope))
            """, new { id, scope.AllBrands, scope.BrandIds, scope.LocationScope }, cancellationToken: ct));
    }

    /// <summary>Ids of the given campaigns that the scope can see.</summary>
    public async Task<HashSet<Guid>> VisibleAsync(Guid[] ids, CampaignScope scope, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<Guid>(new CommandDefinition("""
            SELECT c.id FROM campaigns c
            WHERE c.id = ANY(@ids)
              AND (@AllBrands OR c.brand_id = ANY(@BrandIds))
              AND (@LocationScope::uuid[] IS NULL OR c.location_id = ANY(@LocationScope))
            """, new { ids, scope.AllBrands, scope.BrandIds, scope.LocationScope }, cancellationToken: ct))).ToHashSet();
    }

    /// <summary>Full content of example campaigns, in the order given, restricted to one brand.</summary>
    public async Task<IReadOnlyList<ExampleContent>> ExamplesAsync(Guid brandId, Guid[] ids, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<ExampleContent>(new CommandDefinition("""
            SELECT c.id AS campaign_id, c.name, coalesce(c.generated_content, c.rendered_content) AS content
            FROM campaigns c WHERE c.id = ANY(@ids) AND c.brand_id = @brandId
            """, new { ids, brandId }, cancellationToken: ct))).ToDictionary(r => r.CampaignId);
        return ids.Where(rows.ContainsKey).Select(id => rows[id]).ToList();
    }

    /// <summary>Redeemed quantity per store-day live of those of the given campaigns of the brand that have redemptions.</summary>
    public async Task<IReadOnlyDictionary<Guid, decimal>> PerformanceAsync(Guid brandId, Guid[] ids, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await CampaignResults.PerformanceAsync(conn, brandId, ids, now, ct);
    }

    /// <summary>
    /// Stores generated content and its provenance if the campaign is still editable (draft or rejected) and, when
    /// given, still at the expected version; writes the audit row in the same transaction. Returns the new version,
    /// or null when the campaign moved on meanwhile.
    /// </summary>
    public async Task<int?> SaveAsync(Guid id, Guid brandId, Guid? actorId, int? expectedVersion, string content, object provenance,
        CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var generation = JsonSerializer.Serialize(provenance, JsonSerializerOptions.Web);
        var version = await conn.ExecuteScalarAsync<int?>(new CommandDefinition("""
            UPDATE campaigns SET generated_content = @content, generation = @generation::jsonb, version = version + 1, updated_at = now()
            WHERE id = @id AND status IN ('draft', 'rejected') AND (@expectedVersion::int IS NULL OR version = @expectedVersion)
            RETURNING version
            """, new { id, content, generation, expectedVersion }, tx, cancellationToken: ct));
        if (version is null) return null;
        await AuditLog.WriteAsync(conn, tx, actorId, brandId, "generate", "campaign", id, provenance, ct);
        await tx.CommitAsync(ct);
        return version;
    }
}
