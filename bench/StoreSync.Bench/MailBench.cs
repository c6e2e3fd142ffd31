using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StoreSync.Data.Mail;
using StoreSync.Functions.Mail;

namespace StoreSync.Bench;

/// <summary>
/// The mail outbox: 10,000 notifications inserted in one statement (the trigger queues 10,000 mails), then sent by the
/// app's sender to smtp4dev (scripts/smtp4dev.sh; STORESYNC_SMTP4DEV_SMTP_PORT / _WEB_PORT) until the outbox is empty.
/// Target: all delivered in under 60 s; smtp4dev's count of received messages is checked against the outbox.
/// Usage: mail [mails=10000] [users=500]
/// </summary>
public static class MailBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var mails = args.Length > 0 ? int.Parse(args[0]) : 10_000;
        var users = args.Length > 1 ? int.Parse(args[1]) : 500;
        var smtpPort = int.TryParse(Environment.GetEnvironmentVariable("STORESYNC_SMTP4DEV_SMTP_PORT"), out var p) ? p : 2525;
        var webUrl = await StartSmtp4DevAsync();
        await using var db = await BenchDatabase.CreateAsync("mail");
        var ds = db.DataSource;
        var tag = "mb" + Guid.NewGuid().ToString("N")[..8];

        await using (var conn = await ds.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("""
                INSERT INTO users (id, username, email, display_name, password_hash, role, is_active)
                SELECT gen_random_uuid(), @tag || '-' || i, @tag || '-' || i || '@bench.test', 'Bench user ' || i, 'x', 'brandManager', true
                FROM generate_series(1, @users) i
                """, new { tag, users });
        }
        var sw = Stopwatch.StartNew();
        await using (var conn = await ds.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("""
                INSERT INTO notifications (id, user_id, brand_id, kind, title, body, campaign_id, dedupe_key, created_at)
                SELECT gen_random_uuid(), u.id, NULL, 'digest', 'Digest ' || i, 'The oldest has waited since yesterday.', NULL,
                       'bench:' || i, now()
                FROM generate_series(1, @mails) i
                JOIN LATERAL (SELECT id FROM users WHERE username = @tag || '-' || (1 + i % @users)) u ON true
                """, new { tag, mails, users }, commandTimeout: 300);
        }
        var queueMs = sw.Elapsed.TotalMilliseconds;
        var queued = await ds.OpenConnection().ExecuteScalarAsync<int>("SELECT count(*)::int FROM mail_outbox WHERE sent_at IS NULL");
        Console.WriteLine($"queued {queued:N0} mails with {mails:N0} notifications in one INSERT (trigger): {queueMs:F0} ms");

        var options = Options.Create(new MailOptions { Host = "127.0.0.1", Port = smtpPort, Security = "None" });
        var health = new MailHealth(options);
        var sender = new MailSender(new MailOutboxStore(ds), health, options, TimeProvider.System, NullLogger<MailSender>.Instance);
        sw.Restart();
        var sent = 0;
        while (sent < queued && sw.Elapsed < TimeSpan.FromMinutes(5))
        {
            var r = await sender.DrainAsync(TimeSpan.FromMinutes(5), CancellationToken.None);
            if (r.Unreachable is not null) throw new InvalidOperationException("smtp4dev unreachable: " + r.Unreachable);
            sent += r.Sent;
        }
        var sendSeconds = sw.Elapsed.TotalSeconds;
        var left = await ds.OpenConnection().ExecuteScalarAsync<int>("SELECT count(*)::int FROM mail_outbox WHERE sent_at IS NULL");
        var received = await ReceivedAsync(webUrl, tag);
        Console.WriteLine($"sent {sent:N0} mails over SMTP in {sendSeconds:F1} s ({sent / sendSeconds:F0}/s, batches of {options.Value.BatchSize} per connection); " +
                          $"outbox left {left}; smtp4dev received {received:N0}");
        var ok = sendSeconds < 60 && left == 0 && received == queued;
        Console.WriteLine($"(a) {queued:N0} queued mails delivered to smtp4dev: {sendSeconds:F1} s (target < 60 s) {Stats.Verdict(ok)}");
        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");
        return ok ? 0 : 1;
    }

    private static async Task<string> StartSmtp4DevAsync()
    {
        var repo = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(repo, "StoreSync.sln"))) repo = Path.GetDirectoryName(repo.TrimEnd('/'))!;
        using var process = Process.Start(new ProcessStartInfo("bash", ["scripts/smtp4dev.sh", "up"])
            { WorkingDirectory = repo, RedirectStandardOutput = true })!;
        var url = (await process.StandardOutput.ReadToEndAsync()).Trim().Split('\n')[^1].Trim();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException("scripts/smtp4dev.sh up failed");
        return url;
    }

    private static async Task<int> ReceivedAsync(string url, string tag)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var page = await http.GetFromJsonAsync<JsonElement>($"{url}/api/messages?searchTerms={tag}&pageSize=1");
        return page.GetProperty("rowCount").GetInt32();
    }
}
