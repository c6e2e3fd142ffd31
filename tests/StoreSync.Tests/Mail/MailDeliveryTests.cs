using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Campaigns;
using StoreSync.Tests.Infrastructure;
using StoreSync.Tests.Lifecycle;

namespace StoreSync.Tests.Mail;

/// <summary>
/// Issue 16 #3: notifications reach people by e-mail through a real SMTP server (smtp4dev), sent at once after the
/// notification commits, each exactly once, as their preferences say.
/// </summary>
public sealed class MailDeliveryTests(MailApp app) : IClassFixture<MailApp>
{
    private static string Address(StoreSyncApp.TestUser user) => $"{user.Username}@example.test";

    private sealed record People(CampaignSetup Setup, StoreSyncApp.TestUser Author, HttpClient AuthorClient, StoreSyncApp.TestUser Submitter,
        HttpClient SubmitterClient, StoreSyncApp.TestUser Reviewer, HttpClient ReviewerClient);

    private async Task<People> PeopleAsync()
    {
        var setup = await app.CreateCampaignSetupAsync();
        var (author, authorClient) = await app.SignInAsNewAsync(Roles.LocationManager, [setup.BrandId]);
        var (submitter, submitterClient) = await app.SignInAsNewAsync(Roles.LocationManager, [setup.BrandId]);
        var (reviewer, reviewerClient) = await app.SignInAsNewAsync(Roles.BrandManager, [setup.BrandId]);
        return new People(setup, author, authorClient, submitter, submitterClient, reviewer, reviewerClient);
    }

    private Task<Guid> PendingAsync(People p, string name) =>
        CampaignTestData.CreateCampaignAsync(app, p.Setup.BrandId, p.Setup.LocationId, p.Setup.TemplateId, "pendingReview",
            submittedBy: p.Submitter.Id, createdBy: p.Author.Id, name: name);

