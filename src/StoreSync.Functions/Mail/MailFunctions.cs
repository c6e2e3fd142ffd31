using Microsoft.Azure.Functions.Worker;

namespace StoreSync.Functions.Mail;

/// <summary>The mail timer: every 10 seconds, sends what the outbox holds that is due (new mail and retries).</summary>
public sealed class MailTimers(MailSender sender, ILogger<MailTimers> logger)
{
    [Function("Mail_Send")]
    public async Task Send([TimerTrigger("*/10 * * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var result = await sender.DrainAsync(TimeSpan.FromSeconds(50), ct);
        if (result.Sent + result.Failed + result.Released > 0 || result.Unreachable is not null)
            logger.LogInformation("Mail_Send: {Summary}", result.Summary);
    }
}
