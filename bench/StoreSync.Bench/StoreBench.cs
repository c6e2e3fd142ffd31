using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StoreSync.Data.Store;
using StoreSync.Data.Users;
using StoreSync.Functions.Common.Auth;

namespace StoreSync.Bench;

/// <summary>
/// The store side through the development host (real Kestrel on loopback, real HttpClient, Device auth, the pipeline):
/// <list type="bullet">
/// <item><c>feed</c>: 1,000 stores with 20 live and 50 upcoming campaigns each and one device each. The 304 path (every device
/// polling with its current ETag) against the same feed query run directly on Npgsql, side by side in alternating rounds
/// (target ≥ 60 %); then the 200 path's p95 for one store (target &lt; 20 ms). Options: [seconds, default 10] [concurrency, default 8].</item>
/// <item><c>redemptions</c>: a 1,000-item batch over HTTP (target &lt; 200 ms) against one set-based INSERT of the same rows
/// (target: within 3×). Options: [runs, default 20].</item>
/// <item><c>vouchers</c>: POST /campaigns/{id}/vouchers {count: 100000} over HTTP (target &lt; 5 s). Options: [runs, default 3].</item>
/// </list>
/// </summary>
public static class StoreBench
{
    private const int Stores = 1_000;
    private const int Live = 20;
    private const int Upcoming = 50;
    private const string Password = "Bench-password-1";

    public static async Task<int> FeedAsync(string[] args)
    {
        var seconds = args.Length > 0 && int.TryParse(args[0], out var s) ? s : 10;
        var concurrency = args.Length > 1 && int.TryParse(args[1], out var c) ? c : 8;
        await using var db = await BenchDatabase.CreateAsync("feed");
        var world = await SeedAsync(db, Stores);
        Console.WriteLine($"seeded {Stores:N0} stores x ({Live} live + {Upcoming} upcoming) campaigns, one device each; " +
                          $"{concurrency} concurrent clients, {seconds} s per side after warm-up");
        await using var host = StartHost(db, out var client, concurrency);

        var etags = new EntityTagHeaderValue[Stores];
        for (var i = 0; i < Stores; i++)
        {
            using var first = await client.SendAsync(FeedRequest(world.Keys[i], null));
            first.EnsureSuccessStatusCode();
            etags[i] = first.Headers.ETag!;
        }
        var sample = await (await client.SendAsync(FeedRequest(world.Keys[0], null))).Content.ReadFromJsonAsync<JsonElement>();
        if (sample.GetProperty("live").GetArrayLength() != Live || sample.GetProperty("upcoming").GetArrayLength() != Upcoming)
            throw new InvalidOperationException("the feed does not show 20 live and 50 upcoming campaigns");

        // The direct side runs the feed body's own SQL for the device's store and reads every row.
        async Task Direct(int i)
        {
            var (sql, sqlArgs) = StoreFeedQueries.FeedCampaignsSql(new FeedWindow(world.Locations[i], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(7), false));
            await using var conn = await db.DataSource.OpenConnectionAsync();
            var rows = (await conn.QueryAsync(sql, sqlArgs)).AsList();
            if (rows.Count != Live + Upcoming) throw new InvalidOperationException("direct feed query returned " + rows.Count);
        }
        async Task NotModified(int i)
        {
            using var response = await client.SendAsync(FeedRequest(world.Keys[i], etags[i]));
            if (response.StatusCode != HttpStatusCode.NotModified) throw new InvalidOperationException($"expected 304, got {(int)response.StatusCode}");
        }
        await PrintPlanAsync(db, world.Locations[0]);

        await Measure(Direct, concurrency, TimeSpan.FromSeconds(2), Stores);
        await Measure(NotModified, concurrency, TimeSpan.FromSeconds(2), Stores);
        const int rounds = 5;
        var direct = new List<Result>();
        var http = new List<Result>();
        for (var round = 0; round < rounds; round++)
        {
            direct.Add(await Measure(Direct, concurrency, TimeSpan.FromSeconds(seconds) / rounds, Stores));
            http.Add(await Measure(NotModified, concurrency, TimeSpan.FromSeconds(seconds) / rounds, Stores));
        }
        var (d, h) = (Result.Combine(direct), Result.Combine(http));
        var ratio = h.PerSecond / d.PerSecond;
        Console.WriteLine($"direct feed query : {d.PerSecond,8:F0} req/s  p50 {d.P(50),6:F2} ms  p95 {d.P(95),6:F2} ms  ({d.Count:N0})");
        Console.WriteLine($"HTTP 304 path     : {h.PerSecond,8:F0} req/s  p50 {h.P(50),6:F2} ms  p95 {h.P(95),6:F2} ms  ({h.Count:N0})");
        Console.WriteLine($"304 / direct      : {ratio:P0} (target >= 60%) {Stats.Verdict(ratio >= 0.6)}");

        // The 200 path: one device at a time asking without a validator, body built and read in full.
        async Task Full(int i)
        {
            using var response = await client.SendAsync(FeedRequest(world.Keys[i], null));
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        }
        await Measure(Full, 1, TimeSpan.FromSeconds(1), Stores);
        var full = await Measure(Full, 1, TimeSpan.FromSeconds(Math.Max(3, seconds / 2)), Stores);
        Console.WriteLine($"HTTP 200 path     : {full.PerSecond,8:F0} req/s  p50 {full.P(50),6:F2} ms  p95 {full.P(95),6:F2} ms  (sequential, {Live}+{Upcoming} campaigns, " +
                          $"{(await (await client.SendAsync(FeedRequest(world.Keys[0], null))).Content.ReadAsByteArrayAsync()).Length:N0} bytes)");
        Console.WriteLine($"200 p95 < 20 ms   : {Stats.Verdict(full.P(95) < 20)}");
        return 0;
    }

