using System.Diagnostics;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using Pgvector;
using StoreSync.Data.Ai;
using StoreSync.Functions.Ai;

namespace StoreSync.Bench;

/// <summary>
/// Similarity search at scale and the local embedding's cost.
/// 1. N campaigns (default 100,000) over 10 brands with clustered synthetic 1536-d vectors (--dims 384: MiniLM's width),
///    loaded with binary COPY of real[] into a staging table and cast to vector; the model's partial HNSW index
///    (campaign_embeddings_ensure_index, m=16, ef_construction=64) built after loading.
/// 2. 200 `similar` queries filtered to one brand, running exactly the endpoint's SQL (CampaignEmbeddingStore.NearestAsync:
///    SET LOCAL hnsw.ef_search + iterative_scan, brand filter inside the query) → p50/p95 (target p95 &lt; 15 ms), and the
///    same SQL with index scans off (exact) → recall@10 (target ≥ 0.95).
/// 3. LocalHashEmbedder over 10,000 realistic texts → mean per text (target &lt; 1 ms); all-MiniLM-L6-v2 (the default local
///    embedding): load time, mean per text in backfill chunks and per single query text (--no-minilm skips it).
/// Options: --campaigns N --queries Q --ef E --dims D, --keep (leave the database), --db NAME (query a kept database).
/// </summary>
public static class AiBench
{
    private static int Dims = 1536;
    private const int Brands = 10;
    private const int TopicsPerBrand = 50;
    private const int LocationsPerBrand = 20;
    private const int K = 10;
    private const int Latent = 32;

    public static async Task<int> RunAsync(string[] args)
    {
        var campaigns = Option(args, "--campaigns", 100_000);
        var queries = Option(args, "--queries", 200);
        var ef = Option(args, "--ef", 100);
        Dims = Option(args, "--dims", 1536);

        var local = LocalEmbeddingBench();
        Console.WriteLine($"local embedding (local-hash-v1, {LocalHashEmbedder.DefaultDimensions} dims): mean {local:F3} ms per text over 10,000 texts (target < 1 ms) {Stats.Verdict(local < 1)}");
        if (!args.Contains("--no-minilm")) await MiniLmBenchAsync();

        // --db NAME re-runs the queries on a database kept by an earlier --keep run (no load, no index build).
        var existing = args.SkipWhile(a => a != "--db").Skip(1).FirstOrDefault();
        if (existing is not null)
        {
            StoreSync.Data.Db.DapperSetup.Configure();
            await using var ds = StoreSync.Data.Db.DataSourceFactory.Create(new NpgsqlConnectionStringBuilder(BenchDatabase.Server) { Database = existing }.ConnectionString);
            await using var c = await ds.OpenConnectionAsync();
            var brands = (await c.QueryAsync<Guid>("SELECT id FROM brands ORDER BY name")).ToArray();
            return await QueryAsync(ds, brands, queries, ef);
        }

        var db = await BenchDatabase.CreateAsync("ai");
        try
        {
            Console.WriteLine($"database {db.Name}: loading {campaigns:N0} campaigns with {Dims}-d embeddings over {Brands} brands ...");
            var (brandIds, loadTime) = await LoadAsync(db.DataSource, campaigns);
            Console.WriteLine($"loaded in {loadTime.TotalSeconds:F1} s");
            var build = await BuildIndexAsync(db.DataSource);
            Console.WriteLine($"HNSW index build (m=16, ef_construction=64, maintenance_work_mem=2GB, {Environment.ProcessorCount} cores): {build.TotalSeconds:F1} s");
            return await QueryAsync(db.DataSource, brandIds, queries, ef);
        }
        finally
        {
            if (args.Contains("--keep")) Console.WriteLine($"kept database {db.Name} (re-run with --db {db.Name}; drop it yourself)");
            else await db.DisposeAsync();
        }
    }

