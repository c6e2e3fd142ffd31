namespace StoreSync.Data.Db;

/// <summary>Which brands the caller sees, as it goes into the SQL: <c>(@AllBrands OR x.brand_id = ANY(@BrandIds))</c>.</summary>
public sealed record BrandScope(bool AllBrands, Guid[] BrandIds)
{
    public static BrandScope Everything { get; } = new(true, []);
}

/// <summary>
/// Brand scope plus, for location managers limited to some stores, those stores:
/// <c>(@LocationScope::uuid[] IS NULL OR x.location_id = ANY(@LocationScope))</c>.
/// </summary>
public sealed record CampaignScope(bool AllBrands, Guid[] BrandIds, Guid[]? LocationScope)
{
    public static CampaignScope Everything { get; } = new(true, [], null);

    public BrandScope Brands => new(AllBrands, BrandIds);
}
