using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using StoreSync.Data.Public;
using StoreSync.Functions.Common.Problems;
using StoreSync.Functions.Locations;

namespace StoreSync.Functions.Public;

public sealed record PublicBrand(string Name, string Slug);

public sealed record PublicStore(string Name, string StoreNumber, Address Address, string FullAddress, string TimeZone, JsonElement? Hours);

/// <summary>A live campaign as shoppers see it: its approved copy and offer, nothing internal (no ids, authors, comments).</summary>
public sealed record PublicCampaign(string Name, string Content, JsonElement? Offer, DateTime StartsAt, DateTime EndsAt);

public sealed record PublicStorePage(PublicBrand Brand, PublicStore Store, IReadOnlyList<PublicCampaign> Campaigns);

public static class PublicApi
{
    /// <summary>Shared caches may keep the page this long; a campaign going live shows within a minute.</summary>
    public const int MaxAgeSeconds = 60;

    internal static async Task<IResult> StorePage(string brandSlug, string storeNumber, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (brandSlug.Length > 63 || storeNumber.Length > 100) return Problem.NotFound("store");
        var (store, campaigns) = await new PublicStoreQueries(db).FindAsync(brandSlug, storeNumber, ct);
        if (store is null) return Problem.NotFound("store");
        var fingerprint = new StringBuilder($"{store.LocationId}:{store.Version}");
        foreach (var c in campaigns) fingerprint.Append('|').Append(c.Id).Append(':').Append(c.Version);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint.ToString())))[..32]}\"";
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = $"public, max-age={MaxAgeSeconds}";
        if (http.Request.Headers.IfNoneMatch.Any(v => (v ?? "").Split(',').Any(p => p.Trim() == etag)))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Ok(new PublicStorePage(
            new PublicBrand(store.BrandName, store.BrandSlug),
            new PublicStore(store.Name, store.StoreNumber, new Address(store.Street, store.City, store.State, store.PostalCode, store.Country),
                LocationResponse.FullAddressOf(store.Street, store.City, store.State, store.PostalCode, store.Country), store.TimeZone, Json(store.Hours)),
            campaigns.Select(c => new PublicCampaign(c.Name, c.Content, Json(c.Offer), c.StartsAt.UtcDateTime, c.EndsAt.UtcDateTime)).ToList()));
    }

    private static JsonElement? Json(string? text) => text is null ? null : JsonDocument.Parse(text).RootElement.Clone();
}
