using Dapper;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Lifecycle;
using StoreSync.Tests.Infrastructure;
using StoreSync.Tests.Lifecycle;

namespace StoreSync.Tests.Notifications;

/// <summary>
/// Reminders for reviews waiting too long (once per interval) and the flag for approved campaigns whose start passed
/// unscheduled, sent by the campaign's orchestration (its timers on a mocked context, its real activities on the app's
/// database); the daily digest per approver, sent by its timer function. Each test uses its own days, because the digest
/// of a day goes out with that day's first digest run.
/// </summary>
public sealed class ApprovalReminderTests(LifecycleApp app) : IClassFixture<LifecycleApp>
{
    [Fact]
    public async Task ReviewersAreRemindedOncePerIntervalAndNeverForTheirOwnSubmission()
    {
        var submitted = new DateTimeOffset(2027, 1, 5, 10, 0, 0, TimeSpan.Zero);
        var setup = await app.CreateCampaignSetupAsync();
        var approver = await app.CreateUserAsync(Roles.BrandManager, [setup.BrandId]);
        var submitter = await app.CreateUserAsync(Roles.BrandManager, [setup.BrandId]);
        var author = await app.CreateUserAsync(Roles.LocationManager, [setup.BrandId]);
        var admin = await app.CreateUserAsync(Roles.Admin);
        var otherBrandsManager = await app.CreateUserAsync(Roles.BrandManager, [(await app.CreateCampaignSetupAsync()).BrandId]);
        var campaign = await app.CreateCampaignAsync(setup, "pendingReview", submitted.AddDays(5), submitted.AddDays(6), submitted, submitter.Id);
        var orchestration = await app.DriveAsync(app.Clock, campaign, submitted);

        async Task<int> RemindersAfter(TimeSpan waited, StoreSyncApp.TestUser user)
        {
            orchestration.AdvanceTo((submitted + waited).UtcDateTime);
            return (await NotificationsAsync(user.Id, "reminder")).Count;
        }

        Assert.Equal(0, await RemindersAfter(TimeSpan.FromHours(23.9), approver));
        Assert.Equal(1, await RemindersAfter(TimeSpan.FromHours(24), approver));
        Assert.Equal(1, await RemindersAfter(TimeSpan.FromHours(30), approver));
        Assert.Equal(1, await RemindersAfter(TimeSpan.FromHours(47.9), approver));
        Assert.Equal(2, await RemindersAfter(TimeSpan.FromHours(48), approver));
        foreach (var nobody in new[] { submitter, author, admin, otherBrandsManager })
            Assert.Empty(await NotificationsAsync(nobody.Id, "reminder"));

        var reminder = (await NotificationsAsync(approver.Id, "reminder"))[0];
        Assert.Equal(campaign, reminder.CampaignId);
        Assert.Equal(setup.BrandId, reminder.BrandId);
        Assert.Contains("Campaign 1", reminder.Title);
    }

    [Fact]
    public async Task TheBrandsApprovalReminderHoursSetsTheInterval()
    {
        var submitted = new DateTimeOffset(2027, 2, 5, 10, 0, 0, TimeSpan.Zero);
        var setup = await app.CreateCampaignSetupAsync(brandSettingsJson: """{"approvalReminderHours": 2}""");
        var approver = await app.CreateUserAsync(Roles.BrandManager, [setup.BrandId]);
        var campaign = await app.CreateCampaignAsync(setup, "pendingReview", null, null, submitted);
        var orchestration = await app.DriveAsync(app.Clock, campaign, submitted);

        foreach (var (hours, expected) in new[] { (1.9, 0), (2.0, 1), (3.0, 1), (4.0, 2) })
        {
            orchestration.AdvanceTo(submitted.AddHours(hours).UtcDateTime);
            Assert.Equal(expected, (await NotificationsAsync(approver.Id, "reminder")).Count);
        }
        Assert.Equal([submitted.AddHours(2).UtcDateTime, submitted.AddHours(4).UtcDateTime, submitted.AddHours(6).UtcDateTime],
            orchestration.TimersRequested.Distinct());
    }

    [Fact]
    public async Task AdminsAreRemindedOnlyWhenTheSettingAsksForIt()
    {
        var submitted = new DateTimeOffset(2027, 3, 5, 10, 0, 0, TimeSpan.Zero);
        var setup = await app.CreateCampaignSetupAsync();
        var admin = await app.CreateUserAsync(Roles.Admin);
        var quiet = await app.CreateCampaignAsync(setup, "pendingReview", null, null, submitted);
        var told = await app.CreateCampaignAsync(setup, "pendingReview", null, null, submitted);

        (await app.DriveAsync(app.Clock, quiet, submitted)).AdvanceTo(submitted.AddHours(25).UtcDateTime);
        Assert.Empty(await NotificationsAsync(admin.Id, "reminder"));
        (await app.DriveAsync(app.Clock, told, submitted, new LifecycleOptions { NotifyAdmins = true })).AdvanceTo(submitted.AddHours(25).UtcDateTime);
        Assert.Equal(told, Assert.Single(await NotificationsAsync(admin.Id, "reminder")).CampaignId);
    }