    [Fact]
    public async Task ADecisionSendsExactlyOneMailToTheAuthorWithALinkThatOpensTheCampaign()
    {
        var p = await PeopleAsync();
        var id = await PendingAsync(p, "Autumn soup week");
        Assert.Equal(HttpStatusCode.OK, (await p.ReviewerClient.PostJsonAsync($"/api/v1/campaigns/{id}/approve", new { })).StatusCode);

        var mails = await Smtp4Dev.WaitForAsync(Address(p.Author));
        var mail = Assert.Single(mails);
        Assert.Equal("Approved: Autumn soup week", mail.Subject);
        Assert.Contains("no-reply@storesync.test", mail.From);

        var link = $"{MailApp.BaseUrl}/campaigns/{id}";
        var text = await Smtp4Dev.PlainTextAsync(mail.Id);
        Assert.Contains(link, text);
        Assert.Contains("approved \"Autumn soup week\"", text);
        Assert.Contains($"href=\"{link}\"", await Smtp4Dev.HtmlAsync(mail.Id));

        // The link works: its path is a page the development host serves, and the campaign it names opens for the recipient.
        var page = await app.CreateClient().GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await p.AuthorClient.GetAsync($"/api/v1/campaigns/{id}")).StatusCode);

        // Once: the outbox row is marked sent, another pass sends nothing more, and the reviewer (who acted) got no mail.
        var row = Assert.Single(await app.SettledOutboxAsync(Address(p.Author)));
        Assert.NotNull(row.SentAt);
        Assert.Equal(("campaignApproved", "decisions", 0), (row.Kind, row.Preference, row.Attempts));
        await app.Services.GetRequiredService<StoreSync.Functions.Mail.MailSender>().DrainAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Single(await Smtp4Dev.MessagesToAsync(Address(p.Author)));
        Assert.Empty(await app.OutboxAsync(Address(p.Reviewer)));
    }

    [Fact]
    public async Task NoMailWhenTheRecipientTurnedThatKindOff()
    {
        var p = await PeopleAsync();
        var patch = await p.AuthorClient.PatchJsonAsync("/api/v1/auth/me", new { notificationPreferences = new { email = new { decisions = false } } });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var id = await PendingAsync(p, "Winter gloves");
        Assert.Equal(HttpStatusCode.OK,
            (await p.ReviewerClient.PostJsonAsync($"/api/v1/campaigns/{id}/reject", new { comment = "Wrong photo." })).StatusCode);

        // The submitter (preferences on) gets theirs; by then the author's would have been queued in the same transaction.
        Assert.Single(await Smtp4Dev.WaitForAsync(Address(p.Submitter)));
        Assert.Empty(await app.OutboxAsync(Address(p.Author)));
        Assert.Empty(await Smtp4Dev.MessagesToAsync(Address(p.Author)));
        // The in-app notification is still there: the preference is about e-mail only.
        var notices = await (await p.AuthorClient.GetAsync("/api/v1/notifications")).JsonAsync();
        Assert.Equal(1, notices.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task WhatUsersWroteIsEscapedInTheHtmlPart()
    {
        var p = await PeopleAsync();
        var id = await PendingAsync(p, "Deals <b>now</b>");
        await p.ReviewerClient.PostJsonAsync($"/api/v1/campaigns/{id}/reject", new { comment = "<script>alert(1)</script> & \"quotes\"" });

        var mail = Assert.Single(await Smtp4Dev.WaitForAsync(Address(p.Author)));
        var html = await Smtp4Dev.HtmlAsync(mail.Id);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<b>now</b>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("Deals &lt;b&gt;now&lt;/b&gt;", html);
        Assert.Contains("<script>alert(1)</script>", await Smtp4Dev.PlainTextAsync(mail.Id));
    }

    [Fact]
    public async Task ReminderAndDigestNoticesMailTheirRecipientsUnderTheirOwnPreferences()
    {
        var p = await PeopleAsync();
        var id = await PendingAsync(p, "Garden tools");
        var onlyDigest = await app.CreateUserAsync(Roles.BrandManager, [p.Setup.BrandId]);
        await using (var conn = await app.Db.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("UPDATE users SET mail_review_requests = false WHERE id = @id", new { id = onlyDigest.Id });
            await conn.ExecuteAsync("""
                INSERT INTO notifications (id, user_id, brand_id, kind, title, body, campaign_id, dedupe_key, created_at)
                SELECT gen_random_uuid(), u.id, @brandId, k.kind, k.title, 'body', CASE k.kind WHEN 'reminder' THEN @id END,
                       k.kind || ':' || u.id, now()
                FROM unnest(@users) AS u(id)
                CROSS JOIN (VALUES ('reminder', 'Review waiting: Garden tools'), ('digest', '1 campaign waits for your review')) k(kind, title)
                """, new { brandId = p.Setup.BrandId, id, users = new[] { p.Reviewer.Id, onlyDigest.Id } });
        }

        var reviewerMails = await Smtp4Dev.WaitForAsync(Address(p.Reviewer), 2);
        Assert.Equal(["1 campaign waits for your review", "Review waiting: Garden tools"], reviewerMails.Select(m => m.Subject).Order());
        var reminder = reviewerMails.Single(m => m.Subject.StartsWith("Review waiting"));
        Assert.Contains($"{MailApp.BaseUrl}/campaigns/{id}", await Smtp4Dev.PlainTextAsync(reminder.Id));
        var digest = reviewerMails.Single(m => m.Subject.Contains("waits for your review"));
        Assert.Contains($"{MailApp.BaseUrl}/approvals", await Smtp4Dev.PlainTextAsync(digest.Id));

        var digestOnly = Assert.Single(await Smtp4Dev.WaitForAsync(Address(onlyDigest)));
        Assert.Equal("1 campaign waits for your review", digestOnly.Subject);
        Assert.Equal(["digest"], (await app.OutboxAsync(Address(onlyDigest))).Select(r => r.Preference));
    }

    [Fact]
    public async Task AnAddressNoServerWouldTakeIsADeadLetterWithItsErrorAndTheRestStillGoOut()
    {
        var p = await PeopleAsync();
        await using (var conn = await app.Db.OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE users SET email = 'not an address@@' WHERE id = @id", new { id = p.Author.Id });
        var id = await PendingAsync(p, "Broken address");
        await p.ReviewerClient.PostJsonAsync($"/api/v1/campaigns/{id}/approve", new { });

        Assert.Single(await Smtp4Dev.WaitForAsync(Address(p.Submitter)));
        var dead = Assert.Single(await app.SettledOutboxAsync("not an address@@"));
        Assert.Null(dead.SentAt);
        Assert.NotNull(dead.DeadAt);
        Assert.Contains("Invalid address", dead.LastError);
    }
}
