using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace StoreSync.Data.Imports;

/// <summary>One parsed, valid row of a spreadsheet, on its way into the staging table.</summary>
public sealed record StagedLocation(
    int Row, string StoreNumber, string Name, string? Street, string? City, string? State, string? PostalCode, string? Country,
    string? TimeZone, double? Latitude, double? Longitude, bool? IsActive, string AttributesJson, string[] AttributesRemoved);

/// <summary>
/// Which optional columns the file has. An absent column leaves the stored value alone; a present column with an empty cell
/// clears it. Time zone and active flag are never cleared: an empty cell keeps the stored value (or the default for a new row).
/// </summary>
public sealed record StagedColumns(bool Street, bool City, bool State, bool PostalCode, bool Country, bool Latitude, bool Longitude);

public sealed record UpsertCounts(int Created, int Updated);

/// <summary>
/// The set-based half of an import: rows are binary-COPYed into a temporary staging table as they are parsed, then applied to
/// <c>locations</c> with one INSERT ... ON CONFLICT (or compared with one SELECT for a dry run), all in the caller's transaction.
/// </summary>
public static class LocationStaging
{
    public static Task CreateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            CREATE TEMP TABLE import_staging (
                id uuid NOT NULL, "row" integer NOT NULL, store_number text NOT NULL, name text NOT NULL, street text, city text,
                state text, postal_code text, country text, time_zone text, latitude double precision, longitude double precision,
                is_active boolean, attributes jsonb NOT NULL, attributes_removed text[] NOT NULL
            ) ON COMMIT DROP
            """, transaction: tx, cancellationToken: ct));

    public static async Task<NpgsqlBinaryImporter> BeginCopyAsync(NpgsqlConnection conn, CancellationToken ct) =>
        await conn.BeginBinaryImportAsync("""
            COPY import_staging (id, "row", store_number, name, street, city, state, postal_code, country, time_zone, latitude, longitude,
                                 is_active, attributes, attributes_removed) FROM STDIN (FORMAT BINARY)
            """, ct);

    public static async Task WriteAsync(NpgsqlBinaryImporter copy, StagedLocation r, CancellationToken ct)
    {
        await copy.StartRowAsync(ct);
        await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, ct);
        await copy.WriteAsync(r.Row, NpgsqlDbType.Integer, ct);
        await copy.WriteAsync(r.StoreNumber, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(r.Name, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(copy, r.Street, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(copy, r.City, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(copy, r.State, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(copy, r.PostalCode, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(copy, r.Country, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(copy, r.TimeZone, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(copy, r.Latitude, NpgsqlDbType.Double, ct);
        await WriteNullableAsync(copy, r.Longitude, NpgsqlDbType.Double, ct);
        await WriteNullableAsync(copy, r.IsActive, NpgsqlDbType.Boolean, ct);
        await copy.WriteAsync(r.AttributesJson, NpgsqlDbType.Jsonb, ct);
        await copy.WriteAsync(r.AttributesRemoved, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
    }

    /// <summary>Statistics for the planner: without them it guesses a small staging table and plans the join for that.</summary>
    public static Task AnalyzeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("ANALYZE import_staging", transaction: tx, cancellationToken: ct));

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is null) await copy.WriteNullAsync(ct);
        else await copy.WriteAsync(value, type, ct);
    }

    // The row each staged line would become: existing values fill what the file leaves out, so the upsert and the dry run
    // compare exactly the same thing. cur is the stored location (NULL for a new store number).
    private const string Proposed = """
        proposed AS (
            SELECT coalesce(cur.id, s.id) AS id, @brandId AS brand_id, s.store_number, s.name,
                   CASE WHEN @street THEN s.street ELSE cur.street END AS street,
                   CASE WHEN @city THEN s.city ELSE cur.city END AS city,
                   CASE WHEN @state THEN s.state ELSE cur.state END AS state,
                   CASE WHEN @postalCode THEN s.postal_code ELSE cur.postal_code END AS postal_code,
                   CASE WHEN @country THEN s.country ELSE cur.country END AS country,
                   coalesce(s.time_zone, cur.time_zone, @defaultTimeZone) AS time_zone,
                   CASE WHEN @latitude THEN s.latitude ELSE cur.latitude END AS latitude,
                   CASE WHEN @longitude THEN s.longitude ELSE cur.longitude END AS longitude,
                   (coalesce(cur.attributes, '{}'::jsonb) - s.attributes_removed) || s.attributes AS attributes,
                   coalesce(s.is_active, cur.is_active, true) AS is_active,
                   cur.id AS existing_id
            FROM import_staging s
            LEFT JOIN locations cur ON cur.brand_id = @brandId AND cur.store_number = s.store_number
        )
        """;

    private const string Compared = "name, street, city, state, postal_code, country, time_zone, latitude, longitude, attributes, is_active";

    private static object Args(Guid brandId, string defaultTimeZone, StagedColumns c) => new
    {
        brandId, defaultTimeZone, street = c.Street, city = c.City, state = c.State, postalCode = c.PostalCode, country = c.Country,
        latitude = c.Latitude, longitude = c.Longitude,
    };

    /// <summary>New store numbers are inserted; changed rows updated (version + 1); identical rows are not touched.</summary>
    public static async Task<UpsertCounts> ApplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid brandId, string defaultTimeZone,
        StagedColumns columns, DateTimeOffset now, CancellationToken ct)
    {
        var (created, updated) = await conn.QuerySingleAsync<(long, long)>(new CommandDefinition($"""
            WITH {Proposed},
            written AS (
                INSERT INTO locations AS l (id, brand_id, store_number, {Compared}, created_at, updated_at)
                SELECT id, brand_id, store_number, {Compared}, @now, @now FROM proposed
                ON CONFLICT (brand_id, store_number) DO UPDATE
                SET name = excluded.name, street = excluded.street, city = excluded.city, state = excluded.state,
                    postal_code = excluded.postal_code, country = excluded.country, time_zone = excluded.time_zone,
                    latitude = excluded.latitude, longitude = excluded.longitude, attributes = excluded.attributes,
                    is_active = excluded.is_active, version = l.version + 1, updated_at = @now
                WHERE (l.name, l.street, l.city, l.state, l.postal_code, l.country, l.time_zone, l.latitude, l.longitude, l.attributes, l.is_active)
                      IS DISTINCT FROM
                      (excluded.name, excluded.street, excluded.city, excluded.state, excluded.postal_code, excluded.country, excluded.time_zone,
                       excluded.latitude, excluded.longitude, excluded.attributes, excluded.is_active)
                RETURNING (xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM written
            """, Merge(Args(brandId, defaultTimeZone, columns), now), tx, cancellationToken: ct));
        return new UpsertCounts((int)created, (int)updated);
    }

    /// <summary>A dry run: the same comparison as <see cref="ApplyAsync"/>, writing nothing.</summary>
    public static async Task<UpsertCounts> CompareAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid brandId, string defaultTimeZone,
        StagedColumns columns, CancellationToken ct)
    {
        var (created, updated) = await conn.QuerySingleAsync<(long, long)>(new CommandDefinition($"""
            WITH {Proposed}
            SELECT count(*) FILTER (WHERE p.existing_id IS NULL),
                   count(*) FILTER (WHERE p.existing_id IS NOT NULL AND
                       (cur.name, cur.street, cur.city, cur.state, cur.postal_code, cur.country, cur.time_zone, cur.latitude, cur.longitude,
                        cur.attributes, cur.is_active)
                       IS DISTINCT FROM
                       (p.name, p.street, p.city, p.state, p.postal_code, p.country, p.time_zone, p.latitude, p.longitude, p.attributes, p.is_active))
            FROM proposed p LEFT JOIN locations cur ON cur.id = p.existing_id
            """, Args(brandId, defaultTimeZone, columns), tx, cancellationToken: ct));
        return new UpsertCounts((int)created, (int)updated);
    }

    private static DynamicParameters Merge(object args, DateTimeOffset now)
    {
        var p = new DynamicParameters(args);
        p.Add("now", now.UtcDateTime);
        return p;
    }

    /// <summary>Imports of one brand run one at a time (held until the caller's transaction ends).</summary>
    public static Task LockBrandAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid brandId, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended('location-import:' || @brandId::text, 0))",
            new { brandId }, tx, cancellationToken: ct));
}

/// <summary>Brand lookups for imports: by id (API) or by slug (blob folder).</summary>
public sealed class ImportBrands(NpgsqlDataSource db)
{
    private const string Select = "SELECT id, name, slug, settings->>'defaultTimeZone' AS defaulttimezone FROM brands";

    public async Task<ImportBrand?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ImportBrand>(new CommandDefinition($"{Select} WHERE id = @id", new { id }, cancellationToken: ct));
    }

    public async Task<ImportBrand?> FindBySlugAsync(string slug, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ImportBrand>(new CommandDefinition($"{Select} WHERE slug = @slug", new { slug }, cancellationToken: ct));
    }
}
