using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using StoreSync.Data.Imports;
using StoreSync.Functions.Imports;

namespace StoreSync.Bench;

/// <summary>
/// Location imports, calling the import service (LocationImporter) directly — the code every entrance runs — on a fresh database:
/// a 100,000-row CSV of new locations (target < 15 s, within 4× of a plain binary COPY of the same rows into locations, and
/// under 500 MB peak memory), and a 50,000-row .xlsx (target < 20 s). Then the same CSV the way users send it: uploaded over
/// HTTP to the development host, written to Azurite, delivered by the blob trigger and imported, to a finished job (target:
/// within 1.5× the import without storage). Needs Azurite (scripts/azurite.sh) and AzureWebJobsStorage.
/// </summary>
public static class ImportsBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var csvRows = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 100_000;
        var xlsxRows = args.Length > 1 && int.TryParse(args[1], out var m) ? m : 50_000;
        await using var db = await BenchDatabase.CreateAsync("imports");
        var importer = new LocationImporter(db.DataSource, new ImportJobStore(db.DataSource), Options.Create(new ImportOptions()),
            TimeProvider.System, Logging.CreateLogger<LocationImporter>());
        var work = Directory.CreateTempSubdirectory("storesync-bench-imports");
        try
        {
            var csv = Path.Combine(work.FullName, "stores.csv");
            await File.WriteAllTextAsync(csv, Csv(csvRows));
            var xlsx = Path.Combine(work.FullName, "stores.xlsx");
            await using (var f = File.Create(xlsx)) XlsxWriter.Write(f, "Stores", Rows(xlsxRows).Prepend(Header));
            Console.WriteLine($"files: {csvRows:N0}-row CSV {new FileInfo(csv).Length / 1e6:F1} MB, {xlsxRows:N0}-row xlsx {new FileInfo(xlsx).Length / 1e6:F1} MB");

            // Warm-up: JIT, connection pool, plan cache.
            var warm = Path.Combine(work.FullName, "warm.csv");
            await File.WriteAllTextAsync(warm, Csv(2_000));
            await ImportAsync(db, importer, "warm-up", warm);

            // Give memory from generating the files back to the OS, so the working set before the import is the app's own.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var baseline = Process.GetCurrentProcess().WorkingSet64;
            using var sampler = new PeakSampler();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var (csvTime, csvJob) = await ImportAsync(db, importer, "csv", csv);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var peak = sampler.Stop() - baseline;

            var copyTime = await CopyBaselineAsync(db, csvRows);
            var (xlsxTime, xlsxJob) = await ImportAsync(db, importer, "xlsx", xlsx);

            var ratio = csvTime.TotalSeconds / copyTime.TotalSeconds;
            Console.WriteLine($"{csvRows:N0}-row CSV import (new rows): {csvTime.TotalSeconds:F2} s, {csvJob.Created:N0} created (target < 15 s) {Stats.Verdict(csvTime.TotalSeconds < 15 && csvJob.Created == csvRows)}");
            Console.WriteLine($"  (app-side CPU time of that import: {cpu.TotalSeconds:F2} s; load average now {LoadAverage()})");
            Console.WriteLine($"binary COPY of the same rows into locations: {copyTime.TotalSeconds:F2} s; import/COPY = {ratio:F2}x (target <= 4x) {Stats.Verdict(ratio <= 4)}");
            Console.WriteLine($"peak working set during the CSV import: +{peak / 1e6:F0} MB over {baseline / 1e6:F0} MB before (target < 500 MB) {Stats.Verdict(peak < 500e6)}");
            Console.WriteLine($"{xlsxRows:N0}-row xlsx import (new rows): {xlsxTime.TotalSeconds:F2} s, {xlsxJob.Created:N0} created (target < 20 s) {Stats.Verdict(xlsxTime.TotalSeconds < 20 && xlsxJob.Created == xlsxRows)}");

            var (uploadTime, created) = await UploadThroughStorageAsync(db, csv);
            var storageRatio = uploadTime.TotalSeconds / csvTime.TotalSeconds;
            Console.WriteLine($"{csvRows:N0}-row CSV uploaded over HTTP, through Azurite and the blob trigger, to a finished job: {uploadTime.TotalSeconds:F2} s, " +
                              $"{created:N0} created; {storageRatio:F2}x the import without storage (target <= 1.5x) {Stats.Verdict(storageRatio <= 1.5 && created == csvRows)}");
            Console.WriteLine($"  (load average now {LoadAverage()})");
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>POST the file as a user does, then poll its job until it ends: upload, blob write, trigger, download, import.</summary>
    private static async Task<(TimeSpan Elapsed, int Created)> UploadThroughStorageAsync(BenchDatabase db, string csv)
    {
        var storage = Environment.GetEnvironmentVariable("AzureWebJobsStorage") ?? "UseDevelopmentStorage=true";
        var container = "bench-imports-" + Guid.NewGuid().ToString("N")[..10];
        var slug = "bench-upload-" + Guid.NewGuid().ToString("N")[..10];
        var brandId = Guid.CreateVersion7();
        await using (var conn = await db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("INSERT INTO brands (id, name, slug) VALUES (@brandId, @slug, @slug)", new { brandId, slug });
        await using var app = new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<StoreSync.LocalHost.LocalHostEntryPoint>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseContentRoot(AppContext.BaseDirectory);
            b.UseSetting("urls", "http://127.0.0.1:0");
            b.UseSetting("STORESYNC_DB", db.ConnectionString);
            b.UseSetting("AzureWebJobsStorage", storage);
            b.UseSetting("ImportsContainer", container);
            b.UseSetting("LocalHost:RunTimers", "false");
            b.UseSetting("LocalHost:RunLifecycle", "false");
            b.UseSetting("Ai:BackgroundWorkers", "false"); // no embedding work competing with the measured requests
            b.UseSetting("Auth:BootstrapAdminUsername", "bench-admin");
            b.UseSetting("Auth:BootstrapAdminPassword", "Bench-Admin-Password-9");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        app.UseKestrel();
        app.StartServer();
        using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First()), Timeout = TimeSpan.FromMinutes(5) };
        var token = await http.PostAsJsonAsync("/api/v1/auth/token", new { username = "bench-admin", password = "Bench-Admin-Password-9" });
        var access = (await token.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", access);
        try
        {
            var sw = Stopwatch.StartNew();
            using var form = new MultipartFormDataContent();
            form.Add(new StreamContent(File.OpenRead(csv)), "file", "stores.csv");
            var response = await http.PostAsync($"/api/v1/brands/{brandId}/locations/import", form);
            if (response.StatusCode != System.Net.HttpStatusCode.Accepted) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
            while (true)
            {
                var job = await http.GetFromJsonAsync<System.Text.Json.JsonElement>(response.Headers.Location);
                var status = job.GetProperty("status").GetString();
                if (status == "failed") throw new InvalidOperationException(job.ToString());
                if (status == "succeeded") return (sw.Elapsed, job.GetProperty("created").GetInt32());
                await Task.Delay(20);
            }
        }
        finally
        {
            await new Azure.Storage.Blobs.BlobContainerClient(storage, container).DeleteIfExistsAsync();
        }
    }

    private static readonly ILoggerFactory Logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));

    private static async Task<(TimeSpan, ImportJobRow)> ImportAsync(BenchDatabase db, LocationImporter importer, string label, string path)
    {
        var slug = $"bench-{label}-{Guid.NewGuid():N}"[..30];
        var brand = new ImportBrand(Guid.CreateVersion7(), slug, slug, null);
        await using (var conn = await db.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("INSERT INTO brands (id, name, slug) VALUES (@Id, @Name, @Slug)", brand);
        var sw = Stopwatch.StartNew();
        await using var content = File.OpenRead(path);
        var job = await importer.SubmitAsync(brand.Id, ImportSource.Upload,
            new ImportFile(Path.GetFileName(path), content.Length, System.Security.Cryptography.SHA256.HashData(content)), false, null, null, default);
        content.Position = 0;
        job = await importer.RunAsync(job, brand, content, default);
        sw.Stop();
        if (job.Status != ImportStatus.Succeeded) throw new InvalidOperationException(LocationImporter.Summary(job));
        return (sw.Elapsed, job);
    }

    /// <summary>The floor: the same rows, already in memory, binary-COPYed straight into locations (same table, same indexes).</summary>
    private static async Task<TimeSpan> CopyBaselineAsync(BenchDatabase db, int count)
    {
        var brandId = Guid.CreateVersion7();
        var rows = Rows(count).ToList();
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("INSERT INTO brands (id, name, slug) VALUES (@brandId, 'copy', @slug)", new { brandId, slug = "copy-" + brandId.ToString("N") });
        var sw = Stopwatch.StartNew();
        await using (var copy = await conn.BeginBinaryImportAsync("""
            COPY locations (id, brand_id, store_number, name, street, city, state, postal_code, country, time_zone, latitude, longitude,
                            attributes, is_active) FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var r in rows)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await copy.WriteAsync(brandId, NpgsqlDbType.Uuid);
                for (var i = 0; i < 8; i++) await copy.WriteAsync((string)r[i]!, NpgsqlDbType.Text);
                await copy.WriteAsync((double)r[8]!, NpgsqlDbType.Double);
                await copy.WriteAsync((double)r[9]!, NpgsqlDbType.Double);
                await copy.WriteAsync($$"""{"region":"{{r[10]}}","seats":{{r[11]}}}""", NpgsqlDbType.Jsonb);
                await copy.WriteAsync(true, NpgsqlDbType.Boolean);
            }
            await copy.CompleteAsync();
        }
        return sw.Elapsed;
    }

    // The machine is shared: say how busy it was, since wall-clock figures depend on it.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) + $" on {Environment.ProcessorCount} cores" : "n/a";

    private static readonly object?[] Header =
        ["Store Number", "Name", "Street", "City", "State", "Postal Code", "Country", "Time Zone", "Latitude", "Longitude", "Region", "Seats"];

    private static readonly string[] Zones = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"];

    private static IEnumerable<object?[]> Rows(int count)
    {
        var random = new Random(42);
        for (var i = 1; i <= count; i++)
            yield return
            [
                $"S{i:D6}", $"Store {i}", $"{random.Next(1, 9999)} Main St", $"City {i % 500}", "IL", $"{random.Next(10000, 99999)}", "US",
                Zones[i % Zones.Length], Math.Round(25 + random.NextDouble() * 20, 5), Math.Round(-120 + random.NextDouble() * 45, 5),
                $"Region {i % 12}", random.Next(10, 200),
            ];
    }

    private static string Csv(int count)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', Header).Append('\n');
        foreach (var r in Rows(count)) sb.AppendJoin(',', r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))).Append('\n');
        return sb.ToString();
    }

    /// <summary>The process's working set, sampled every 20 ms; Stop returns the highest value seen.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _task;
        private long _peak;

        public PeakSampler() => _task = Task.Run(async () =>
        {
            using var process = Process.GetCurrentProcess();
            while (!_stop.IsCancellationRequested)
            {
                process.Refresh();
                _peak = Math.Max(_peak, process.WorkingSet64);
                try { await Task.Delay(20, _stop.Token); } catch (OperationCanceledException) { }
            }
        });

        public long Stop()
        {
            _stop.Cancel();
            _task.Wait();
            return _peak;
        }

        public void Dispose() => _stop.Dispose();
    }
}