    [Fact]
    public async Task EachApproverGetsOneDigestPerDayOfWhatWaitsForThem()
    {
        var day = new DateTimeOffset(2027, 4, 10, 0, 0, 0, TimeSpan.Zero);
        var setup = await app.CreateCampaignSetupAsync();
        var approver = await app.CreateUserAsync(Roles.BrandManager, [setup.BrandId]);
        var idle = await app.CreateUserAsync(Roles.BrandManager, [(await app.CreateCampaignSetupAsync()).BrandId]);
        await app.CreateCampaignsAsync(setup, "pendingReview", null, null, count: 2, submittedAt: day.AddDays(-1));

        app.Clock.Set(day.AddMinutes(1));
        var first = await app.RunDigestTimerAsync();
        app.Clock.Set(day.AddHours(12));
        var again = await app.RunDigestTimerAsync();

        var digests = await NotificationsAsync(approver.Id, "digest");
        var digest = Assert.Single(digests);
        Assert.Equal("2 campaigns wait for your review", digest.Title);
        Assert.DoesNotContain("digestsSent=0", Assert.Single(first));
        Assert.Contains("digestsSent=0", Assert.Single(again));
        Assert.Empty(await NotificationsAsync(idle.Id, "digest"));

        app.Clock.Set(day.AddDays(1).AddMinutes(1));
        await app.RunDigestTimerAsync();
        Assert.Equal(2, (await NotificationsAsync(approver.Id, "digest")).Count);
    }

    [Fact]
    public async Task AnApprovedCampaignWhoseStartPassedUnscheduledIsFlaggedOnceToItsManagers()
    {
        var start = new DateTimeOffset(2027, 5, 10, 14, 0, 0, TimeSpan.Zero);
        var setup = await app.CreateCampaignSetupAsync();
        var manager = await app.CreateUserAsync(Roles.BrandManager, [setup.BrandId]);
        var missed = await app.CreateCampaignAsync(setup, "approved", start, start.AddDays(3));
        var later = await app.CreateCampaignAsync(setup, "approved", start.AddDays(1), start.AddDays(3));
        var orchestrations = new[]
        {
            await app.DriveAsync(app.Clock, missed, start.AddHours(-1)), await app.DriveAsync(app.Clock, later, start.AddHours(-1)),
        };
        void AdvanceTo(DateTimeOffset to) { foreach (var o in orchestrations) o.AdvanceTo(to.UtcDateTime); }

        AdvanceTo(start.AddMinutes(-1));
        Assert.Empty(await NotificationsAsync(manager.Id, "unscheduledStart"));

        AdvanceTo(start.AddMinutes(1));
        AdvanceTo(start.AddMinutes(2));

        var notice = Assert.Single(await NotificationsAsync(manager.Id, "unscheduledStart"));
        Assert.Equal(missed, notice.CampaignId);
        Assert.Equal(1, orchestrations[0].ActivityNames.Count(a => a == nameof(FlagStartPassed)));
        Assert.Null(orchestrations[0].PendingTimer); // flagged once; then it only waits for a person (schedule or cancel)
        await using var conn = await app.Db.OpenConnectionAsync();
        var marks = (await conn.QueryAsync<(Guid, DateTime?)>("SELECT id, unscheduled_flagged_at FROM campaigns WHERE id = ANY(@ids)",
            new { ids = new[] { missed, later } })).ToDictionary(r => r.Item1, r => r.Item2);
        Assert.Equal(start.UtcDateTime, marks[missed]);
        Assert.Null(marks[later]);
        Assert.Equal("approved", await app.StatusOfAsync(missed));
    }

    private sealed record Sent(Guid Id, Guid? BrandId, Guid? CampaignId, string Title, string Body, DateTimeOffset CreatedAt);

    private async Task<List<Sent>> NotificationsAsync(Guid userId, string kind)
    {
        await using var conn = await app.Db.OpenConnectionAsync();
        return (await conn.QueryAsync<Sent>(
            "SELECT id, brand_id, campaign_id, title, body, created_at FROM notifications WHERE user_id = @userId AND kind = @kind ORDER BY created_at",
            new { userId, kind })).ToList();
    }
}
