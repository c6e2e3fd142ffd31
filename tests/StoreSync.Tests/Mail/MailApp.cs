using Dapper;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Mail;

/// <summary>
/// The app with mail on, sending to smtp4dev (or to <see cref="SmtpPort"/> when a test points it elsewhere), with short
/// retry delays, and a stand-in front end so links in mails can be followed against the development host.
/// </summary>
public class MailApp : StoreSyncApp
{
    public const string BaseUrl = "http://storesync.test:7071";
    // One stand-in front end (an index.html) shared by every fixture of the run.
    private static readonly Lazy<string> Frontend = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("storesync-mail-frontend-").FullName;
        File.WriteAllText(Path.Combine(dir, "index.html"), "<!DOCTYPE html><title>StoreSync</title><div id=\"root\"></div>");
        return dir;
    });

    /// <summary>Where the app sends: smtp4dev's SMTP port unless a derived fixture says otherwise.</summary>
    protected virtual Task<int> SmtpPortAsync() => Task.FromResult(Smtp4Dev.SmtpPort);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Smtp4Dev.UrlAsync();
        With("Mail:Host", "127.0.0.1");
        With("Mail:Port", (await SmtpPortAsync()).ToString());
        With("Mail:Security", "None");
        With("Mail:From", "StoreSync Tests <no-reply@storesync.test>");
        With("App:BaseUrl", BaseUrl);
        With("Mail:RetryBaseDelay", "00:00:00.200");
        With("Mail:ReconnectDelay", "00:00:00.200");
        With("Mail:PollInterval", "00:00:00.200");
        With("Mail:Timeout", "00:00:05");
        With("LocalHost:FrontendPath", Frontend.Value);
    }

    public sealed record OutboxRow(long Id, string Recipient, string Kind, string Preference, int Attempts, DateTimeOffset? SentAt,
        DateTimeOffset? DeadAt, string? LastError);

    public async Task<List<OutboxRow>> OutboxAsync(string recipient)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return (await conn.QueryAsync<OutboxRow>(
            "SELECT id, recipient, kind, preference, attempts, sent_at, dead_at, last_error FROM mail_outbox WHERE recipient = @recipient ORDER BY id",
            new { recipient })).ToList();
    }

    /// <summary>Waits until every mail to <paramref name="recipient"/> is sent or dead.</summary>
    public async Task<List<OutboxRow>> SettledOutboxAsync(string recipient, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var rows = await OutboxAsync(recipient);
            if (rows.All(r => r.SentAt is not null || r.DeadAt is not null) || DateTime.UtcNow > deadline) return rows;
            await Task.Delay(200);
        }
    }
}
