namespace StoreSync.Data.Imports;

public static class ImportStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

public static class ImportSource
{
    public const string Upload = "upload";
    public const string Blob = "blob";
    public const string DropFolder = "dropFolder";
}

/// <summary>
/// One row error as the user sees it: the sheet row (1-based, header counted), the column's header, a message, and the
/// offending cell's text when there is one.
/// </summary>
public sealed record ImportRowError(int Row, string Column, string Message, string? Value = null);

/// <summary>A row of import_jobs.</summary>
public sealed class ImportJobRow
{
    public Guid Id { get; init; }
    public Guid? BrandId { get; init; }
    public string Status { get; init; } = "";
    public bool DryRun { get; init; }
    public string Source { get; init; } = "";
    public string FileName { get; init; } = "";
    public byte[]? ContentHash { get; init; }
    public long Size { get; init; }
    public int TotalRows { get; init; }
    public int ProcessedRows { get; init; }
    public int Created { get; init; }
    public int Updated { get; init; }
    public int Unchanged { get; init; }
    public int Failed { get; init; }
    public string ErrorsJson { get; init; } = "[]";
    public string? Message { get; init; }
    public Guid? DuplicateOf { get; init; }
    public Guid? CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
}

/// <summary>What a new job is: whose, from where, which file.</summary>
public sealed record NewImportJob(Guid Id, Guid? BrandId, bool DryRun, string Source, string FileName, byte[]? ContentHash, long Size,
    Guid? CreatedBy, DateTimeOffset CreatedAt);

/// <summary>
/// The outcome of a job that ran to the end. Every data row is counted once: created + updated + unchanged + failed = total.
/// Failed counts rows with at least one error; a row can have several errors.
/// </summary>
public sealed record ImportOutcome(int TotalRows, int Created, int Updated, int Unchanged, int Failed, IReadOnlyList<ImportRowError> Errors);

/// <summary>The brand a file is imported into (the path or URL decides it, never the rows).</summary>
public sealed record ImportBrand(Guid Id, string Name, string Slug, string? DefaultTimeZone);
