using System.Text.RegularExpressions;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;
using StoreSync.Data.Audit;
using StoreSync.Data.Auth;
using StoreSync.Data.Mail;
using StoreSync.Data.Users;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Problems;
using StoreSync.Functions.Common.Validation;
using StoreSync.Functions.Mail;
using StoreSync.Functions.Users;

namespace StoreSync.Functions.Auth;

public sealed record TokenRequest(string? Username, string? Password);
public sealed record RefreshRequest(string? RefreshToken);
public sealed record RegisterRequest(string? Username, string? Email, string? Password);
public sealed record UpdateMeRequest(string? DisplayName, string? Email, NotificationPreferencesPatch? NotificationPreferences = null,
    string? TimeZone = null);
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public static partial class AuthApi
{

    internal static async Task<IResult> SignIn(TokenRequest body, UserStore users, PasswordHasher<UserRow> hasher, TokenService tokens,
        NpgsqlDataSource db, IOptions<SignInThrottleOptions> throttleOptions, TimeProvider time, CancellationToken ct)
    {
        var v = new Validator().Required("username", body.Username, 254).Required("password", body.Password, 200);
        if (!v.IsValid) return v.ToResult();
        var login = body.Username!.Trim();
        var user = await users.FindByLoginAsync(login, ct);

        // Per account, not per address: the user's id when the login names one, else (a hash of) the login as typed, so an
        // unknown name is throttled exactly like a known one and the answer tells nothing about which exist. Hashed because
        // people type passwords into the username field.
        var throttle = throttleOptions.Value;
        var loginKey = user is null
            ? "login:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(login.ToLowerInvariant())))
            : "user:" + user.Id;
        var claim = await new SignInThrottle(db).ClaimAsync(loginKey, time.GetUtcNow(), throttle.FreeFailures, throttle.BaseDelay, throttle.MaxDelay, ct);
        if (!claim.Allowed)
        {
            var wait = claim.RetryAt!.Value - time.GetUtcNow();
            return Problem.TooManyRequests(
                $"Too many failed sign-ins for this account. Wait {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} seconds before trying again.", wait);
        }

        // Unknown users cost one hash verification too (of a dummy hash in the same format), so timing does not tell them apart.
        var verdict = hasher.VerifyHashedPassword(user!, user?.PasswordHash ?? DummyHash(hasher), body.Password!);
        if (user is null || verdict == PasswordVerificationResult.Failed)
            return Results.Problem(statusCode: 401, title: "Unauthorized", detail: "Invalid username or password.");
        if (!user.IsActive)
            return Results.Problem(statusCode: 401, title: "Unauthorized", detail: "This account is deactivated.");
        await new SignInThrottle(db).SucceededAsync(loginKey, time.GetUtcNow(), ct);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            await conn.ExecuteAsync(new CommandDefinition("UPDATE users SET password_hash = @hash WHERE id = @id",
                new { hash = hasher.HashPassword(user, body.Password!), id = user.Id }, cancellationToken: ct));
        }
        return Results.Ok(await tokens.IssueAsync(user.Id, user.Username, user.Role, null, ct));
    }

    private static string? _dummyHash;

    /// <summary>A hash of a random password made by the app's own hasher: same algorithm, iteration count and length as real ones.</summary>
    private static string DummyHash(PasswordHasher<UserRow> hasher) =>
        _dummyHash ??= hasher.HashPassword(null!, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));

    internal static async Task<IResult> Refresh(RefreshRequest body, RefreshTokenStore store, UserStore users, TokenService tokens, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.RefreshToken) || body.RefreshToken.Length > 200)
            return Problem.Validation("refreshToken", "refreshToken is required.");
        var next = tokens.NextRefreshToken();
        var result = await store.RotateAsync(TokenService.Hash(body.RefreshToken), next.Hash, next.Now, next.Expires, ct);
        if (result.Outcome != RefreshOutcome.Rotated)
        {
            var detail = result.Outcome switch
            {
                RefreshOutcome.Reused => "This refresh token was already used; the session has been revoked. Sign in again.",
                RefreshOutcome.Expired => "The refresh token has expired. Sign in again.",
                RefreshOutcome.UserInactive => "This account is deactivated.",
                _ => "The refresh token is not valid.",
            };
            return Results.Problem(statusCode: 401, title: "Unauthorized", detail: detail);
        }
        var user = await users.FindAsync(result.UserId, ct);
        if (user is null) return Results.Problem(statusCode: 401, title: "Unauthorized", detail: "The refresh token is not valid.");
        return Results.Ok(tokens.Access(user.Id, user.Username, user.Role, result.FamilyId, next.Token));
    }

    internal static async Task<IResult> Logout(RefreshRequest body, HttpContext http, RefreshTokenStore store, TimeProvider time, CancellationToken ct)
    {
        var user = http.CurrentUser();
        if (string.IsNullOrWhiteSpace(body.RefreshToken))
            await store.RevokeSessionAsync(user.SessionId, time.GetUtcNow(), ct);
        else
            await store.RevokeByTokenAsync(user.Id, TokenService.Hash(body.RefreshToken), time.GetUtcNow(), ct);
        return Results.NoContent();
    }

    internal static async Task<IResult> Register(RegisterRequest body, NpgsqlDataSource db, UserStore users, PasswordHasher<UserRow> hasher, CancellationToken ct)
    {
        var v = new Validator();
        ValidateUsername(v, body.Username);
        v.Email("email", body.Email, required: true).Password("password", body.Password, body.Username, body.Email);
        if (!v.IsValid) return v.ToResult();
        var id = Guid.CreateVersion7();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        try
        {
            await users.InsertAsync(conn, tx, id, body.Username!.Trim(), body.Email!.Trim(), null, HashFor(hasher, body.Password!), Roles.Viewer, true, [], [], ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return Problem.Conflict(e.ConstraintName == "users_email_key" ? "That e-mail address is already registered." : "That username is taken.");
        }
        await AuditLog.WriteAsync(conn, tx, id, null, "register", "user", id, new { username = body.Username }, ct);
        await tx.CommitAsync(ct);
        var created = await users.FindAsync(id, ct);
        return Results.Created($"/api/v1/users/{id}", UserResponse.From(created!));
    }

    internal static async Task<IResult> Me(HttpContext http, UserStore users, MailPreferencesStore preferences, CancellationToken ct) =>
        await users.FindAsync(http.CurrentUser().Id, ct) is { } u && await preferences.FindAsync(u.Id, ct) is { } p
            ? Results.Ok(MeResponse.From(u, p)) : Problem.NotFound("user");

    internal static async Task<IResult> UpdateMe(UpdateMeRequest body, HttpContext http, NpgsqlDataSource db, UserStore users,
        MailPreferencesStore preferences, CancellationToken ct)
    {
        var me = http.CurrentUser();
        var v = new Validator().MaxLength("displayName", body.DisplayName, 100).Email("email", body.Email).TimeZone(body.TimeZone);
        if (!v.IsValid) return v.ToResult();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        try
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                UPDATE users SET display_name = coalesce(@displayName, display_name), email = coalesce(@email, email), updated_at = now()
                WHERE id = @id
                """, new { displayName = body.DisplayName?.Trim(), email = body.Email?.Trim(), id = me.Id }, tx, cancellationToken: ct));
            var mail = body.NotificationPreferences?.Email;
            await MailPreferencesStore.UpdateAsync(conn, tx, me.Id, body.TimeZone?.Trim(), mail?.ReviewRequests, mail?.Decisions, mail?.Mentions,
                mail?.Digest, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return Problem.Conflict("That e-mail address is already registered.");
        }
        await AuditLog.WriteAsync(conn, tx, me.Id, null, "update", "user", me.Id,
            new { body.DisplayName, body.Email, body.NotificationPreferences, body.TimeZone }, ct);
        await tx.CommitAsync(ct);
        return Results.Ok(MeResponse.From((await users.FindAsync(me.Id, ct))!, (await preferences.FindAsync(me.Id, ct))!));
    }

    internal static async Task<IResult> ChangePassword(ChangePasswordRequest body, HttpContext http, NpgsqlDataSource db, UserStore users,
        PasswordHasher<UserRow> hasher, TimeProvider time, CancellationToken ct)
    {
        var me = http.CurrentUser();
        var user = (await users.FindAsync(me.Id, ct))!;
        var v = new Validator().Required("currentPassword", body.CurrentPassword)
            .Password("newPassword", body.NewPassword, user.Username, user.Email, user.DisplayName);
        if (!v.IsValid) return v.ToResult();
        if (hasher.VerifyHashedPassword(user, user.PasswordHash, body.CurrentPassword!) == PasswordVerificationResult.Failed)
            return Problem.Validation("currentPassword", "The current password is not correct.");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("UPDATE users SET password_hash = @hash, updated_at = now() WHERE id = @id",
            new { hash = hasher.HashPassword(user, body.NewPassword!), id = me.Id }, tx, cancellationToken: ct));
        await RefreshTokenStore.RevokeAllAsync(conn, tx, me.Id, me.SessionId, time.GetUtcNow(), ct);
        await AuditLog.WriteAsync(conn, tx, me.Id, null, "changePassword", "user", me.Id, null, ct);
        await tx.CommitAsync(ct);
        return Results.NoContent();
    }

    internal static string HashFor(PasswordHasher<UserRow> hasher, string password) => hasher.HashPassword(null!, password);

    internal static void ValidateUsername(Validator v, string? username)
    {
        if (string.IsNullOrWhiteSpace(username)) v.Add("username", "username is required.");
        else if (!UsernamePattern().IsMatch(username.Trim()))
            v.Add("username", "username must be 3 to 64 characters: letters, digits, '.', '_' or '-'.");
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{3,64}$")]
    private static partial Regex UsernamePattern();
}
