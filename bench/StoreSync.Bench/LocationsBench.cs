using System.Diagnostics;
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
using StoreSync.Data.Locations;
using StoreSync.Data.Users;
using StoreSync.Functions.Common.Auth;

namespace StoreSync.Bench;

/// <summary>
/// Location list through the whole HTTP pipeline (real Kestrel on loopback, real HttpClient, token auth, per-request
/// user load, JSON) against the same list SQL run directly through Npgsql. 10,000 stores in one brand;
/// `GET /api/v1/brands/{id}/locations?pageSize=20&amp;sort=name&amp;q=...` with q drawn from realistic terms.
/// Target: HTTP throughput at least 60% of direct.
/// Options: [seconds per run, default 10] [concurrency, default 8].
/// </summary>
public static class LocationsBench
{
    private const int Locations = 10_000;
    private const string Password = "Bench-password-1";

    private static readonly string[] Terms =
    [
        "chicago", "main st", "market", "denver", "park", "berlin", "oak", "station", "river", "0042",
        "seattle", "london", "mall", "hill", "lake", "boston", "north", "plaza", "airport", "austin",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 && int.TryParse(args[0], out var s) ? s : 10;
        var concurrency = args.Length > 1 && int.TryParse(args[1], out var c) ? c : 8;
        var duration = TimeSpan.FromSeconds(seconds);

        await using var db = await BenchDatabase.CreateAsync("locations");
        var (brandId, username) = await SeedAsync(db);
        Console.WriteLine($"seeded {Locations:N0} locations; {concurrency} concurrent clients, {seconds} s per run after warm-up");

        // The app's content root: its build output (next to ours), not a source folder WebApplicationFactory would guess.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_STORESYNC_LOCALHOST", AppContext.BaseDirectory);
        await using var app = new BenchApp(db.ConnectionString);
        app.UseKestrel(0);
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2, UseCookies = false })
        {
            BaseAddress = new Uri(address),
        };
        var token = await (await client.PostAsJsonAsync("/api/v1/auth/token", new { username, password = Password })).Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());

        // Both sides: same terms, same page, same materialised rows; the direct side skips only HTTP, auth and JSON.
        var store = new LocationStore(db.DataSource);
        var scope = new LocationScope(false, [brandId], null);
        async Task<int> Direct(string q) =>
            (await store.ListAsync(new LocationListQuery(brandId, q, null, null, null, null, new Dictionary<string, string>(), "name", 0, 20), scope, default)).Total;
        string Url(string q) => $"/api/v1/brands/{brandId}/locations?pageSize=20&sort=name&q={Uri.EscapeDataString(q)}";
        // Timed requests read the whole body but leave parsing it to the client's own budget, as the direct side does not parse either.
        async Task<int> Http(string q)
        {
            using var response = await client.GetAsync(Url(q));
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadAsByteArrayAsync()).Length;
        }

        // What the auth middleware adds to every request: loading the caller (active? session revoked? brands?).
        var session = await db.DataSource.CreateCommand("SELECT family_id FROM refresh_tokens LIMIT 1").ExecuteScalarAsync() as Guid? ?? Guid.Empty;
        var userId = await db.DataSource.CreateCommand("SELECT user_id FROM refresh_tokens LIMIT 1").ExecuteScalarAsync() as Guid? ?? Guid.Empty;
        async Task<int> DirectWithUserLoad(string q)
        {
            if (await AuthSetup.LoadUserAsync(db.DataSource, userId, session, default) is null) throw new InvalidOperationException("no session");
            return await Direct(q);
        }

        foreach (var term in Terms)
        {
            var page = await client.GetFromJsonAsync<JsonElement>(Url(term));
            if (await Direct(term) != page.GetProperty("total").GetInt32()) throw new InvalidOperationException($"HTTP and direct disagree for q={term}");
        }
        await PrintPlanAsync(db, brandId);

        await MeasureAsync(Direct, concurrency, TimeSpan.FromSeconds(3));
        await MeasureAsync(Http, concurrency, TimeSpan.FromSeconds(3));
        // The machine is shared: alternate short rounds so both sides see the same background load.
        const int rounds = 5;
        var direct = new List<Result>();
        var http = new List<Result>();
        var withUser = new List<Result>();
        for (var round = 0; round < rounds; round++)
        {
            direct.Add(await MeasureAsync(Direct, concurrency, duration / rounds));
            http.Add(await MeasureAsync(Http, concurrency, duration / rounds));
            withUser.Add(await MeasureAsync(DirectWithUserLoad, concurrency, duration / rounds));
        }
        var (directTotal, viaHttp) = (Result.Combine(direct), Result.Combine(http));
        var ratio = viaHttp.PerSecond / directTotal.PerSecond;
        Console.WriteLine($"direct Npgsql : {directTotal.PerSecond,8:F0} req/s  p50 {directTotal.P50,6:F2} ms  p99 {directTotal.P99,6:F2} ms  ({directTotal.Count:N0} requests)");
        var ceiling = Result.Combine(withUser);
        Console.WriteLine($"direct + user : {ceiling.PerSecond,8:F0} req/s  p50 {ceiling.P50,6:F2} ms  (direct plus the auth middleware's per-request user query: {ceiling.PerSecond / directTotal.PerSecond:P0} of direct)");
        Console.WriteLine($"HTTP pipeline : {viaHttp.PerSecond,8:F0} req/s  p50 {viaHttp.P50,6:F2} ms  p99 {viaHttp.P99,6:F2} ms  ({viaHttp.Count:N0} requests)");
        Console.WriteLine($"HTTP / direct : {ratio:P0} (target >= 60%) {Stats.Verdict(ratio >= 0.6)}");
        return 0;
    }

    private sealed record Result(int Count, double Seconds, List<double> Sorted)
    {
        public double PerSecond => Count / Seconds;
        public double P50 => Stats.Percentile(Sorted, 50);
        public double P99 => Stats.Percentile(Sorted, 99);

        public static Result Combine(IReadOnlyList<Result> parts) =>
            new(parts.Sum(p => p.Count), parts.Sum(p => p.Seconds), parts.SelectMany(p => p.Sorted).Order().ToList());
    }

    private static async Task<Result> MeasureAsync(Func<string, Task<int>> call, int concurrency, TimeSpan duration)
    {
        var latencies = new List<double>[concurrency];
        var stop = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>(100_000);
            var i = w;
            while (stop.Elapsed < duration)
            {
                var t = Stopwatch.GetTimestamp();
                await call(Terms[i++ % Terms.Length]);
                mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = stop.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToList();
        return new Result(all.Count, elapsed, all);
    }

    /// <summary>10,000 stores with realistic names and addresses in one statement, plus a brand manager to call the API as.</summary>
    private static async Task<(Guid BrandId, string Username)> SeedAsync(BenchDatabase db)
    {
        var brandId = Guid.CreateVersion7();
        var userId = Guid.CreateVersion7();
        var username = "bench.manager";
        var hash = new PasswordHasher<UserRow>().HashPassword(null!, Password);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO brands (id, name, slug) VALUES (@brandId, 'Bench Coffee', 'bench-coffee');
            INSERT INTO users (id, username, password_hash, role) VALUES (@userId, @username, @hash, 'brandManager');
            INSERT INTO user_brands (user_id, brand_id) VALUES (@userId, @brandId);
            WITH city (n, city, state, zip, tz) AS (
                SELECT ord - 1, c[1], c[2], c[3], c[4]
                FROM unnest(ARRAY[
                    'Chicago|IL|60601|America/Chicago', 'Denver|CO|80202|America/Denver', 'Seattle|WA|98101|America/Los_Angeles',
                    'Boston|MA|02108|America/New_York', 'Austin|TX|73301|America/Chicago', 'New York|NY|10001|America/New_York',
                    'Los Angeles|CA|90012|America/Los_Angeles', 'Phoenix|AZ|85001|America/Phoenix', 'Miami|FL|33101|America/New_York',
                    'Portland|OR|97201|America/Los_Angeles', 'Berlin||10115|Europe/Berlin', 'London||EC1A 1BB|Europe/London',
                    'Munich|BY|80331|Europe/Berlin', 'Paris||75001|Europe/Paris', 'Madison|WI|53703|America/Chicago',
                    'Salt Lake City|UT|84101|America/Denver', 'Atlanta|GA|30303|America/New_York', 'Dallas|TX|75201|America/Chicago',
                    'Minneapolis|MN|55401|America/Chicago', 'San Diego|CA|92101|America/Los_Angeles'
                ]) WITH ORDINALITY AS t (line, ord), LATERAL string_to_array(t.line, '|') AS c
            ), word AS (
                SELECT ARRAY['Downtown', 'Riverside', 'Lakeview', 'Parkside', 'Station', 'Market', 'Hillcrest', 'Northgate', 'Airport', 'Plaza',
                             'Harbor', 'Old Town', 'University', 'Westfield', 'Eastside', 'Southpoint', 'Midtown', 'Uptown', 'Bayside', 'Greenway'] AS hood,
                       ARRAY['Main St', 'Market St', 'Oak Ave', 'Station Rd', 'High St', 'Park Blvd', 'River Rd', 'Hill St', 'Lake Dr', 'Elm St'] AS street
            )
            INSERT INTO locations (id, brand_id, store_number, name, street, city, state, postal_code, country, time_zone, attributes)
            SELECT gen_random_uuid(), @brandId, 'S-' || lpad(i::text, 5, '0'),
                   'Bench ' || c.city || ' ' || w.hood[1 + (i / 20) % 20] || ' ' || (i % 97),
                   (1 + i % 900) || ' ' || w.street[1 + (i / 7) % 10], c.city, nullif(c.state, ''), c.zip,
                   CASE WHEN c.tz LIKE 'Europe/%' THEN 'EU' ELSE 'US' END, c.tz,
                   jsonb_build_object('format', (ARRAY['drive-thru', 'mall', 'street'])[1 + i % 3], 'hasPatio', i % 2 = 0)
            FROM generate_series(1, @count) AS i CROSS JOIN word w JOIN city c ON c.n = i % 20;
            """, new { brandId, userId, username, hash, count = Locations });
        // What autovacuum does soon after a bulk load: moves the GIN pending list into the trigram index and gathers statistics.
        await conn.ExecuteAsync("VACUUM ANALYZE locations");
        return (brandId, username);
    }

    private static async Task PrintPlanAsync(BenchDatabase db, Guid brandId)
    {
        var (sql, _, args) = LocationStore.ListSql(new LocationListQuery(brandId, "market", null, null, null, null,
            new Dictionary<string, string>(), "name", 0, 20), new LocationScope(false, [brandId], null));
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var plan = await conn.QueryAsync<string>("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) " + sql, args);
        Console.WriteLine("plan for q=market:");
        foreach (var line in plan) Console.WriteLine("  " + line);
    }

    // The development host (the same functions and pipeline as the Functions app).
    private sealed class BenchApp(string connectionString) : WebApplicationFactory<StoreSync.LocalHost.LocalHostEntryPoint>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // "Testing" only stops the app from binding its standalone port; UseKestrel(0) picks a free one.
            builder.UseEnvironment("Testing");
            builder.UseSetting("STORESYNC_DB", connectionString);
            builder.UseSetting("LocalHost:RunTimers", "false");
            builder.UseSetting("LocalHost:RunLifecycle", "false");
            builder.UseSetting("Ai:BackgroundWorkers", "false"); // no embedding work competing with the measured requests
            builder.UseSetting("LocalHost:RunBlobTriggers", "false");
            builder.UseSetting("AzureWebJobsStorage", Environment.GetEnvironmentVariable("AzureWebJobsStorage") ?? "UseDevelopmentStorage=true");
            builder.UseSetting("Auth:BootstrapAdminUsername", "");
        }
    }
}
