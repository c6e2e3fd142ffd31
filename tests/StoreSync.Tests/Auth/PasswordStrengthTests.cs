using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Brands;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Auth;

/// <summary>Issue 14 #7: common, guessable and repetitive passwords are refused (zxcvbn score below 3), saying why.</summary>
public sealed class PasswordStrengthTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private static async Task<string> PasswordErrorAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.BodyAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for {field}: {errors}");
        return string.Join(" ", messages.EnumerateArray().Select(m => m.GetString()));
    }

    private Task<HttpResponseMessage> RegisterAsync(string username, string password) =>
        app.CreateClient().PostAsJsonAsync("/api/v1/auth/register", new { username, email = $"{username}@example.test", password });

    [Theory]
    [InlineData("aaaaaaaaaa", "repeated")]
    [InlineData("password12", "common password")]
    [InlineData("qwertyuiop", "common password")]
    [InlineData("1234567890", "guess")]
    [InlineData("abcdefghijkl", "sequences")]
    [InlineData("Long-enough-1", "guess")]
    public async Task RegisterRefusesGuessablePasswordsAndSaysWhy(string password, string reason)
    {
        var message = await PasswordErrorAsync(await RegisterAsync("weak-" + Guid.NewGuid().ToString("N")[..8], password), "password");
        Assert.Contains("too easy to guess", message);
        Assert.Contains(reason, message);
    }

    [Fact]
    public async Task ThePasswordMayNotBeBuiltFromTheUsername()
    {
        var username = "marigold" + Guid.NewGuid().ToString("N")[..4];
        var message = await PasswordErrorAsync(await RegisterAsync(username, username + "2024"), "password");
        Assert.Contains("username", message);
    }

    [Fact]
    public async Task AStrongPasswordIsAccepted()
    {
        var response = await RegisterAsync("strong-" + Guid.NewGuid().ToString("N")[..8], "Plenty-long-Quokka-8");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task ChangePasswordRefusesAWeakNewPassword()
    {
        var (_, client) = await app.SignInAsNewAsync(Roles.Viewer);
        var response = await client.PostAsJsonAsync("/api/v1/auth/change-password",
            new { currentPassword = StoreSyncApp.Password, newPassword = "password123" });
        Assert.Contains("too easy to guess", await PasswordErrorAsync(response, "newPassword"));
    }

    [Fact]
    public async Task AdminsCannotCreateOrResetUsersWithWeakPasswords()
    {
        var (_, admin) = await app.SignInAsNewAsync(Roles.Admin);
        var create = await admin.PostAsJsonAsync("/api/v1/users",
            new { username = "u-" + Guid.NewGuid().ToString("N")[..8], password = "aaaaaaaaaaaa", role = Roles.Viewer });
        Assert.Contains("repeated", await PasswordErrorAsync(create, "password"));

        var user = await app.CreateUserAsync(Roles.Viewer);
        var reset = await admin.SendAsync(Json.Patch($"/api/v1/users/{user.Id}", new { password = "letmein123" }));
        Assert.Contains("too easy to guess", await PasswordErrorAsync(reset, "password"));
        var byName = await admin.SendAsync(Json.Patch($"/api/v1/users/{user.Id}", new { password = user.Username + "!" }));
        Assert.Contains("username", await PasswordErrorAsync(byName, "password"));
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(Json.Patch($"/api/v1/users/{user.Id}", new { password = "Sturdy-Quokka-Lantern-4" }))).StatusCode);
    }
}
