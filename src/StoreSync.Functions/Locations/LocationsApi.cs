using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Npgsql;
using StoreSync.Data.Audit;
using StoreSync.Data.Brands;
using StoreSync.Data.Locations;
using StoreSync.Functions.Brands;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Http;
using StoreSync.Functions.Common.Paging;
using StoreSync.Functions.Common.Problems;
using StoreSync.Functions.Common.Validation;

namespace StoreSync.Functions.Locations;

public sealed record Address(string? Street, string? City, string? State, string? PostalCode, string? Country);

public sealed record LocationResponse(
    Guid Id, Guid BrandId, string StoreNumber, string Name, Address Address, string FullAddress, string TimeZone,
    double? Latitude, double? Longitude, JsonElement Attributes, bool IsActive, int Version, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static LocationResponse From(LocationRow l)
    {
        using var attributes = JsonDocument.Parse(l.Attributes);
        return new(l.Id, l.BrandId, l.StoreNumber, l.Name, new Address(l.Street, l.City, l.State, l.PostalCode, l.Country),
            FullAddressOf(l.Street, l.City, l.State, l.PostalCode, l.Country), l.TimeZone, l.Latitude, l.Longitude,
            attributes.RootElement.Clone(), l.IsActive, l.Version, l.CreatedAt.UtcDateTime, l.UpdatedAt.UtcDateTime);
    }

    /// <summary>"1 Main St, Chicago, IL 60601, US": blank parts are skipped.</summary>
    public static string FullAddressOf(string? street, string? city, string? state, string? postalCode, string? country)
    {
        var region = string.Join(" ", new[] { state, postalCode }.Where(p => !string.IsNullOrWhiteSpace(p)));
        return string.Join(", ", new[] { street, city, region, country }.Where(p => !string.IsNullOrWhiteSpace(p)));
    }
}

/// <summary>
/// A location as a client may write it. POST needs storeNumber, name and timeZone (unless the brand has settings.defaultTimeZone). PATCH changes only the fields
/// present (address fields one by one; "" clears a text field); attributes are replaced as a whole.
/// Id, brand, version and timestamps are never taken from the body.
/// </summary>
public sealed record LocationRequest(
    string? StoreNumber, string? Name, Address? Address, string? TimeZone, double? Latitude, double? Longitude,
    JsonElement? Attributes, bool? IsActive);

public static class LocationsApi
{

    private static LocationScope ScopeOf(CurrentUser u) => new(u.AllBrands, u.BrandIds, u.LocationScope);

    internal static Task<IResult> ListAll(HttpContext http, NpgsqlDataSource db, Guid? brandId, bool? isActive, string? q, string? city, string? state,
        string? timeZone, string? sort, int? page, int? pageSize, CancellationToken ct) =>
        ListAsync(http, db, brandId, isActive, q, city, state, timeZone, sort, page, pageSize, ct);

    internal static async Task<IResult> ListOfBrand(Guid brandId, HttpContext http, NpgsqlDataSource db, bool? isActive, string? q,
        string? city, string? state, string? timeZone, string? sort, int? page, int? pageSize, CancellationToken ct)
    {
        if (!await BrandVisibleAsync(http.CurrentUser(), brandId, db, ct)) return Problem.NotFound("brand");
        return await ListAsync(http, db, brandId, isActive, q, city, state, timeZone, sort, page, pageSize, ct);
    }

    private static async Task<IResult> ListAsync(HttpContext http, NpgsqlDataSource db, Guid? brandId, bool? isActive, string? q, string? city,
        string? state, string? timeZone, string? sort, int? page, int? pageSize, CancellationToken ct)
    {
        var v = new Validator().OneOf("sort", sort, LocationListQuery.Sorts, required: false).MaxLength("q", q, 200);
        var attributes = AttributeFilters(http.Request.Query, v);
        if (!v.IsValid) return v.ToResult();
        var p = PageRequest.From(page, pageSize);
        var (items, total) = await new LocationStore(db).ListAsync(new LocationListQuery(brandId, q, isActive, city, state, timeZone, attributes,
            sort ?? "name", p.Offset, p.PageSize), ScopeOf(http.CurrentUser()), ct);
        return Results.Ok(new Page<LocationResponse>(items.Select(LocationResponse.From).ToList(), p.Page, p.PageSize, total));
    }

    internal static async Task<IResult> Get(Guid brandId, Guid locationId, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (await new LocationStore(db).FindAsync(brandId, locationId, ScopeOf(http.CurrentUser()), ct) is not { } row) return Problem.NotFound("location");
        ETags.Set(http, row.Version);
        return Results.Ok(LocationResponse.From(row));
    }

