using System.Security.Cryptography;
using System.Text;
using Npgsql;
using StoreSync.Data.Devices;

namespace StoreSync.Functions.Common.Auth;

/// <summary>
/// The function is called by a store device with <c>Authorization: Device &lt;key&gt;</c> instead of a user's bearer token.
/// User tokens are refused there, and device keys are refused everywhere else (the bearer scheme never accepts them).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class DeviceAuthenticationAttribute : Attribute;

/// <summary>The calling device, loaded on every request: it sees only its own location.</summary>
public sealed record CurrentDevice(Guid Id, Guid BrandId, Guid LocationId);

/// <summary>Device keys: 32 random bytes shown once, kept as SHA-256 like refresh tokens.</summary>
public static class DeviceKeys
{
    public const string Scheme = "Device";
    private const string Prefix = "ssdk_";

    public static string New() => Prefix + Base32.Encode(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>The key of an <c>Authorization: Device &lt;key&gt;</c> header, or null for any other header.</summary>
    public static string? FromHeader(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(Scheme + " ", StringComparison.OrdinalIgnoreCase)) return null;
        var key = authorization[(Scheme.Length + 1)..].Trim();
        return key.StartsWith(Prefix, StringComparison.Ordinal) && key.Length is > 10 and < 200 ? key : null;
    }

    /// <summary>
    /// The device of the request's key, or null (unknown, revoked, or not a device header). No cache: one index probe per
    /// request, so a revoked key is refused on the very next request. Last seen is written at most once a minute per device.
    /// </summary>
    public static async Task<CurrentDevice?> AuthenticateAsync(HttpContext http)
    {
        if (FromHeader(http.Request.Headers.Authorization.ToString()) is not { } key) return null;
        var store = new DeviceStore(http.RequestServices.GetRequiredService<NpgsqlDataSource>());
        if (await store.AuthenticateAsync(Hash(key), http.RequestAborted) is not { } device) return null;
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (device.LastSeenAt is not { } seen || now - seen >= TimeSpan.FromMinutes(1))
            await store.TouchAsync(device.Id, now, http.RequestAborted);
        return new CurrentDevice(device.Id, device.BrandId, device.LocationId);
    }
}

/// <summary>RFC 4648 base32 without padding (A-Z, 2-7): case-insensitive and free of look-alike punctuation.</summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[(bytes.Length * 8 + 4) / 5];
        int buffer = 0, bits = 0, i = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                chars[i++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }
        if (bits > 0) chars[i++] = Alphabet[(buffer << (5 - bits)) & 31];
        return new string(chars, 0, i);
    }
}

public static class CurrentDeviceExtensions
{
    /// <summary>The authenticated device; functions marked [DeviceAuthentication] always have one.</summary>
    public static CurrentDevice CurrentDevice(this HttpContext http) =>
        http.Features.Get<CurrentDevice>() ?? throw new InvalidOperationException("No authenticated device on this request.");
}
