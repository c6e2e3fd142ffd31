using System.Text.Json;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace StoreSync.Data.Imports;

public sealed record ImportListQuery(bool AllBrands, Guid[] BrandIds, Guid? BrandId, string? Status, string Sort, int Offset, int Limit);

/// <summary>import_jobs and import_errors. Reads are scoped to the caller's brands inside the SQL.</summary>
public sealed class ImportJobStore(NpgsqlDataSource db)
{
    /// <summary>How many row errors the job row itself carries; the full list is in import_errors.</summary>
    public const int ErrorsOnJob = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Select = """
        SELECT id, brand_id, status, dry_run, source, file_name, content_hash, size, total_rows, processed_rows, created, updated,
               unchanged, failed, errors::text AS errors_json, message, duplicate_of, created_by, created_at, started_at, finished_at
        FROM import_jobs j
        """;

    private const string Scope = "(@allBrands OR j.brand_id = ANY(@brandIds))";

    public async Task<ImportJobRow> InsertAsync(NewImportJob job, string status, string? message, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleAsync<ImportJobRow>(new CommandDefinition($"""
            WITH j AS (
                INSERT INTO import_jobs (id, brand_id, status, dry_run, source, file_name, content_hash, size, message, created_by, created_at,
                                         finished_at)
                VALUES (@Id, @BrandId, @status, @DryRun, @Source, @FileName, @ContentHash, @Size, @message, @CreatedBy, @CreatedAt,
                        CASE WHEN @status = 'failed' THEN @CreatedAt END)
                RETURNING *)
            {Select.Replace("FROM import_jobs j", "FROM j")}
            """, new { job.Id, job.BrandId, status, job.DryRun, job.Source, job.FileName, job.ContentHash, job.Size, message, job.CreatedBy,
            CreatedAt = job.CreatedAt.UtcDateTime }, cancellationToken: ct));
    }