    internal static async Task<IResult> Create(Guid brandId, LocationRequest body, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var me = http.CurrentUser();
        if (WriteDenied(me, brandId) is { } denied) return denied;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Without a timeZone the brand's settings.defaultTimeZone applies, as it does for imports.
        if (body.TimeZone is null)
        {
            var brand = await LocationStore.BrandDefaultTimeZoneAsync(conn, tx, brandId, ct);
            if (!brand.Exists) return Problem.NotFound("brand");
            body = body with { TimeZone = brand.TimeZone };
        }
        var v = new Validator();
        var values = LocationRules.Merge(null, body, v);
        if (!v.IsValid) return v.ToResult();
        var id = Guid.CreateVersion7();
        LocationRow row;
        try
        {
            row = await LocationStore.InsertAsync(conn, tx, id, brandId, values!, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return StoreNumberTaken(values!.StoreNumber);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return Problem.NotFound("brand");
        }
        await AuditLog.WriteAsync(conn, tx, me.Id, brandId, "create", "location", id, values, ct);
        await tx.CommitAsync(ct);
        ETags.Set(http, row.Version);
        return Results.Created($"/api/v1/brands/{brandId}/locations/{id}", LocationResponse.From(row));
    }

    internal static Task<IResult> Update(Guid brandId, Guid locationId, LocationRequest body, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
        ChangeAsync(brandId, locationId, http, db, ct, async (conn, tx, me, current) =>
        {
            var v = new Validator();
            var values = LocationRules.Merge(current, body, v);
            if (!v.IsValid) return v.ToResult();
            LocationRow row;
            try
            {
                row = await LocationStore.UpdateAsync(conn, tx, locationId, values!, ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                return StoreNumberTaken(values!.StoreNumber);
            }
            await AuditLog.WriteAsync(conn, tx, me.Id, brandId, "update", "location", locationId, body, ct);
            await tx.CommitAsync(ct);
            ETags.Set(http, row.Version);
            return Results.Ok(LocationResponse.From(row));
        });

    internal static Task<IResult> Delete(Guid brandId, Guid locationId, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
        ChangeAsync(brandId, locationId, http, db, ct, async (conn, tx, me, current) =>
        {
            var campaigns = await LocationStore.CampaignCountAsync(conn, tx, locationId, ct);
            if (campaigns > 0) return StillHasCampaigns(campaigns);
            try
            {
                await LocationStore.DeleteAsync(conn, tx, locationId, ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
            {
                return StillHasCampaigns(null);
            }
            await AuditLog.WriteAsync(conn, tx, me.Id, brandId, "delete", "location", locationId, new { current.StoreNumber, current.Name }, ct);
            await tx.CommitAsync(ct);
            return Results.NoContent();
        });

    /// <summary>
    /// PATCH and DELETE: role and brand checks, then the row locked in a transaction and If-Match checked against its
    /// version (412 when stale) before <paramref name="change"/> runs; the change commits.
    /// </summary>
    private static async Task<IResult> ChangeAsync(Guid brandId, Guid locationId, HttpContext http, NpgsqlDataSource db, CancellationToken ct,
        Func<NpgsqlConnection, NpgsqlTransaction, CurrentUser, LocationRow, Task<IResult>> change)
    {
        var me = http.CurrentUser();
        if (WriteDenied(me, brandId) is { } denied) return denied;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await LocationStore.LockAsync(conn, tx, brandId, locationId, ct) is not { } current) return Problem.NotFound("location");
        if (ETags.ExpectedVersion(http.Request) is { } expected && expected != current.Version) return Problem.PreconditionFailed();
        return await change(conn, tx, me, current);
    }

    /// <summary>403 for roles that never write locations; 404 for brands the caller cannot see.</summary>
    private static IResult? WriteDenied(CurrentUser me, Guid brandId) =>
        !me.IsBrandManagerOrAdmin ? Problem.Forbidden("Only admins and brand managers change locations.")
        : !me.CanManageBrand(brandId) ? Problem.NotFound("brand")
        : null;

    private static async Task<bool> BrandVisibleAsync(CurrentUser me, Guid brandId, NpgsqlDataSource db, CancellationToken ct) =>
        me.AllBrands ? await new BrandStore(db).FindAsync(brandId, me.BrandScope, ct) is not null : me.CanSeeBrand(brandId);

    private static Dictionary<string, string> AttributeFilters(IQueryCollection query, Validator v)
    {
        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in query)
        {
            if (!key.StartsWith("attribute.", StringComparison.Ordinal)) continue;
            var name = key["attribute.".Length..];
            if (name.Length is 0 or > LocationRules.MaxAttributeKeyLength) v.Add(key, $"Attribute names are 1 to {LocationRules.MaxAttributeKeyLength} characters.");
            else filters[name] = value.ToString();
        }
        if (filters.Count > 10) v.Add("attribute", "At most 10 attribute filters.");
        return filters;
    }

    private static IResult StoreNumberTaken(string storeNumber) =>
        Problem.Conflict($"Store number '{storeNumber}' already exists in this brand.");

    private static IResult StillHasCampaigns(int? count) => Problem.Conflict(
        $"The location still has {(count is null ? "" : count + " ")}campaign(s). Delete or move its campaigns first, or set isActive to false instead.");
}
