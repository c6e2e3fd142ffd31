using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Brands;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Auth;

/// <summary>Three free failures per account, then 10 s, 20 s, 40 s, 60 s (the cap) between attempts; the clock is the test's.</summary>
public sealed class SignInThrottleApp : StoreSyncApp
{
    public SignInThrottleApp() => With("Auth:SignInThrottle:FreeFailures", "3").With("Auth:SignInThrottle:BaseDelay", "00:00:10")
        .With("Auth:SignInThrottle:MaxDelay", "00:01:00");

    protected override bool UseTestClock => true;
}

/// <summary>Issue 14 #5: a per-account backoff of failed sign-ins that slows guessing but never locks the owner out.</summary>
public sealed class SignInThrottleTests(SignInThrottleApp app) : IClassFixture<SignInThrottleApp>
{
    private async Task<HttpResponseMessage> SignInAsync(string username, string password) =>
        await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { username, password });

    private async Task<HttpStatusCode> StatusAsync(string username, string password) => (await SignInAsync(username, password)).StatusCode;

    [Fact]
    public async Task AfterThreeFailuresEachAttemptWaitsLongerAndTheCorrectPasswordWorksOnceTheWaitIsOver()
    {
        var user = await app.CreateUserAsync(Roles.Viewer);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(user.Username, "wrong-guess-" + i));

        var limited = await SignInAsync(user.Username, "wrong-guess-3");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 10);
        // While waiting, even the right password is not looked at: a guess made now would tell nothing either.
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(user.Username, StoreSyncApp.Password));
        // Other accounts are not affected.
        var other = await app.CreateUserAsync(Roles.Viewer);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(other.Username, StoreSyncApp.Password));

        app.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(user.Username, "wrong-guess-4"));
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        var longer = await SignInAsync(user.Username, StoreSyncApp.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, longer.StatusCode);
        Assert.InRange(longer.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 9, 10); // 20 s after the fourth failure, 10 s of it gone

        app.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(user.Username, StoreSyncApp.Password));
        // Success starts the count afresh.
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(user.Username, "again-wrong-" + i));
    }

    [Fact]
    public async Task AttemptsRefusedWhileWaitingDoNotExtendTheWaitSoTheOwnerIsNeverLockedOut()
    {
        var user = await app.CreateUserAsync(Roles.Viewer);
        for (var i = 0; i < 3; i++) await SignInAsync(user.Username, "wrong-guess-" + i);
        for (var i = 0; i < 20; i++) Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(user.Username, "spam-" + i));
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(user.Username, StoreSyncApp.Password));
    }

    [Fact]
    public async Task TheWaitGrowsExponentiallyUpToTheCap()
    {
        var user = await app.CreateUserAsync(Roles.Viewer);
        for (var i = 0; i < 3; i++) await SignInAsync(user.Username, "wrong-guess-" + i);
        var waits = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var refused = await SignInAsync(user.Username, "probe");
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            var wait = refused.Headers.RetryAfter!.Delta!.Value;
            waits.Add(wait.TotalSeconds);
            app.Clock.Advance(wait);
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(user.Username, "wrong-again-" + i));
        }
        Assert.Equal([10, 20, 40, 60, 60], waits);
    }

    [Fact]
    public async Task UnknownNamesAreThrottledExactlyLikeKnownOnes()
    {
        var name = "nobody-" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(name, "wrong-guess-" + i));
        var limited = await SignInAsync(name, "wrong-guess-3");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 10);
    }

    [Fact]
    public async Task ParallelGuessesCannotShareOneWindow()
    {
        var user = await app.CreateUserAsync(Roles.Viewer);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => StatusAsync(user.Username, "parallel-" + i)));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(9, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task TheUsernameAndTheEmailOfOneAccountShareOneCount()
    {
        var user = await app.CreateUserAsync(Roles.Viewer);
        await SignInAsync(user.Username, "wrong-guess-0");
        await SignInAsync($"{user.Username}@example.test", "wrong-guess-1");
        await SignInAsync(user.Username.ToUpperInvariant(), "wrong-guess-2");
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync($"{user.Username}@example.test", "wrong-guess-3"));
    }
}

/// <summary>Issue 14 #6: an unknown username costs the same password hash as a known one, so timing does not enumerate users.</summary>
public sealed class SignInTimingTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    [Fact]
    public async Task UnknownAndKnownUsernamesTakeTheSameTime()
    {
        var user = await app.CreateUserAsync(Roles.Viewer);
        var inactive = await app.CreateUserAsync(Roles.Viewer);
        await using (var conn = await app.Db.OpenConnectionAsync())
            await Dapper.SqlMapper.ExecuteAsync(conn, "UPDATE users SET is_active = false WHERE id = @id", new { id = inactive.Id });
        var client = app.CreateClient();
        async Task<double> TimeAsync(string username)
        {
            var clock = Stopwatch.StartNew();
            var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { username, password = "wrong-password-x" });
            var ms = clock.Elapsed.TotalMilliseconds;
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            return ms;
        }
        string Unknown() => "nobody-" + Guid.NewGuid().ToString("N")[..10];

        for (var i = 0; i < 2; i++) { await TimeAsync(Unknown()); await TimeAsync(user.Username); } // warm-up (JIT, pools, dummy hash)
        List<double> known = [], unknown = [], deactivated = [];
        for (var i = 0; i < 9; i++) // interleaved, so a burst of load on the machine hits both sides alike
        {
            known.Add(await TimeAsync(user.Username));
            unknown.Add(await TimeAsync(Unknown()));
            deactivated.Add(await TimeAsync(inactive.Username));
        }
        static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
        var ratio = Median(unknown) / Median(known);
        // Before the fix the ratio was about 0.02 (2 ms against 100+ ms); equal work gives about 1.
        Assert.True(ratio is > 0.5 and < 2, $"unknown {Median(unknown):F1} ms vs known {Median(known):F1} ms (ratio {ratio:F2})");
        var inactiveRatio = Median(deactivated) / Median(known);
        Assert.True(inactiveRatio is > 0.5 and < 2, $"deactivated {Median(deactivated):F1} ms vs known {Median(known):F1} ms");
    }
}
