namespace StoreSync.Data.Comments;

/// <summary>
/// Who can see a campaign, as SQL over a user <c>u</c> and a campaign <c>c</c>: the same rule as the request scope
/// (CurrentUser.CampaignScope) applied from the other side. Active admins see everything; others need membership of the
/// campaign's brand, and a location manager limited to some stores (or with stores assigned) needs the campaign's store.
/// </summary>
public static class CampaignAudience
{
    public const string CanSee = """
        (u.is_active AND (u.role = 'admin' OR (
            EXISTS (SELECT 1 FROM user_brands ub WHERE ub.user_id = u.id AND ub.brand_id = c.brand_id)
            AND (u.role <> 'locationManager'
                 OR (NOT u.limited_to_locations AND NOT EXISTS (SELECT 1 FROM user_locations ul WHERE ul.user_id = u.id))
                 OR EXISTS (SELECT 1 FROM user_locations ul WHERE ul.user_id = u.id AND ul.location_id = c.location_id)))))
        """;
}
