using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using StoreSync.Data.Imports;

namespace StoreSync.Functions.Imports;

/// <summary>An uploaded file waiting for the worker, kept in a temporary file (the request that brought it is long gone).</summary>
public sealed record ImportWork(ImportJobRow Job, ImportBrand Brand, string FilePath);

/// <summary>
/// The bounded in-process queue behind uploads: the request records the job and answers 202 at once; one background worker
/// runs jobs one after another. A slot is reserved before the file is saved, so a full queue answers 429 before any work.
/// </summary>
public sealed class ImportQueue(IOptions<ImportOptions> options)
{
    private readonly Channel<ImportWork> _channel = Channel.CreateUnbounded<ImportWork>(new UnboundedChannelOptions { SingleReader = true });
    private int _reserved;

    public ChannelReader<ImportWork> Reader => _channel.Reader;

    public bool TryReserve()
    {
        if (Interlocked.Increment(ref _reserved) <= options.Value.QueueCapacity) return true;
        Interlocked.Decrement(ref _reserved);
        return false;
    }

    public void Release() => Interlocked.Decrement(ref _reserved);

    /// <summary>Hands a reserved slot's work to the worker.</summary>
    public void Enqueue(ImportWork work)
    {
        if (!_channel.Writer.TryWrite(work)) throw new InvalidOperationException("The import queue is closed.");
    }

    /// <summary>Copies an upload to a temporary file, hashing it on the way (SHA-256 recognises a file imported before).</summary>
    public static async Task<(string Path, byte[] Hash)> SaveAsync(IFormFile file, CancellationToken ct)
    {
        var folder = Path.Combine(Path.GetTempPath(), "storesync-imports");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".upload");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var source = file.OpenReadStream();
        await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        return (path, sha.GetHashAndReset());
    }
}

/// <summary>Runs queued uploads one at a time. Jobs still waiting when the app stops are marked failed (their files are temporary).</summary>
public sealed class ImportWorker(ImportQueue queue, LocationImporter importer, ImportJobStore jobs, TimeProvider time, ILogger<ImportWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var work in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var content = new FileStream(work.FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920,
                    FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                var done = await importer.RunAsync(work.Job, work.Brand, content, stoppingToken);
                logger.LogInformation("{Summary}", LocationImporter.Summary(done));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Import {ImportId} could not run", work.Job.Id);
            }
            finally
            {
                queue.Release();
                File.Delete(work.FilePath);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        while (queue.Reader.TryRead(out var work))
        {
            File.Delete(work.FilePath);
            try
            {
                await jobs.FailAsync(work.Job.Id, "The server stopped before this import ran; nothing was applied. Import the file again.", 0,
                    time.GetUtcNow(), cancellationToken);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Could not mark import {ImportId} as failed", work.Job.Id);
            }
        }
    }
}
