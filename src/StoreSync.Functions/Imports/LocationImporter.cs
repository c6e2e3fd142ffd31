using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Npgsql;
using StoreSync.Data.Audit;
using StoreSync.Data.Imports;
using StoreSync.Functions.Common.Problems;

namespace StoreSync.Functions.Imports;

public sealed class ImportOptions
{
    /// <summary>Largest file accepted (uploads answer 413; blobs and dropped files become a failed job).</summary>
    [Range(1, 100L * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Most data rows in one file.</summary>
    [Range(1, 1_000_000)]
    public int MaxRows { get; set; } = 200_000;

    /// <summary>processed_rows is written every this many rows while a job runs.</summary>
    [Range(1, 1_000_000)]
    public int ProgressEvery { get; set; } = 5_000;

    /// <summary>
    /// Most bytes any part of an .xlsx other than a worksheet may unpack to. The reader holds these (shared strings,
    /// styles) in memory, so this bounds the memory an accepted file can take.
    /// </summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxXlsxPartBytes { get; set; } = 48L * 1024 * 1024;

    /// <summary>Most bytes a worksheet part of an .xlsx may unpack to (read streaming, row by row).</summary>
    [Range(1024, 4L * 1024 * 1024 * 1024)]
    public long MaxXlsxSheetBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Most bytes all parts of an .xlsx may unpack to together.</summary>
    [Range(1024, 8L * 1024 * 1024 * 1024)]
    public long MaxXlsxTotalBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Longest cell, in characters (Excel's own limit is 32,767).</summary>
    [Range(100, 1_000_000)]
    public int MaxCellChars { get; set; } = 32_767;

    /// <summary>Time zone of new locations whose row has none, unless the brand's settings name a defaultTimeZone.</summary>
    public string DefaultTimeZone { get; set; } = "America/New_York";
}

/// <summary>The file of a job as received: its name, size and SHA-256.</summary>
public sealed record ImportFile(string FileName, long Size, byte[]? Hash);

/// <summary>
/// The one import service behind both entrances (upload and blob, which meet in <see cref="ImportBlobs"/>). A job is recorded first, then run:
/// the sheet is streamed row by row into a staging table and applied with one set-based upsert, all in ONE transaction, so a
/// job either applies every valid row or nothing (a file-level failure leaves no trace in locations).
/// </summary>
public sealed class LocationImporter(
    NpgsqlDataSource db, ImportJobStore jobs, IOptions<ImportOptions> options, TimeProvider time, ILogger<LocationImporter> logger)
{
    /// <summary>Records a job: queued, or failed at once when the file is refused before reading (name, size, no brand).</summary>
    public Task<ImportJobRow> SubmitAsync(Guid? brandId, string source, ImportFile file, bool dryRun, Guid? createdBy, string? refusal,
        CancellationToken ct)
    {
        refusal ??= Refusal(file);
        return jobs.InsertAsync(new NewImportJob(Guid.CreateVersion7(), brandId, dryRun, source, file.FileName, file.Hash, file.Size, createdBy,
            time.GetUtcNow()), refusal is null ? ImportStatus.Queued : ImportStatus.Failed, refusal, ct);
    }

    public string? Refusal(ImportFile file)
    {
        var extension = Path.GetExtension(file.FileName).ToLowerInvariant();
        if (!SheetReader.Extensions.Contains(extension))
            return $"Only .xlsx, .xls and .csv files can be imported; '{file.FileName}' is not one of them.";
        if (file.Size == 0) return $"'{file.FileName}' is empty (0 bytes).";
        var max = options.Value.MaxFileBytes;
        return file.Size > max ? $"'{file.FileName}' is {file.Size:N0} bytes; the limit is {max:N0} bytes (setting Imports:MaxFileBytes)." : null;
    }

    /// <summary>Ends a job that cannot run (its file could not be stored or read).</summary>
    public Task FailAsync(ImportJobRow job, string message, CancellationToken ct) =>
        jobs.FailAsync(job.Id, message, 0, time.GetUtcNow(), ct);

    /// <summary>Runs a queued job to the end. File problems fail the job (never throw); the job row is returned as it ended.</summary>
    public async Task<ImportJobRow> RunAsync(ImportJobRow job, ImportBrand brand, Stream content, CancellationToken ct)
    {
        await jobs.MarkRunningAsync(job.Id, time.GetUtcNow(), ct);
        var progress = new Progress();
        try
        {
            await ImportAsync(job, brand, content, progress, ct);
        }
        catch (ImportFailedException e)
        {
            await jobs.FailAsync(job.Id, e.Message, progress.Rows, time.GetUtcNow(), CancellationToken.None);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await jobs.FailAsync(job.Id, "The import was interrupted (the server stopped); nothing was applied. Import the file again.",
                progress.Rows, time.GetUtcNow(), CancellationToken.None);
        }
        catch (Exception e) when (!ProblemExceptionHandler.IsDatabaseUnavailable(e))
        {
            logger.LogError(e, "Import {ImportId} of {FileName} failed", job.Id, job.FileName);
            await jobs.FailAsync(job.Id, $"The import failed unexpectedly and nothing was applied ({e.GetType().Name}). Try again or contact support.",
                progress.Rows, time.GetUtcNow(), CancellationToken.None);
        }
        return (await jobs.FindAsync(job.Id, true, [], CancellationToken.None))!;
    }

    private sealed class Progress
    {
        public int Rows;
    }

    private async Task ImportAsync(ImportJobRow job, ImportBrand brand, Stream content, Progress progress, CancellationToken ct)
    {
        var opts = options.Value;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await LocationStaging.LockBrandAsync(conn, tx, brand.Id, ct);
        if (!job.DryRun && await ImportJobStore.LastAppliedAsync(conn, tx, brand.Id, ct) is { } last &&
            job.ContentHash is not null && last.ContentHash is not null && last.ContentHash.AsSpan().SequenceEqual(job.ContentHash))
        {
            var message = $"identical to import {last.Id} of {last.FinishedAt:yyyy-MM-dd HH:mm:ss}Z; nothing applied";
            await ImportJobStore.CompleteAsDuplicateAsync(conn, tx, job.Id, last.Id, message, time.GetUtcNow(), ct);
            await tx.CommitAsync(ct);
            return;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await LocationStaging.CreateAsync(conn, tx, ct);
        var errors = new List<ImportRowError>();
        int rows = 0, failed = 0;
        StagedColumns present;
        using (var sheet = SheetReader.Open(content, Path.GetExtension(job.FileName), SheetLimits.From(opts)))
        {
            var parser = new LocationRowParser(brand, ImportColumns.Map(ReadHeader(sheet)));
            present = parser.Present;
            var estimate = Math.Max(0, sheet.EstimatedRows - sheet.RowNumber);
            await jobs.ReportProgressAsync(job.Id, 0, estimate, ct);
            await using var copy = await LocationStaging.BeginCopyAsync(conn, ct);
            while (sheet.Read())
            {
                if (sheet.IsEmptyRow()) continue;
                if (++rows > opts.MaxRows)
                    throw new ImportFailedException($"The file has more than {opts.MaxRows:N0} data rows (setting Imports:MaxRows); split it into smaller files.");
                if (parser.Parse(sheet, errors) is { } staged) await LocationStaging.WriteAsync(copy, staged, ct);
                else failed++;
                progress.Rows = rows;
                if (rows % opts.ProgressEvery == 0) await jobs.ReportProgressAsync(job.Id, rows, estimate, ct);
            }
            await copy.CompleteAsync(ct);
        }
        if (rows == 0) throw new ImportFailedException("The file has a header row but no data rows.");
        await LocationStaging.AnalyzeAsync(conn, tx, ct);
        var stagedIn = clock.Elapsed;

        var defaultTimeZone = (brand.DefaultTimeZone is { } tz ? LocationRowParser.CanonicalTimeZone(tz) : null) ?? opts.DefaultTimeZone;
        var counts = job.DryRun
            ? await LocationStaging.CompareAsync(conn, tx, brand.Id, defaultTimeZone, present, ct)
            : await LocationStaging.ApplyAsync(conn, tx, brand.Id, defaultTimeZone, present, time.GetUtcNow(), ct);
        var outcome = new ImportOutcome(rows, counts.Created, counts.Updated, rows - failed - counts.Created - counts.Updated, failed, errors);
        await ImportJobStore.CompleteAsync(conn, tx, job.Id, outcome, time.GetUtcNow(), ct);
        if (!job.DryRun)
            await AuditLog.WriteAsync(conn, tx, job.CreatedBy, brand.Id, "import", "locations", job.Id,
                new { job.FileName, job.Source, outcome.TotalRows, outcome.Created, outcome.Updated, outcome.Unchanged, outcome.Failed }, ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Import {ImportId}: {Rows} rows read and staged in {StagedMs:F0} ms, applied and committed in {AppliedMs:F0} ms",
            job.Id, rows, stagedIn.TotalMilliseconds, (clock.Elapsed - stagedIn).TotalMilliseconds);
    }

    /// <summary>The first non-empty row is the header.</summary>
    private static List<string?> ReadHeader(SheetReader sheet)
    {
        while (sheet.Read())
        {
            if (sheet.IsEmptyRow()) continue;
            var headers = new List<string?>(sheet.FieldCount);
            for (var i = 0; i < sheet.FieldCount; i++) headers.Add(SheetReader.Text(sheet.Value(i)));
            return headers;
        }
        throw new ImportFailedException("The file has no rows; the first non-empty row must be the header (storeNumber, name, ...).");
    }

    /// <summary>One line for logs and the blob function's answer.</summary>
    public static string Summary(ImportJobRow job) => job.Status == ImportStatus.Failed
        ? $"Import {job.Id} of '{job.FileName}' failed: {job.Message}"
        : $"Import {job.Id} of '{job.FileName}' {job.Status}{(job.DryRun ? " (dry run)" : "")}: {job.TotalRows} rows, {job.Created} created, " +
          $"{job.Updated} updated, {job.Unchanged} unchanged, {job.Failed} failed{(job.Message is null ? "" : $" ({job.Message})")}";
}