    private static async Task<int> QueryAsync(NpgsqlDataSource ds, Guid[] brandIds, int queries, int ef)
    {
        var store = new CampaignEmbeddingStore(ds);
        await using var conn = await ds.OpenConnectionAsync();
        var brand = brandIds[0];
        var queryIds = (await conn.QueryAsync<Guid>(
            "SELECT campaign_id FROM campaign_embeddings WHERE brand_id = @brand ORDER BY md5(campaign_id::text) LIMIT @n",
            new { brand, n = queries + 20 })).ToList();

        var latencies = new List<double>();
        var totals = new List<double>();
        var exactLatencies = new List<double>();
        var serverTimes = new List<double>();
        var recallSum = 0.0;
        for (var i = 0; i < queryIds.Count; i++)
        {
            var id = queryIds[i];
            var total = Stopwatch.StartNew();
            var vector = (await conn.ExecuteScalarAsync<Vector>("SELECT embedding FROM campaign_embeddings WHERE campaign_id = @id", new { id }))!.ToArray();
            var sw = Stopwatch.StartNew();
            var approx = await store.NearestAsync(vector, "bench", new SimilarityFilter([brand], Exclude: id), K, ef, 1000, CancellationToken.None);
            sw.Stop();
            total.Stop();
            var exactWatch = Stopwatch.StartNew();
            var exact = await ExactAsync(ds, vector, brand, id);
            exactWatch.Stop();
            if (i < 20) continue; // warm-up
            latencies.Add(sw.Elapsed.TotalMilliseconds);
            totals.Add(total.Elapsed.TotalMilliseconds);
            exactLatencies.Add(exactWatch.Elapsed.TotalMilliseconds);
            using (var explained = System.Text.Json.JsonDocument.Parse(await ExplainAsync(ds, id, brand, ef, "ANALYZE, FORMAT JSON")))
            {
                var root = explained.RootElement[0];
                serverTimes.Add(root.GetProperty("Planning Time").GetDouble() + root.GetProperty("Execution Time").GetDouble());
            }
            recallSum += approx.Select(r => r.CampaignId).Intersect(exact).Count() / (double)Math.Max(1, Math.Min(K, exact.Count));
        }
        latencies.Sort();
        totals.Sort();
        exactLatencies.Sort();
        serverTimes.Sort();
        Console.WriteLine($"machine load while querying: {File.ReadAllText("/proc/loadavg").Trim()} ({Environment.ProcessorCount} cores, shared)");
        var p95 = Stats.Percentile(latencies, 95);
        var recall = recallSum / latencies.Count;
        Console.WriteLine($"similar SQL (HNSW, ef_search={ef}, iterative_scan=relaxed_order, filtered to 1 of {Brands} brands, k={K}) over {latencies.Count} queries: " +
                          $"p50 {Stats.Percentile(latencies, 50):F2} ms, p95 {p95:F2} ms (target < 15 ms) {Stats.Verdict(p95 < 15)}");
        Console.WriteLine($"similar incl. fetching the campaign's own vector: p50 {Stats.Percentile(totals, 50):F2} ms, p95 {Stats.Percentile(totals, 95):F2} ms");
        Console.WriteLine($"same SQL, server side (EXPLAIN ANALYZE planning + execution): p50 {Stats.Percentile(serverTimes, 50):F2} ms, p95 {Stats.Percentile(serverTimes, 95):F2} ms");
        Console.WriteLine($"exact scan (index scans off), same SQL: p50 {Stats.Percentile(exactLatencies, 50):F2} ms, p95 {Stats.Percentile(exactLatencies, 95):F2} ms");
        Console.WriteLine($"recall@{K} vs exact: {recall:F3} (target >= 0.95) {Stats.Verdict(recall >= 0.95)}");
        var plan = await ExplainAsync(ds, queryIds[0], brand, ef, "ANALYZE, COSTS OFF, BUFFERS");
        Console.WriteLine("plan:\n    " + plan);
        return 0;
    }

