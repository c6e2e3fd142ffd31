using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Brands;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Auth;

public sealed class AuthTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private sealed record Tokens(string AccessToken, string RefreshToken);

    private async Task<Tokens> SignInAsync(string username, string password = StoreSyncApp.Password)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { username, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.True(body.GetProperty("expiresIn").GetInt64() > 0);
        return new(body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!);
    }

    private HttpClient Bearer(string accessToken)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        app.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken });

    private async Task<Tokens> RefreshOkAsync(string refreshToken)
    {
        var response = await RefreshAsync(refreshToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.BodyAsync();
        return new(body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!);
    }

    private async Task<HttpStatusCode> MeStatusAsync(string accessToken) => (await Bearer(accessToken).GetAsync("/api/v1/auth/me")).StatusCode;

    [Fact]
    public async Task SignInWithUsernameOrEmailAndReadMe()
    {
        var user = await app.CreateUserAsync(Roles.Viewer);
        var tokens = await SignInAsync(user.Username.ToUpperInvariant());
        var me = await (await Bearer(tokens.AccessToken).GetAsync("/api/v1/auth/me")).BodyAsync();
        Assert.Equal(user.Id, me.GetProperty("id").GetGuid());
        Assert.Equal("viewer", me.GetProperty("role").GetString());
        Assert.False(me.TryGetProperty("passwordHash", out _));
        await SignInAsync($"{user.Username}@example.test");
    }

    [Theory]
    [InlineData("nobody-here", StoreSyncApp.Password)]
    [InlineData(null, "wrong-password-1")]
    public async Task WrongCredentialsAre401WithoutSayingWhichPart(string? username, string password)
    {
        var user = await app.CreateUserAsync(Roles.Viewer);
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { username = username ?? user.Username, password });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Invalid username or password.", (await response.BodyAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task MissingOrGarbageTokenIs401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeStatusAsync("not-a-token"));
    }

    [Fact]
    public async Task RefreshRotatesAndTheNewTokensWork()
    {
        var user = await app.CreateUserAsync(Roles.Viewer);
        var first = await SignInAsync(user.Username);
        var second = await RefreshOkAsync(first.RefreshToken);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, await MeStatusAsync(second.AccessToken));
        var third = await RefreshOkAsync(second.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, await MeStatusAsync(third.AccessToken));
    }

    [Fact]
    public async Task ReusingARotatedRefreshTokenRevokesTheWholeFamilyIncludingTheNewest()
    {
        var user = await app.CreateUserAsync(Roles.Viewer);
        var first = await SignInAsync(user.Username);
        var second = await RefreshOkAsync(first.RefreshToken);
        var third = await RefreshOkAsync(second.RefreshToken);
        var otherSession = await SignInAsync(user.Username);

        var replay = await RefreshAsync(first.RefreshToken);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Contains("revoked", (await replay.BodyAsync()).GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(third.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeStatusAsync(third.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeStatusAsync(first.AccessToken));
        // Another sign-in is another family and survives.
        Assert.Equal(HttpStatusCode.OK, await MeStatusAsync(otherSession.AccessToken));
        await RefreshOkAsync(otherSession.RefreshToken);
    }

    [Fact]
    public async Task UnknownOrMissingRefreshTokenIs4xx()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync("made-up")).StatusCode);
        var missing = await RefreshAsync("");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("refreshToken", await missing.ErrorFieldsAsync());
    }

    [Fact]
    public async Task LogoutEndsTheSessionForBothTokens()
    {
        var user = await app.CreateUserAsync(Roles.Viewer);
        var tokens = await SignInAsync(user.Username);
        var logout = await Bearer(tokens.AccessToken).PostAsJsonAsync("/api/v1/auth/logout", new { refreshToken = tokens.RefreshToken });
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(tokens.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeStatusAsync(tokens.AccessToken));
    }

    [Fact]
    public async Task DeactivatedUserLosesAccessWithAStillValidAccessToken()
    {
        var user = await app.CreateUserAsync(Roles.Viewer);
        var tokens = await SignInAsync(user.Username);
        Assert.Equal(HttpStatusCode.OK, await MeStatusAsync(tokens.AccessToken));
        var (_, admin) = await app.SignInAsNewAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(Json.Patch($"/api/v1/users/{user.Id}", new { isActive = false }))).StatusCode);

        var me = await Bearer(tokens.AccessToken).GetAsync("/api/v1/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal("application/problem+json", me.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(tokens.RefreshToken)).StatusCode);
        var again = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { username = user.Username, password = StoreSyncApp.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Fact]
    public async Task DeactivationAppliesWhenDoneDirectlyInTheDatabaseToo()
    {
        var user = await app.CreateUserAsync(Roles.Viewer);
        var tokens = await SignInAsync(user.Username);
        await using var conn = await app.Db.OpenConnectionAsync();
        await conn.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @id", new { id = user.Id });
        Assert.Equal(HttpStatusCode.Unauthorized, await MeStatusAsync(tokens.AccessToken));
    }

    [Fact]
    public async Task ChangePasswordEndsOtherSessionsButKeepsThisOne()
    {
        var user = await app.CreateUserAsync(Roles.Viewer);
        var mine = await SignInAsync(user.Username);
        var other = await SignInAsync(user.Username);
        var response = await Bearer(mine.AccessToken).PostAsJsonAsync("/api/v1/auth/change-password",
            new { currentPassword = StoreSyncApp.Password, newPassword = "A-brand-new-one-7" });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        Assert.Equal(HttpStatusCode.OK, await MeStatusAsync(mine.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeStatusAsync(other.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(other.RefreshToken)).StatusCode);
        await RefreshOkAsync(mine.RefreshToken);
        var old = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { username = user.Username, password = StoreSyncApp.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        await SignInAsync(user.Username, "A-brand-new-one-7");
    }

    [Fact]
    public async Task ChangePasswordNeedsTheCurrentOneAndAStrongNewOne()
    {
        var (_, client) = await app.SignInAsNewAsync(Roles.Viewer);
        var wrong = await client.PostAsJsonAsync("/api/v1/auth/change-password", new { currentPassword = "nope-nope-nope", newPassword = "A-brand-new-one-7" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("currentPassword", await wrong.ErrorFieldsAsync());
        var weak = await client.PostAsJsonAsync("/api/v1/auth/change-password", new { currentPassword = StoreSyncApp.Password, newPassword = "short" });
        Assert.Contains("newPassword", await weak.ErrorFieldsAsync());
    }

    [Fact]
    public async Task RegisterCreatesAViewerWithNoBrands()
    {
        var brand = await app.CreateBrandAsync();
        await app.CreateLocationAsync(brand);
        var username = "new-" + Guid.NewGuid().ToString("N")[..8];
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/register",
            new { username, email = $"{username}@example.test", password = "Registered-user-1", role = "admin", brandIds = new[] { brand } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Equal("viewer", body.GetProperty("role").GetString());
        Assert.Empty(body.GetProperty("brandIds").EnumerateArray());

        var client = Bearer((await SignInAsync(username, "Registered-user-1")).AccessToken);
        Assert.Equal(0, (await (await client.GetAsync("/api/v1/brands")).BodyAsync()).GetProperty("total").GetInt32());
        Assert.Equal(0, (await (await client.GetAsync("/api/v1/locations")).BodyAsync()).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/brands/{brand}")).StatusCode);

        var duplicate = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/register",
            new { username = username.ToUpperInvariant(), email = "other@example.test", password = "Registered-user-1" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
    }

    [Fact]
    public async Task RegisterValidationErrorsNameTheFields()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/register", new { username = "x", email = "not-an-email", password = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = await response.ErrorFieldsAsync();
        Assert.Contains("username", fields);
        Assert.Contains("email", fields);
        Assert.Contains("password", fields);
    }

    [Fact]
    public async Task UpdatingMeCannotChangeRoleOrMemberships()
    {
        var brand = await app.CreateBrandAsync();
        var (user, client) = await app.SignInAsNewAsync(Roles.Viewer);
        var response = await client.SendAsync(Json.Patch("/api/v1/auth/me",
            new { displayName = "Me", role = "admin", brandIds = new[] { brand }, isActive = false, id = Guid.NewGuid() }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Equal("Me", body.GetProperty("displayName").GetString());
        Assert.Equal("viewer", body.GetProperty("role").GetString());
        Assert.Empty(body.GetProperty("brandIds").EnumerateArray());
        Assert.Equal(user.Id, body.GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task ChangingMyEmailIsAudited()
    {
        var (user, client) = await app.SignInAsNewAsync(Roles.Viewer);
        var email = $"{user.Username}@changed.test";
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Json.Patch("/api/v1/auth/me", new { email }))).StatusCode);
        await using var conn = await app.Db.OpenConnectionAsync();
        var details = await conn.ExecuteScalarAsync<string>(
            "SELECT details::text FROM audit_log WHERE actor_id = @id AND entity = 'user' AND entity_id = @id AND action = 'update'", new { id = user.Id });
        Assert.Contains(email, details);
    }

    [Fact]
    public async Task TokenResponsesAndProblemsAreJson()
    {
        var response = await app.CreateClient().PostAsync("/api/v1/auth/token", new StringContent("{bad", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(JsonValueKind.Number, (await response.BodyAsync()).GetProperty("status").ValueKind);
    }
}

public sealed class LoginLimitedApp : StoreSyncApp
{
    public LoginLimitedApp() => With("Auth:LoginPermitLimit", "3");
}

public sealed class LoginRateLimitTests(LoginLimitedApp app) : IClassFixture<LoginLimitedApp>
{
    [Fact]
    public async Task FourthLoginAttemptInTheWindowIs429WithRetryAfter()
    {
        var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            var attempt = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "someone", password = "wrong-password" });
            Assert.Equal(HttpStatusCode.Unauthorized, attempt.StatusCode);
        }
        var limited = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "someone", password = "wrong-password" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After missing");
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        var register = await client.PostAsJsonAsync("/api/v1/auth/register", new { username = "late-user", email = "late@example.test", password = "Plenty-long-Quokka-8" });
        Assert.Equal(HttpStatusCode.TooManyRequests, register.StatusCode);
        // Signed-in traffic is not limited by the login policy.
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/api/health")).StatusCode);
    }

}

/// <summary>Its own app (and limiter): the login limit is per client address, and tests share the test server's.</summary>
public sealed class LoginRateLimitForwardingTests(LoginLimitedApp app) : IClassFixture<LoginLimitedApp>
{
    [Fact]
    public async Task ASpoofedXForwardedForDoesNotEscapeTheLimitWhenNoProxyIsTrusted()
    {
        async Task<HttpStatusCode> AttemptFrom(string forwardedFor)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token")
            {
                Content = JsonContent.Create(new { username = "someone", password = "wrong-password" }),
            };
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            return (await app.CreateClient().SendAsync(request)).StatusCode;
        }
        // A new made-up address on every attempt: they all count against the one real client.
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, await AttemptFrom($"203.0.113.{i + 1}"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await AttemptFrom("203.0.113.99"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await AttemptFrom("198.51.100.1, 203.0.113.100"));
    }
}
