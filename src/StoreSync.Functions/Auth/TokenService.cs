using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.Extensions.Options;
using StoreSync.Data.Auth;
using StoreSync.Functions.Common.Auth;

namespace StoreSync.Functions.Auth;

public sealed record TokenResponse(string AccessToken, string RefreshToken, string TokenType, long ExpiresIn);

/// <summary>
/// Access tokens: ASP.NET Core BearerToken tickets (Data Protection), validated by the BearerToken handler.
/// Refresh tokens: 256 random bits, stored hashed, one family per sign-in; the family id is the session id
/// carried in the access token, so revoking the family ends the session at once.
/// </summary>
public sealed class TokenService(
    IOptionsMonitor<BearerTokenOptions> bearerOptions,
    IOptions<AuthOptions> authOptions,
    RefreshTokenStore refreshTokens,
    TimeProvider time)
{
    public async Task<TokenResponse> IssueAsync(Guid userId, string username, string role, Guid? familyId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var family = familyId ?? Guid.CreateVersion7();
        var refresh = NewRefreshToken();
        await refreshTokens.CreateAsync(userId, family, Hash(refresh), now, now + authOptions.Value.RefreshTokenLifetime, ct);
        return Access(userId, username, role, family, refresh);
    }

    public TokenResponse Access(Guid userId, string username, string role, Guid family, string refreshToken)
    {
        var now = time.GetUtcNow();
        var lifetime = authOptions.Value.AccessTokenLifetime;
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, userId.ToString()),
            new Claim(ClaimTypes.Name, username),
            new Claim(ClaimTypes.Role, role),
            new Claim(ClaimTypes.Sid, family.ToString()),
        ], BearerTokenDefaults.AuthenticationScheme);
        var properties = new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + lifetime };
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(identity), properties, BearerTokenDefaults.AuthenticationScheme);
        var protector = bearerOptions.Get(BearerTokenDefaults.AuthenticationScheme).BearerTokenProtector;
        return new TokenResponse(protector.Protect(ticket), refreshToken, "Bearer", (long)lifetime.TotalSeconds);
    }

    public (string Token, byte[] Hash, DateTimeOffset Now, DateTimeOffset Expires) NextRefreshToken()
    {
        var token = NewRefreshToken();
        var now = time.GetUtcNow();
        return (token, Hash(token), now, now + authOptions.Value.RefreshTokenLifetime);
    }

    public static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));

    private static string NewRefreshToken() => Base64UrlTextEncoder.Encode(RandomNumberGenerator.GetBytes(32));
}
