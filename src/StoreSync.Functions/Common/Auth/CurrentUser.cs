using StoreSync.Data.Db;

namespace StoreSync.Functions.Common.Auth;

public static class Roles
{
    public const string Admin = "admin";
    public const string BrandManager = "brandManager";
    public const string LocationManager = "locationManager";
    public const string Viewer = "viewer";

    public static readonly string[] All = [Admin, BrandManager, LocationManager, Viewer];
}

/// <summary>
/// The caller, loaded from the database on every request (so a deactivated user or a revoked session loses access
/// at once). Its scope goes into the SQL of every query: <c>(@AllBrands OR x.brand_id = ANY(@BrandIds))</c> and,
/// for location managers limited to some stores, <c>(@LocationScope::uuid[] IS NULL OR x.location_id = ANY(@LocationScope))</c>.
/// </summary>
public sealed record CurrentUser(Guid Id, string Username, string Role, Guid[] BrandIds, Guid[] LocationIds, Guid SessionId,
    bool LimitedToLocations = false)
{
    public bool IsAdmin => Role == Roles.Admin;

    /// <summary>Admins see every brand.</summary>
    public bool AllBrands => IsAdmin;

    /// <summary>
    /// Locations a location manager is limited to; null when not limited. A limited manager whose stores are all gone
    /// gets an empty scope (sees no store), never the whole brand.
    /// </summary>
    public Guid[]? LocationScope => Role == Roles.LocationManager && (LimitedToLocations || LocationIds.Length > 0) ? LocationIds : null;

    /// <summary>The brand scope for the SQL of brand-owned data (brands, templates).</summary>
    public BrandScope BrandScope => new(AllBrands, BrandIds);

    /// <summary>The brand and location scope for the SQL of store-level data (campaigns and everything hanging off them).</summary>
    public CampaignScope CampaignScope => new(AllBrands, BrandIds, LocationScope);

    public bool CanSeeBrand(Guid brandId) => AllBrands || BrandIds.Contains(brandId);

    /// <summary>Manage locations, templates and campaigns; approve, reject, schedule, cancel.</summary>
    public bool CanManageBrand(Guid brandId) => IsAdmin || (Role == Roles.BrandManager && BrandIds.Contains(brandId));

    public bool IsBrandManagerOrAdmin => Role is Roles.Admin or Roles.BrandManager;

    /// <summary>Create and edit draft campaigns: location managers (in scope), brand managers, admins.</summary>
    public bool CanAuthorCampaigns => Role is Roles.Admin or Roles.BrandManager or Roles.LocationManager;

    public bool CanSeeLocation(Guid brandId, Guid locationId) =>
        CanSeeBrand(brandId) && (LocationScope is null || LocationScope.Contains(locationId));
}

public static class CurrentUserExtensions
{
    /// <summary>The authenticated caller; endpoints behind RequireAuthorization always have one.</summary>
    public static CurrentUser CurrentUser(this HttpContext http) =>
        http.Features.Get<CurrentUser>() ?? throw new InvalidOperationException("No authenticated user on this request.");
}
