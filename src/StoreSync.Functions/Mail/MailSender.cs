using System.Diagnostics;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using StoreSync.Data.Mail;

namespace StoreSync.Functions.Mail;

public sealed record MailDrainResult(int Sent, int Failed, int Released, string? Unreachable)
{
    public static readonly MailDrainResult Nothing = new(0, 0, 0, null);
    public string Summary => $"sent={Sent} failed={Failed} released={Released}" + (Unreachable is null ? "" : $" unreachable=\"{Unreachable}\"");
}

/// <summary>
/// Sends the outbox: claims a batch (FOR UPDATE SKIP LOCKED, committed as a lease), sends it over one SMTP connection, and
/// marks each mail sent right after the server accepted it. A mail the server refuses is retried with exponential backoff
/// and dead after Mail:MaxAttempts; when the server cannot be reached nothing is counted against the mails: they wait.
/// The one duplicate left possible: the process dies (or the database is lost) between the server's acceptance and the
/// mark; the copies then share a Message-Id.
/// </summary>
public sealed class MailSender(MailOutboxStore outbox, MailHealth health, IOptions<MailOptions> options, TimeProvider time,
    ILogger<MailSender> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// Sends what is due until nothing is or <paramref name="budget"/> has passed, over up to Mail:Connections SMTP connections
    /// at once (each claims batches of its own). A drain already running in this process wins.
    /// </summary>
    public async Task<MailDrainResult> DrainAsync(TimeSpan budget, CancellationToken ct)
    {
        var o = options.Value;
        if (!o.Enabled || !await _gate.WaitAsync(0, ct)) return MailDrainResult.Nothing;
        try
        {
            var clock = Stopwatch.StartNew();
            int sent = 0, failed = 0, released = 0;
            string? unreachable = null;
            async Task ConnectionAsync()
            {
                while (unreachable is null && clock.Elapsed < budget && !ct.IsCancellationRequested && await outbox.AnyDueAsync(time.GetUtcNow(), ct))
                {
                    var batch = await SendBatchAsync(o, ct);
                    Interlocked.Add(ref sent, batch.Sent);
                    Interlocked.Add(ref failed, batch.Failed);
                    Interlocked.Add(ref released, batch.Released);
                    if (batch.Unreachable is not null) unreachable = batch.Unreachable;
                    if (batch.Sent + batch.Failed == 0) break;
                }
            }
            // The first connection alone finds out whether there is anything to send and whether the server answers.
            var first = ConnectionAsync();
            var more = Enumerable.Range(1, o.Connections - 1).Select(async i =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50 * i), ct);
                await ConnectionAsync();
            });
            await Task.WhenAll(more.Prepend(first));
            return new MailDrainResult(sent, failed, released, unreachable);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<MailDrainResult> SendBatchAsync(MailOptions o, CancellationToken ct)
    {
        using var smtp = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        try
        {
            await ConnectAsync(smtp, o, ct);
        }
        catch (Exception e) when (IsUnreachable(e, ct))
        {
            health.Unreachable(e.Message);
            logger.LogWarning("Mail: the SMTP server {Host}:{Port} cannot be reached ({Message}); mail waits in the outbox", o.Host, o.Port, e.Message);
            return MailDrainResult.Nothing with { Unreachable = e.Message };
        }
        health.Reachable();

        var batch = await outbox.ClaimAsync(time.GetUtcNow(), o.BatchSize, o.ClaimLease, ct);
        int sent = 0, failed = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var mail = batch[i];
            MimeMessage message;
            try
            {
                message = MailTemplates.Render(mail, o.From, o.BaseUrl);
            }
            catch (ParseException e)
            {
                // An address no server will take: dead at once, retrying cannot help.
                await outbox.MarkFailedAsync(mail.Id, "Invalid address: " + e.Message, time.GetUtcNow(), time.GetUtcNow(), 1, CancellationToken.None);
                failed++;
                continue;
            }
            try
            {
                await smtp.SendAsync(message, ct);
            }
            catch (SmtpCommandException e)
            {
                // The server refused this mail (the connection stays usable): retry it later, the rest now.
                var now = time.GetUtcNow();
                await outbox.MarkFailedAsync(mail.Id, $"{(int)e.StatusCode} {e.Message}", now, now + Backoff(o, mail.Attempts), o.MaxAttempts,
                    CancellationToken.None);
                logger.LogWarning("Mail {Id} to {Recipient} refused: {Status} {Message} (attempt {Attempt})", mail.Id, mail.Recipient,
                    (int)e.StatusCode, e.Message, mail.Attempts + 1);
                failed++;
                continue;
            }
            catch (Exception e) when (IsUnreachable(e, ct))
            {
                health.Unreachable(e.Message);
                var untried = batch.Skip(i).Select(m => m.Id).ToArray();
                await outbox.ReleaseAsync(untried, "SMTP connection lost: " + e.Message, CancellationToken.None);
                logger.LogWarning("Mail: SMTP connection lost after {Sent} of {Count} ({Message}); the rest wait", sent, batch.Count, e.Message);
                return new MailDrainResult(sent, failed, untried.Length, e.Message);
            }
            catch (OperationCanceledException)
            {
                await outbox.ReleaseAsync(batch.Skip(i).Select(m => m.Id).ToArray(), "Sender stopped", CancellationToken.None);
                throw;
            }
            // Marked at once, not cancellable: the window in which a sent mail is not yet marked is this one statement.
            await outbox.MarkSentAsync(mail.Id, time.GetUtcNow(), CancellationToken.None);
            sent++;
        }
        try
        {
            await smtp.DisconnectAsync(true, ct);
        }
        catch (Exception e) when (IsUnreachable(e, ct))
        {
            logger.LogDebug("Mail: QUIT failed ({Message}); every mail of the batch was already marked", e.Message);
        }
        return new MailDrainResult(sent, failed, 0, null);
    }

    internal static async Task ConnectAsync(SmtpClient smtp, MailOptions o, CancellationToken ct)
    {
        var security = Enum.Parse<SecureSocketOptions>(o.Security);
        await smtp.ConnectAsync(o.Host!, o.Port, security, ct);
        if (!string.IsNullOrEmpty(o.Username)) await smtp.AuthenticateAsync(o.Username, o.Password ?? "", ct);
    }

    internal static TimeSpan Backoff(MailOptions o, int previousAttempts) =>
        TimeSpan.FromTicks(Math.Min(o.RetryMaxDelay.Ticks, o.RetryBaseDelay.Ticks * (1L << Math.Min(previousAttempts, 30))));

    /// <summary>The server (or the way to it) failed, not this mail: DNS, refused or dropped connections, TLS, timeouts, credentials.</summary>
    private static bool IsUnreachable(Exception e, CancellationToken ct) => e switch
    {
        OperationCanceledException => !ct.IsCancellationRequested,
        SocketException or IOException or TimeoutException or SmtpProtocolException or ServiceNotConnectedException
            or SslHandshakeException or AuthenticationException or ServiceNotAuthenticatedException
            or System.Security.Authentication.AuthenticationException => true,
        _ => false,
    };
}
