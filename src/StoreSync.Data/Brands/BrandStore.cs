using System.Data.Common;
using Dapper;
using Npgsql;
using StoreSync.Data.Db;

namespace StoreSync.Data.Brands;

// Property-style: Dapper applies the DateTimeOffset type handler (and casts uuid[] from Array) only when assigning properties.
public sealed record BrandRow
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string Slug { get; init; } = "";
    public string Settings { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public sealed record BrandListQuery(string? Q, string Sort, int Offset, int Limit);

/// <summary>Values to change; null leaves a column as it is. Settings arrive already merged and serialised.</summary>
public sealed record BrandChanges(string? Name, string? Slug, string? SettingsJson);

public sealed class BrandStore(NpgsqlDataSource db)
{
    private const string Columns = "b.id, b.name, b.slug, b.settings::text AS settings, b.created_at, b.updated_at";
    private const string InScope = "(@AllBrands OR b.id = ANY(@BrandIds))";

    public async Task<BrandRow?> FindAsync(Guid id, BrandScope scope, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<BrandRow>(new CommandDefinition(
            $"SELECT {Columns} FROM brands b WHERE b.id = @id AND {InScope}", new { id, scope.AllBrands, scope.BrandIds }, cancellationToken: ct));
    }

    public async Task<(IReadOnlyList<BrandRow> Items, int Total)> ListAsync(BrandListQuery q, BrandScope scope, CancellationToken ct)
    {
        var order = q.Sort switch
        {
            "-name" => "lower(b.name) DESC, b.id DESC",
            "slug" => "b.slug ASC",
            "-slug" => "b.slug DESC",
            "createdAt" => "b.created_at ASC, b.id ASC",
            "-createdAt" => "b.created_at DESC, b.id DESC",
            _ => "lower(b.name) ASC, b.id ASC",
        };
        var where = $"WHERE {InScope} AND (@q::text IS NULL OR lower(b.name) LIKE @q OR b.slug LIKE @q)";
        var args = new { scope.AllBrands, scope.BrandIds, q = Like.Pattern(q.Q), offset = q.Offset, limit = q.Limit };
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<BrandRow>(new CommandDefinition(
            $"SELECT {Columns} FROM brands b {where} ORDER BY {order} OFFSET @offset LIMIT @limit", args, cancellationToken: ct))).ToList();
        var total = rows.Count < q.Limit && (rows.Count > 0 || q.Offset == 0)
            ? q.Offset + rows.Count
            : await conn.ExecuteScalarAsync<int>(new CommandDefinition($"SELECT count(*) FROM brands b {where}", args, cancellationToken: ct));
        return (rows, total);
    }

    public static async Task<BrandRow> InsertAsync(DbConnection conn, DbTransaction tx, Guid id, string name, string slug, string settingsJson, CancellationToken ct) =>
        await conn.QuerySingleAsync<BrandRow>(new CommandDefinition($"""
            INSERT INTO brands AS b (id, name, slug, settings) VALUES (@id, @name, @slug, @settingsJson::jsonb)
            RETURNING {Columns}
            """, new { id, name, slug, settingsJson }, tx, cancellationToken: ct));

    /// <summary>The brand locked for update, or null when it does not exist.</summary>
    public static Task<BrandRow?> LockAsync(DbConnection conn, DbTransaction tx, Guid id, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<BrandRow>(new CommandDefinition(
            $"SELECT {Columns} FROM brands b WHERE b.id = @id FOR UPDATE", new { id }, tx, cancellationToken: ct));

    public static Task<BrandRow> UpdateAsync(DbConnection conn, DbTransaction tx, Guid id, BrandChanges c, CancellationToken ct) =>
        conn.QuerySingleAsync<BrandRow>(new CommandDefinition($"""
            UPDATE brands AS b SET name = coalesce(@Name, b.name), slug = coalesce(@Slug, b.slug),
                   settings = coalesce(@SettingsJson::jsonb, b.settings), updated_at = now()
            WHERE b.id = @id
            RETURNING {Columns}
            """, new { id, c.Name, c.Slug, c.SettingsJson }, tx, cancellationToken: ct));

    public static Task<int> CampaignCountAsync(DbConnection conn, DbTransaction tx, Guid brandId, CancellationToken ct) =>
        conn.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*) FROM campaigns WHERE brand_id = @brandId", new { brandId }, tx, cancellationToken: ct));

    public static Task<int> DeleteAsync(DbConnection conn, DbTransaction tx, Guid id, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("DELETE FROM brands WHERE id = @id", new { id }, tx, cancellationToken: ct));
}
