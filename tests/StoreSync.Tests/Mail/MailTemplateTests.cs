using StoreSync.Data.Mail;
using StoreSync.Functions.Mail;

namespace StoreSync.Tests.Mail;

/// <summary>
/// Templates for kinds other features add (mentions, rollout reminders) and the retry schedule: the parts of mail that
/// need no server. Delivery itself is tested against smtp4dev (MailDeliveryTests).
/// </summary>
public sealed class MailTemplateTests
{
    private static OutboxMail Mail(string kind, string preference, Guid? campaignId) => new()
    {
        Id = 1, Recipient = "ana@example.test", RecipientName = "Ana <Ops>", Kind = kind, Preference = preference,
        Subject = "Mentioned by Bo", Body = "@ana look at <this> & that", CampaignId = campaignId, DedupeKey = "notification:" + kind,
    };

    [Fact]
    public void AMentionLinksToItsCampaignAndEscapesWhatUsersWrote()
    {
        var id = Guid.NewGuid();
        var message = MailTemplates.Render(Mail("mention", "mentions", id), "StoreSync <no-reply@example.test>", "https://app.example.test/");
        Assert.Equal("Mentioned by Bo", message.Subject);
        Assert.Contains($"https://app.example.test/campaigns/{id}", message.TextBody);
        Assert.Contains("Someone mentioned you", message.TextBody);
        Assert.Contains("@ana look at &lt;this&gt; &amp; that", message.HtmlBody);
        Assert.Contains("Hello Ana &lt;Ops&gt;", message.HtmlBody);
        Assert.DoesNotContain("<this>", message.HtmlBody);
        Assert.Equal("mention", message.Headers["X-StoreSync-Kind"]);
    }

    [Fact]
    public void TheMessageIdIsTheSameForTheSameQueuedMailSoADuplicateCanBeDropped()
    {
        var a = MailTemplates.Render(Mail("rolloutReminder", "decisions", null), "no-reply@example.test", "http://x");
        var b = MailTemplates.Render(Mail("rolloutReminder", "decisions", null), "no-reply@example.test", "http://x");
        var other = MailTemplates.Render(Mail("mention", "mentions", null), "no-reply@example.test", "http://x");
        Assert.Equal(a.MessageId, b.MessageId);
        Assert.NotEqual(a.MessageId, other.MessageId);
        Assert.Contains("http://x/\n", a.TextBody!.Replace("\r", "")); // no campaign: the app's start page
    }

    [Fact]
    public void RetriesBackOffExponentiallyUpToTheCap()
    {
        var o = new MailOptions { RetryBaseDelay = TimeSpan.FromSeconds(30), RetryMaxDelay = TimeSpan.FromMinutes(10) };
        Assert.Equal([30, 60, 120, 240, 480, 600, 600], Enumerable.Range(0, 7).Select(n => MailSender.Backoff(o, n).TotalSeconds));
        Assert.Equal(TimeSpan.FromMinutes(10), MailSender.Backoff(o, 1000));
    }
}
