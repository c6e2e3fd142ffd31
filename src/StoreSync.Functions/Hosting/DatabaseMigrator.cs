using Microsoft.Extensions.Options;
using Npgsql;
using StoreSync.Data.Migrations;
using Microsoft.AspNetCore.Identity;
using StoreSync.Data.Users;
using StoreSync.Functions.Auth;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Problems;

namespace StoreSync.Functions.Hosting;

/// <summary>
/// Applies migrations at start-up. When the database is unreachable the app still starts (health answers 503)
/// and keeps retrying in the background, so a late database does not need a restart.
/// </summary>
public sealed class DatabaseMigrator(NpgsqlDataSource db, IOptions<DatabaseOptions> options, IServiceProvider services, ILogger<DatabaseMigrator> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _retry;

    public async Task StartAsync(CancellationToken ct)
    {
        if (!options.Value.MigrateOnStartup) return;
        if (await TryMigrateAsync(ct)) return;
        _retry = Task.Run(async () =>
        {
            while (!_stopping.IsCancellationRequested)
            {
                try { await Task.Delay(TimeSpan.FromSeconds(5), _stopping.Token); }
                catch (OperationCanceledException) { return; }
                if (await TryMigrateAsync(_stopping.Token)) return;
            }
        });
    }

    private async Task<bool> TryMigrateAsync(CancellationToken ct)
    {
        try
        {
            var applied = await MigrationRunner.ApplyAsync(db, ct);
            if (applied.Count > 0)
                logger.LogInformation("Applied {Count} migration(s): {Names}; schema version {Version}",
                    applied.Count, string.Join(", ", applied.Select(m => m.Name)), MigrationRunner.LatestVersion);
            await BootstrapAdmin.EnsureAsync(db, services.GetRequiredService<IOptions<AuthOptions>>().Value,
                services.GetRequiredService<PasswordHasher<UserRow>>(), logger, ct);
            return true;
        }
        catch (Exception e) when (ProblemExceptionHandler.IsDatabaseUnavailable(e))
        {
            logger.LogWarning("Database unavailable at start-up ({Message}); will retry migrations every 5 s", e.Message);
            return false;
        }
        catch (NpgsqlException e)
        {
            // E.g. the database named in STORESYNC_DB does not exist yet: keep serving (health says 503) and retry.
            logger.LogError("Cannot migrate the database ({Message}); will retry every 5 s", e.Message);
            return false;
        }
    }

    public async Task StopAsync(CancellationToken ct)
    {
        await _stopping.CancelAsync();
        if (_retry is not null) await _retry.WaitAsync(ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