    public async Task MarkRunningAsync(Guid id, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE import_jobs SET status = 'running', started_at = @now WHERE id = @id AND status = 'queued'",
            new { id, now = now.UtcDateTime }, cancellationToken: ct));
    }

    /// <summary>Progress, in its own short transaction so readers see it while the job's transaction is still open.</summary>
    public async Task ReportProgressAsync(Guid id, int processedRows, int totalRows, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE import_jobs SET processed_rows = @processedRows, total_rows = greatest(@totalRows, @processedRows) WHERE id = @id AND status = 'running'",
            new { id, processedRows, totalRows }, cancellationToken: ct));
    }

    /// <summary>The job's result and its full error list, written in the job's own transaction (with the locations).</summary>
    public static async Task CompleteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, ImportOutcome outcome, DateTimeOffset now,
        CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE import_jobs
            SET status = 'succeeded', total_rows = @TotalRows, processed_rows = @TotalRows, created = @Created, updated = @Updated,
                unchanged = @Unchanged, failed = @Failed, errors = @errors::jsonb, finished_at = @now
            WHERE id = @id
            """, new
        {
            id, outcome.TotalRows, outcome.Created, outcome.Updated, outcome.Unchanged, outcome.Failed, now = now.UtcDateTime, errors = JsonSerializer.Serialize(outcome.Errors.Take(ErrorsOnJob), Json),
        }, tx, cancellationToken: ct));
        if (outcome.Errors.Count == 0) return;
        await using var copy = await conn.BeginBinaryImportAsync(
            "COPY import_errors (import_id, seq, \"row\", \"column\", message, value) FROM STDIN (FORMAT BINARY)", ct);
        var seq = 0;
        foreach (var e in outcome.Errors)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(id, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(++seq, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(e.Row, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(e.Column, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(e.Message, NpgsqlDbType.Text, ct);
            if (e.Value is null) await copy.WriteNullAsync(ct);
            else await copy.WriteAsync(e.Value, NpgsqlDbType.Text, ct);
        }
        await copy.CompleteAsync(ct);
    }

    /// <summary>The file's hash and size once read (a blob written by another tool is hashed when its job runs).</summary>
    public async Task SetContentHashAsync(Guid id, byte[] hash, long size, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("UPDATE import_jobs SET content_hash = @hash, size = @size WHERE id = @id",
            new { id, hash, size }, cancellationToken: ct));
    }

    /// <summary>A file-level failure (corrupt, too large, no header...): nothing of the file was applied.</summary>
    public async Task FailAsync(Guid id, string message, int processedRows, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE import_jobs
            SET status = 'failed', message = @message, processed_rows = @processedRows, created = 0, updated = 0, unchanged = 0,
                started_at = coalesce(started_at, @now), finished_at = @now
            WHERE id = @id
            """, new { id, message, processedRows, now = now.UtcDateTime }, cancellationToken: ct));
    }

    /// <summary>The brand's most recent import that changed (or could have changed) its locations.</summary>
    public static Task<ImportJobRow?> LastAppliedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid brandId, CancellationToken ct) =>
        conn.QueryFirstOrDefaultAsync<ImportJobRow>(new CommandDefinition($"""
            {Select}
            WHERE j.brand_id = @brandId AND j.status = 'succeeded' AND NOT j.dry_run AND j.duplicate_of IS NULL
            ORDER BY j.finished_at DESC
            LIMIT 1
            """, new { brandId }, tx, cancellationToken: ct));

    /// <summary>
    /// The same file as the brand's last applied import: nothing is applied; the job succeeds, points at the earlier one and
    /// carries its row counts (all valid rows unchanged) and its row errors.
    /// </summary>
    public static Task CompleteAsDuplicateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, Guid earlierId, string message,
        DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            UPDATE import_jobs j
            SET status = 'succeeded', total_rows = e.total_rows, processed_rows = e.total_rows, created = 0, updated = 0,
                unchanged = e.created + e.updated + e.unchanged, failed = e.failed, errors = e.errors, message = @message,
                duplicate_of = e.id, finished_at = @now
            FROM import_jobs e
            WHERE j.id = @id AND e.id = @earlierId;
            INSERT INTO import_errors (import_id, seq, "row", "column", message, value)
            SELECT @id, seq, "row", "column", message, value FROM import_errors WHERE import_id = @earlierId;
            """, new { id, earlierId, message, now = now.UtcDateTime }, tx, cancellationToken: ct));

    public async Task<ImportJobRow?> FindAsync(Guid id, bool allBrands, Guid[] brandIds, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ImportJobRow>(new CommandDefinition(
            $"{Select} WHERE j.id = @id AND {Scope}", new { id, allBrands, brandIds }, cancellationToken: ct));
    }

    public async Task<(IReadOnlyList<ImportJobRow> Items, int Total)> ListAsync(ImportListQuery q, CancellationToken ct)
    {
        var order = q.Sort switch
        {
            "createdAt" => "j.created_at ASC, j.id",
            "fileName" => "lower(j.file_name) ASC, j.id",
            "-fileName" => "lower(j.file_name) DESC, j.id",
            _ => "j.created_at DESC, j.id DESC",
        };
        var where = $"""
            WHERE {Scope}
              AND (@brandId::uuid IS NULL OR j.brand_id = @brandId)
              AND (@status::text IS NULL OR j.status = @status)
            """;
        var args = new { allBrands = q.AllBrands, brandIds = q.BrandIds, brandId = q.BrandId, status = q.Status, offset = q.Offset, limit = q.Limit };
        await using var conn = await db.OpenConnectionAsync(ct);
        var items = (await conn.QueryAsync<ImportJobRow>(new CommandDefinition(
            $"{Select} {where} ORDER BY {order} OFFSET @offset LIMIT @limit", args, cancellationToken: ct))).ToList();
        var total = await conn.ExecuteScalarAsync<int>(new CommandDefinition($"SELECT count(*) FROM import_jobs j {where}", args, cancellationToken: ct));
        return (items, total);
    }

    /// <summary>Every row error of a job, in sheet order, streamed (a file can have 200,000 of them).</summary>
    public async IAsyncEnumerable<ImportRowError> ErrorsAsync(Guid id, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""SELECT "row", "column", message, value FROM import_errors WHERE import_id = @id ORDER BY seq""", conn);
        cmd.Parameters.AddWithValue("id", id);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            yield return new ImportRowError(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
    }

    public static ImportRowError[] ErrorsOf(ImportJobRow job) =>
        JsonSerializer.Deserialize<ImportRowError[]>(job.ErrorsJson, Json) ?? [];
}