    public static async Task<int> RedemptionsAsync(string[] args)
    {
        var runs = args.Length > 0 && int.TryParse(args[0], out var r) ? r : 20;
        await using var db = await BenchDatabase.CreateAsync("redemptions");
        var world = await SeedAsync(db, 10);
        await using var host = StartHost(db, out var client, 2);
        var campaign = await db.DataSource.CreateCommand(
            $"SELECT id FROM campaigns WHERE location_id = '{world.Locations[0]}' AND status = 'active' LIMIT 1").ExecuteScalarAsync() as Guid? ?? throw new InvalidOperationException();
        var now = DateTimeOffset.UtcNow;
        var items = Enumerable.Range(0, 1000).Select(i => new RedemptionItem(campaign, now.AddSeconds(-i), 1 + i % 3, 10m + i % 50, i % 5, null)).ToList();
        var body = items.Select(i => new { campaignId = i.CampaignId, at = i.At, quantity = i.Quantity, basketTotal = i.BasketTotal.ToString("0.00"), discount = i.Discount.ToString("0.00") }).ToArray();

        async Task<double> Http(int run)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/store/redemptions") { Content = JsonContent.Create(new { batchId = $"bench-{run}", items = body }) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Device", world.Keys[0]);
            var t = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(request);
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            var ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            if (answer.GetProperty("accepted").GetInt32() != 1000) throw new InvalidOperationException(answer.GetRawText());
            return ms;
        }
        // One set-based INSERT of the same rows: the floor the endpoint's judging, idempotency row and HTTP are compared with.
        async Task<double> Insert(int run)
        {
            var p = RedemptionStore.Args(world.Devices[0], world.BrandId, world.Locations[0], $"direct-{run}", items, now);
            await using var conn = await db.DataSource.OpenConnectionAsync();
            var t = Stopwatch.GetTimestamp();
            await conn.ExecuteAsync("""
                INSERT INTO redemptions (brand_id, campaign_id, location_id, device_id, batch_id, redeemed_at, quantity, basket_total, discount)
                SELECT @brandId, i.campaign_id, @locationId, @deviceId, @batchId, i.at, i.quantity, i.total, i.discount
                FROM unnest(@campaignIds::uuid[], @ats::timestamptz[], @quantities::int[], @totals::numeric[], @discounts::numeric[])
                     AS i(campaign_id, at, quantity, total, discount)
                """, p);
            return Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }
        for (var w = 0; w < 3; w++) { await Http(-1 - w); await Insert(-1 - w); }
        var httpMs = new List<double>();
        var insertMs = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            httpMs.Add(await Http(run));
            insertMs.Add(await Insert(run));
        }
        httpMs.Sort();
        insertMs.Sort();
        var (hp50, ip50) = (Stats.Percentile(httpMs, 50), Stats.Percentile(insertMs, 50));
        Console.WriteLine($"1,000-item batch over HTTP : p50 {hp50,7:F1} ms  p95 {Stats.Percentile(httpMs, 95),7:F1} ms  max {httpMs[^1],7:F1} ms ({runs} runs)");
        Console.WriteLine($"one set-based INSERT       : p50 {ip50,7:F1} ms  p95 {Stats.Percentile(insertMs, 95),7:F1} ms");
        Console.WriteLine($"batch p50 < 200 ms         : {Stats.Verdict(hp50 < 200)}");
        Console.WriteLine($"batch / INSERT (p50)       : {hp50 / ip50:F2}x (target <= 3x) {Stats.Verdict(hp50 <= 3 * ip50)}");
        return 0;
    }

    public static async Task<int> VouchersAsync(string[] args)
    {
        var runs = args.Length > 0 && int.TryParse(args[0], out var r) ? r : 3;
        await using var db = await BenchDatabase.CreateAsync("vouchers");
        var world = await SeedAsync(db, 2);
        await using var host = StartHost(db, out var client, 2);
        var token = await (await client.PostAsJsonAsync("/api/v1/auth/token", new { username = world.Manager, password = Password })).Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        var campaigns = (await db.DataSource.OpenConnection().QueryAsync<Guid>("SELECT id FROM campaigns ORDER BY id LIMIT @n", new { n = runs + 1 })).ToList();
        await client.PostAsJsonAsync($"/api/v1/campaigns/{campaigns[^1]}/vouchers", new { count = 1000 }); // warm-up
        var worst = 0.0;
        for (var run = 0; run < runs; run++)
        {
            var t = Stopwatch.GetTimestamp();
            var response = await client.PostAsJsonAsync($"/api/v1/campaigns/{campaigns[run]}/vouchers", new { count = 100_000 });
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            var ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            if (body.GetProperty("created").GetInt32() != 100_000) throw new InvalidOperationException(body.GetRawText());
            worst = Math.Max(worst, ms);
            Console.WriteLine($"100,000 codes generated and stored over HTTP: {ms,7:F0} ms");
        }
        var distinct = await db.DataSource.CreateCommand("SELECT count(DISTINCT code) FROM vouchers").ExecuteScalarAsync();
        Console.WriteLine($"distinct codes stored: {distinct:N0}");
        Console.WriteLine($"worst < 5 s: {Stats.Verdict(worst < 5000)}");
        return 0;
    }

    private static HttpRequestMessage FeedRequest(string key, EntityTagHeaderValue? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/store/feed");
        request.Headers.Authorization = new AuthenticationHeaderValue("Device", key);
        if (etag is not null) request.Headers.IfNoneMatch.Add(etag);
        return request;
    }

    private sealed record World(Guid BrandId, Guid[] Locations, Guid[] Devices, string[] Keys, string Manager);

    /// <summary>Stores with 20 live and 50 upcoming campaigns each (content ~600 characters, an offer), a device per store, a brand manager.</summary>
    private static async Task<World> SeedAsync(BenchDatabase db, int stores)
    {
        var brandId = Guid.CreateVersion7();
        var locations = Enumerable.Range(0, stores).Select(_ => Guid.CreateVersion7()).ToArray();
        var devices = Enumerable.Range(0, stores).Select(_ => Guid.CreateVersion7()).ToArray();
        var keys = devices.Select(_ => DeviceKeys.New()).ToArray();
        var hash = new PasswordHasher<UserRow>().HashPassword(null!, Password);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO brands (id, name, slug) VALUES (@brandId, 'Bench Coffee', 'bench-coffee');
            INSERT INTO users (id, username, password_hash, role) VALUES (@userId, 'bench.manager', @hash, 'brandManager');
            INSERT INTO user_brands (user_id, brand_id) VALUES (@userId, @brandId);
            INSERT INTO templates (id, brand_id, name, content) VALUES (@templateId, @brandId, 'Promo', 'Hello');
            INSERT INTO locations (id, brand_id, store_number, name, city, time_zone)
            SELECT l.id, @brandId, 'S-' || lpad(l.ord::text, 5, '0'), 'Bench store ' || l.ord, 'Chicago', 'America/Chicago'
            FROM unnest(@locations::uuid[]) WITH ORDINALITY AS l(id, ord);
            INSERT INTO devices (id, brand_id, location_id, name, key_hash)
            SELECT d.id, @brandId, d.location_id, 'Player', d.hash FROM unnest(@devices::uuid[], @locations::uuid[], @hashes::bytea[]) AS d(id, location_id, hash);
            INSERT INTO campaigns (id, brand_id, location_id, template_id, name, rendered_content, offer, status, scheduled_start, scheduled_end)
            SELECT gen_random_uuid(), @brandId, l.id, @templateId, 'Campaign ' || k,
                   repeat('Fresh seasonal drinks and pastries at your neighbourhood store. ', 9) || k,
                   jsonb_build_object('type', 'percentOff', 'value', 5 + k % 20, 'appliesTo', jsonb_build_object('categories', jsonb_build_array('drinks')),
                                      'stackable', false, 'priority', k % 3),
                   CASE WHEN k <= @live THEN 'active' ELSE 'scheduled' END,
                   CASE WHEN k <= @live THEN now() - interval '1 day' ELSE now() + make_interval(hours => 2 + (k - @live) * 2) END,
                   CASE WHEN k <= @live THEN now() + interval '30 days' ELSE now() + make_interval(days => 8 + k % 5) END
            FROM unnest(@locations::uuid[]) AS l(id) CROSS JOIN generate_series(1, @total) AS k;
            """, new
        {
            brandId, userId = Guid.CreateVersion7(), hash, templateId = Guid.CreateVersion7(), locations, devices,
            hashes = keys.Select(DeviceKeys.Hash).ToArray(), live = Live, total = Live + Upcoming,
        }, commandTimeout: 300);
        foreach (var table in new[] { "campaigns", "devices", "locations" }) await conn.ExecuteAsync($"VACUUM ANALYZE {table}");
        return new World(brandId, locations, devices, keys, "bench.manager");
    }

    private static async Task PrintPlanAsync(BenchDatabase db, Guid locationId)
    {
        var (sql, args) = StoreFeedQueries.FeedCampaignsSql(new FeedWindow(locationId, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(7), false));
        await using var conn = await db.DataSource.OpenConnectionAsync();
        Console.WriteLine("plan of the feed query:");
        foreach (var line in await conn.QueryAsync<string>("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) " + sql, args)) Console.WriteLine("  " + line);
    }

    private static StoreBenchApp StartHost(BenchDatabase db, out HttpClient client, int concurrency)
    {
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_STORESYNC_LOCALHOST", AppContext.BaseDirectory);
        var app = new StoreBenchApp(db.ConnectionString);
        app.UseKestrel(0);
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2, UseCookies = false }) { BaseAddress = new Uri(address) };
        return app;
    }

    private sealed record Result(int Count, double Seconds, List<double> Sorted)
    {
        public double PerSecond => Count / Seconds;
        public double P(double p) => Stats.Percentile(Sorted, p);

        public static Result Combine(IReadOnlyList<Result> parts) =>
            new(parts.Sum(p => p.Count), parts.Sum(p => p.Seconds), parts.SelectMany(p => p.Sorted).Order().ToList());
    }

    private static async Task<Result> Measure(Func<int, Task> call, int concurrency, TimeSpan duration, int devices)
    {
        var latencies = new List<double>[concurrency];
        var stop = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>(100_000);
            var i = w * (devices / concurrency);
            while (stop.Elapsed < duration)
            {
                var t = Stopwatch.GetTimestamp();
                await call(i++ % devices);
                mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = stop.Elapsed.TotalSeconds;
        return new Result(latencies.Sum(l => l.Count), elapsed, latencies.SelectMany(l => l).Order().ToList());
    }

    // The development host (the same functions and pipeline as the Functions app); per-device limits lifted for the load.
    private sealed class StoreBenchApp(string connectionString) : WebApplicationFactory<StoreSync.LocalHost.LocalHostEntryPoint>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("STORESYNC_DB", connectionString);
            builder.UseSetting("LocalHost:RunTimers", "false");
            builder.UseSetting("LocalHost:RunLifecycle", "false");
            builder.UseSetting("Ai:BackgroundWorkers", "false");
            builder.UseSetting("LocalHost:RunBlobTriggers", "false");
            builder.UseSetting("AzureWebJobsStorage", Environment.GetEnvironmentVariable("AzureWebJobsStorage") ?? "UseDevelopmentStorage=true");
            builder.UseSetting("Auth:BootstrapAdminUsername", "");
            builder.UseSetting("Store:DevicePermitLimit", "1000000");
        }
    }
}
