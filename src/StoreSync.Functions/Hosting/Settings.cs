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

/// <summary>Standalone mode: the app runs without the Functions host (local development, demos, tests).</summary>
public sealed class StandaloneOptions
{
    /// <summary>Port used when FUNCTIONS_CUSTOMHANDLER_PORT is absent (setting STORESYNC_PORT or Standalone:Port).</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 7071;

    /// <summary>Address to bind in standalone mode.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Run timer functions on their function.json schedules.</summary>
    public bool RunTimers { get; set; } = true;

    /// <summary>Local folder standing in for the imports blob container (files under {brandSlug}/...).</summary>
    public string? DropFolder { get; set; }

    /// <summary>How often the drop folder is scanned.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan DropFolderPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Folder with the built front end, served at / in standalone mode.</summary>
    public string? FrontendPath { get; set; }
}
