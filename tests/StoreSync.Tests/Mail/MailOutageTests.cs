using System.Net;
using System.Net.Sockets;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Campaigns;
using StoreSync.Tests.Infrastructure;
using StoreSync.Tests.Lifecycle;

namespace StoreSync.Tests.Mail;

/// <summary>The app's way to smtp4dev goes through a proxy the test cuts and restores.</summary>
public sealed class MailOutageApp : MailApp
{
    public TcpProxy Proxy { get; } = new("127.0.0.1", Smtp4Dev.SmtpPort);

    protected override Task<int> SmtpPortAsync()
    {
        Proxy.Start();
        return Task.FromResult(Proxy.Port);
    }
}

/// <summary>Bad input "SMTP settings pointing nowhere": a port where nothing listens.</summary>
public sealed class MailNowhereApp : MailApp
{
    protected override Task<int> SmtpPortAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return Task.FromResult(((IPEndPoint)listener.LocalEndpoint).Port); // closed again when disposed
    }
}

public sealed class MailOutageTests(MailOutageApp app) : IClassFixture<MailOutageApp>
{
    [Fact]
    public async Task WhileTheSmtpServerIsDownMailWaitsAndGoesOutOnceWhenItReturns()
    {
        var setup = await app.CreateCampaignSetupAsync();
        var author = await app.CreateUserAsync(Roles.LocationManager, [setup.BrandId]);
        var (_, reviewer) = await app.SignInAsNewAsync(Roles.BrandManager, [setup.BrandId]);
        var recipient = $"{author.Username}@example.test";
        var id = await app.CreateCampaignAsync(setup.BrandId, setup.LocationId, setup.TemplateId, "pendingReview", createdBy: author.Id,
            name: "Outage special");

        app.Proxy.Stop();
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostJsonAsync($"/api/v1/campaigns/{id}/approve", new { })).StatusCode);

        // Health: still 200 (the database is fine), mail degraded; the mail waits, no attempt counted against it.
        var health = await WaitForMailHealthAsync("degraded");
        Assert.Equal("ok", health.GetProperty("database").GetString());
        await Task.Delay(1500); // several reconnect rounds of the sender
        var waiting = Assert.Single(await app.OutboxAsync(recipient));
        Assert.Null(waiting.SentAt);
        Assert.Null(waiting.DeadAt);
        Assert.Equal(0, waiting.Attempts);
        Assert.Empty(await Smtp4Dev.MessagesToAsync(recipient));

        app.Proxy.Start();
        Assert.Single(await Smtp4Dev.WaitForAsync(recipient));
        var sent = Assert.Single(await app.SettledOutboxAsync(recipient));
        Assert.NotNull(sent.SentAt);
        await Task.Delay(1000); // more sender rounds: nothing is sent twice
        Assert.Single(await Smtp4Dev.MessagesToAsync(recipient));
        await WaitForMailHealthAsync("ok");
    }

    private async Task<System.Text.Json.JsonElement> WaitForMailHealthAsync(string expected)
    {
        var client = app.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await client.GetAsync("/api/health");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.JsonAsync();
            if (body.GetProperty("mail").GetString() == expected || DateTime.UtcNow > deadline)
            {
                Assert.Equal(expected, body.GetProperty("mail").GetString());
                return body;
            }
            await Task.Delay(250);
        }
    }
}

public sealed class MailNowhereTests(MailNowhereApp app) : IClassFixture<MailNowhereApp>
{
    [Fact]
    public async Task WithSmtpSettingsPointingNowhereTheAppStartsHealthSaysMailDegradedAndMailWaits()
    {
        var response = await app.CreateClient().GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("ok", body.GetProperty("database").GetString());
        Assert.Equal("degraded", body.GetProperty("mail").GetString());

        var setup = await app.CreateCampaignSetupAsync();
        var author = await app.CreateUserAsync(Roles.LocationManager, [setup.BrandId]);
        var (_, reviewer) = await app.SignInAsNewAsync(Roles.BrandManager, [setup.BrandId]);
        var id = await app.CreateCampaignAsync(setup.BrandId, setup.LocationId, setup.TemplateId, "pendingReview", createdBy: author.Id);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostJsonAsync($"/api/v1/campaigns/{id}/approve", new { })).StatusCode);
        await Task.Delay(1000);
        var row = Assert.Single(await app.OutboxAsync($"{author.Username}@example.test"));
        Assert.Equal((null, null, 0), (row.SentAt, row.DeadAt, row.Attempts));
    }
}
