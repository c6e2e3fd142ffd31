using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StoreSync.Data.Users;

namespace StoreSync.Bench;

/// <summary>
/// Exports: GET /campaigns/export of 100,000 campaigns through the development host's HTTP pipeline (Kestrel on loopback),
/// as CSV (under 10 s) and as XLSX (under 20 s), with the server's memory bounded (under 200 MB): the growth of the process's
/// working set and the peak of the GC heap while the export runs, sampled every 20 ms. The client drains the body without
/// keeping it; the host runs in this process, so the working set counts both (the client's share is a 1 MB buffer).
/// </summary>
public static class ExportsBench
{
    private const int Campaigns = 100_000;
    private const string Password = "Bench-Password-9";
    private const long MemoryLimit = 200L * 1024 * 1024;

    public static async Task<int> RunAsync(string[] args)
    {
        await using var db = await BenchDatabase.CreateAsync("exports");
        var seedClock = Stopwatch.StartNew();
        var (brandId, username) = await SeedAsync(db.DataSource);
        Console.WriteLine($"seeded {Campaigns:N0} campaigns over 2,000 stores in {seedClock.Elapsed.TotalSeconds:F1} s");

        await using var host = await BenchHost.StartAsync(db.ConnectionString, username, Password, TimeSpan.FromMinutes(5));
        var http = host.Http;

        // A small warm-up export compiles the handlers and fills the connection pool; it is not measured.
        await DrainAsync(http, $"/api/v1/campaigns/export?format=csv&brandId={brandId}&status=approved");
        await DrainAsync(http, $"/api/v1/campaigns/export?format=xlsx&brandId={brandId}&status=approved");

        var csv = await MeasureAsync(http, $"/api/v1/campaigns/export?format=csv&brandId={brandId}", "CSV", TimeSpan.FromSeconds(10));
        var xlsx = await MeasureAsync(http, $"/api/v1/campaigns/export?format=xlsx&brandId={brandId}", "XLSX", TimeSpan.FromSeconds(20));
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()} (shared with other work)");
        return csv && xlsx ? 0 : 1;
    }

    private static async Task<bool> MeasureAsync(HttpClient http, string url, string label, TimeSpan limit)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var baseSet = process.WorkingSet64;
        var baseHeap = GC.GetTotalMemory(false);
        long peakSet = baseSet, peakHeap = baseHeap;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peakSet = Math.Max(peakSet, process.WorkingSet64);
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                try { await Task.Delay(20, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        var clock = Stopwatch.StartNew();
        var (bytes, rows, firstByte) = await DrainAsync(http, url);
        var elapsed = clock.Elapsed;
        await sampling.CancelAsync();
        await sampler;
        var setGrowth = peakSet - baseSet;
        var heapGrowth = peakHeap - baseHeap;
        var ok = elapsed < limit && setGrowth < MemoryLimit && heapGrowth < MemoryLimit;
        Console.WriteLine($"{label,-4}: {elapsed.TotalSeconds:F2} s for {bytes / 1024.0 / 1024:F1} MB{(rows >= 0 ? $" ({rows:N0} lines)" : "")}, " +
                          $"first byte after {firstByte.TotalMilliseconds:F0} ms (limit {limit.TotalSeconds:F0} s); " +
                          $"working set +{setGrowth / 1024.0 / 1024:F0} MB, GC heap +{heapGrowth / 1024.0 / 1024:F0} MB (limit 200 MB)  {Stats.Verdict(ok)}");
        return ok;
    }

    /// <summary>Reads the whole body through a 1 MB buffer, keeping nothing; counts CSV lines.</summary>
    private static async Task<(long Bytes, long Lines, TimeSpan FirstByte)> DrainAsync(HttpClient http, string url)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var firstByte = clock.Elapsed;
        var isCsv = response.Content.Headers.ContentType?.MediaType == "text/csv";
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[1 << 20];
        long total = 0, lines = 0;
        int n;
        while ((n = await body.ReadAsync(buffer)) > 0)
        {
            total += n;
            if (isCsv) lines += buffer.AsSpan(0, n).Count((byte)'\n');
        }
        return (total, isCsv ? lines : -1, firstByte);
    }

    private static async Task<(Guid BrandId, string Username)> SeedAsync(NpgsqlDataSource db)
    {
        var brandId = Guid.CreateVersion7();
        var templateId = Guid.CreateVersion7();
        var userId = Guid.CreateVersion7();
        const string username = "bench-exporter";
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync("INSERT INTO brands (id, name, slug) VALUES (@brandId, 'Bench Coffee', 'bench-coffee')", new { brandId });
        var hash = new PasswordHasher<UserRow>().HashPassword(null!, Password);
        await conn.ExecuteAsync("""
            INSERT INTO users (id, username, password_hash, role) VALUES (@userId, @username, @hash, 'brandManager');
            INSERT INTO user_brands (user_id, brand_id) VALUES (@userId, @brandId);
            """, new { userId, username, hash, brandId });
        await conn.ExecuteAsync("""
            INSERT INTO locations (id, brand_id, store_number, name, street, city, state, postal_code, country, time_zone)
            SELECT gen_random_uuid(), @brandId, lpad(g::text, 5, '0'), 'Store ' || lpad(g::text, 5, '0'), g || ' Main St', 'City ' || (g % 200),
                   'IL', '60601', 'US', (ARRAY['America/Chicago','America/New_York','Europe/Berlin','America/Los_Angeles'])[1 + g % 4]
            FROM generate_series(1, 2000) g
            """, new { brandId });
        await conn.ExecuteAsync("""
            INSERT INTO templates (id, brand_id, name, content, variables) VALUES (@templateId, @brandId, 'Autumn savings', '{{headline}}',
              '[{"name":"headline","label":"Headline","type":"text","required":true}]')
            """, new { brandId, templateId });
        await conn.ExecuteAsync("""
            INSERT INTO campaigns (id, brand_id, location_id, template_id, name, customizations, rendered_content, status,
                                   scheduled_start, scheduled_end, created_by, created_at, updated_at)
            SELECT gen_random_uuid(), @brandId, l.id, @templateId,
                   CASE WHEN g % 50 = 0 THEN '=HYPERLINK("x")' ELSE 'Autumn savings ' || g END, '{"headline":"Save"}',
                   'Autumn savings at ' || l.name || ': a few sentences of copy that every store shows on its boards and screens.',
                   (ARRAY['draft','pendingReview','approved','rejected','scheduled','active','completed','cancelled'])[1 + g % 8],
                   now() + (g % 90) * interval '1 day', now() + (g % 90 + 7) * interval '1 day', @userId,
                   now() - (g % 365) * interval '1 day', now()
            FROM generate_series(1, @n) g
            JOIN LATERAL (SELECT id, name FROM locations WHERE brand_id = @brandId AND store_number = lpad((1 + g % 2000)::text, 5, '0')) l ON true
            """, new { brandId, templateId, userId, n = Campaigns }, commandTimeout: 600);
        await conn.ExecuteAsync("VACUUM ANALYZE campaigns"); // VACUUM refuses to run inside the implicit transaction of a batch
        await conn.ExecuteAsync("VACUUM ANALYZE locations");
        return (brandId, username);
    }
}
