using System.ComponentModel.DataAnnotations;

namespace StoreSync.Functions.Hosting;

/// <summary>Database connection. Read from the single setting STORESYNC_DB (or Database:ConnectionString).</summary>
public sealed class DatabaseOptions
{
    public const string EnvironmentVariable = "STORESYNC_DB";

    [Required(ErrorMessage = "Missing setting STORESYNC_DB: the PostgreSQL (with pgvector) connection string, e.g. Host=127.0.0.1;Port=54329;Username=postgres;Database=storesync")]
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the app starts (default true).</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
