using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace StoreSync.Functions.Mail;

/// <summary>
/// Sends mail at once after it is queued: listens on the database channel the notifications trigger signals at commit
/// (so no feature has to call anything), and also looks every Mail:PollInterval for retries that came due. The timer
/// function Mail_Send does the same work where this process is not running (it is a safety net, not a second sender:
/// claims keep them apart).
/// </summary>
public sealed class MailPump(NpgsqlDataSource db, MailSender sender, IOptions<MailOptions> options, ILogger<MailPump> logger) : BackgroundService
{
    public const string Channel = "mail_outbox";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled || !o.SendAtOnce) return;
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var conn = await db.OpenConnectionAsync(stoppingToken);
                await conn.ExecuteAsync(new CommandDefinition($"LISTEN {Channel}", cancellationToken: stoppingToken));
                while (!stoppingToken.IsCancellationRequested)
                {
                    // Listening before draining: a mail queued during the drain wakes the next wait.
                    var result = await sender.DrainAsync(TimeSpan.FromMinutes(1), stoppingToken);
                    if (result.Sent + result.Failed > 0) logger.LogInformation("Mail: {Summary}", result.Summary);
                    if (result.Unreachable is not null) await Task.Delay(o.ReconnectDelay, stoppingToken);
                    await conn.WaitAsync(o.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Mail: the sender's database listener failed ({Message}); retrying", e.Message);
                try { await Task.Delay(o.ReconnectDelay, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }
}
