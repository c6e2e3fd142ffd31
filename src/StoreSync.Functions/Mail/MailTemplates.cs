using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using MimeKit;
using StoreSync.Data.Mail;

namespace StoreSync.Functions.Mail;

/// <summary>
/// Mails in plain text and HTML from a queued notification: one template per preference (review requests, decisions,
/// mentions, the daily digest), each with a link into the app. Everything from users (names, campaign names, comments) is
/// HTML-encoded; the subject is the notification's title.
/// </summary>
public static class MailTemplates
{
    private sealed record Template(string Intro, string Action, string Footer);

    private static readonly Dictionary<string, Template> ByPreference = new()
    {
        ["reviewRequests"] = new("A campaign needs your review.", "Review it in StoreSync", "review requests"),
        ["decisions"] = new("There is news about your campaign.", "Open the campaign", "news about your campaigns"),
        ["mentions"] = new("Someone mentioned you in a comment.", "Read and reply", "mentions"),
        ["digest"] = new("Your daily summary of campaigns waiting for review.", "Open your approvals", "the daily digest"),
    };

    /// <summary>The app path a mail links to: its campaign when it has one, else the approvals queue or the notifications.</summary>
    public static string LinkPath(OutboxMail mail) => mail switch
    {
        { CampaignId: { } id } => $"/campaigns/{id}",
        { Preference: "reviewRequests" or "digest" } => "/approvals",
        _ => "/",
    };

    public static MimeMessage Render(OutboxMail mail, string from, string baseUrl)
    {
        var t = ByPreference.GetValueOrDefault(mail.Preference) ?? ByPreference["decisions"];
        var root = baseUrl.TrimEnd('/');
        var link = root + LinkPath(mail);
        var profile = root + "/profile";

        var text = $"""
            Hello {mail.RecipientName},

            {t.Intro}

            {mail.Subject}
            {mail.Body}

            {t.Action}: {link}

            --
            StoreSync. You get this mail because e-mail for {t.Footer} is on in your profile: {profile}
            """;
        var h = HtmlEncoder.Default;
        var html = $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{h.Encode(mail.Subject)}</title></head>
            <body style="font-family: Arial, Helvetica, sans-serif; color: #1f2933; line-height: 1.5;">
            <p>Hello {h.Encode(mail.RecipientName)},</p>
            <p>{h.Encode(t.Intro)}</p>
            <h2 style="font-size: 18px;">{h.Encode(mail.Subject)}</h2>
            <p style="white-space: pre-line;">{h.Encode(mail.Body)}</p>
            <p><a href="{h.Encode(link)}" style="background: #1d4ed8; color: #ffffff; padding: 8px 14px; border-radius: 4px; text-decoration: none;">{h.Encode(t.Action)}</a></p>
            <p style="font-size: 12px; color: #52606d;">StoreSync. You get this mail because e-mail for {h.Encode(t.Footer)} is on in
            <a href="{h.Encode(profile)}">your profile</a>.</p>
            </body></html>
            """;

        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(new MailboxAddress(mail.RecipientName, mail.Recipient));
        message.Subject = mail.Subject;
        // Stable per queued mail: if the at-least-once edge ever sends one twice, the copies carry the same Message-Id,
        // which mail systems use to drop duplicates.
        message.MessageId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(mail.DedupeKey)))[..32] + "@storesync.mail";
        message.Headers.Add("X-StoreSync-Kind", mail.Kind);
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        return message;
    }
}