    /// <summary>EXPLAIN of the endpoint's SQL for a campaign's vector (a literal, so EXPLAIN sees what the parameters carry).</summary>
    private static async Task<string> ExplainAsync(NpgsqlDataSource ds, Guid id, Guid brand, int ef, string options)
    {
        await using var conn = await ds.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync($"SET LOCAL hnsw.ef_search = {ef}; SET LOCAL hnsw.iterative_scan = relaxed_order; SET LOCAL enable_sort = off", transaction: tx);
        var literal = await conn.ExecuteScalarAsync<string>("SELECT embedding::text FROM campaign_embeddings WHERE campaign_id = @id", new { id }, tx);
        var sql = CampaignEmbeddingStore.NearestSql(Dims).Replace("@q", $"'{literal}'::vector").Replace("@model", "'bench'")
            .Replace("@brandIds::uuid[] IS NULL", "false").Replace("@brandIds", $"'{{{brand}}}'::uuid[]")
            .Replace("@locationIds::uuid[] IS NULL", "true").Replace("@statuses::text[] IS NULL", "true")
            .Replace("@locationIds", "NULL::uuid[]").Replace("@statuses", "NULL::text[]")
            .Replace("@exclude::uuid IS NULL", "false").Replace("@exclude", $"'{id}'::uuid").Replace("@limit", K.ToString()).Replace("@maxDistance", "2");
        var lines = await conn.QueryAsync<string>($"EXPLAIN ({options}) " + sql, transaction: tx);
        return string.Join("\n    ", lines.Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"'\[[^']*\]'", "'[query vector]'")));
    }

    private static async Task<List<Guid>> ExactAsync(NpgsqlDataSource ds, float[] vector, Guid brand, Guid exclude)
    {
        await using var conn = await ds.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off", transaction: tx);
        var rows = await conn.QueryAsync<Guid>("SELECT campaign_id FROM (" + CampaignEmbeddingStore.NearestSql(Dims) + ") x", new
        {
            q = new Vector(vector), model = "bench", brandIds = new[] { brand }, locationIds = (Guid[]?)null, statuses = (string[]?)null, exclude, limit = K, maxDistance = 2.0,
        }, tx);
        return rows.ToList();
    }

    /// <summary>Brands, locations, templates, campaigns (binary COPY), embeddings (binary COPY of real[] into staging, cast to vector).</summary>
    private static async Task<(Guid[] Brands, TimeSpan Elapsed)> LoadAsync(NpgsqlDataSource ds, int n)
    {
        var sw = Stopwatch.StartNew();
        var rng = new Random(42);
        var brands = Enumerable.Range(0, Brands).Select(_ => Guid.CreateVersion7()).ToArray();
        var locations = brands.Select(_ => Enumerable.Range(0, LocationsPerBrand).Select(_ => Guid.CreateVersion7()).ToArray()).ToArray();
        var templates = brands.Select(_ => Guid.CreateVersion7()).ToArray();
        // Real embeddings lie near a low-dimensional manifold; isotropic noise in 1,536 dimensions would make all
        // neighbours of a cluster equidistant (and "nearest" meaningless). So: a 32-d latent per campaign (topic shared
        // by all brands + a brand shift + the campaign's own deviation), projected to 1,536-d, plus a little noise.
        // A brand's nearest neighbours are mostly its own, but the graph interleaves brands, so the filter really filters.
        var projection = Enumerable.Range(0, Dims).Select(_ => Gaussian(rng, 1.0f, Latent)).ToArray();
        var topicCenters = Enumerable.Range(0, TopicsPerBrand).Select(_ => Normalize(Gaussian(rng, 1.0f, Latent))).ToArray();
        var brandShifts = Enumerable.Range(0, Brands).Select(_ => Normalize(Gaussian(rng, 1.0f, Latent))).ToArray();

        await using var conn = await ds.OpenConnectionAsync();
        await conn.ExecuteAsync("ALTER TABLE campaigns DISABLE TRIGGER campaigns_embedding_enqueue_insert");
        for (var b = 0; b < Brands; b++)
        {
            await conn.ExecuteAsync("INSERT INTO brands (id, name, slug) VALUES (@id, @name, @slug)", new { id = brands[b], name = $"Brand {b}", slug = $"brand-{b}" });
            await conn.ExecuteAsync("""
                INSERT INTO locations (id, brand_id, store_number, name, city, time_zone)
                SELECT l.id, @brand, 'S' || l.ord, 'Store ' || l.ord, 'Chicago', 'America/Chicago' FROM unnest(@ids) WITH ORDINALITY AS l (id, ord)
                """, new { brand = brands[b], ids = locations[b] });
            await conn.ExecuteAsync("INSERT INTO templates (id, brand_id, name, content) VALUES (@id, @brand, 'T', 'Template')", new { id = templates[b], brand = brands[b] });
        }
        await conn.ExecuteAsync("CREATE UNLOGGED TABLE bench_embeddings (campaign_id uuid, brand_id uuid, location_id uuid, v real[])");

        var statuses = new[] { "draft", "active", "completed", "approved" };
        await using (var campaignsCopy = await conn.BeginBinaryImportAsync(
            "COPY campaigns (id, brand_id, location_id, template_id, name, rendered_content, status) FROM STDIN (FORMAT BINARY)"))
        {
            // Campaign rows are written in one COPY; their vectors go to a second COPY on another connection.
            await using var conn2 = await ds.OpenConnectionAsync();
            await using var vectorsCopy = await conn2.BeginBinaryImportAsync("COPY bench_embeddings (campaign_id, brand_id, location_id, v) FROM STDIN (FORMAT BINARY)");
            for (var i = 0; i < n; i++)
            {
                var b = i % Brands;
                var topic = rng.Next(TopicsPerBrand);
                var id = Guid.CreateVersion7();
                var location = locations[b][rng.Next(LocationsPerBrand)];
                await campaignsCopy.StartRowAsync();
                await campaignsCopy.WriteAsync(id, NpgsqlDbType.Uuid);
                await campaignsCopy.WriteAsync(brands[b], NpgsqlDbType.Uuid);
                await campaignsCopy.WriteAsync(location, NpgsqlDbType.Uuid);
                await campaignsCopy.WriteAsync(templates[b], NpgsqlDbType.Uuid);
                await campaignsCopy.WriteAsync($"Campaign {i} topic {topic}", NpgsqlDbType.Text);
                await campaignsCopy.WriteAsync($"Synthetic campaign {i} of brand {b} about topic {topic}.", NpgsqlDbType.Text);
                await campaignsCopy.WriteAsync(statuses[i % statuses.Length], NpgsqlDbType.Text);

                var z = Gaussian(rng, 0.5f / MathF.Sqrt(Latent), Latent);
                for (var d = 0; d < Latent; d++) z[d] += topicCenters[topic][d] + 0.5f * brandShifts[b][d];
                var v = Gaussian(rng, 0.1f / MathF.Sqrt(Dims) * MathF.Sqrt(Latent), Dims);
                for (var d = 0; d < Dims; d++)
                {
                    var row = projection[d];
                    var sum = 0f;
                    for (var l = 0; l < Latent; l++) sum += row[l] * z[l];
                    v[d] += sum;
                }
                await vectorsCopy.StartRowAsync();
                await vectorsCopy.WriteAsync(id, NpgsqlDbType.Uuid);
                await vectorsCopy.WriteAsync(brands[b], NpgsqlDbType.Uuid);
                await vectorsCopy.WriteAsync(location, NpgsqlDbType.Uuid);
                await vectorsCopy.WriteAsync(Normalize(v), NpgsqlDbType.Array | NpgsqlDbType.Real);
            }
            await campaignsCopy.CompleteAsync();
            await vectorsCopy.CompleteAsync();
        }
        Console.WriteLine($"  COPY done at {sw.Elapsed.TotalSeconds:F1} s; casting real[] to vector ...");
        await conn.ExecuteAsync("""
            INSERT INTO campaign_embeddings (campaign_id, brand_id, location_id, model, content_hash, embedding)
            SELECT campaign_id, brand_id, location_id, 'bench', '\x00'::bytea, v::vector FROM bench_embeddings;
            DROP TABLE bench_embeddings;
            """, commandTimeout: 3600);
        await conn.ExecuteAsync("ALTER TABLE campaigns ENABLE TRIGGER campaigns_embedding_enqueue_insert");
        foreach (var table in new[] { "campaigns", "campaign_embeddings" })
            await conn.ExecuteAsync($"VACUUM ANALYZE {table}", commandTimeout: 3600);
        return (brands, sw.Elapsed);
    }

    private static async Task<TimeSpan> BuildIndexAsync(NpgsqlDataSource ds)
    {
        await using var conn = await ds.OpenConnectionAsync();
        await conn.ExecuteAsync("SET maintenance_work_mem = '2GB'; SET max_parallel_maintenance_workers = 1");
        var sw = Stopwatch.StartNew();
        // The app's own index (what the backfill creates for a model): partial, over embedding::vector(Dims).
        await conn.ExecuteAsync("SELECT campaign_embeddings_ensure_index('bench', @dims)", new { dims = Dims }, commandTimeout: 7200);
        sw.Stop();
        await conn.ExecuteAsync("ANALYZE campaign_embeddings");
        return sw.Elapsed;
    }

    /// <summary>all-MiniLM-L6-v2 as the app runs it: first-use load, backfill chunks, single query texts.</summary>
    private static async Task MiniLmBenchAsync()
    {
        var texts = CampaignTexts().Take(520).ToList();
        using var model = new MiniLmEmbedder();
        var load = Stopwatch.StartNew();
        await model.EmbedAsync(["warm up: loads the model"], CancellationToken.None);
        load.Stop();
        var batch = Stopwatch.StartNew();
        for (var i = 0; i < 256; i += 64) await model.EmbedAsync(texts.Skip(i).Take(64).ToList(), CancellationToken.None);
        batch.Stop();
        var singles = new List<double>();
        foreach (var t in texts.Skip(256).Take(64))
        {
            var sw = Stopwatch.StartNew();
            await model.EmbedAsync([t], CancellationToken.None);
            singles.Add(sw.Elapsed.TotalMilliseconds);
        }
        singles.Sort();
        Console.WriteLine($"local embedding ({MiniLmEmbedder.ModelName}, {MiniLmEmbedder.ModelDimensions} dims, 1 ONNX thread): first use (load + 1 text) {load.Elapsed.TotalMilliseconds:F0} ms; " +
                          $"backfill batches of 64: mean {batch.Elapsed.TotalMilliseconds / 256:F1} ms per text; one query text: p50 {Stats.Percentile(singles, 50):F1} ms, p95 {Stats.Percentile(singles, 95):F1} ms");
    }

    /// <summary>Mean milliseconds per text of the local embedding over 10,000 campaign-like texts of 300-1,200 characters.</summary>
    private static double LocalEmbeddingBench()
    {
        var texts = CampaignTexts();
        var embedder = new LocalHashEmbedder();
        foreach (var t in texts.Take(500)) embedder.Embed(t);
        var sw = Stopwatch.StartNew();
        foreach (var t in texts) embedder.Embed(t);
        sw.Stop();
        Console.WriteLine($"  texts: mean {texts.Average(t => t.Length):F0} characters");
        return sw.Elapsed.TotalMilliseconds / texts.Count;
    }

    private static List<string> CampaignTexts()
    {
        string[] words = ["summer", "sale", "off", "store", "weekend", "only", "fresh", "garden", "furniture", "grill", "coffee", "espresso",
            "free", "parking", "members", "save", "percent", "new", "arrivals", "holiday", "gift", "cards", "kids", "corner", "family",
            "local", "farmers", "market", "organic", "apples", "pumpkins", "cider", "tasting", "join", "us", "downtown", "Springfield",
            "Lakeview", "opening", "hours", "extended", "loyalty", "points", "double", "clearance", "patio", "outdoor", "winter", "coats"];
        var rng = new Random(7);
        var texts = Enumerable.Range(0, 10_000).Select(i =>
        {
            var count = rng.Next(50, 200);
            return $"Campaign {i}\n\n" + string.Join(' ', Enumerable.Range(0, count).Select(_ => words[rng.Next(words.Length)])) + $" Offer ends {i % 28 + 1}/11. 20% off.";
        }).ToList();
        return texts;
    }

    private static float[] Gaussian(Random rng, float scale) => Gaussian(rng, scale, Dims);

    private static float[] Gaussian(Random rng, float scale, int dims)
    {
        var v = new float[dims];
        for (var i = 0; i < dims; i += 2)
        {
            var u1 = 1.0 - rng.NextDouble();
            var u2 = rng.NextDouble();
            var r = Math.Sqrt(-2.0 * Math.Log(u1)) * scale;
            v[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < dims) v[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
        }
        return v;
    }

    private static float[] Normalize(float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        for (var i = 0; i < v.Length; i++) v[i] /= norm;
        return v;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
    }
}
